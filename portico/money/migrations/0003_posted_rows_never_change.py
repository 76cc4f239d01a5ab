"""On PostgreSQL, posted payments and trust entries refuse UPDATE and DELETE in the database
itself, whoever asks (the models refuse it too, on every database). TRUNCATE, which only a
table's owner may run, is not a row change and is left alone."""

from django.db import migrations

TABLES = ("money_payment", "money_trustentry")

FUNCTION = """
CREATE OR REPLACE FUNCTION money_posted_rows_never_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'posted money never changes: post a reversal instead (% on %)',
        TG_OP, TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in TABLES:
        schema_editor.execute(
            f"CREATE TRIGGER {table}_never_changes BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION money_posted_rows_never_change()"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_never_changes ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS money_posted_rows_never_change()")


class Migration(migrations.Migration):
    dependencies = [("money", "0002_row_level_security")]

    operations = [migrations.RunPython(forwards, backwards)]
