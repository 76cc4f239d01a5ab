from django.db import migrations

from portico.core.rls import EnableFirmRowSecurity


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [EnableFirmRowSecurity("audit_auditevent")]
