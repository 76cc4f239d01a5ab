"""Sections other domains add to a lead's or a case's workspace page (documents, later
invoices), as `clients/panels.py` does for a contact's page: the matters app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from portico.matters.kinds import MatterFace


@dataclass(frozen=True)
class MatterSection:
    """A template drawn on a lead's or case's page with `context(firm_id, matter)`, which reads
    through the adding domain's firm-scoped queries."""

    name: str
    template: str
    context: Callable[[object, MatterFace], dict]
    order: int = 100


_sections: dict[str, MatterSection] = {}


def add_matter_section(section: MatterSection) -> None:
    _sections[section.name] = section


def render_matter_sections(request: HttpRequest, firm_id, matter: MatterFace) -> list[SafeString]:
    ordered = sorted(_sections.values(), key=lambda s: (s.order, s.name))
    return [
        render_to_string(
            s.template, {"matter": matter, **s.context(firm_id, matter)}, request=request
        )
        for s in ordered
    ]
