# The delegations' names in the other UN languages; the English columns are kept as they are.
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("delegations", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="delegation",
            name="name_i18n",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The text in the other UN languages; English is used where one is missing.",
                verbose_name="translations",
            ),
        ),
        migrations.AddField(
            model_name="delegation",
            name="short_name_i18n",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="The text in the other UN languages; English is used where one is missing.",
                verbose_name="translations",
            ),
        ),
    ]
