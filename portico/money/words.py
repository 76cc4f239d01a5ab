"""Money in plain words for the client: what they owe and when, and their trust balance
against the minimum the firm asks them to keep."""

from __future__ import annotations

import datetime

from django.utils import timezone

from portico.money.amounts import display


def day_words(day: datetime.date, today: datetime.date | None = None) -> str:
    """3 March (this year), or 3 March 2027."""
    today = today or timezone.localdate()
    return f"{day:%-d %B}" if day.year == today.year else f"{day:%-d %B %Y}"


def summary_sentences(summary, today: datetime.date | None = None) -> list[str]:
    """`summary`: a `portal_queries.MoneySummary`."""
    money = lambda minor: display(minor, summary.currency)  # noqa: E731
    sentences = []
    if summary.owed_minor > 0:
        due = summary.next_due_on
        if len(summary.open_invoices) == 1:
            sentences.append(f"You owe {money(summary.owed_minor)}, due {day_words(due, today)}.")
        else:
            sentences.append(
                f"You owe {money(summary.owed_minor)} on {len(summary.open_invoices)} invoices; "
                f"the first is due {day_words(due, today)}."
            )
    else:
        sentences.append("You owe nothing right now.")
    if summary.minimum_trust_minor > 0:
        sentences.append(
            f"Your trust balance is {money(summary.trust_balance_minor)}; your firm asks you to "
            f"keep at least {money(summary.minimum_trust_minor)}."
        )
    elif summary.trust_balance_minor > 0:
        sentences.append(f"Your trust balance is {money(summary.trust_balance_minor)}.")
    return sentences
