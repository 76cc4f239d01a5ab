from django.http import HttpRequest


def principal(request: HttpRequest) -> dict:
    return {
        "staff": getattr(request, "staff", None),
        "portal": getattr(request, "portal", None),
        "firm": getattr(request, "firm", None),
    }
