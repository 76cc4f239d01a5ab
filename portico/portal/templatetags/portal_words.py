from django import template

register = template.Library()


@register.filter
def author_for_client(record, firm) -> str:
    """Who a client is told wrote an update or a message: a person at the firm (or the client)
    by name, or else the firm itself: never "System", never an API key's name."""
    known = getattr(record, "author_is_person", None)
    if known is None:
        known = bool(record.author_staff_id or record.author_contact_id)
    return record.author_name if known else firm.name
