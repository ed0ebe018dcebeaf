"""Migration operations that only touch PostgreSQL.

The quick start runs on SQLite, which knows neither GIN indexes nor operator classes. These
operations keep the migration state identical on every database (so `makemigrations --check`
stays quiet) and simply do nothing to an SQLite schema.
"""

from django.db import migrations


def _is_postgres(schema_editor) -> bool:
    return schema_editor.connection.vendor == "postgresql"


class PostgresOnlyAddIndex(migrations.AddIndex):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgres(schema_editor):
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if _is_postgres(schema_editor):
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def reduce(self, operation, app_label):
        # Never let the optimizer fold this into a CreateModel that would run everywhere.
        return False
