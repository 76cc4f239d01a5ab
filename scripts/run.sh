#!/usr/bin/env bash
# `make run`: the whole system on embedded defaults (SQLite, local files, dev mailbox, bundled
# identity service), demo data seeded once, then every process in the foreground until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p var

# Secrets for this machine's demo, made once and kept, so a second run keeps every session valid.
if [ ! -f var/dev.env ]; then
  rnd() { .venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))'; }
  cat > var/dev.env <<ENV
SECRET_KEY=$(rnd)
IDP_SECRET_KEY=$(rnd)
IDP_CLIENT_ID=portico-web
IDP_CLIENT_SECRET=$(rnd)
IDP_MGMT_CLIENT_ID=portico-management
IDP_MGMT_CLIENT_SECRET=$(rnd)
ENV
fi
set -a
. var/dev.env
PORTICO_DEMO=${PORTICO_DEMO:-1}
PORTICO_BASE_URL=${PORTICO_BASE_URL:-http://127.0.0.1:8000}
IDP_DOMAIN=${IDP_DOMAIN:-127.0.0.1:8001}
EMAIL_URL=${EMAIL_URL:-smtp://127.0.0.1:1025}
PORTICO_API_AUDIENCE=${PORTICO_API_AUDIENCE:-$PORTICO_BASE_URL/api/v1}
# Reverse proxies whose X-Forwarded-For is believed (comma-separated); none by default, so a
# client on this machine cannot pick the address that lock-outs and rate limits count.
TRUSTED_PROXIES=${TRUSTED_PROXIES:-}
set +a

IDP_ISSUER="http://$IDP_DOMAIN/"
echo "Preparing the identity service ..."
.venv/bin/python -m idp migrate --noinput -v 0
.venv/bin/python -m idp register_client --name "Portico" \
  --client-id "$IDP_CLIENT_ID" --client-secret "$IDP_CLIENT_SECRET" \
  --redirect-uri "$PORTICO_BASE_URL/accounts/callback/" \
  --logout-uri "$PORTICO_BASE_URL/accounts/signed-out/" \
  --backchannel-logout-uri "$PORTICO_BASE_URL/accounts/backchannel-logout/"
.venv/bin/python -m idp register_api --identifier "$PORTICO_API_AUDIENCE" --name "Portico staff API"
.venv/bin/python -m idp register_m2m_client --name "Portico management" \
  --client-id "$IDP_MGMT_CLIENT_ID" --client-secret "$IDP_MGMT_CLIENT_SECRET" \
  --audience "${IDP_ISSUER}api/v2/" \
  --scopes "create:users read:users update:users delete:users update:users_app_metadata create:user_tickets create:organizations read:organizations update:organizations"

echo "Preparing Portico ..."
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0

exec .venv/bin/honcho --no-colour -f Procfile start
