"""The web process's ASGI application: the front's own routes (live streams, uploads), then
Django for every page.

Pages are served by Django's WSGI handler in a pool of PORTICO_WEB_THREADS threads (a2wsgi):
each request's middleware chain and view run in one thread, one hop from the event loop.
Under Django's ASGI handler (PORTICO_PAGES_INTERFACE=asgi) every sync middleware costs a hop
between the event loop and a thread, and `make bench` measured pages at a fraction of the
speed (README "Benchmarks"). The middleware, CSRF and sign-in checks are the same either way:
both handlers run settings.MIDDLEWARE.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portico.config.settings")

from django.conf import settings

if settings.PORTICO_PAGES_INTERFACE == "asgi":
    from django.core.asgi import get_asgi_application

    django_application = get_asgi_application()
else:
    from a2wsgi import WSGIMiddleware
    from django.core.wsgi import get_wsgi_application

    django_application = WSGIMiddleware(
        get_wsgi_application(), workers=settings.PORTICO_WEB_THREADS
    )

from portico.config.front import Front, front_routes

application = Front(django_application, front_routes())

# On PostgreSQL, refuse to serve as the tables' owner or a role that bypasses row-level
# security (unless PORTICO_ALLOW_OWNER_CONNECTION=1): uvicorn exits with the reason.
from portico.core.startup import refuse_unsafe_connection  # noqa: E402

refuse_unsafe_connection()
