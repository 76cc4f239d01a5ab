from django.db import migrations

from portico.core.rls import EnableFirmRowSecurity

SUB = "sub = NULLIF(current_setting('app.sub', true), '')"
KEY = "fingerprint = NULLIF(current_setting('app.api_key_fingerprint', true), '')"
FIRM_ID = "NULLIF(current_setting('app.firm_id', true), '')::uuid"


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial")]

    operations = [
        # A firm is visible when it is the transaction's firm, or while signing in, a firm
        # of the identity (or API key) being looked up.
        EnableFirmRowSecurity(
            "tenancy_firm",
            match=f"id = {FIRM_ID}",
            extra_using=(
                f"id IN (SELECT firm_id FROM tenancy_staffmember WHERE {SUB})"
                f" OR id IN (SELECT firm_id FROM tenancy_apikey WHERE {KEY})"
            ),
        ),
        EnableFirmRowSecurity("tenancy_staffmember", extra_using=SUB),
        EnableFirmRowSecurity("tenancy_apikey", extra_using=KEY),
    ]
