from django.db import migrations, models

PAPER_TYPES = ("submissions.submission", "submissions.version", "submissions.cosponsorship")


def mark_draft_entries_private(apps, schema_editor):
    """Entries about papers that are drafts today, or drafts that were deleted, become private."""
    AuditEntry = apps.get_model("audit", "AuditEntry")
    Submission = apps.get_model("submissions", "Submission")
    Version = apps.get_model("submissions", "Version")
    CoSponsorship = apps.get_model("submissions", "CoSponsorship")
    public = {
        "submissions.submission": set(Submission.objects.exclude(status="draft").values_list("pk", flat=True)),
        "submissions.version": set(Version.objects.exclude(submission__status="draft").values_list("pk", flat=True)),
        "submissions.cosponsorship": set(
            CoSponsorship.objects.exclude(submission__status="draft").values_list("pk", flat=True)
        ),
    }
    private = [
        entry.pk
        for entry in AuditEntry.objects.filter(object_type__in=PAPER_TYPES).only("pk", "object_type", "object_id")
        if not entry.object_id.isdigit() or int(entry.object_id) not in public[entry.object_type]
    ]
    # The historical model has the plain manager: this one-off marking is the only update the log gets.
    for start in range(0, len(private), 500):
        AuditEntry.objects.filter(pk__in=private[start : start + 500]).update(private=True)


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        ("submissions", "0004_version_form_token"),
    ]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="private",
            field=models.BooleanField(default=False, editable=False),
        ),
        migrations.RunPython(mark_draft_entries_private, migrations.RunPython.noop),
    ]
