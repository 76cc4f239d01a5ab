from django.db import migrations

from portico.core.rls import EnableFirmRowSecurity


class Migration(migrations.Migration):
    dependencies = [("money", "0001_initial")]

    operations = [
        EnableFirmRowSecurity("money_counter"),
        EnableFirmRowSecurity("money_invoice"),
        EnableFirmRowSecurity("money_invoiceline"),
        EnableFirmRowSecurity("money_payment"),
        EnableFirmRowSecurity("money_trustbalance"),
        EnableFirmRowSecurity("money_trustentry"),
    ]
