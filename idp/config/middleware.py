"""Request checks that hold for every path of the identity service."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

NUL_MESSAGE = "The request contains a NUL character, which is never valid here."


class RejectNulMiddleware:
    """No parameter, path or body here may contain NUL: PostgreSQL cannot even compare one in
    a query (it raises DataError, a 500), and no client id, email or token has one. One check
    here covers every view, the ones in django-oauth-toolkit included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return JsonResponse(
                {"error": "invalid_request", "error_description": NUL_MESSAGE}, status=400
            )
        return self.get_response(request)


def _has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or "\x00" in request.META.get("QUERY_STRING", ""):
        return True
    if any("\x00" in key or "\x00" in value for key, value in request.GET.items()):
        return True
    if request.method in ("POST", "PUT", "PATCH") and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
        "application/json",
        "text/plain",
    ):
        body = request.body
        if b"\x00" in body or b"\\u0000" in body:
            return True
        if request.content_type == "application/x-www-form-urlencoded":
            return any("\x00" in k or "\x00" in v for k, v in request.POST.items())
    return False
