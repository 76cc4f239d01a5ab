from django.db import migrations

from portico.core.rls import EnableFirmRowSecurity

SUB = "NULLIF(current_setting('app.sub', true), '')"
KEY = "NULLIF(current_setting('app.api_key_fingerprint', true), '')"
FIRM_ID = "NULLIF(current_setting('app.firm_id', true), '')::uuid"
OPEN = "status IN ('invited', 'active')"


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial"), ("tenancy", "0002_row_level_security")]

    operations = [
        # A signing-in client finds their own open accounts by `sub` before a firm is known.
        EnableFirmRowSecurity("portal_portalaccount", extra_using=f"identity_user_id = {SUB}"),
        # ... and may then read the firms that opened a portal for them.
        EnableFirmRowSecurity(
            "tenancy_firm",
            match=f"id = {FIRM_ID}",
            extra_using=(
                f"id IN (SELECT firm_id FROM tenancy_staffmember WHERE sub = {SUB})"
                f" OR id IN (SELECT firm_id FROM tenancy_apikey WHERE fingerprint = {KEY})"
                f" OR id IN (SELECT firm_id FROM portal_portalaccount WHERE identity_user_id = {SUB} AND {OPEN})"
            ),
        ),
    ]
