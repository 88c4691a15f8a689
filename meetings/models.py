"""Committees, memberships, meetings and their agendas: items, sections, presenters, bilag.

Numbers, weekdays, clock times and sums are not stored: `meetings.agenda` computes them.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from budgets.models import Budget, BudgetLine, BudgetRevision
from projects.models import Programme, Project


class Committee(models.Model):
    """A steering group (styregruppe) with its secretariat."""

    name = models.CharField("navn", max_length=200)
    short_name = models.CharField("kort navn", max_length=30, unique=True)
    secretariat = models.CharField("sekretariat", max_length=200, blank=True)
    # The programmes whose portfolio (projects, budgets) this committee oversees.
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="committees", verbose_name="programmer"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "styregruppe"
        verbose_name_plural = "styregrupper"

    def __str__(self) -> str:
        return self.name

    @property
    def subject(self) -> str:
        """The committee's name without 'Styregruppen for': 'Digital Almen Praksis'."""
        for prefix in ("Styregruppen for ", "styregruppen for "):
            if self.name.startswith(prefix):
                return self.name.removeprefix(prefix)
        return self.name


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", "Sekretariat"
    CHAIR = "chair", "Formand"
    MEMBER = "member", "Medlem"
    OBSERVER = "observer", "Observatør"


class Membership(models.Model):
    """A user's role in a committee; it decides what the user may see and do there."""

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rolle", max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["committee", "role", "user__username"]
        verbose_name = "medlemskab"
        verbose_name_plural = "medlemskaber"
        constraints = [
            models.UniqueConstraint(fields=["committee", "user"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} i {self.committee.short_name}"


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", "Kladde"
    PUBLISHED = "published", "Udsendt"
    HELD = "held", "Afholdt"
    MINUTES_APPROVED = "minutes_approved", "Referat godkendt"
    CANCELLED = "cancelled", "Aflyst"


class Meeting(models.Model):
    """One meeting of a committee, with its agenda."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name="styregruppe"
    )
    title = models.CharField("titel", max_length=300)
    date = models.DateField("dato")
    start_time = models.TimeField("starttid", null=True, blank=True)
    end_time = models.TimeField("sluttid", null=True, blank=True)
    location = models.CharField("sted", max_length=300, blank=True)
    status = models.CharField(
        "status", max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    published_at = models.DateTimeField("udsendt", null=True, blank=True)
    # The next meeting, as the standing item 'Eventuelt og næste møde' announces it.
    next_date = models.DateField("næste mødes dato", null=True, blank=True)
    next_start_time = models.TimeField("næste mødes starttid", null=True, blank=True)
    next_end_time = models.TimeField("næste mødes sluttid", null=True, blank=True)
    next_location = models.CharField("næste mødes sted", max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # Raised whenever the meeting moves or is cancelled: calendars replace the event they have.
    calendar_sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-start_time"]
        verbose_name = "møde"
        verbose_name_plural = "møder"
        indexes = [models.Index(fields=["committee", "date"], name="meeting_committee_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_time__isnull=True)
                | Q(end_time__isnull=True)
                | Q(end_time__gt=models.F("start_time")),
                name="meeting_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False),
                name="meeting_end_needs_start",
            ),
            models.CheckConstraint(
                condition=Q(next_start_time__isnull=True)
                | Q(next_end_time__isnull=True)
                | Q(next_end_time__gt=models.F("next_start_time")),
                name="meeting_next_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="meeting_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.date:%d.%m.%Y}"

    @property
    def is_draft(self) -> bool:
        return self.status == MeetingStatus.DRAFT


class ItemKind(models.TextChoices):
    ORIENTATION = "O", "Orientering"
    DECISION = "B", "Beslutning"
    DISCUSSION = "D", "Drøftelse"


class DecisionOutcome(models.TextChoices):
    """How an item was decided; the one-click outcomes carry their standard wording."""

    NOTED = "noted", "Taget til efterretning"
    APPROVED = "approved", "Godkendt som indstillet"
    APPROVED_WITH_CHANGES = "approved_changed", "Godkendt med ændringer"
    REJECTED = "rejected", "Ikke godkendt"
    DISCUSSED = "discussed", "Drøftet"
    POSTPONED = "postponed", "Udsat"


class StandingItem(models.TextChoices):
    NEXT_MEETING = "next_meeting", "Eventuelt og næste møde"


class StandingItemTemplate(models.Model):
    """An item every new meeting of a committee starts with ('Meddelelser', 'Eventuelt ...')."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="standing_items"
    )
    position = models.PositiveIntegerField("rækkefølge")
    title = models.CharField("titel", max_length=300)
    kind = models.CharField("type", max_length=1, choices=ItemKind.choices, blank=True)
    duration_minutes = models.PositiveSmallIntegerField("varighed (min.)", default=5)
    standing = models.CharField(
        "stående punkt", max_length=30, choices=StandingItem.choices, blank=True
    )

    class Meta:
        ordering = ["committee", "position"]
        verbose_name = "stående punkt"
        verbose_name_plural = "stående punkter"
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "position"], name="standing_template_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.short_name}: {self.title}"


