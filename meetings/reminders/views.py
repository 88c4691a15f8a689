"""The secretariat's reminder pages: a meeting's reminders (with preview and "Send nu") and
a committee's reminder rules. Everything is looked up through `meetings.access`; anyone but the
committee's secretariat gets 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from .. import access, pages
from ..models import Reminder, ReminderRule
from . import selectors, services
from .forms import ReminderRuleForm
from .mail import PLACEHOLDERS


@require_GET
def meeting_reminders(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting's reminders: due times, recipients, status, deliveries, previews."""
    meeting = pages.editable_meeting(request, meeting_id)
    return render(
        request,
        "meetings/reminders/reminder_list.html",
        {"meeting": meeting, "rows": selectors.rows_for_meeting(meeting)},
    )


@require_POST
def reminder_send_now(request: HttpRequest, reminder_id: int) -> HttpResponse:
    """Hand the reminder to a worker now (recipients already sent to are not sent to again)."""
    reminder = get_object_or_404(
        Reminder.objects.filter(meeting__in=access.editable_meetings(request.user)),
        pk=reminder_id,
    )
    back = reverse("meetings:meeting_reminders", args=[reminder.meeting_id])
    try:
        services.reminder_send_now(reminder=reminder, actor=request.user)
    except ValidationError as error:
        return pages.refused(request, error, back=back)
    messages.success(request, "Påmindelsen er sendt til afsendelse.")
    return redirect(back)


@require_GET
def reminder_rules(request: HttpRequest, committee_id: int) -> HttpResponse:
    """The committee's reminder rules, each with its form."""
    committee = get_object_or_404(access.editable_committees(request.user), pk=committee_id)
    rules = selectors.in_sending_order(services.reminder_rules_ensure_defaults(committee=committee))
    forms_by_rule = [
        (rule, ReminderRuleForm(instance=rule, prefix=f"r{rule.pk}")) for rule in rules
    ]
    return render(
        request,
        "meetings/reminders/reminder_rules.html",
        {
            "committee": committee,
            "rule_forms": forms_by_rule,
            "placeholders": PLACEHOLDERS.items(),
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
            services.reminder_rule_update(rule=rule, actor=request.user, values=form.cleaned_data)
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
            "placeholders": PLACEHOLDERS.items(),
        },
    )
