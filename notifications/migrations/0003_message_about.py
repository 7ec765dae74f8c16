import django.db.models.deletion
from django.db import migrations, models


def link_to_papers(apps, schema_editor):
    """Every message that named its paper names it now as what it is about: same paper, same link."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Message = apps.get_model("notifications", "Message")
    if not Message.objects.filter(submission__isnull=False).exists():
        return
    paper, _created = ContentType.objects.get_or_create(app_label="submissions", model="submission")
    Message.objects.filter(submission__isnull=False).update(about_type=paper, about_id=models.F("submission_id"))


def link_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Message = apps.get_model("notifications", "Message")
    Submission = apps.get_model("submissions", "Submission")
    paper = ContentType.objects.filter(app_label="submissions", model="submission").first()
    if paper is None:
        return
    about_papers = Message.objects.filter(about_type=paper, about_id__isnull=False)
    existing = Submission.objects.filter(pk__in=about_papers.values("about_id")).values("pk")
    about_papers.filter(about_id__in=existing).update(submission_id=models.F("about_id"))


class Migration(migrations.Migration):
    """A message refers to what it is about generically (content type and id) instead of by a
    foreign key to submissions: notifications knows no domain model. Every existing message keeps
    its paper (and its `url`, which is unchanged)."""

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("notifications", "0002_message_handover"),
        ("submissions", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="message",
            name="about_type",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="contenttypes.contenttype",
            ),
        ),
        migrations.AddField(
            model_name="message",
            name="about_id",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
        migrations.RunPython(link_to_papers, link_back),
        migrations.RemoveField(model_name="message", name="submission"),
        migrations.AddIndex(
            model_name="message",
            index=models.Index(fields=["about_type", "about_id"], name="message_about"),
        ),
    ]
