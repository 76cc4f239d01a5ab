"""Writes to money on a case: invoices (`invoices`), payments into the operating account
(`payments`), and the trust ledger (`trust`). Callers found the case, invoice or entry through
the caller's own queries, and import the actions from here.

Every action checks its whole input before writing and raises `InvalidInput` in plain words,
writing nothing. Postings lock before they read a balance (the client's `TrustBalance` row, the
invoice row; always in that order), so two at once never both spend the same money. Payments
and deposits are idempotent on the firm and `reference`: a retried click or a webhook delivered
twice gets the first posting back and posts nothing new.
"""

from portico.money.actions.invoices import (
    DEFAULT_DAYS_TO_PAY,
    MAX_LINES,
    LineInput,
    add_invoice_line,
    create_invoice,
    issue_invoice,
    remove_invoice_line,
    void_invoice,
)
from portico.money.actions.payments import record_payment
from portico.money.actions.trust import apply_trust, deposit_trust, refund_trust, reverse_entry

__all__ = [
    "DEFAULT_DAYS_TO_PAY",
    "MAX_LINES",
    "LineInput",
    "add_invoice_line",
    "apply_trust",
    "create_invoice",
    "deposit_trust",
    "issue_invoice",
    "record_payment",
    "refund_trust",
    "remove_invoice_line",
    "reverse_entry",
    "void_invoice",
]
