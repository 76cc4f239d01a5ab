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
