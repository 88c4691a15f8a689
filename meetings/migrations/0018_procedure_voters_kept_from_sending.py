from django.db import migrations, models


def keep_voters_of_running_procedures(apps, schema_editor):
    """A procedure out now keeps the chair and members it has now (the best known of who it
    was sent to); closed ones already keep theirs, drafts decide at sending."""
    procedure_model = apps.get_model("meetings", "WrittenProcedure")
    membership_model = apps.get_model("meetings", "Membership")
    for procedure in procedure_model.objects.filter(status="sent", voter_ids__isnull=True):
        procedure.voter_ids = sorted(
            membership_model.objects.filter(
                committee_id=procedure.committee_id, role__in=["chair", "member"]
            ).values_list("user_id", flat=True)
        )
        procedure.save(update_fields=["voter_ids"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0017_closed_item_title_for_others"),
    ]

    operations = [
        migrations.AlterField(
            model_name="writtenprocedure",
            name="voter_ids",
            field=models.JSONField(
                editable=False, null=True, verbose_name="stemmeberettigede ved udsendelsen"
            ),
        ),
        migrations.RunPython(keep_voters_of_running_procedures, migrations.RunPython.noop),
    ]
