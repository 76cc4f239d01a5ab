from django import template

register = template.Library()


@register.filter
def audit_value(value) -> str:
    """A before/after value as a person reads it: lists one item per line, no Python syntax."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(audit_value(v) for v in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {audit_value(v)}" for k, v in value.items())
    return str(value)


@register.filter
def field_words(name: str) -> str:
    return name.replace("_", " ")
