#!/usr/bin/env bash
# Follow docs/production.md on the machine's PostgreSQL, from nothing, and prove a firm can
# start: roles and databases (SQL of the guide), secrets (the guide's commands), both
# projects' migrations, the identity service's registrations, the first firm; then the
# identity service, two web workers, the worker and a mail sink on free ports, and a real
# journey over HTTP (scripts/production_smoke_journey.py). Every process gets only the
# environment the guide's table lists (env -i). Everything it made is removed on exit.
#
#   scripts/production_smoke.sh            (CI_POSTGRES_URL: a superuser; default postgres@127.0.0.1)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PG=${CI_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432}
PY=$ROOT/.venv/bin/python
TAG=smoke_$(openssl rand -hex 4)
WORK=$(mktemp -d "/tmp/$TAG.XXXX")
PIDS=()
T0=$EPOCHREALTIME

say() { printf '[%6.1fs] %s\n' "$(awk "BEGIN{print $EPOCHREALTIME - $T0}")" "$*"; }
sql() { psql "$PG/postgres" -v ON_ERROR_STOP=1 -q -X "$@"; }

cleanup() {
  status=$?
  for pid in "${PIDS[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$status" -ne 0 ]; then
    for log in "$WORK"/*.log; do [ -f "$log" ] && { echo "--- $(basename "$log") ---"; tail -25 "$log"; }; done
  fi
  sql -c "DROP DATABASE IF EXISTS \"$TAG\" WITH (FORCE)" \
      -c "DROP DATABASE IF EXISTS \"${TAG}_identity\" WITH (FORCE)" \
      -c "DROP ROLE IF EXISTS \"${TAG}_owner\"" -c "DROP ROLE IF EXISTS \"${TAG}_app\"" \
      -c "DROP ROLE IF EXISTS \"${TAG}_identity\"" 2>/dev/null || true
  # the backup role holds default privileges in the dropped database: those went with it
  sql -c "DROP ROLE IF EXISTS \"${TAG}_backup\"" 2>/dev/null || true
  rm -rf "$WORK"
  say "cleaned up (exit $status)"
}
trap cleanup EXIT

free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
secret() { "$PY" -c 'import secrets; print(secrets.token_urlsafe(50))'; }
wait_for() {  # url, seconds
  for _ in $(seq 1 "$(( $2 * 5 ))"); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.2
  done
  echo "nothing answered at $1"; return 1
}

# 1. Roles and databases (docs/production.md, "Databases and roles").
OWNER_PW=$(openssl rand -hex 16); APP_PW=$(openssl rand -hex 16); IDP_PW=$(openssl rand -hex 16)
BACKUP_PW=$(openssl rand -hex 16)
sql <<SQL
CREATE ROLE "${TAG}_owner" LOGIN PASSWORD '$OWNER_PW';
CREATE ROLE "${TAG}_app" LOGIN PASSWORD '$APP_PW' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE "$TAG" OWNER "${TAG}_owner";
REVOKE ALL ON DATABASE "$TAG" FROM PUBLIC;
GRANT CONNECT ON DATABASE "$TAG" TO "${TAG}_app";
CREATE ROLE "${TAG}_backup" LOGIN PASSWORD '$BACKUP_PW' BYPASSRLS;
GRANT CONNECT ON DATABASE "$TAG" TO "${TAG}_backup";
\connect "$TAG"
GRANT USAGE ON SCHEMA public TO "${TAG}_backup";
ALTER DEFAULT PRIVILEGES FOR ROLE "${TAG}_owner" IN SCHEMA public GRANT SELECT ON TABLES TO "${TAG}_backup";
ALTER DEFAULT PRIVILEGES FOR ROLE "${TAG}_owner" IN SCHEMA public GRANT SELECT ON SEQUENCES TO "${TAG}_backup";
CREATE ROLE "${TAG}_identity" LOGIN PASSWORD '$IDP_PW';
CREATE DATABASE "${TAG}_identity" OWNER "${TAG}_identity";
REVOKE ALL ON DATABASE "${TAG}_identity" FROM PUBLIC;
SQL
say "roles and databases created ($TAG)"

# 2. Secrets (docs/production.md, "Secrets").
HOSTPORT=${PG#*://}; HOSTPORT=${HOSTPORT#*@}
IDP_PORT=$(free_port); WEB_PORT=$(free_port); SMTP_PORT=$(free_port)
BASE=http://127.0.0.1:$WEB_PORT
ISSUER=http://127.0.0.1:$IDP_PORT/
IDP_CLIENT_ID=portico-web
IDP_CLIENT_SECRET=$(secret)
IDP_MGMT_CLIENT_ID=portico-management
IDP_MGMT_CLIENT_SECRET=$(secret)
IDP_RSA_PRIVATE_KEY=$(openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 2>/dev/null)
mkdir -p "$WORK/var" "$WORK/media"  # (the mail sink makes its own Maildir)
say "secrets made"

BASE_ENV=(PATH="$PATH" HOME="$HOME" LANG=C.UTF-8)
IDENTITY_ENV=("${BASE_ENV[@]}"
  IDENTITY_DATABASE_URL="postgres://${TAG}_identity:$IDP_PW@$HOSTPORT/${TAG}_identity"
  IDP_SECRET_KEY="$(secret)"
  IDP_SCHEME=http IDP_DOMAIN="127.0.0.1:$IDP_PORT"
  IDP_RSA_PRIVATE_KEY="$IDP_RSA_PRIVATE_KEY"
  EMAIL_URL="smtp://127.0.0.1:$SMTP_PORT"
  IDP_EMAIL_FROM="Sign-in <sign-in@portico.example>"
  TRUSTED_PROXIES="")
WEB_ENV=("${BASE_ENV[@]}"
  DATABASE_URL="postgres://${TAG}_app:$APP_PW@$HOSTPORT/$TAG"
  DATABASE_APP_ROLE="${TAG}_app"
  SECRET_KEY="$(secret)"
  PORTICO_BASE_URL="$BASE" ALLOWED_HOSTS=127.0.0.1
  PORTICO_FIELD_ENCRYPTION_KEYS="$("$PY" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
  IDP_SCHEME=http IDP_DOMAIN="127.0.0.1:$IDP_PORT"
  IDP_CLIENT_ID="$IDP_CLIENT_ID" IDP_CLIENT_SECRET="$IDP_CLIENT_SECRET"
  IDP_MGMT_CLIENT_ID="$IDP_MGMT_CLIENT_ID" IDP_MGMT_CLIENT_SECRET="$IDP_MGMT_CLIENT_SECRET"
  EMAIL_URL="smtp://127.0.0.1:$SMTP_PORT"
  PORTICO_EMAIL_FROM="Portico <portal@portico.example>"
  STORAGE_URL="file://$WORK/media"
  PORTICO_VAR_DIR="$WORK/var")
# migrate runs as the owner; everything else as the app role.
OWNER_ENV=("${WEB_ENV[@]}" DATABASE_URL="postgres://${TAG}_owner:$OWNER_PW@$HOSTPORT/$TAG")
identity() { env -i "${IDENTITY_ENV[@]}" "$PY" -m idp "$@"; }
web() { env -i "${WEB_ENV[@]}" "$PY" manage.py "$@"; }

# 3. The identity service: migrate and register (docs/production.md, "Identity service").
identity migrate --noinput -v 0
identity register_client --name Portico --client-id "$IDP_CLIENT_ID" --client-secret="$IDP_CLIENT_SECRET" \
  --redirect-uri "$BASE/accounts/callback/" --logout-uri "$BASE/accounts/signed-out/" \
  --backchannel-logout-uri "$BASE/accounts/backchannel-logout/" >/dev/null
identity register_api --identifier "$BASE/api/v1" --name "Portico staff API" >/dev/null
identity register_m2m_client --name "Portico management" \
  --client-id "$IDP_MGMT_CLIENT_ID" --client-secret="$IDP_MGMT_CLIENT_SECRET" \
  --audience "${ISSUER}api/v2/" \
  --scopes "create:users read:users update:users delete:users update:users_app_metadata create:user_tickets create:organizations read:organizations update:organizations" >/dev/null
say "identity service migrated and registered"

# 4. Portico: migrate as the owner (which grants the app role), collect static files.
env -i "${OWNER_ENV[@]}" "$PY" manage.py migrate --noinput -v 0
web collectstatic --noinput -v 0
say "practice app migrated (as the owner)"

# 5. The processes (docs/production.md, "Running").
start() {  # name, command...
  local name=$1; shift
  setsid "$@" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
}
start mail "$PY" -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Mailbox "$WORK/mail"
start identity env -i "${IDENTITY_ENV[@]}" "$ROOT/.venv/bin/uvicorn" idp.config.asgi:application \
  --host 127.0.0.1 --port "$IDP_PORT" --no-access-log --forwarded-allow-ips=""
start web env -i "${WEB_ENV[@]}" "$ROOT/.venv/bin/uvicorn" portico.config.asgi:application \
  --host 127.0.0.1 --port "$WEB_PORT" --workers 2 --no-access-log
start worker env -i "${WEB_ENV[@]}" "$PY" manage.py run_worker
wait_for "${ISSUER}.well-known/openid-configuration" 60
wait_for "$BASE/healthz" 60
say "identity service, 2 web workers, worker and mail sink up"

# 6. The first firm (docs/production.md, "The first firm"), as the app role.
PARTNER=june.$(openssl rand -hex 3)@juniper.example
web create_firm --name "Juniper & Pike LLP" --slug "juniper-pike-${TAG#smoke_}" \
  --currency EUR --timezone Europe/Dublin --partner-email "$PARTNER" --partner-name "June Pike"
say "firm created, partner invited"

# 7. The journey over HTTP: partner, associate (invited, signed in, removed), client.
"$PY" scripts/production_smoke_journey.py --base "$BASE" --mail "$WORK/mail" --partner "$PARTNER" \
  --t0 "$T0"
say "journey done"

# 8. Backups (docs/production.md, "Backups"): both databases dump whole.
pg_dump --format=custom --file="$WORK/portico.dump" "postgres://${TAG}_backup:$BACKUP_PW@$HOSTPORT/$TAG"
pg_dump --format=custom --file="$WORK/identity.dump" \
  "postgres://${TAG}_identity:$IDP_PW@$HOSTPORT/${TAG}_identity"
pg_restore --data-only --table=tenancy_firm --file=- "$WORK/portico.dump" | grep -q "Juniper & Pike LLP" \
  || { echo "the backup lacks the firm"; exit 1; }
pg_restore --data-only --table=tenancy_staffmember --file=- "$WORK/portico.dump" | grep -q "$PARTNER" \
  || { echo "the backup lacks the partner"; exit 1; }
say "both databases dumped whole (the firm and its partner are in the backup)"
say "production smoke passed"
