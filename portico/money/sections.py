"""The money section of a case's workspace page (`matters/sections.py`): invoices, payments,
each client's trust ledger, and the forms to post to them."""

from __future__ import annotations

from portico.matters.kinds import MatterKind
from portico.matters.sections import MatterSection
from portico.money.queries import invoices_on_case, ledger_on_case, payments_on_case


def _context(firm_id, matter) -> dict:
    if matter.kind != MatterKind.CASE:
        return {"is_case": False}
    invoices = list(invoices_on_case(firm_id, matter))
    clients = [link.contact for link in matter.case_clients.all()]
    return {
        "is_case": True,
        "invoices": invoices,
        "open_invoices": [i for i in invoices if i.status == "issued"],
        "payments": list(payments_on_case(firm_id, matter)),
        "ledgers": ledger_on_case(firm_id, matter, clients),
        "clients": clients,
    }


money_section = MatterSection(
    name="money", template="money/section.html", context=_context, order=30
)
