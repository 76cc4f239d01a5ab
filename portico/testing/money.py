"""Money on a case for tests: an issued invoice, a deposit, in one line each."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from portico.money.actions import (
    LineInput,
    create_invoice,
    deposit_trust,
    issue_invoice,
    record_payment,
)


def put_invoice(case, contact, actor, *, amounts=(125000,), issue: bool = True, note: str = ""):
    lines = [
        LineInput(description=f"Legal work, part {i + 1}", amount_minor=a)
        for i, a in enumerate(amounts)
    ]
    invoice = create_invoice(
        case=case, contact=contact, actor=actor, lines=lines, internal_note=note
    )
    return issue_invoice(invoice=invoice, actor=actor) if issue else invoice


def put_deposit(case, contact, actor, amount_minor: int, *, method: str = "check"):
    return deposit_trust(
        case=case,
        contact=contact,
        amount_minor=amount_minor,
        method=method,
        reference=f"test-{uuid.uuid4()}",
        actor=actor,
    )


@dataclass
class Money:
    invoice: object  # issued, partly paid
    draft: object  # a draft with one line
    payment: object
    deposit: object


def put_money(case, contact, actor) -> Money:
    """One of each money record on the case for `contact`: an issued invoice partly paid, a
    draft, and a trust deposit."""
    invoice = put_invoice(case, contact, actor, amounts=(100000, 25000))
    payment = record_payment(
        invoice=invoice,
        amount_minor=20000,
        method="check",
        reference=f"chk-{uuid.uuid4()}",
        actor=actor,
    )
    draft = put_invoice(case, contact, actor, amounts=(5000,), issue=False)
    deposit = put_deposit(case, contact, actor, 30000)
    return Money(invoice=invoice, draft=draft, payment=payment, deposit=deposit)
