"""The secretariat's reminder pages: a meeting's reminders (with preview and "Send nu") and
a committee's reminder rules. Everything is looked up through `meetings.access`; anyone but the
committee's secretariat gets 404."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import access
from ..models import Committee, Reminder, ReminderRule
from . import services as reminders


class ReminderRuleForm(forms.ModelForm):
    """One rule: offset, audience, condition, texts and attachments."""

    class Meta:
        model = ReminderRule
        fields = list(reminders.RULE_FIELDS)
        widgets = {
            "subject": forms.TextInput(attrs={"class": "form-input"}),
            "name": forms.TextInput(attrs={"class": "form-input"}),
            "body": forms.Textarea(attrs={"class": "form-input", "rows": 8}),
            "offset_days": forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
            "offset_hours": forms.NumberInput(attrs={"class": "form-input input-width-xs"}),
            "anchor": forms.Select(attrs={"class": "form-select"}),
            "audience": forms.Select(attrs={"class": "form-select"}),
            "condition": forms.Select(attrs={"class": "form-select"}),
            "attach_agenda_pdf": forms.CheckboxInput(attrs={"class": "form-checkbox"}),
            "attach_ics": forms.CheckboxInput(attrs={"class": "form-checkbox"}),
            "active": forms.CheckboxInput(attrs={"class": "form-checkbox"}),
        }


def _committee(request: HttpRequest, committee_id: int) -> Committee:
    return get_object_or_404(access.editable_committees(request.user), pk=committee_id)


@require_GET
def meeting_reminders(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting's reminders: due times, recipients, status, deliveries, previews."""
    meeting = get_object_or_404(
        access.editable_meetings(request.user).select_related("committee"), pk=meeting_id
    )
    return render(
        request,
        "meetings/reminders/reminder_list.html",
        {"meeting": meeting, "rows": reminders.rows_for_meeting(meeting)},
    )


@require_POST
def reminder_send_now(request: HttpRequest, reminder_id: int) -> HttpResponse:
    """Hand the reminder to a worker now (recipients already sent to are not sent to again)."""
    reminder = get_object_or_404(
        Reminder.objects.filter(meeting__in=access.editable_meetings(request.user)),
        pk=reminder_id,
    )
    try:
        reminders.reminder_send_now(reminder=reminder, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Påmindelsen er sendt til afsendelse.")
    return redirect("meetings:meeting_reminders", reminder.meeting_id)


@require_GET
def reminder_rules(request: HttpRequest, committee_id: int) -> HttpResponse:
    """The committee's reminder rules, each with its form."""
    committee = _committee(request, committee_id)
    rules = sorted(
        reminders.reminder_rules_ensure_defaults(committee=committee),
        key=reminders.rule_order,
    )
    forms_by_rule = [
        (rule, ReminderRuleForm(instance=rule, prefix=f"r{rule.pk}")) for rule in rules
    ]
    return render(
        request,
        "meetings/reminders/reminder_rules.html",
        {
            "committee": committee,
            "rule_forms": forms_by_rule,
            "placeholders": reminders.PLACEHOLDERS.items(),
        },
    )


@require_http_methods(["GET", "POST"])
def reminder_rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    """Save one rule (the rules page posts here; a GET shows the rule's form alone)."""
    rule = get_object_or_404(
        ReminderRule.objects.filter(
            committee__in=access.editable_committees(request.user)
        ).select_related("committee"),
        pk=rule_id,
    )
    prefix = f"r{rule.pk}" if f"r{rule.pk}-name" in request.POST else None
    form = ReminderRuleForm(request.POST or None, instance=rule, prefix=prefix)
    if request.method == "POST" and form.is_valid():
        try:
            reminders.reminder_rule_update(rule=rule, actor=request.user, values=form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Reglen »{rule.name}« er gemt.")
            return redirect("meetings:reminder_rules", rule.committee_id)
    return render(
        request,
        "meetings/reminders/reminder_rule_edit.html",
        {
            "committee": rule.committee,
            "rule": rule,
            "form": form,
            "placeholders": reminders.PLACEHOLDERS.items(),
        },
    )
