"""Trigram indexes for the directory's search on PostgreSQL, so finding a contact by part of a
name, an email or a phone number costs about the same in a firm of ten thousand contacts as in
a firm of ten (scripts/bench: "large firm vs small"). The expressions are the ones Django's
`icontains` and `contains` lookups write. Nothing to do on SQLite."""

from django.db import migrations

INDEXES = {
    "contact_name_trgm": ("clients_contact", "(UPPER(display_name::text)) gin_trgm_ops"),
    "contact_org_trgm": ("clients_contact", "(UPPER(organization_name::text)) gin_trgm_ops"),
    "contactemail_address_trgm": ("clients_contactemail", "(UPPER(address::text)) gin_trgm_ops"),
    "contactphone_number_trgm": ("clients_contactphone", "(number::text) gin_trgm_ops"),
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # pg_trgm is a trusted extension: the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (table, expression) in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("clients", "0002_row_level_security")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
