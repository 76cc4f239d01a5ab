"""Leads, cases and what was said on them before matters existed get their matter, and nothing
said is lost or lands on the wrong side: a converted lead's records are its case's."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("matters", "0002_row_level_security")]
AFTER = [("matters", "0005_records_on_the_matter")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_every_lead_and_case_gets_a_matter_and_keeps_what_was_said_on_it():
    try:
        old = _migrate(BEFORE)
        firm = old.get_model("tenancy", "Firm").objects.create(name="Harbor & Vale", slug="hv")
        Lead, Case = old.get_model("matters", "Lead"), old.get_model("matters", "Case")
        Comment = old.get_model("matters", "Comment")
        StatusUpdate = old.get_model("matters", "StatusUpdate")
        StageChange = old.get_model("matters", "StageChange")
        case_fields = {
            "firm": firm,
            "practice_area": "family",
            "opened_on": datetime.date(2026, 1, 5),
        }
        case = Case.objects.create(name="Marsh v. Bayline", **case_fields)
        became = Case.objects.create(name="Okafor estate", **case_fields)
        open_lead = Lead.objects.create(firm=firm, title="Walsh: tenancy", practice_area="family")
        converted = Lead.objects.create(
            firm=firm,
            title="Okafor: estate",
            practice_area="family",
            status="converted",
            converted_case=became,
        )
        said = {"firm": firm, "author_name": "Alice Harbor"}
        Comment.objects.create(case=case, body="On the case.", **said)
        Comment.objects.create(lead=open_lead, body="On the open lead.", is_private=False, **said)
        # converting moved a lead's records to its case; one was written to the lead since
        Comment.objects.create(case=became, body="Moved at conversion.", **said)
        Comment.objects.create(lead=converted, body="Written to the lead later.", **said)
        StatusUpdate.objects.create(lead=open_lead, body="We are reviewing.", **said)
        StageChange.objects.create(
            firm=firm, case=case, from_stage="", to_stage="intake", author_name="Alice Harbor"
        )

        new = _migrate(AFTER)
        Lead, Case = new.get_model("matters", "Lead"), new.get_model("matters", "Case")
        Comment = new.get_model("matters", "Comment")
        case, became = Case.objects.get(pk=case.pk), Case.objects.get(pk=became.pk)
        open_lead, converted = Lead.objects.get(pk=open_lead.pk), Lead.objects.get(pk=converted.pk)

        def bodies(model, matter_id):
            return sorted(model.objects.filter(matter_id=matter_id).values_list("body", flat=True))

        assert len({case.matter_id, became.matter_id, open_lead.matter_id}) == 3
        assert converted.matter_id is None
        assert bodies(Comment, case.matter_id) == ["On the case."]
        assert bodies(Comment, open_lead.matter_id) == ["On the open lead."]
        assert bodies(Comment, became.matter_id) == [
            "Moved at conversion.",
            "Written to the lead later.",
        ]
        StatusUpdate = new.get_model("matters", "StatusUpdate")
        assert bodies(StatusUpdate, open_lead.matter_id) == ["We are reviewing."]
        StageChange = new.get_model("matters", "StageChange")
        assert StageChange.objects.get().matter_id == case.matter_id
        assert Comment.objects.get(body="On the open lead.").is_private is False
        assert new.get_model("matters", "Matter").objects.filter(firm_id=firm.id).count() == 3
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
