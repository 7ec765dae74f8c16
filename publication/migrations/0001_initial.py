import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Admin log entries and permissions keep pointing at the same model (review.publication is now publication.publication)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="publication", model="publication").exists():
        ContentType.objects.filter(app_label="review", model="publication").update(app_label="publication")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="review", model="publication").exists():
        ContentType.objects.filter(app_label="publication", model="publication").update(app_label="review")


class Migration(migrations.Migration):
    """Takes over review's Publication model and its table, review_publication, with every row.

    The table is created by review.0001 and kept: only the model's state is created here.
    """

    initial = True

    dependencies = [
        ("agenda", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("review", "0002_publication_moves_to_its_own_app"),
        ("submissions", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Publication",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("number", models.PositiveIntegerField(verbose_name="number in the series")),
                        ("reference", models.CharField(max_length=80, unique=True, verbose_name="portal reference")),
                        ("un_symbol", models.CharField(blank=True, help_text="Only when issued as an official document.", max_length=80, verbose_name="UN symbol")),
                        ("published_at", models.DateTimeField(verbose_name="published")),
                        ("unpublished_at", models.DateTimeField(blank=True, null=True, verbose_name="unpublished")),
                        ("unpublish_reason", models.CharField(blank=True, max_length=500, verbose_name="reason for unpublishing")),
                        ("published_by", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("session", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="publications", to="agenda.session")),
                        ("submission", models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name="publication", to="submissions.submission")),
                        ("unpublished_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("versions", models.ManyToManyField(related_name="publications", to="submissions.version", verbose_name="published versions")),
                    ],
                    options={
                        "verbose_name": "publication",
                        "verbose_name_plural": "publications",
                        "db_table": "review_publication",
                        "ordering": ["-published_at"],
                        "constraints": [models.UniqueConstraint(fields=("session", "number"), name="unique_publication_number")],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
