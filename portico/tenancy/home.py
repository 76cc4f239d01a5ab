"""The workspace home: what needs the firm's attention, gathered from the domains above.

The home page belongs to tenancy, which the other domains build on, so they add to it from
their app's `ready()` and tenancy never imports them (the same shape as the contact page's
panels). Two extension points:

- client activity: what clients did that someone at the firm should look at (a message now;
  an upload once documents arrive), merged into one list, newest first;
- sections: a panel with its own template (invitations not yet accepted, recently updated
  matters).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from portico.tenancy.models import Firm


@dataclass(frozen=True)
class ClientActivity:
    kind: str  # what it is, in words: "message" (later "upload")
    at: datetime.datetime
    client: str
    matter: str
    summary: str
    url: str
    awaiting_reply: bool = False


@dataclass(frozen=True)
class HomeSection:
    """A template drawn on the home page with the context `context(firm)` gives it, read
    through the adding domain's firm-scoped queries."""

    name: str
    template: str
    context: Callable[[Firm], dict]
    order: int = 100


_activity_sources: dict[str, Callable[[Firm, int], list[ClientActivity]]] = {}
_sections: dict[str, HomeSection] = {}


def add_client_activity(name: str, source: Callable[[Firm, int], list[ClientActivity]]) -> None:
    _activity_sources[name] = source


def add_home_section(section: HomeSection) -> None:
    _sections[section.name] = section


def client_activity(firm: Firm, limit: int = 10) -> list[ClientActivity]:
    """Every domain's latest client activity, newest first."""
    items = [item for source in _activity_sources.values() for item in source(firm, limit)]
    return sorted(items, key=lambda item: item.at, reverse=True)[:limit]


def render_home_sections(request: HttpRequest, firm: Firm) -> list[SafeString]:
    ordered = sorted(_sections.values(), key=lambda s: (s.order, s.name))
    return [render_to_string(s.template, s.context(firm), request=request) for s in ordered]
