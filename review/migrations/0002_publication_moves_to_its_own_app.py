from django.db import migrations


class Migration(migrations.Migration):
    """The Publication model now belongs to the publication app, which keeps its table.

    Only the model's state leaves review; the table review_publication (and its versions table)
    stay as they are, with every row, and publication.0001 takes them over.
    """

    dependencies = [
        ("review", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Publication")],
            database_operations=[],
        ),
    ]
