"""Versions become language versions of revisions.

Until now each uploaded file was a "version", whatever its language. A file now belongs to
a revision of the paper and has a language within it. Existing files are grouped in upload
order: a file starts a new revision unless it is in a language the current revision lacks
and not in the paper's original language (a translation, such as a French text uploaded
after the English original). Files, numbers and publications are kept as they were.
"""

from django.db import migrations, models


def group_into_revisions(apps, schema_editor):
    Version = apps.get_model("submissions", "Version")
    current = {}  # submission id -> (revision, languages in it, original language)
    versions = Version.objects.order_by("submission_id", "number").values_list(
        "pk", "submission_id", "language", "submission__original_language"
    )
    changed = []
    for pk, submission_id, language, original in versions.iterator():
        revision, languages, _original = current.get(submission_id, (0, set(), original))
        if revision == 0 or language in languages or language == original:
            revision, languages = revision + 1, set()
        languages.add(language)
        current[submission_id] = (revision, languages, original)
        if revision != 1:
            changed.append(Version(pk=pk, revision=revision))
        if len(changed) >= 1000:
            Version.objects.bulk_update(changed, ["revision"])
            changed = []
    Version.objects.bulk_update(changed, ["revision"])


class Migration(migrations.Migration):
    dependencies = [("submissions", "0004_version_form_token")]

    operations = [
        migrations.AddField(
            model_name="version",
            name="revision",
            field=models.PositiveIntegerField(default=1, verbose_name="revision"),
        ),
        migrations.RunPython(group_into_revisions, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="version",
            constraint=models.UniqueConstraint(
                fields=("submission", "revision", "language"), name="one_file_per_revision_and_language"
            ),
        ),
    ]