class AgendaItem(models.Model):
    """An item on a meeting's agenda; its number is its position among the meeting's items."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField("rækkefølge")
    title = models.CharField("titel", max_length=300)
    kind = models.CharField("type", max_length=1, choices=ItemKind.choices, blank=True)
    duration_minutes = models.PositiveSmallIntegerField("varighed (min.)", default=0)
    confidential = models.BooleanField("lukket punkt", default=False)
    # A confidential item can be narrowed to named members; empty means all with access.
    restricted_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="restricted_items",
        verbose_name="kun for",
    )
    standing = models.CharField(
        "stående punkt", max_length=30, choices=StandingItem.choices, blank=True
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="agenda_items", verbose_name="projekter"
    )
    decision_html = models.TextField("beslutning", blank=True)
    decision_outcome = models.CharField(
        "beslutningens udfald", max_length=20, choices=DecisionOutcome.choices, blank=True
    )
    decided_at = models.DateTimeField("beslutning registreret", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="beslutning registreret af",
    )
    # Optimistic locking: a save names the version it edited and is refused if it is stale.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("ændret", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ændret af",
    )

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = "dagsordenspunkt"
        verbose_name_plural = "dagsordenspunkter"
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="item_unique_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="item_position_gte_1"),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=0), name="item_duration_gte_0"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["", *ItemKind.values]), name="item_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Presenter(models.Model):
    """Someone who presents an item ('Fremlægges af ...')."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="presenters")
    position = models.PositiveIntegerField("rækkefølge")
    name = models.CharField("navn", max_length=200)
    organisation = models.CharField("organisation", max_length=200, blank=True)
    role = models.CharField("rolle", max_length=200, blank=True)

    class Meta:
        ordering = ["item", "position"]
        verbose_name = "oplægsholder"
        verbose_name_plural = "oplægsholdere"
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="presenter_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class StandardHeading(models.TextChoices):
    """The headings of an item's text, in the order MedCom's agendas use them."""

    RESUME = "Resumé"
    INDSTILLING = "Indstilling"
    BAGGRUND = "Baggrund"
    PROBLEM = "Problem"
    LOSNING = "Løsning"
    OKONOMI = "Økonomi"
    FINANSIERING = "Finansiering"
    BEMAERKNING = "Bemærkning"
    VIDERE_PROCES = "Videre proces"


class ItemSection(models.Model):
    """A part of an item's text under a heading; html is sanitized on the way in."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField("rækkefølge")
    part = models.CharField("delpunkt", max_length=300, blank=True)
    heading = models.CharField("overskrift", max_length=200, blank=True)
    html = models.TextField("tekst", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField("ændret", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ændret af",
    )

    class Meta:
        ordering = ["item", "position"]
        verbose_name = "afsnit"
        verbose_name_plural = "afsnit"
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="section_unique_position"),
        ]

    def __str__(self) -> str:
        return self.heading or f"Afsnit {self.position}"


class EmbedType(models.TextChoices):
    BUDGET_TABLE = "budget_table", "Budgettabel"


class ItemEmbed(models.Model):
    """A live table from the portfolio shown in an item (the budget status of item 8)."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="embeds")
    position = models.PositiveIntegerField("rækkefølge")
    type = models.CharField("type", max_length=30, choices=EmbedType.choices)
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("år")
    part = models.CharField("delpunkt", max_length=300, blank=True)
    # The figures as they were when the agenda was sent out: members keep reading what they
    # received. Empty while the agenda is a draft (then the table is live).
    frozen_data = models.JSONField("tal ved udsendelse", null=True, blank=True, editable=False)
    frozen_at = models.DateTimeField("frosset", null=True, blank=True, editable=False)

    class Meta:
        ordering = ["item", "position"]
        verbose_name = "indlejret tabel"
        verbose_name_plural = "indlejrede tabeller"
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="embed_unique_position"),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.programme.short_name} {self.year}"


