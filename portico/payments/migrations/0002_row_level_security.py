from django.db import migrations

from portico.core.rls import EnableFirmRowSecurity


class Migration(migrations.Migration):
    dependencies = [("payments", "0001_initial")]

    operations = [
        EnableFirmRowSecurity("payments_checkoutattempt"),
        EnableFirmRowSecurity("payments_stripeevent"),
    ]
