"""Search across the meetings a user may see: items, sections and the text of bilag; and
between meetings, written procedures (their text and bilag) and follow-up actions.

PostgreSQL: full-text search with the Danish configuration, ranked, with highlighted
snippets. SQLite (the demo): a plain case-insensitive match, newest meeting first.
Every query starts from `access.content_visible_items` / `content_visible_bilag` (and
`visible_procedures` / `visible_actions`), so a closed item or procedure the user may not read
gives no hit on its words, not even its title. Procedures and actions are matched plainly
(case-insensitive) on every database: they are few. So are the user's own highlights and notes
in bilag (`access.own_annotations`): found for their owner only, never for anyone else.
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .. import access
from ..agenda import item_numbers
from ..models import (
    AgendaItem,
    Bilag,
    BilagAnnotation,
    FollowUpAction,
    ItemEmbed,
    ItemSection,
    ProcedureBilag,
    ProcedureSection,
    WrittenProcedure,
)
from ..sanitize import html_to_text

MAX_RESULTS = 60
CONFIG = "danish"
START, STOP = "\x02", "\x03"  # markers ts_headline puts around hits; escaped, then <mark>


@dataclass(frozen=True)
class Filters:
    committee: int | None = None
    year: int | None = None
    project: int | None = None


@dataclass(frozen=True)
class Hit:
    """One result: an item (by its title, a section or its decision) or a bilag; or a
    written procedure or a follow-up action (then `item` is the action's item, if any)."""

    kind: str  # "Punkt", "Afsnit", "Beslutning", "Tabel", "Bilag", "Skriftlig proces", "Opfølgning"
    item: AgendaItem | None
    title: str
    snippet: SafeString
    rank: float
    bilag: Bilag | None = None
    procedure: WrittenProcedure | None = None
    action: FollowUpAction | None = None
    annotation: BilagAnnotation | None = None  # the user's own highlight or note
    section: str = ""  # the heading of the matched section ("Indstilling"), if any
    number: int = 0  # the item's number on its agenda

    @property
    def committee_name(self) -> str:
        if self.procedure is not None:
            return self.procedure.committee.short_name
        if self.action is not None:
            return self.action.committee.short_name
        return self.item.meeting.committee.short_name

    @property
    def date(self) -> dt.date:
        if self.procedure is not None:
            return timezone.localdate(self.procedure.deadline)
        if self.action is not None:
            return self.action.decided_on
        return self.item.meeting.date

    @property
    def url(self) -> str:
        if self.procedure is not None:
            return reverse("meetings:procedure_detail", args=[self.procedure.pk])
        if self.action is not None:
            return reverse("meetings:action_list", args=[self.action.committee_id])
        if self.annotation is not None:
            viewer = reverse("meetings:bilag_view", args=[self.annotation.bilag_id])
            return f"{viewer}?side={self.annotation.page}#markering-{self.annotation.pk}"
        if self.bilag is not None:
            return reverse("meetings:bilag_view", args=[self.bilag.pk])
        return reverse("meetings:meeting_detail", args=[self.item.meeting_id]) + (
            f"#item-{self.item.pk}"
        )

    @property
    def where(self) -> str:
        """'i afsnittet »Indstilling«', 'i beslutningen', 'i bilaget', 'i punktets titel'."""
        if self.kind == "Afsnit":
            return f"i afsnittet »{self.section}«" if self.section else "i punktets tekst"
        if self.kind == "Beslutning":
            return "i beslutningen"
        if self.kind == "Tabel":
            return "i punktets budgettabel"
        if self.kind == "Min markering":
            return "i din egen markering i bilaget"
        if self.kind == "Bilag":
            return "i bilaget"
        if self.kind == "Skriftlig proces":
            return "i den skriftlige proces"
        if self.kind == "Opfølgning":
            return "i opfølgningen på en beslutning"
        return "i punktets titel"


def _filtered(queryset: QuerySet, prefix: str, filters: Filters) -> QuerySet:
    if filters.committee:
        queryset = queryset.filter(**{f"{prefix}meeting__committee_id": filters.committee})
    if filters.year:
        queryset = queryset.filter(**{f"{prefix}meeting__date__year": filters.year})
    if filters.project:
        queryset = queryset.filter(**{f"{prefix}projects": filters.project})
    return queryset


def _text(markup: str) -> str:
    """Section or decision HTML as plain text (tags dropped, entities decoded)."""
    return html_to_text(markup)


def _highlighted(headline: str) -> SafeString:
    """ts_headline's text with only its hit markers as <mark>: everything else escaped."""
    text = escape(headline)
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _plain_snippet(text: str, query: str, width: int = 90) -> SafeString:
    """Around the first match, escaped, the match marked (the SQLite fallback)."""
    at = text.lower().find(query.lower())
    if at < 0:
        return _highlighted(text[: 2 * width] + ("…" if len(text) > 2 * width else ""))
    start = max(0, at - width)
    end = min(len(text), at + len(query) + width)
    piece = text[start:at] + START + text[at : at + len(query)] + STOP + text[at + len(query) : end]
    return _highlighted(("…" if start else "") + piece + ("…" if end < len(text) else ""))


def search(user: object, query: str, filters: Filters | None = None) -> list[Hit]:
    """What the user may read that matches the query, best first (at most MAX_RESULTS)."""
    query = query.strip()
    filters = filters or Filters()
    if not query:
        return []
    items = _filtered(
        access.content_visible_items(user).select_related("meeting__committee"), "", filters
    )
    sections = _filtered(
        ItemSection.objects.filter(item__in=access.content_visible_items(user)).select_related(
            "item__meeting__committee"
        ),
        "item__",
        filters,
    )
    bilag = _filtered(
        access.content_visible_bilag(user).select_related("item__meeting__committee"),
        "item__",
        filters,
    )
    if connection.vendor == "postgresql":
        hits = _search_postgres(query, items, sections, bilag)
    else:
        hits = _search_plain(query, items, sections, bilag)
    hits += _search_tables(query, items)
    hits += _search_between(user, query, filters)
    hits += _search_own_annotations(user, query, filters)
    hits.sort(
        key=lambda hit: (-hit.rank, -hit.date.toordinal(), hit.item.position if hit.item else 0)
    )
    hits = hits[:MAX_RESULTS]
    # one query, whatever the number of hits
    numbers = item_numbers(hit.item for hit in hits if hit.item is not None)
    return [
        replace(hit, number=numbers.get(hit.item.pk, 0)) if hit.item is not None else hit
        for hit in hits
    ]


def searched_meetings(user: object, filters: Filters) -> int:
    """How many meetings a search looked in (said when it found nothing)."""
    meetings = access.visible_meetings(user)
    if filters.committee:
        meetings = meetings.filter(committee_id=filters.committee)
    if filters.year:
        meetings = meetings.filter(date__year=filters.year)
    if filters.project:
        meetings = meetings.filter(items__projects=filters.project)
    return meetings.distinct().count()


def fewer_words(query: str) -> list[str]:
    """Shorter searches to suggest when one found nothing: each longer word on its own."""
    words = [word.strip(".,;:!?»«\"'()") for word in query.split()]
    words = [word for word in dict.fromkeys(words) if len(word) > 2]
    return sorted(words, key=len, reverse=True)[:4] if len(words) > 1 else []


def _search_between(user: object, query: str, filters: Filters) -> list[Hit]:
    """Written procedures (title, text, bilag) and follow-up actions the user may see."""
    procedures = access.visible_procedures(user).select_related("committee")
    actions = access.visible_actions(user).select_related("committee", "item")
    if filters.committee:
        procedures = procedures.filter(committee_id=filters.committee)
        actions = actions.filter(committee_id=filters.committee)
    if filters.year:
        procedures = procedures.filter(deadline__year=filters.year)
        actions = actions.filter(decided_on__year=filters.year)
    if filters.project:
        procedures = procedures.filter(projects=filters.project)
        actions = actions.filter(
            Q(item__projects=filters.project) | Q(procedure__projects=filters.project)
        )
    matching_sections = ProcedureSection.objects.filter(
        Q(heading__icontains=query) | Q(html__icontains=query)
    )
    matching_bilag = ProcedureBilag.objects.filter(
        Q(title__icontains=query) | Q(text__icontains=query)
    )
    found = procedures.filter(
        Q(title__icontains=query)
        | Q(pk__in=matching_sections.values("procedure_id"))
        | Q(pk__in=matching_bilag.values("procedure_id"))
    ).prefetch_related("sections", "bilag")[:MAX_RESULTS]
    hits: list[Hit] = []
    wanted = query.lower()
    for procedure in found:
        text = " ".join(_text(section.html) for section in procedure.sections.all())
        # Where the words are: the text, else a bilag's text or title (its matched words
        # shown, issue 23.16), else the title.
        in_bilag = next(
            (
                part
                for bilag in procedure.bilag.all()
                for part in (bilag.text, bilag.title)
                if wanted in part.lower()
            ),
            "",
        )
        source = text if wanted in text.lower() else in_bilag or procedure.title
        hits.append(
            Hit(
                "Skriftlig proces",
                None,
                procedure.title,
                _plain_snippet(source, query),
                0.6,
                procedure=procedure,
            )
        )
    for action in actions.filter(
        Q(what__icontains=query) | Q(close_note__icontains=query)
    ).distinct()[:MAX_RESULTS]:
        hits.append(
            Hit(
                "Opfølgning",
                action.item,
                action.what,
                _plain_snippet(action.what, query),
                0.5,
                action=action,
            )
        )
    return hits


def _search_own_annotations(user: object, query: str, filters: Filters) -> list[Hit]:
    """The user's own highlights and notes whose note or marked text matches: theirs alone."""
    found = _filtered(
        access.own_annotations(user).select_related("bilag__item__meeting__committee"),
        "bilag__item__",
        filters,
    ).filter(Q(note__icontains=query) | Q(quote_exact__icontains=query))
    hits = []
    for annotation in found.order_by("-updated_at")[:MAX_RESULTS]:
        source = annotation.note if query.lower() in annotation.note.lower() else ""
        bilag = annotation.bilag
        hits.append(
            Hit(
                "Min markering",
                bilag.item,
                bilag.title,
                _plain_snippet(source or annotation.quote_exact, query),
                0.7,
                bilag=bilag,
                annotation=annotation,
            )
        )
    return hits


def _table_words(embed: ItemEmbed) -> str:
    """The names in a budget table as it was sent out: the programme, then each project."""
    table = (embed.frozen_data or {}).get("table") or {}
    names = [table.get("programme_name", "")] + [row["project"] for row in table.get("rows", [])]
    return " · ".join(name for name in names if name)


def _search_tables(query: str, items: QuerySet) -> list[Hit]:
    """Budget tables shown in an item, by the names in them ("Intelligent indbakke"), as the
    members received them. Few (one per budget item), so matched plainly on every database. A
    draft's table is live and read from the portfolio; its names are found there."""
    needle = query.casefold()
    hits = []
    for embed in ItemEmbed.objects.filter(item__in=items, frozen_data__isnull=False).select_related(
        "item__meeting__committee"
    ):
        words = _table_words(embed)
        if needle in words.casefold():
            snippet = _plain_snippet(words, query)
            hits.append(Hit("Tabel", embed.item, embed.item.title, snippet, 0.3))
    return hits


def _search_postgres(query: str, items, sections, bilag) -> list[Hit]:
    search_query = SearchQuery(query, config=CONFIG, search_type="websearch")
    options = {"start_sel": START, "stop_sel": STOP, "max_fragments": 2, "config": CONFIG}
    hits: list[Hit] = []

    title_vector = SearchVector("title", config=CONFIG, weight="A")
    for item in (
        items.annotate(document=title_vector)
        .filter(document=search_query)
        .annotate(rank=SearchRank(F("document"), search_query))
        .annotate(snippet=SearchHeadline("title", search_query, **options))
        .order_by("-rank")[:MAX_RESULTS]
    ):
        hits.append(Hit("Punkt", item, item.title, _highlighted(item.snippet), item.rank))

    decision = Coalesce(F("decision_html"), Value(""))
    decision_vector = SearchVector("decision_html", config=CONFIG, weight="B")
    for item in (
        items.exclude(decision_html="")
        .annotate(document=decision_vector)
        .filter(document=search_query)
        .annotate(rank=SearchRank(F("document"), search_query))
        .annotate(snippet=SearchHeadline(decision, search_query, **options))
        .order_by("-rank")[:MAX_RESULTS]
    ):
        snippet = _highlighted(_text(item.snippet))
        hits.append(Hit("Beslutning", item, item.title, snippet, item.rank))

    section_vector = SearchVector("heading", config=CONFIG, weight="B") + SearchVector(
        "html", config=CONFIG, weight="C"
    )
    for section in (
        sections.annotate(document=section_vector)
        .filter(document=search_query)
        .annotate(rank=SearchRank(F("document"), search_query))
        .annotate(snippet=SearchHeadline("html", search_query, **options))
        .order_by("-rank")[:MAX_RESULTS]
    ):
        # ts_headline keeps the section's tags around the fragment: drop them, escape the rest.
        snippet = _highlighted(_text(section.snippet))
        hits.append(
            Hit(
                "Afsnit",
                section.item,
                section.item.title,
                snippet,
                section.rank,
                section=section.heading,
            )
        )

    bilag_vector = SearchVector("title", config=CONFIG, weight="A") + SearchVector(
        "text", config=CONFIG, weight="C"
    )
    for found in (
        bilag.annotate(document=bilag_vector)
        .filter(document=search_query)
        .annotate(rank=SearchRank(F("document"), search_query))
        .annotate(
            snippet=SearchHeadline(
                Coalesce(F("text"), Value("")), search_query, **options, max_words=30
            )
        )
        .order_by("-rank")[:MAX_RESULTS]
    ):
        snippet = _highlighted(found.snippet) if found.text else _highlighted(found.title)
        hits.append(Hit("Bilag", found.item, found.title, snippet, found.rank, bilag=found))
    return hits


def _search_plain(query: str, items, sections, bilag) -> list[Hit]:
    hits: list[Hit] = []
    for item in items.filter(title__icontains=query).order_by("-meeting__date")[:MAX_RESULTS]:
        hits.append(Hit("Punkt", item, item.title, _plain_snippet(item.title, query), 1.0))
    for item in items.filter(decision_html__icontains=query)[:MAX_RESULTS]:
        text = _text(item.decision_html)
        hits.append(Hit("Beslutning", item, item.title, _plain_snippet(text, query), 0.5))
    for section in sections.filter(Q(heading__icontains=query) | Q(html__icontains=query))[
        :MAX_RESULTS
    ]:
        text = _text(section.html)
        snippet = _plain_snippet(text, query)
        hits.append(
            Hit("Afsnit", section.item, section.item.title, snippet, 0.3, section=section.heading)
        )
    for found in bilag.filter(Q(title__icontains=query) | Q(text__icontains=query))[:MAX_RESULTS]:
        text = found.text if query.lower() in found.text.lower() else found.title
        hits.append(
            Hit("Bilag", found.item, found.title, _plain_snippet(text, query), 0.4, bilag=found)
        )
    return hits
