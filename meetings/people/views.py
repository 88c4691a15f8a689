"""The secretariat's people pages (invite, roles, removal, security log, 2FA rule) and the
invited person's page that sets a password."""

from urllib.parse import urlencode

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.reauth import recent_authentication_required
from meetings import access
from meetings.models import Committee, Membership

from . import selectors, services
from .forms import InviteForm, RoleForm, SetPasswordForm, SignInRuleForm

TEMPLATES = "meetings/people"


def _committee(request: HttpRequest, committee_id: int) -> Committee:
    committee = get_object_or_404(access.editable_committees(request.user), pk=committee_id)
    if not access.runs_committee(request.user, committee):
        raise Http404
    return committee


def _membership(committee: Committee, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "committee"),
        pk=membership_id,
        committee=committee,
    )


def _back(committee: Committee) -> HttpResponse:
    return redirect("people:list", committee_id=committee.pk)


@require_GET
def committee_index(request: HttpRequest) -> HttpResponse:
    committees = [
        committee
        for committee in access.editable_committees(request.user)
        if access.runs_committee(request.user, committee)
    ]
    if not committees:
        raise Http404
    if len(committees) == 1:
        return _back(committees[0])
    return render(request, f"{TEMPLATES}/committee_index.html", {"committees": committees})


@require_GET
def people_list(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = _committee(request, committee_id)
    rule = selectors.signin_rule_of(committee)
    return render(
        request,
        f"{TEMPLATES}/people_list.html",
        {
            "committee": committee,
            "people": selectors.people_of(committee),
            "invite_form": InviteForm(),
            "rule_form": SignInRuleForm(initial={"roles": rule.second_factor_roles}),
            "role_form": RoleForm(),
        },
    )


@require_POST
@recent_authentication_required
def person_invite(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = _committee(request, committee_id)
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.person_invite(
                committee=committee, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            joins = Membership.objects.filter(committee=committee, user=invitation.user_id)
            messages.success(
                request,
                f"{invitation.email} er inviteret og har fået en e-mail med et link, "
                "der virker i 7 dage."
                + (
                    ""
                    if joins.exists()
                    else " Personen har allerede en konto og bliver tilføjet, når vedkommende "
                    "har logget ind og åbnet linket."
                ),
            )
    else:
        messages.error(request, "Skriv et navn, en gyldig e-mailadresse og vælg en rolle.")
    return _back(committee)


@require_POST
@recent_authentication_required
def member_role_change(request: HttpRequest, committee_id: int, membership_id: int) -> HttpResponse:
    committee = _committee(request, committee_id)
    membership = _membership(committee, membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.member_role_change(
                membership=membership, actor=request.user, role=form.cleaned_data["role"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            name = membership.user.get_full_name() or membership.user.get_username()
            messages.success(request, f"{name} er nu {membership.get_role_display().lower()}.")
    return _back(committee)


@require_POST
@recent_authentication_required
def member_remove(request: HttpRequest, committee_id: int, membership_id: int) -> HttpResponse:
    committee = _committee(request, committee_id)
    membership = _membership(committee, membership_id)
    try:
        services.member_remove(membership=membership, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        name = membership.user.get_full_name() or membership.user.get_username()
        messages.success(request, f"{name} er fjernet fra {committee.short_name}.")
    return _back(committee)


@require_POST
@recent_authentication_required
def signin_rule(request: HttpRequest, committee_id: int) -> HttpResponse:
    committee = _committee(request, committee_id)
    form = SignInRuleForm(request.POST)
    if form.is_valid():
        services.signin_rule_set(
            committee=committee, actor=request.user, roles=form.cleaned_data["roles"]
        )
        messages.success(request, "Kravet om totrinsbekræftelse er gemt.")
    return _back(committee)


@require_GET
def person_security(request: HttpRequest, committee_id: int, membership_id: int) -> HttpResponse:
    committee = _committee(request, committee_id)
    membership = _membership(committee, membership_id)
    return render(
        request,
        f"{TEMPLATES}/person_security.html",
        {
            "committee": committee,
            "person": membership.user,
            "membership": membership,
            "events": selectors.security_log_of(membership.user),
        },
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the invitation e-mail: choose a password, or use the organisation's log-in."""
    invitation = selectors.invitation_by_token(token)
    problem = services.invitation_problem(invitation)
    if problem is None and request.user.is_authenticated and request.user != invitation.user:
        problem = (
            "Linket er til en anden e-mailadresse end den, du er logget ind med. Log ud, og "
            "åbn linket igen."
        )
    if problem:
        return render(request, f"{TEMPLATES}/invitation_invalid.html", {"problem": problem})
    if services.account_in_use(invitation.user):
        return _invitation_join(request, invitation)
    form = SetPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"], request=request
            )
        except ValidationError as error:
            form.add_error("password1", error)
        else:
            # Signed in through allauth's own login (its stages, the session record); the user
            # name is told once, for the next sign-in.
            messages.success(
                request,
                f"Din adgangskode er gemt, og du er logget ind. Dit brugernavn er "
                f"{user.get_username()}; du kan også logge ind med {invitation.email}.",
            )
            return perform_login(request, user, redirect_url=reverse("meetings:meeting_list"))
    return render(
        request, f"{TEMPLATES}/invitation_accept.html", {"invitation": invitation, "form": form}
    )


def _invitation_join(request: HttpRequest, invitation) -> HttpResponse:
    """An invitation to an account in use: its owner signs in as themselves and joins; the link
    never sets a password or opens a closed account."""
    if not request.user.is_authenticated:
        messages.info(request, services.EXISTING_ACCOUNT)
        return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
    if request.method == "POST":
        try:
            services.invitation_join(invitation=invitation, user=request.user, request=request)
        except ValidationError as error:
            return render(
                request,
                f"{TEMPLATES}/invitation_invalid.html",
                {"problem": " ".join(error.messages)},
            )
        messages.success(request, f"Du er nu med i {invitation.committee.name}.")
        return redirect("meetings:meeting_list")
    return render(request, f"{TEMPLATES}/invitation_join.html", {"invitation": invitation})
