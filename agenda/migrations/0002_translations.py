# Translations of names and titles into the other UN languages; the English columns are kept as they are.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("agenda", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="body",
            name="name_i18n",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The text in the other UN languages; English is used where one is missing.",
                verbose_name="translations",
            ),
        ),
        migrations.AddField(
            model_name="body",
            name="short_name_i18n",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The text in the other UN languages; English is used where one is missing.",
                verbose_name="translations",
            ),
        ),
        migrations.AddField(
            model_name="session",
            name="title_i18n",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The text in the other UN languages; English is used where one is missing.",
                verbose_name="translations",
            ),
        ),
        migrations.AddField(
            model_name="session",
            name="notes_i18n",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The text in the other UN languages; English is used where one is missing.",
                verbose_name="translations",
            ),
        ),
        migrations.AddField(
            model_name="agendaitem",
            name="title_i18n",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The text in the other UN languages; English is used where one is missing.",
                verbose_name="translations",
            ),
        ),
    ]
