"""The back-channel logout URI the identity service posts logout tokens to.

Not a browser's route: no session, no cookie, so no CSRF token (the signed logout token is the
credential). Answers 200 when done, 400 with the reason when the token is refused, never
cached (section 2.8).
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portico.accounts.backchannel import InvalidLogoutToken, log_out_from_token

logger = logging.getLogger(__name__)


@csrf_exempt
@never_cache
@require_POST
def backchannel_logout(request: HttpRequest) -> JsonResponse:
    token = request.POST.get("logout_token", "")
    if not token or len(token) > 16_000:
        return JsonResponse(
            {"error": "invalid_request", "error_description": "logout_token is missing"},
            status=400,
        )
    try:
        log_out_from_token(token)
    except InvalidLogoutToken as exc:
        logger.info("back-channel logout refused: %s", exc)
        return JsonResponse(
            {"error": "invalid_request", "error_description": f"logout token refused: {exc}"},
            status=400,
        )
    return JsonResponse({})
