"""Indexes for the review queue's sort orders by title and by last update (see review.selectors)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("submissions", "0002_submission_assigned_to")]

    operations = [
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["title", "id"], name="submission_title_sort"),
        ),
        migrations.AddIndex(
            model_name="submission",
            index=models.Index(fields=["updated_at", "id"], name="submission_updated_sort"),
        ),
    ]
