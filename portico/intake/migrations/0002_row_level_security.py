from django.db import migrations

from portico.core.rls import EnableFirmRowSecurity


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [
        EnableFirmRowSecurity("intake_intakeform"),
        EnableFirmRowSecurity("intake_intakeformversion"),
        EnableFirmRowSecurity("intake_intakequestion"),
        EnableFirmRowSecurity("intake_matterintake"),
        EnableFirmRowSecurity("intake_intakeanswer"),
        EnableFirmRowSecurity("intake_intakeanswerchange"),
    ]
