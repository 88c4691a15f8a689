"""Agenda items and their parts: presenters, sections under headings, embedded figures."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from dap_portal.danish import thousands
from projects.models import Programme, Project

from .committees import Committee
from .meetings import Meeting

# How large an agenda may grow, the same on every path (editor, import_agenda from the command
# line and the web, the archive import): every one saves through full_clean. Far above any
# real agenda; a 50 MB agenda with 2,500 items is not one.
MAX_ITEMS_PER_MEETING = 200
CLOSED_ITEM_TITLE = "Lukket punkt"  # the title others see of a closed item, unless set
# A section or decision holds text, lists and tables; a longer text belongs in a bilag.
MAX_SECTION_CHARACTERS = 200_000


def validate_html_size(html: str) -> None:
    """Refuse a text longer than MAX_SECTION_CHARACTERS with a Danish message saying what to do
    (a model validator, and the editor's check before sanitizing)."""
    if len(html) > MAX_SECTION_CHARACTERS:
        raise ValidationError(
            f"Teksten er for lang: {thousands(len(html))} tegn. Et afsnit må højst have "
            f"{thousands(MAX_SECTION_CHARACTERS)} tegn. Del teksten i flere afsnit, "
            "eller læg den som bilag.",
            code="too_long",
        )


def too_many_items(count: int) -> str:
    return (
        f"En dagsorden kan højst have {MAX_ITEMS_PER_MEETING} punkter; denne har {count}. "
        "Del den i flere møder."
    )


class ItemKind(models.TextChoices):
    ORIENTATION = "O", "Orientering"
    DECISION = "B", "Beslutning"
    DISCUSSION = "D", "Drøftelse"


class DecisionOutcome(models.TextChoices):
    """How an item was decided; the one-click outcomes carry their standard wording."""

    NOTED = "noted", "Taget til efterretning"
    APPROVED = "approved", "Godkendt som indstillet"
    APPROVED_WITH_REMARK = "approved_remark", "Godkendt som indstillet med bemærkning"
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
    # What those without access to a closed item see instead of its title (a title can itself
    # tell too much), as municipal agendas do.
    public_title = models.CharField(
        "titel for andre", max_length=300, default=CLOSED_ITEM_TITLE, blank=True
    )
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
    decided_by = models.ForeignKey(  # the record names who registered it: kept (PROTECT)
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
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

    def clean(self) -> None:
        if self._state.adding and self.meeting_id is not None:
            count = AgendaItem.objects.filter(meeting_id=self.meeting_id).count()
            if count >= MAX_ITEMS_PER_MEETING:
                raise ValidationError(too_many_items(count + 1))

    @property
    def shown_title(self) -> str:
        """The title those without access to a closed item see."""
        return self.public_title.strip() or CLOSED_ITEM_TITLE

    @property
    def decision_in_standard_words(self) -> bool:
        """Whether the decision's text is just its outcome's standard wording (say it once)."""
        return bool(self.decision_outcome) and self.decision_html == standard_decision_html(
            self.decision_outcome
        )


def standard_decision_html(outcome: str) -> str:
    """`<p>Taget til efterretning</p>`: what a one-click decision writes."""
    return f"<p>{DecisionOutcome(outcome).label}</p>"


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


RECOMMENDATION_KEY = "indstilling"  # a heading, trimmed and case-folded, that names the Indstilling
# A new Indstilling starts with these words (the editor's script is given them too).
RECOMMENDATION_START = "<p>Det indstilles, at styregruppen</p>"


def is_recommendation(heading: str) -> bool:
    """Whether a section heading is the item's Indstilling: the one rule for every reader.

    The agenda, the minutes editor, the forms, the PDF template and the editor's script (given
    RECOMMENDATION_KEY through a data attribute) all decide it here.
    """
    return heading.strip().casefold() == RECOMMENDATION_KEY


class ItemSection(models.Model):
    """A part of an item's text under a heading; html is sanitized on the way in."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField("rækkefølge")
    part = models.CharField("delpunkt", max_length=300, blank=True)
    heading = models.CharField("overskrift", max_length=200, blank=True)
    html = models.TextField("tekst", blank=True, validators=[validate_html_size])
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

    @property
    def is_recommendation(self) -> bool:
        return is_recommendation(self.heading)


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