class GeneratedBilag(models.TextChoices):
    PROJECT_MONITORING = "project_monitoring", "Projektmonitorering"


def bilag_upload_to(instance: "Bilag | BilagVersion", filename: str) -> str:
    # The stored name is not the user's: it cannot collide, traverse or reveal anything.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"bilag/{uuid.uuid4().hex}.{suffix[:8]}"


class Bilag(models.Model):
    """An attachment of an item, numbered <item>.<n> from its position; keeps old versions."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="bilag")
    position = models.PositiveIntegerField("rækkefølge")
    title = models.CharField("titel", max_length=300)
    confidential = models.BooleanField("fortroligt", default=False)
    generated = models.CharField(
        "dannes af portalen", max_length=30, choices=GeneratedBilag.choices, blank=True
    )
    file = models.FileField("fil", upload_to=bilag_upload_to, blank=True, max_length=300)
    original_filename = models.CharField("oprindeligt filnavn", max_length=255, blank=True)
    content_type = models.CharField("indholdstype", max_length=120, blank=True)
    size = models.PositiveBigIntegerField("størrelse (bytes)", default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_at = models.DateTimeField("uploadet", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The bilag as PDF when it is an Office file (converted once, in the background).
    pdf_rendition = models.FileField(
        "PDF-udgave", upload_to=bilag_upload_to, blank=True, max_length=300
    )
    rendition_error = models.CharField("konvertering fejlede", max_length=300, blank=True)
    # A generated bilag's data as it was when the agenda was sent out (see ItemEmbed).
    frozen_data = models.JSONField("data ved udsendelse", null=True, blank=True, editable=False)
    frozen_at = models.DateTimeField("frosset", null=True, blank=True, editable=False)
    # The text inside the file (PDF, or its PDF rendition), extracted once, for search.
    text = models.TextField("tekst til søgning", blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["item", "position"]
        verbose_name = "bilag"
        verbose_name_plural = "bilag"
        constraints = [
            models.UniqueConstraint(fields=["item", "position"], name="bilag_unique_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="bilag_position_gte_1"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def has_file(self) -> bool:
        return bool(self.file)


class BilagVersion(models.Model):
    """An earlier file of a bilag, kept when the file was replaced."""

    bilag = models.ForeignKey(Bilag, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    file = models.FileField("fil", upload_to=bilag_upload_to, max_length=300)
    original_filename = models.CharField("oprindeligt filnavn", max_length=255, blank=True)
    content_type = models.CharField("indholdstype", max_length=120)
    size = models.PositiveBigIntegerField("størrelse (bytes)")
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField("uploadet", null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replaced_at = models.DateTimeField("erstattet", auto_now_add=True)

    class Meta:
        ordering = ["bilag", "-number"]
        verbose_name = "tidligere version af bilag"
        verbose_name_plural = "tidligere versioner af bilag"
        constraints = [
            models.UniqueConstraint(fields=["bilag", "number"], name="bilag_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.bilag} v{self.number}"


class AuditEntry(models.Model):
    """Who changed what in a meeting and when: the meeting's history."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="audit_entries", null=True, blank=True
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField("tidspunkt", auto_now_add=True, db_index=True)
    # The item the entry concerns (for an item's sections and bilag too), so members can be
    # shown what changed in each item since publication.
    item = models.ForeignKey(
        "AgendaItem",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name="punkt",
    )
    action = models.CharField("handling", max_length=60)
    object_type = models.CharField("objekttype", max_length=60, blank=True)
    object_id = models.CharField("objekt-id", max_length=40, blank=True)
    summary = models.CharField("beskrivelse", max_length=500)
    changes = models.JSONField("ændringer", default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "historikpost"
        verbose_name_plural = "historik"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.summary}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Deltager"
    ABSENT = "absent", "Afbud"


