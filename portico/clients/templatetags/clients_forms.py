from django import template

register = template.Library()


@register.filter
def is_primary_row(form) -> bool:
    value = form["is_primary"].value()
    return value in (True, "on", "True", "true")


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def row_kind(group: str) -> str:
    return {"emails": "email", "phones": "phone", "addresses": "address"}.get(group, group)


@register.filter
def phone(e164: str | None) -> str:
    """+12075550142 as people write it: +1 207-555-0142."""
    from portico.clients.phones import format_phone

    return format_phone(e164) if e164 else ""
