from django.db import migrations

from portico.core.rls import EnableFirmRowSecurity


class Migration(migrations.Migration):
    dependencies = [("matters", "0001_initial")]

    operations = [
        EnableFirmRowSecurity("matters_lead"),
        EnableFirmRowSecurity("matters_leadcontact"),
        EnableFirmRowSecurity("matters_case"),
        EnableFirmRowSecurity("matters_caseclient"),
        EnableFirmRowSecurity("matters_caseparty"),
        EnableFirmRowSecurity("matters_comment"),
        EnableFirmRowSecurity("matters_statusupdate"),
        EnableFirmRowSecurity("matters_stagechange"),
    ]
