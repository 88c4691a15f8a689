"""Follow-up actions (opfølgning) on decisions of a meeting item or a written procedure."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from .committees import Committee
from .items import AgendaItem
from .meetings import Meeting
from .procedures import WrittenProcedure


class ResponsibleKind(models.TextChoices):
    MEMBER = "member", "Medlem"
    SECRETARIAT = "secretariat", "Sekretariatet"
    ORGANISATION = "organisation", "Organisation"


class FollowUpAction(models.Model):
    """What a decision asks someone to do, by when; closed with who, when and a note."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="actions", verbose_name="styregruppe"
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    procedure = models.ForeignKey(
        WrittenProcedure, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    # The day of the decision (the meeting's, or the procedure's end): "til næste møde"
    # means the committee's first meeting after it.
    decided_on = models.DateField("beslutningsdato")
    what = models.CharField("opgave", max_length=500)
    responsible_kind = models.CharField("ansvarlig", max_length=20, choices=ResponsibleKind.choices)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name="ansvarligt medlem",
    )
    responsible_organisation = models.CharField(
        "ansvarlig organisation", max_length=200, blank=True
    )
    due_date = models.DateField("frist", null=True, blank=True)
    until_next_meeting = models.BooleanField("til næste møde", default=False)
    # "Til næste møde" is the meeting that was next when the action was recorded (or the first
    # one scheduled after it): kept here, so a meeting added later (an archive import, one
    # scheduled in between) does not move the deadline. Moved only when that meeting is
    # cancelled.
    due_meeting = models.ForeignKey(
        Meeting,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="due_actions",
        verbose_name="næste møde",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField("lukket", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    close_note = models.CharField("note ved lukning", max_length=500, blank=True)

    class Meta:
        ordering = ["decided_on", "pk"]
        verbose_name = "opfølgning"
        verbose_name_plural = "opfølgninger"
        constraints = [
            models.CheckConstraint(
                condition=Q(item__isnull=False) ^ Q(procedure__isnull=False),
                name="action_one_source",
            ),
            models.CheckConstraint(
                condition=Q(due_date__isnull=False) ^ Q(until_next_meeting=True),
                name="action_one_due",
            ),
            models.CheckConstraint(
                condition=~Q(responsible_kind=ResponsibleKind.MEMBER)
                | Q(responsible_user__isnull=False),
                name="action_member_named",
            ),
            models.CheckConstraint(
                condition=~Q(responsible_kind=ResponsibleKind.ORGANISATION)
                | ~Q(responsible_organisation=""),
                name="action_organisation_named",
            ),
        ]

    def __str__(self) -> str:
        return self.what

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def responsible_label(self) -> str:
        if self.responsible_kind == ResponsibleKind.MEMBER and self.responsible_user is not None:
            user = self.responsible_user
            return user.get_full_name() or user.get_username()
        if self.responsible_kind == ResponsibleKind.ORGANISATION:
            return self.responsible_organisation
        return "Sekretariatet"
