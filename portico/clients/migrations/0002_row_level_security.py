from django.db import migrations

from portico.core.rls import EnableFirmRowSecurity


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_initial")]

    operations = [
        EnableFirmRowSecurity("clients_contact"),
        EnableFirmRowSecurity("clients_contactemail"),
        EnableFirmRowSecurity("clients_contactphone"),
        EnableFirmRowSecurity("clients_contactaddress"),
    ]