class Attendance(models.Model):
    """Who took part in a meeting: members present or with 'afbud', and guests."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    name = models.CharField("navn", max_length=200)
    organisation = models.CharField("organisation", max_length=200, blank=True)
    status = models.CharField(
        "fremmøde",
        max_length=10,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.PRESENT,
    )
    guest = models.BooleanField("gæst", default=False)

    class Meta:
        ordering = ["meeting", "guest", "name"]
        verbose_name = "fremmøde"
        verbose_name_plural = "fremmøde"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="attendance_one_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class PackStatus(models.TextChoices):
    QUEUED = "queued", "I kø"
    RUNNING = "running", "Dannes"
    DONE = "done", "Klar"
    FAILED = "failed", "Fejlede"


class MeetingPack(models.Model):
    """A 'Dagsorden med bilag' PDF built by a Celery task for one access level.

    `source_hash` covers everything that goes into the pack (the agenda as this level sees it
    and every bilag file), so an unchanged agenda reuses the finished pack.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="packs")
    access_level = models.CharField(max_length=60)
    source_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=PackStatus.choices, default=PackStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="packs/", blank=True, max_length=300)
    page_count = models.PositiveIntegerField(default=0)
    # [{"number": "3.1", "title": "...", "reason": "..."}] for bilag left out, and why.
    skipped = models.JSONField(default=list, blank=True)
    error = models.CharField(max_length=500, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "mødepakke"
        verbose_name_plural = "mødepakker"
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "access_level", "source_hash"], name="pack_unique_source"
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="pack_progress_lte_100"),
        ]

    def __str__(self) -> str:
        return f"Mødepakke {self.meeting} ({self.get_status_display()})"


class PrivateNote(models.Model):
    """A member's own note on an item or a bilag; nobody else ever sees it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="private_notes"
    )
    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    bilag = models.ForeignKey(
        Bilag, on_delete=models.CASCADE, null=True, blank=True, related_name="notes"
    )
    text = models.TextField("note")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "privat note"
        verbose_name_plural = "private noter"
        constraints = [
            models.CheckConstraint(
                condition=(Q(item__isnull=False) & Q(bilag__isnull=True))
                | (Q(item__isnull=True) & Q(bilag__isnull=False)),
                name="note_on_item_or_bilag",
            ),
            models.UniqueConstraint(
                fields=["user", "item"], condition=Q(item__isnull=False), name="note_one_per_item"
            ),
            models.UniqueConstraint(
                fields=["user", "bilag"],
                condition=Q(bilag__isnull=False),
                name="note_one_per_bilag",
            ),
        ]

    def __str__(self) -> str:
        return f"Note af {self.user}"


class MeetingVisit(models.Model):
    """When a user last opened a meeting: what is new since then is marked for them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_visits"
    )
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="visits")
    last_seen_at = models.DateTimeField()

    class Meta:
        verbose_name = "besøg"
        verbose_name_plural = "besøg"
        constraints = [
            models.UniqueConstraint(fields=["user", "meeting"], name="visit_one_per_meeting"),
        ]

    def __str__(self) -> str:
        return f"{self.user} så {self.meeting} {self.last_seen_at:%Y-%m-%d %H:%M}"


