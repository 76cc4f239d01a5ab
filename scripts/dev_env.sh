# Sourced by run.sh from the repository's root: the demo's secrets and settings, and files
# nobody else on this machine may read.
#
# Everything `make run` and its processes create from here on (var/dev.env, the SQLite
# databases and their journals, the identity service's signing key, stored mail and uploads) is
# readable and writable by its owner alone; files left by an older run are made so too.
umask 077
mkdir -p var
chmod 700 var

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
chmod 600 var/dev.env
for file in var/*.sqlite3 var/*.sqlite3-* var/*.pem; do
  if [ -e "$file" ]; then chmod 600 "$file"; fi
done
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
# Web processes: as many as the machine has cores on PostgreSQL, where every process shares
# the live events (LISTEN/NOTIFY). On the embedded SQLite a process hears only its own events,
# so `make run` serves with one.
case "${DATABASE_URL:-}" in
  postgres*) WEB_CONCURRENCY=${WEB_CONCURRENCY:-$(nproc)} ;;
  *)
    if [ "${WEB_CONCURRENCY:-1}" != "1" ]; then
      echo "WEB_CONCURRENCY=$WEB_CONCURRENCY ignored: on SQLite the web runs as one process (live updates would not reach the others)." >&2
    fi
    WEB_CONCURRENCY=1
    ;;
esac
set +a
