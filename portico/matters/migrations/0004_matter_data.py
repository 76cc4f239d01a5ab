"""Every open lead and every case gets its matter; what was kept on them follows (see 0003)."""

from django.db import migrations

TABLES = (
    "matters_lead",
    "matters_case",
    "matters_comment",
    "matters_statusupdate",
    "matters_stagechange",
    "matters_matter",
)


def _row_security(schema_editor, force: bool) -> None:
    """The migration reads and writes every firm's rows: the owner does it unforced, then
    forces row-level security again (no-op outside PostgreSQL)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    if force:
        # Check the deferred foreign keys now: a table with pending checks cannot be altered.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for table in TABLES:
        schema_editor.execute(
            f"ALTER TABLE {schema_editor.quote_name(table)} "
            f"{'' if force else 'NO '}FORCE ROW LEVEL SECURITY"
        )


def give_every_lead_and_case_a_matter(apps, schema_editor):
    Matter = apps.get_model("matters", "Matter")
    Lead = apps.get_model("matters", "Lead")
    Case = apps.get_model("matters", "Case")
    _row_security(schema_editor, force=False)
    for case in Case.objects.all():
        case.matter = Matter.objects.create(firm_id=case.firm_id, created_at=case.created_at)
        case.save(update_fields=["matter"])
    lead_matter = {}
    for lead in Lead.objects.all():
        if lead.converted_case_id is None:
            lead.matter = Matter.objects.create(firm_id=lead.firm_id, created_at=lead.created_at)
            lead.save(update_fields=["matter"])
            lead_matter[lead.id] = lead.matter_id
        else:
            lead_matter[lead.id] = Case.objects.get(pk=lead.converted_case_id).matter_id
    case_matter = dict(Case.objects.values_list("id", "matter_id"))
    for name in ("Comment", "StatusUpdate"):
        for record in apps.get_model("matters", name).objects.all():
            record.matter_id = (
                case_matter[record.case_id] if record.case_id else lead_matter[record.lead_id]
            )
            record.save(update_fields=["matter"])
    for change in apps.get_model("matters", "StageChange").objects.all():
        change.matter_id = case_matter[change.case_id]
        change.save(update_fields=["matter"])
    _row_security(schema_editor, force=True)


def point_records_back_at_leads_and_cases(apps, schema_editor):
    Lead = apps.get_model("matters", "Lead")
    Case = apps.get_model("matters", "Case")
    _row_security(schema_editor, force=False)
    case_of = dict(Case.objects.values_list("matter_id", "id"))
    lead_of = dict(Lead.objects.filter(matter__isnull=False).values_list("matter_id", "id"))
    for name in ("Comment", "StatusUpdate"):
        for record in apps.get_model("matters", name).objects.all():
            record.case_id = case_of.get(record.matter_id)
            record.lead_id = None if record.case_id else lead_of[record.matter_id]
            record.save(update_fields=["case", "lead"])
    for change in apps.get_model("matters", "StageChange").objects.all():
        change.case_id = case_of[change.matter_id]
        change.save(update_fields=["case"])
    _row_security(schema_editor, force=True)


class Migration(migrations.Migration):
    dependencies = [("matters", "0003_matter")]

    operations = [
        migrations.RunPython(
            give_every_lead_and_case_a_matter, point_records_back_at_leads_and_cases
        ),
    ]
