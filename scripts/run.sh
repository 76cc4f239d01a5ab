#!/usr/bin/env bash
# `make run`: the whole system on embedded defaults (SQLite, local files, dev mailbox, bundled
# identity service), demo data seeded once, then every process in the foreground until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/dev_env.sh

IDP_ISSUER="http://$IDP_DOMAIN/"
echo "Preparing the identity service ..."
.venv/bin/python -m idp migrate --noinput -v 0
.venv/bin/python -m idp register_client --name "Portico" \
  --client-id "$IDP_CLIENT_ID" --client-secret="$IDP_CLIENT_SECRET" \
  --redirect-uri "$PORTICO_BASE_URL/accounts/callback/" \
  --logout-uri "$PORTICO_BASE_URL/accounts/signed-out/" \
  --backchannel-logout-uri "$PORTICO_BASE_URL/accounts/backchannel-logout/"
.venv/bin/python -m idp register_api --identifier "$PORTICO_API_AUDIENCE" --name "Portico staff API"
.venv/bin/python -m idp register_m2m_client --name "Portico management" \
  --client-id "$IDP_MGMT_CLIENT_ID" --client-secret="$IDP_MGMT_CLIENT_SECRET" \
  --audience "${IDP_ISSUER}api/v2/" \
  --scopes "create:users read:users update:users delete:users update:users_app_metadata create:user_tickets create:organizations read:organizations update:organizations"

echo "Preparing Portico ..."
.venv/bin/python manage.py migrate --noinput -v 0
# The payment sandbox keeps its books in a database of its own on SQLite (stripe_sandbox/routers.py).
for db in $(.venv/bin/python manage.py shell -v 0 -c 'from django.conf import settings; print(*(db for db in settings.DATABASES if db != "default"))'); do
  .venv/bin/python manage.py migrate --database "$db" --noinput -v 0
done
.venv/bin/python manage.py collectstatic --noinput -v 0

exec .venv/bin/honcho --no-colour -f Procfile start
