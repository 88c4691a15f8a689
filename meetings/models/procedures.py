"""Written procedures (skriftlig proces): decisions taken between meetings, answer by answer."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from budgets.models import Budget, BudgetLine, BudgetRevision
from projects.models import Project

from .committees import Committee


class ProcedureRule(models.TextChoices):
    SILENT = "silent", "Stiltiende godkendelse"
    MAJORITY = "majority", "Flertal"


class ProcedureStatus(models.TextChoices):
    DRAFT = "draft", "Kladde"
    SENT = "sent", "Udsendt"
    CLOSED = "closed", "Afsluttet"


class ProcedureOutcome(models.TextChoices):
    APPROVED = "approved", "Godkendt"
    REJECTED = "rejected", "Ikke godkendt"
    NO_QUORUM = "no_quorum", "Ikke afgjort (for få svar)"


class AnswerChoice(models.TextChoices):
    APPROVE = "approve", "Godkend"
    REJECT = "reject", "Afvis"
    REMARK = "remark", "Bemærkning"  # a remark without a vote


class WrittenProcedure(models.Model):
    """A decision the voting members of a committee take in writing, by a deadline."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="procedures", verbose_name="styregruppe"
    )
    title = models.CharField("titel", max_length=300)
    deadline = models.DateTimeField("svarfrist")
    rule = models.CharField(
        "afgørelsesregel",
        max_length=20,
        choices=ProcedureRule.choices,
        default=ProcedureRule.SILENT,
    )
    # Flertal: the fewest votes (Godkend or Afvis) that make the procedure decided; empty
    # means more than half of the voting members.
    quorum = models.PositiveSmallIntegerField(
        "beslutningsdygtig ved (antal stemmer)", null=True, blank=True
    )
    confidential = models.BooleanField("lukket proces", default=False)
    hide_answers = models.BooleanField("skjul svarene til fristen", default=False)
    reminder_days = models.PositiveSmallIntegerField("påmindelse (dage før fristen)", default=2)
    projects = models.ManyToManyField(
        Project, blank=True, related_name="procedures", verbose_name="projekter"
    )
    status = models.CharField(
        "status", max_length=10, choices=ProcedureStatus.choices, default=ProcedureStatus.DRAFT
    )
    outcome = models.CharField(
        "udfald", max_length=20, choices=ProcedureOutcome.choices, blank=True
    )
    sent_at = models.DateTimeField("udsendt", null=True, blank=True)
    closed_at = models.DateTimeField("afsluttet", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_early = models.BooleanField("afsluttet før fristen", default=False)
    # Who votes (user ids): the chair and members when it was sent out, kept to the end, so
    # the count, "Afventer dit svar" and the e-mails agree, and the record stays as it was
    # when members later leave or join the committee. None: a draft.
    voter_ids = models.JSONField("stemmeberettigede ved udsendelsen", null=True, editable=False)
    decision_html = models.TextField("beslutning", blank=True)
    decided_at = models.DateTimeField("beslutning registreret", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # An optional budget proposal: the amounts of `proposal_lines` become the budget's
    # revision dated the day the procedure concluded, once (`applied_revision`).
    budget = models.ForeignKey(
        Budget,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="budget",
    )
    applied_revision = models.OneToOneField(
        BudgetRevision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name = "skriftlig proces"
        verbose_name_plural = "skriftlige processer"
        indexes = [models.Index(fields=["status", "deadline"], name="procedure_status_deadline")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProcedureStatus.values), name="procedure_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", *ProcedureOutcome.values]),
                name="procedure_outcome_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ProcedureStatus.CLOSED) | ~Q(outcome=""),
                name="procedure_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Skriftlig proces: {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status == ProcedureStatus.SENT


class ProcedureSection(models.Model):
    """A part of a procedure's text under a heading, as an item's; sanitized on the way in."""

    procedure = models.ForeignKey(
        WrittenProcedure, on_delete=models.CASCADE, related_name="sections"
    )
    position = models.PositiveIntegerField("rækkefølge")
    heading = models.CharField("overskrift", max_length=200, blank=True)
    html = models.TextField("tekst", blank=True)

    class Meta:
        ordering = ["procedure", "position"]
        verbose_name = "afsnit i skriftlig proces"
        verbose_name_plural = "afsnit i skriftlige processer"
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "position"], name="procedure_section_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.heading or f"Afsnit {self.position}"


