from django.db import migrations

from portico.core.rls import EnableFirmRowSecurity


class Migration(migrations.Migration):
    dependencies = [("live", "0001_initial")]

    operations = [EnableFirmRowSecurity("live_liveevent")]
