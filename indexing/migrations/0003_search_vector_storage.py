"""Keep the search vector inline (compressed) in the table row, so that ranking many matches
reads no TOAST chunks: a broad query ranks thousands of rows (see docs/PERFORMANCE.md)."""

from django.db import migrations


def set_storage(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE indexing_extraction ALTER COLUMN search_vector SET STORAGE MAIN")


def reset_storage(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE indexing_extraction ALTER COLUMN search_vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("indexing", "0002_search_index")]

    operations = [migrations.RunPython(set_storage, reset_storage, elidable=False)]
