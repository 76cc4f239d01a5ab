"""The intake section of a lead's or case's workspace page (`matters/sections.py`)."""

from __future__ import annotations

from portico.intake.queries import forms_for_firm, intake_for_firm
from portico.matters.sections import MatterSection


def _context(firm_id, matter) -> dict:
    asked = intake_for_firm(firm_id, matter)
    return {
        "asked_forms": asked,
        "attachable_forms": list(forms_for_firm(firm_id)),
        "remaining": sum(len(f.remaining) for f in asked),
    }


intake_section = MatterSection(
    name="intake", template="intake/section.html", context=_context, order=20
)
