"""Sections other domains add to a contact's page: their leads and cases, portal access, and
later invoices and documents.

The contact page belongs to the clients app, which the other domains build on; they add their
section from their app's `ready()`, so the clients app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from portico.clients.models import Contact


@dataclass(frozen=True)
class ContactPanel:
    """A template drawn on a contact's page, with the context `context(contact)` gives it.

    `context` reads through the adding domain's firm-scoped queries (with `contact.firm_id`).
    """

    name: str
    template: str
    context: Callable[[Contact], dict]
    order: int = 100


_panels: dict[str, ContactPanel] = {}


def add_contact_panel(panel: ContactPanel) -> None:
    _panels[panel.name] = panel


def render_contact_panels(request: HttpRequest, contact: Contact) -> list[SafeString]:
    """Every domain's section for `contact`, drawn, in page order."""
    ordered = sorted(_panels.values(), key=lambda p: (p.order, p.name))
    return [
        render_to_string(p.template, {"contact": contact, **p.context(contact)}, request=request)
        for p in ordered
    ]
