"""A `Matter` behind every lead and every case; comments, status updates and stage changes
point at it instead of at a lead or a case. An open lead and every case get one; a converted
lead's matter is its case's (the lead keeps none), so whatever was moved to the case when the
lead was converted stays with the case."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.db import migrations, models

from portico.core.rls import EnableFirmRowSecurity


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0002_row_level_security"),
        ("matters", "0002_row_level_security"),
        ("tenancy", "0003_firm_country"),
    ]

    operations = [
        migrations.CreateModel(
            name="Matter",
            fields=[
                (
                    "id",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                (
                    "firm",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="tenancy.firm",
                    ),
                ),
            ],
            options={"ordering": ["created_at", "id"]},
        ),
        EnableFirmRowSecurity("matters_matter"),
        migrations.AddField(
            model_name="lead",
            name="matter",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lead",
                to="matters.matter",
            ),
        ),
        migrations.AddField(
            model_name="case",
            name="matter",
            field=models.OneToOneField(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="case",
                to="matters.matter",
            ),
        ),
        *[
            migrations.AddField(
                model_name=model,
                name="matter",
                field=models.ForeignKey(
                    null=True,
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="%(class)s_records",
                    to="matters.matter",
                ),
            )
            for model in ("comment", "statusupdate", "stagechange")
        ],
        migrations.AddField(
            model_name="stagechange",
            name="author_staff",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="tenancy.staffmember",
            ),
        ),
        migrations.AddField(
            model_name="stagechange",
            name="author_contact",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="clients.contact",
            ),
        ),
        migrations.AlterField(
            model_name="stagechange",
            name="case",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="stage_changes",
                to="matters.case",
            ),
        ),
    ]
