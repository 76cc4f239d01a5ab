"""Three-way reconciliation of a firm's trust money for a month: the trust journal (every
entry), the sum of the client ledgers (each client's balance on each case), and the trust
account's balance as the bank or payment provider reports it, side by side, to the cent, with
every difference listed (ABA Model Rules for Client Trust Account Records; monthly in
California and elsewhere).

The provider's side is `trust_account_balance(firm, month_end)`. A payment app registers its
own reader with `register_trust_account_reader` (the Stripe adapter reads the connected trust
account's balance); with none registered, the trust account holds what the firm recorded
reaching it, deposits taken offline included.
"""

from __future__ import annotations

import calendar
import datetime
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils import timezone

from portico.money.amounts import display
from portico.money.models import TrustBalance, TrustEntry

type TrustAccountReader = Callable[[object, datetime.datetime], int | None]

_reader: TrustAccountReader | None = None


def register_trust_account_reader(reader: TrustAccountReader | None) -> TrustAccountReader | None:
    """Use `reader(firm, month_end)` for the provider's side; returns the one it replaces."""
    global _reader
    previous, _reader = _reader, reader
    return previous


def recorded_trust_account_balance(firm, month_end: datetime.datetime) -> int:
    """What reached the trust account by `month_end` as the firm recorded it."""
    entries = TrustEntry.objects.for_firm(firm.id).filter(posted_at__lte=month_end)
    return entries.aggregate(s=Sum("delta_minor"))["s"] or 0


def trust_account_balance(firm, month_end: datetime.datetime) -> int | None:
    """The trust account's balance at `month_end` as its provider reports it (None: unknown)."""
    if _reader is not None:
        return _reader(firm, month_end)
    return recorded_trust_account_balance(firm, month_end)


@dataclass
class ClientLine:
    case: object
    contact: object
    ledger_minor: int  # the sum of the client's entries on the case
    held_minor: int | None  # the locked balance row postings keep (only for the current month)


@dataclass
class Reconciliation:
    firm: object
    month: datetime.date  # its first day
    month_end: datetime.datetime
    currency: str
    journal_minor: int = 0
    client_ledgers_minor: int = 0
    account_minor: int | None = None
    clients: list[ClientLine] = field(default_factory=list)
    differences: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        return not self.differences

    def money(self, minor: int | None) -> str:
        return "not reported" if minor is None else display(minor, self.currency)


def month_bounds(firm, year: int, month: int) -> tuple[datetime.date, datetime.datetime]:
    """The month's first day and its last instant in the firm's time zone."""
    zone = zoneinfo.ZoneInfo(firm.timezone)
    last_day = calendar.monthrange(year, month)[1]
    end = datetime.datetime(year, month, last_day, 23, 59, 59, 999999, tzinfo=zone)
    return datetime.date(year, month, 1), end


def reconcile(firm, year: int, month: int) -> Reconciliation:
    first, month_end = month_bounds(firm, year, month)
    report = Reconciliation(firm=firm, month=first, month_end=month_end, currency=firm.currency)
    entries = TrustEntry.objects.for_firm(firm.id).filter(posted_at__lte=month_end)
    report.journal_minor = entries.aggregate(s=Sum("delta_minor"))["s"] or 0
    per_client = entries.order_by().values("case_id", "contact_id").annotate(s=Sum("delta_minor"))
    current = month_end >= timezone.now()
    held = {}
    if current:
        held = {
            (b.case_id, b.contact_id): b
            for b in TrustBalance.objects.for_firm(firm.id).select_related("case", "contact")
        }
    names = {
        (e.case_id, e.contact_id): e
        for e in entries.select_related("case", "contact").order_by("case_id", "contact_id")
    }
    seen = set()
    for row in per_client:
        key = (row["case_id"], row["contact_id"])
        seen.add(key)
        sample = names[key]
        balance = held.get(key)
        report.clients.append(
            ClientLine(
                sample.case,
                sample.contact,
                row["s"],
                balance.balance_minor if balance else (0 if current else None),
            )
        )
    for key, balance in held.items():
        if key not in seen and balance.balance_minor:
            report.clients.append(
                ClientLine(balance.case, balance.contact, 0, balance.balance_minor)
            )
    report.clients.sort(key=lambda c: (c.case.name, str(c.contact)))
    report.client_ledgers_minor = sum(c.ledger_minor for c in report.clients)
    report.account_minor = trust_account_balance(firm, month_end)
    _differences(report)
    return report


def _differences(report: Reconciliation) -> None:
    say = report.differences.append
    money = report.money
    if report.client_ledgers_minor != report.journal_minor:
        say(
            f"The client ledgers add up to {money(report.client_ledgers_minor)} but the trust "
            f"journal says {money(report.journal_minor)}: a difference of "
            f"{money(report.client_ledgers_minor - report.journal_minor)}."
        )
    if report.account_minor is None:
        say("The trust account's balance was not reported, so it cannot be compared.")
    elif report.account_minor != report.journal_minor:
        say(
            f"The trust account holds {money(report.account_minor)} but the trust journal says "
            f"{money(report.journal_minor)}: a difference of "
            f"{money(report.account_minor - report.journal_minor)}."
        )
    for line in report.clients:
        who = f"{line.contact} on {line.case}"
        if line.ledger_minor < 0:
            say(f"{who} has a negative balance: {money(line.ledger_minor)}.")
        if line.held_minor is not None and line.held_minor != line.ledger_minor:
            say(
                f"{who}: the ledger adds up to {money(line.ledger_minor)} but the balance kept "
                f"for postings is {money(line.held_minor)}."
            )
