"""Comments, status updates and stage changes point at the matter alone."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("matters", "0004_matter_data")]

    operations = [
        migrations.RemoveConstraint(model_name="comment", name="comment_on_a_lead_or_a_case"),
        migrations.RemoveConstraint(
            model_name="statusupdate", name="statusupdate_on_a_lead_or_a_case"
        ),
        migrations.RemoveField(model_name="comment", name="lead"),
        migrations.RemoveField(model_name="comment", name="case"),
        migrations.RemoveField(model_name="statusupdate", name="lead"),
        migrations.RemoveField(model_name="statusupdate", name="case"),
        migrations.RemoveField(model_name="stagechange", name="case"),
        migrations.AlterField(
            model_name="case",
            name="matter",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="case",
                to="matters.matter",
            ),
        ),
        *[
            migrations.AlterField(
                model_name=model,
                name="matter",
                field=models.ForeignKey(
                    on_delete=django.db.models.deletion.CASCADE,
                    related_name="%(class)s_records",
                    to="matters.matter",
                ),
            )
            for model in ("comment", "statusupdate", "stagechange")
        ],
        *[
            migrations.AlterField(
                model_name=model,
                name="body",
                field=models.TextField(max_length=20000),
            )
            for model in ("comment", "statusupdate")
        ],
    ]
