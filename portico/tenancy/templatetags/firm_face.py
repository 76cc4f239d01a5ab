"""The firm's face in templates: its accent stylesheet and its logo."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def firm_theme(firm) -> str:
    """The stylesheet that gives the firm's pages its accent colour."""
    from portico.tenancy.branding import theme_url

    return format_html('<link rel="stylesheet" href="{}">', theme_url(firm))


@register.simple_tag
def firm_logo(firm) -> str:
    """The firm's logo for a header (decorative: the firm's name is written beside it)."""
    from portico.tenancy.branding import logo_url

    url = logo_url(firm)
    return format_html('<img src="{}" alt="" height="40">', url) if url else ""
