from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_outbox")]

    operations = [
        migrations.AddField(
            model_name="message",
            name="handed_over_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="handed to the mail server"),
        ),
        migrations.AddField(
            model_name="message",
            name="waiting_for_server",
            field=models.BooleanField(default=False, editable=False),
        ),
    ]
