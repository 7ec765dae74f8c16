from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("indexing", "0003_search_vector_storage")]

    operations = [
        migrations.AddField(
            model_name="extraction",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last sign of life"),
        ),
    ]
