import datetime as dt

import django.db.models.deletion
from django.db import migrations, models


def mark_archive_meetings(apps, schema_editor):
    """Meetings the archive import created (in the same transaction as their first imported
    file) were entered after they were held: history."""
    import_model = apps.get_model("meetings", "ArchiveImport")
    meeting_model = apps.get_model("meetings", "Meeting")
    first: dict[int, dt.datetime] = {}
    for meeting_id, imported_at in import_model.objects.values_list("meeting_id", "imported_at"):
        if meeting_id not in first or imported_at < first[meeting_id]:
            first[meeting_id] = imported_at
    for meeting in meeting_model.objects.filter(pk__in=first):
        if abs(first[meeting.pk] - meeting.created_at) < dt.timedelta(minutes=10):
            meeting.is_history = True
            meeting.save(update_fields=["is_history"])


def keep_next_meeting(apps, schema_editor):
    """Each 'til næste møde' action gets the meeting that was next when it was recorded: the
    committee's first meeting after the decision among those that existed then, neither
    cancelled nor entered after it was held (an import); failing that, the first one since."""
    action_model = apps.get_model("meetings", "FollowUpAction")
    meeting_model = apps.get_model("meetings", "Meeting")
    for action in action_model.objects.filter(until_next_meeting=True, due_meeting__isnull=True):
        candidates = [
            meeting
            for meeting in meeting_model.objects.filter(
                committee_id=action.committee_id, date__gt=action.decided_on
            )
            .exclude(status="cancelled")
            .exclude(is_history=True)
            .order_by("date", "start_time", "pk")
        ]
        known_then = [m for m in candidates if m.created_at <= action.created_at]
        chosen = (known_then or candidates or [None])[0]
        if chosen is not None:
            action.due_meeting = chosen
            action.save(update_fields=["due_meeting"])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0015_bound_agenda_sections"),
    ]

    operations = [
        migrations.AddField(
            model_name="meeting",
            name="is_history",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="indlæst efter mødet"
            ),
        ),
        migrations.AddField(
            model_name="followupaction",
            name="due_meeting",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="due_actions",
                to="meetings.meeting",
                verbose_name="næste møde",
            ),
        ),
        migrations.RunPython(mark_archive_meetings, migrations.RunPython.noop),
        migrations.RunPython(keep_next_meeting, migrations.RunPython.noop),
    ]