class CalendarFeed(models.Model):
    """A user's personal calendar feed URL; the secret token can be renewed (the old one dies)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    renewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "kalenderabonnement"
        verbose_name_plural = "kalenderabonnementer"

    def __str__(self) -> str:
        return f"Kalender for {self.user}"


class ReminderAnchor(models.TextChoices):
    BEFORE_START = "before_start", "før mødets start"
    AFTER_END = "after_end", "efter mødets afslutning"


class ReminderAudience(models.TextChoices):
    MEMBERS = "members", "Alle medlemmer"
    PRESENTERS = "presenters", "Oplægsholdere"
    SECRETARIAT = "secretariat", "Sekretariatet"
    CHAIR = "chair", "Formanden"


class ReminderCondition(models.TextChoices):
    ALWAYS = "always", "Altid"
    ITEMS_WITHOUT_BILAG = "items_without_bilag", "Punkter med oplægsholder mangler bilag"
    NOT_PUBLISHED = "not_published", "Dagsordenen er ikke udsendt"
    PUBLISHED = "published", "Dagsordenen er udsendt"
    DECISIONS_MISSING = "decisions_missing", "Der mangler beslutninger"


class ReminderRule(models.Model):
    """When a committee's reminders go out, to whom, on what condition, with what text."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="reminder_rules"
    )
    name = models.CharField("navn", max_length=200)
    anchor = models.CharField(
        "tidspunkt",
        max_length=20,
        choices=ReminderAnchor.choices,
        default=ReminderAnchor.BEFORE_START,
    )
    offset_days = models.PositiveSmallIntegerField("dage", default=0)
    offset_hours = models.PositiveSmallIntegerField("timer", default=0)
    audience = models.CharField("modtagere", max_length=20, choices=ReminderAudience.choices)
    condition = models.CharField(
        "betingelse",
        max_length=30,
        choices=ReminderCondition.choices,
        default=ReminderCondition.ALWAYS,
    )
    subject = models.CharField("emne", max_length=300)
    body = models.TextField("tekst")
    attach_agenda_pdf = models.BooleanField("vedhæft dagsorden som PDF", default=False)
    attach_ics = models.BooleanField("vedhæft kalenderinvitation", default=False)
    active = models.BooleanField("aktiv", default=True)

    class Meta:
        ordering = ["committee", "anchor", "-offset_days", "-offset_hours"]
        verbose_name = "påmindelsesregel"
        verbose_name_plural = "påmindelsesregler"
        constraints = [
            models.CheckConstraint(
                condition=Q(offset_hours__lt=24 * 60), name="reminder_offset_hours_sane"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.short_name}: {self.name}"


class ReminderStatus(models.TextChoices):
    PENDING = "pending", "Planlagt"
    SENT = "sent", "Sendt"
    SKIPPED = "skipped", "Ikke relevant"
    FAILED = "failed", "Fejlet"


class Reminder(models.Model):
    """One rule's reminder for one meeting at one meeting time, due at `due_at`.

    `meeting_starts_at` is the meeting time it was computed for: a meeting moved to another
    time gets its pending reminders moved, and one sent for a time is never sent again for it.
    """

    rule = models.ForeignKey(ReminderRule, on_delete=models.CASCADE, related_name="reminders")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reminders")
    meeting_starts_at = models.DateTimeField()
    due_at = models.DateTimeField()
    status = models.CharField(
        max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at"]
        verbose_name = "påmindelse"
        verbose_name_plural = "påmindelser"
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "meeting", "meeting_starts_at"], name="reminder_once_per_time"
            ),
        ]
        indexes = [
            # The beat scan: due, pending reminders, oldest first.
            models.Index(
                fields=["due_at"],
                condition=Q(status="pending"),
                name="reminder_pending_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} for {self.meeting} ({self.due_at:%Y-%m-%d %H:%M})"


class DeliveryStatus(models.TextChoices):
    CLAIMED = "claimed", "Sendes"
    SENT = "sent", "Sendt"
    FAILED = "failed", "Fejlet"


class ReminderDelivery(models.Model):
    """One reminder to one recipient: claimed (inserted) before sending, so never twice."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_deliveries"
    )
    email = models.EmailField()
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.CLAIMED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=500, blank=True)
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["reminder", "email"]
        verbose_name = "afsendelse"
        verbose_name_plural = "afsendelser"
        constraints = [
            models.UniqueConstraint(
                fields=["reminder", "recipient"], name="delivery_once_per_recipient"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reminder} → {self.email} ({self.get_status_display()})"


class BudgetProposal(models.Model):
    """A budget revision an item proposes (moves between lines); applied once on 'Godkendt'.

    Applying it creates a revision of the budget dated the meeting day with the proposed
    amounts; `applied_revision` links the two, so it can never be applied twice.
    """

    item = models.OneToOneField(
        AgendaItem, on_delete=models.CASCADE, related_name="budget_proposal"
    )
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="+")
    note = models.TextField("begrundelse", blank=True)
    applied_revision = models.OneToOneField(
        BudgetRevision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposal",
        editable=False,
    )
    applied_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "budgetforslag"
        verbose_name_plural = "budgetforslag"

    def __str__(self) -> str:
        return f"Budgetforslag til {self.item}"


class BudgetProposalLine(models.Model):
    """The amount a proposal gives one budget line in the new revision."""

    proposal = models.ForeignKey(BudgetProposal, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField("nyt beløb (kr.)")

    class Meta:
        verbose_name = "linje i budgetforslag"
        verbose_name_plural = "linjer i budgetforslag"
        constraints = [
            models.UniqueConstraint(fields=["proposal", "line"], name="proposal_line_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="proposal_amount_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.line}: {self.amount}"
