from django.db import migrations

from portico.core.rls import EnableFirmRowSecurity


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        EnableFirmRowSecurity("documents_document"),
        EnableFirmRowSecurity("documents_documentversion"),
    ]
