"""User objects as Auth0's Management API returns them."""

from datetime import UTC, datetime
from typing import Any

from idp.accounts.models import CONNECTION_NAME, User


def auth0_time(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def user_json(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {
        "user_id": user.user_id,
        "email": user.email,
        "email_verified": user.email_verified,
        "name": user.display_name,
        "nickname": user.display_nickname,
        "picture": user.picture_url,
        "identities": [
            {
                "connection": CONNECTION_NAME,
                "user_id": user.pk,
                "provider": "auth0",
                "isSocial": False,
            }
        ],
        "app_metadata": user.app_metadata,
        "user_metadata": user.user_metadata,
        "blocked": user.blocked,
        "created_at": auth0_time(user.created_at),
        "updated_at": auth0_time(user.updated_at),
        "last_login": auth0_time(user.last_login),
    }
    if user.given_name:
        data["given_name"] = user.given_name
    if user.family_name:
        data["family_name"] = user.family_name
    return data


def select_fields(data: dict[str, Any], fields: str, include_fields: str) -> dict[str, Any]:
    """Auth0's `fields` / `include_fields` query parameters."""
    names = {name.strip() for name in fields.split(",") if name.strip()}
    if not names:
        return data
    if include_fields.lower() == "false":
        return {key: value for key, value in data.items() if key not in names}
    return {key: value for key, value in data.items() if key in names}