def procedure_bilag_upload_to(instance: "ProcedureBilag", filename: str) -> str:
    return f"procedures/{instance.procedure_id}/{filename}"


class ProcedureBilag(models.Model):
    """A file sent with a written procedure (checked by the same rules as a meeting's bilag)."""

    procedure = models.ForeignKey(WrittenProcedure, on_delete=models.CASCADE, related_name="bilag")
    position = models.PositiveIntegerField("rækkefølge")
    title = models.CharField("titel", max_length=300)
    file = models.FileField(upload_to=procedure_bilag_upload_to, max_length=300)
    original_filename = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    text = models.TextField(blank=True, editable=False)
    uploaded_at = models.DateTimeField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["procedure", "position"]
        verbose_name = "bilag til skriftlig proces"
        verbose_name_plural = "bilag til skriftlige processer"
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "position"], name="procedure_bilag_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProcedureProposalLine(models.Model):
    """The amount a procedure's budget proposal gives one budget line."""

    procedure = models.ForeignKey(
        WrittenProcedure, on_delete=models.CASCADE, related_name="proposal_lines"
    )
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField("nyt beløb (kr.)")

    class Meta:
        verbose_name = "linje i budgetforslag (skriftlig proces)"
        verbose_name_plural = "linjer i budgetforslag (skriftlig proces)"
        constraints = [
            models.UniqueConstraint(fields=["procedure", "line"], name="procedure_line_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="procedure_line_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.amount}"


class ProcedureAnswer(models.Model):
    """A voting member's answer; it may be changed until the deadline."""

    procedure = models.ForeignKey(
        WrittenProcedure, on_delete=models.CASCADE, related_name="answers"
    )
    # An answer is the committee's record: an account that answered cannot be deleted
    # (deactivate it instead), so a closed procedure's count never changes.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="procedure_answers"
    )
    choice = models.CharField("svar", max_length=10, choices=AnswerChoice.choices)
    remark = models.TextField("bemærkning", blank=True)
    answered_at = models.DateTimeField("svaret")

    class Meta:
        ordering = ["procedure", "answered_at", "pk"]
        verbose_name = "svar i skriftlig proces"
        verbose_name_plural = "svar i skriftlige processer"
        constraints = [
            models.UniqueConstraint(fields=["procedure", "user"], name="procedure_answer_once"),
            models.CheckConstraint(
                condition=Q(choice__in=AnswerChoice.values), name="procedure_answer_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_choice_display()}"


class NoticeKind(models.TextChoices):
    PROCEDURE_SENT = "procedure_sent", "Skriftlig proces udsendt"
    PROCEDURE_REMINDER = "procedure_reminder", "Påmindelse om skriftlig proces"
    ACTION_REMINDER = "action_reminder", "Påmindelse om opgave"
    HOERING_SENT = "hoering_sent", "Referat sendt i høring"
    HOERING_REMINDER = "hoering_reminder", "Påmindelse om høring af referat"
    QUESTION_ANSWERED = "question_answered", "Svar på spørgsmål til sekretariatet"


class BetweenNotice(models.Model):
    """One e-mail of a procedure or an action to one person, claimed by its INSERT.

    The unique key lets exactly one scan (or one worker) send it, as `ReminderDelivery` does.
    """

    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(blank=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = "udsendt besked (mellem møder)"
        verbose_name_plural = "udsendte beskeder (mellem møder)"

    def __str__(self) -> str:
        return self.key
