from pathlib import Path

from django.conf import settings

from submissions.permission_table import ROLES, permission_names, with_table


def test_the_table_in_the_architecture_document_is_the_one_the_rules_give():
    document = (Path(settings.BASE_DIR) / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    assert with_table(document) == document, "run: manage.py permission_table --write"


def test_the_table_has_a_row_for_every_permission_and_a_column_for_every_role():
    document = (Path(settings.BASE_DIR) / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for perm in permission_names():
        assert f"| `{perm}` |" in document
    for name, _person, _invitation in ROLES:
        assert f" {name} |" in document
    assert "| `submissions.view_submission` | · | ✓ | ✓ | ✓ but draft | ✓ but draft | · | · |" in document
