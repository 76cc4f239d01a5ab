"""The web process's ASGI application: the front's own routes (live streams), then Django."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.config.settings")
django_application = get_asgi_application()

from portico.config.front import Front, front_routes  # noqa: E402  (after Django is set up)

application = Front(django_application, front_routes())

# On PostgreSQL, refuse to serve as the tables' owner or a role that bypasses row-level
# security (unless PORTICO_ALLOW_OWNER_CONNECTION=1): uvicorn exits with the reason.
from portico.core.startup import refuse_unsafe_connection  # noqa: E402

refuse_unsafe_connection()
