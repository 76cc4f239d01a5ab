from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict:
    return {"demo_mode": settings.PORTICO_DEMO}
