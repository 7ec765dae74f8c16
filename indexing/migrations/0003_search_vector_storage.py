"""Keep the search vector inline in the table row (lz4-compressed where available), so that ranking
many matches reads no TOAST chunks: a broad query ranks thousands of rows (see docs/PERFORMANCE.md)."""

from django.db import migrations


def set_storage(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE indexing_extraction ALTER COLUMN search_vector SET STORAGE MAIN")
    with schema_editor.connection.cursor() as cursor:
        # lz4 decompresses several times faster than pglz, where the server was built with it.
        cursor.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
        row = cursor.fetchone()
    if row and row[0]:
        schema_editor.execute("ALTER TABLE indexing_extraction ALTER COLUMN search_vector SET COMPRESSION lz4")


def reset_storage(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE indexing_extraction ALTER COLUMN search_vector SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("indexing", "0002_search_index")]

    operations = [migrations.RunPython(set_storage, reset_storage, elidable=False)]
