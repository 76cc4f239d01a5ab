"""Reads about people and their tickets."""

from django.db.models import QuerySet

from idp.accounts.models import Ticket, User, hash_ticket_token, pk_from_user_id


def user_for_user_id(user_id: str) -> User | None:
    pk = pk_from_user_id(user_id)
    return User.objects.filter(pk=pk).first() if pk else None


def users_with_email(email: str) -> QuerySet[User]:
    # Exact match, like Auth0's users-by-email: addresses are stored lower-case, so a
    # mixed-case query finds nobody.
    return User.objects.filter(email=email)


def all_users() -> QuerySet[User]:
    return User.objects.order_by("created_at", "id")


def ticket_for_token(token: str, *, kind: str) -> Ticket | None:
    if not token:
        return None
    return (
        Ticket.objects.select_related("user")
        .filter(token_hash=hash_ticket_token(token), kind=kind)
        .first()
    )
