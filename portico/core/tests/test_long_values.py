"""Real data is long: with a 250-character value (or as many as the column takes) in every
text field of the demo data, no page of the workspace or the portal scrolls sideways on a
375 px phone. The values have no spaces, the worst case for wrapping."""

from __future__ import annotations

import pytest
from django.db import models

from portico.core.models import firm_owned_models
from portico.money.actions import deposit_trust, record_payment
from portico.money.models import Invoice, Payment, Posted, TrustEntry
from portico.testing.browser import PHONE
from portico.testing.geometry import sideways_overflow
from portico.testing.pages import practice_pages, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Columns whose content is a code the pages never show as typed, or a secret.
KEEP = {
    "identification_number_encrypted",
    "identification_number_last4",
    "fingerprint",
    # who is signed in: the session is matched on these
    "sub",
    "identity_user_id",
}


def long_value(field: models.Field, n: int) -> str:
    limit = min(field.max_length or 250, 250)
    if isinstance(field, models.EmailField):
        local = "w" * min(64, limit - 20)
        return f"{local}@{'d' * (limit - len(local) - 9)}.example"[:limit]
    return (f"{field.name}-{n}-" + "Longword" * 40)[:limit]


def lengthen_every_text_field(firm_ids) -> int:
    changed = 0
    for model in firm_owned_models():
        if issubclass(model, Posted):
            continue  # posted money never changes: long ones are posted anew (below)
        text_fields = [
            f
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and f.name not in KEEP
            and not f.primary_key
        ]
        if not text_fields:
            continue
        for n, row in enumerate(model.objects.filter(firm_id__in=firm_ids)):
            for field in text_fields:
                setattr(row, field.name, long_value(field, n))
            row.save(update_fields=[f.name for f in text_fields])
            changed += 1
    return changed


def post_long_money(world) -> None:
    """A payment and a trust deposit on carol's case whose reference and memo are as long as
    their columns take (posted rows are never lengthened in place)."""
    case, carol = world.carol_case, world.carol
    invoice = Invoice.objects.filter(case=case, contact=carol, status="issued")[0]
    record_payment(
        invoice=invoice,
        amount_minor=100,
        method="check",
        reference=long_value(Payment._meta.get_field("reference"), 0),
        actor=world.alice,
    )
    deposit_trust(
        case=case,
        contact=carol,
        amount_minor=100,
        method="wire",
        reference=long_value(TrustEntry._meta.get_field("reference"), 1),
        memo=long_value(TrustEntry._meta.get_field("memo"), 1),
        actor=world.alice,
    )


def test_no_page_scrolls_sideways_with_long_values(world, browser_as, live_server, settings):
    settings.PORTICO_DEMO = True
    assert lengthen_every_text_field([world.harbor.id, world.other.id]) > 20
    post_long_money(world)
    browsers = {}
    problems = []
    for spec in practice_pages(world.samples):
        page = browsers.get(spec.who) or browser_as(spec.who, PHONE)
        browsers[spec.who] = page
        response = page.goto(live_server.url + spec.path)
        assert response.status == 200, f"{spec.path} -> {response.status}"
        screenshot(page, f"long values {spec.template}", "light")
        if overflow := sideways_overflow(page):
            problems.append(f"{spec.path}: {overflow}")
    assert not problems, "\n".join(problems)
