"""The search index, which exists on one backend each: a tsvector + GIN index, or an FTS5 table."""

from django.db import migrations


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE indexing_extraction ADD COLUMN search_vector tsvector")
        schema_editor.execute(
            "CREATE INDEX indexing_extraction_search_vector ON indexing_extraction USING gin (search_vector)"
        )
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE indexing_extraction_fts USING fts5("
            "title, summary, body, tokenize = 'porter unicode61 remove_diacritics 2')"
        )


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS indexing_extraction_search_vector")
        schema_editor.execute("ALTER TABLE indexing_extraction DROP COLUMN IF EXISTS search_vector")
    elif schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS indexing_extraction_fts")


class Migration(migrations.Migration):
    dependencies = [("indexing", "0001_extraction")]

    operations = [migrations.RunPython(create_index, drop_index, elidable=False)]
