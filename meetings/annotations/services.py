"""Writes of a reader's highlights and notes in a bilag, and their placing on a new version.

Whether the user may read the bilag is decided by the view through `meetings.access`
(`content_visible_bilag`, `own_annotations`). The audit entries name no meeting and hold no
text: a private mark must not show in the history the secretariat reads.
"""

import math
from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction

from dap_portal.danish import thousands

from ..audit import AuditAction, record_audit
from ..models import (
    MAX_ANNOTATION_NOTE_CHARS,
    MAX_AREAS,
    MAX_CONTEXT_CHARS,
    MAX_QUOTE_CHARS,
    AnnotationColour,
    AnnotationKind,
    AnnotationStatus,
    Bilag,
    BilagAnnotation,
)
from .anchoring import Box, PageText, place_quote

# A rectangle may reach this far (points) past the page's edge: a selection's box does.
EDGE_TOLERANCE = 2.0


class AnnotationStale(Exception):
    """The annotation was made on a version of the bilag that has since been replaced."""

    message = (
        "Bilaget er kommet i en ny version, siden du åbnede det. Genindlæs siden, og markér igen."
    )


def plain_text(text: str) -> str:
    """A note as plain text: line breaks kept, other control characters left out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(c for c in text if c in "\n\t" or c.isprintable()).strip()


def _one_line(text: str) -> str:
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _areas(areas: Any, *, box: Box, kind: AnnotationKind) -> list[list[float]]:
    if not isinstance(areas, list) or not areas:
        raise ValidationError("Markeringen har ingen områder på siden.")
    if len(areas) > MAX_AREAS:
        raise ValidationError(
            f"Markeringen har for mange områder: {thousands(len(areas))}. "
            f"Højst {thousands(MAX_AREAS)} er tilladt; markér mindre tekst ad gangen."
        )
    if kind == AnnotationKind.NOTE and len(areas) != 1:
        raise ValidationError("En note på siden har netop ét sted.")
    left, bottom, right, top = box
    checked = []
    for area in areas:
        if (
            not isinstance(area, list)
            or len(area) != 4
            or not all(
                isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
                for v in area
            )
        ):
            raise ValidationError(
                "Et område skal være fire tal: [x0, y0, x1, y1] i PDF-koordinater."
            )
        x0, x1 = sorted((float(area[0]), float(area[2])))
        y0, y1 = sorted((float(area[1]), float(area[3])))
        if (
            x0 < left - EDGE_TOLERANCE
            or x1 > right + EDGE_TOLERANCE
            or y0 < bottom - EDGE_TOLERANCE
            or y1 > top + EDGE_TOLERANCE
        ):
            raise ValidationError("Markeringen ligger uden for siden.")
        if kind == AnnotationKind.HIGHLIGHT and (x1 - x0 <= 0 or y1 - y0 <= 0):
            raise ValidationError("Et markeret område skal have en bredde og en højde.")
        checked.append([round(v, 2) for v in (x0, y0, x1, y1)])
    return checked


def _note(note: str) -> str:
    note = plain_text(note)
    if len(note) > MAX_ANNOTATION_NOTE_CHARS:
        raise ValidationError(
            f"Noten er for lang: {thousands(len(note))} tegn. Den må højst have "
            f"{thousands(MAX_ANNOTATION_NOTE_CHARS)} tegn. Den er ikke gemt; gør den kortere, "
            "og gem igen."
        )
    return note


def _colour(colour: str) -> str:
    if colour not in AnnotationColour.values:
        names = ", ".join(label.lower() for label in AnnotationColour.labels)
        raise ValidationError(f"Ukendt farve. Vælg en af disse: {names}.")
    return colour


@transaction.atomic
def annotation_create(
    *,
    owner: AbstractBaseUser,
    bilag: Bilag,
    page_boxes: Sequence[Box],
    bilag_version: int,
    kind: str,
    colour: str,
    page: Any,
    areas: Any,
    exact: str,
    prefix: str = "",
    suffix: str = "",
    note: str = "",
) -> BilagAnnotation:
    """Keep a highlight (over selected text) or a note (pinned to a point) in a bilag, for
    its owner only. `page_boxes` are the media boxes of the PDF the bilag is shown as."""
    if kind not in AnnotationKind.values:
        raise ValidationError("Ukendt type: vælg en markering eller en note.")
    kind = AnnotationKind(kind)
    if not page_boxes:
        raise ValidationError("Bilaget kan ikke markeres: det kan ikke vises som PDF.")
    # Under the lock the re-placing on a new version takes (`annotations_reanchor`): a mark
    # saved while the secretariat replaces the file is either refused as stale or made before
    # the re-placing, which then moves it too.
    bilag = Bilag.objects.select_for_update().get(pk=bilag.pk)
    if bilag_version != bilag.version:
        raise AnnotationStale
    if not isinstance(page, int) or isinstance(page, bool) or not 1 <= page <= len(page_boxes):
        pages = "1 side" if len(page_boxes) == 1 else f"{thousands(len(page_boxes))} sider"
        raise ValidationError(f"Siden findes ikke i bilaget, som har {pages}.")
    exact = _one_line(exact)
    if kind == AnnotationKind.HIGHLIGHT and not exact:
        raise ValidationError("Markér noget tekst i bilaget først.")
    if len(exact) > MAX_QUOTE_CHARS:
        raise ValidationError(
            f"Den markerede tekst er for lang: {thousands(len(exact))} tegn. Markér højst "
            f"{thousands(MAX_QUOTE_CHARS)} tegn ad gangen."
        )
    note = _note(note)
    if kind == AnnotationKind.NOTE and not note:
        raise ValidationError("Skriv noten, før du gemmer den.")
    annotation = BilagAnnotation(
        owner=owner,
        bilag=bilag,
        bilag_version=bilag.version,
        kind=kind,
        colour=_colour(colour),
        page=page,
        areas=_areas(areas, box=page_boxes[page - 1], kind=kind),
        quote_exact=exact,
        # The text either side only tells occurrences apart: kept short, not refused.
        quote_prefix=_one_line(prefix)[-MAX_CONTEXT_CHARS:],
        quote_suffix=_one_line(suffix)[:MAX_CONTEXT_CHARS],
        note=note,
        status=AnnotationStatus.PLACED,
    )
    annotation.full_clean()
    annotation.save()
    record_audit(
        meeting=None,
        actor=owner,
        action=AuditAction.ANNOTATION_CREATED,
        summary=f"{kind.label} tilføjet i bilag {bilag.pk}",
        target=annotation,
    )
    return annotation


@transaction.atomic
def annotation_update(
    *,
    annotation: BilagAnnotation,
    actor: AbstractBaseUser,
    colour: str | None = None,
    note: str | None = None,
) -> BilagAnnotation:
    """Change a highlight's colour or its note (where it is stays as it is)."""
    annotation = BilagAnnotation.objects.select_for_update().get(pk=annotation.pk)
    if annotation.owner_id != actor.pk:
        raise BilagAnnotation.DoesNotExist
    changed = []
    if colour is not None and colour != annotation.colour:
        annotation.colour = _colour(colour)
        changed.append("colour")
    if note is not None:
        note = _note(note)
        if annotation.kind == AnnotationKind.NOTE and not note:
            raise ValidationError("En note på siden skal have en tekst. Slet den i stedet.")
        if note != annotation.note:
            annotation.note = note
            changed.append("note")
    if not changed:
        return annotation
    annotation.full_clean()
    annotation.save(update_fields=[*changed, "updated_at"])
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.ANNOTATION_UPDATED,
        summary=f"Markering ændret i bilag {annotation.bilag_id}",
        target=annotation,
        changes={name: True for name in changed},
    )
    return annotation


@transaction.atomic
def annotation_delete(*, annotation: BilagAnnotation, actor: AbstractBaseUser) -> None:
    """Remove one of the user's own highlights or notes."""
    if annotation.owner_id != actor.pk:
        raise BilagAnnotation.DoesNotExist
    pk, bilag_id = annotation.pk, annotation.bilag_id
    annotation.delete()
    record_audit(
        meeting=None,
        actor=actor,
        action=AuditAction.ANNOTATION_DELETED,
        summary=f"Markering slettet i bilag {bilag_id}",
        changes={"annotation": [pk, None]},
    )


def _placed_again(annotation: BilagAnnotation, pages: Sequence[PageText]) -> bool:
    """Place one annotation on the new pages (in memory); whether it was found."""
    if annotation.quote_exact:
        placement = place_quote(
            pages,
            exact=annotation.quote_exact,
            prefix=annotation.quote_prefix,
            suffix=annotation.quote_suffix,
            near_page=annotation.page,
        )
        if placement is None:
            return False
        annotation.page = placement.page
        if annotation.kind == AnnotationKind.NOTE:
            # A pin at the start of the text it was put by.
            x0, _, _, y1 = placement.areas[0]
            annotation.areas = [[x0, y1, x0, y1]]
        else:
            annotation.areas = placement.areas
        return True
    # A note on a point with no text by it stays where it was, if that page is still there.
    return annotation.kind == AnnotationKind.NOTE and annotation.page <= len(pages)


@transaction.atomic
def annotations_reanchor(
    *, bilag: Bilag, pages: Sequence[PageText], version: int | None = None
) -> tuple[int, int]:
    """Place every annotation made on an earlier version of a bilag again by its text on the
    current version (`pages`: its PDF's glyphs); what is not found becomes "unplaced", with its
    text and note kept. Returns (placed, unplaced).

    `version`: the version whose PDF `pages` were read from; when the bilag has moved on since
    (replaced again meanwhile), nothing is placed here: the newer file's task places them."""
    bilag = Bilag.objects.select_for_update().get(pk=bilag.pk)
    if version is not None and version != bilag.version:
        return 0, 0
    stale = list(
        BilagAnnotation.objects.select_for_update()
        .filter(bilag=bilag)
        .exclude(bilag_version=bilag.version)
    )
    if not stale:
        return 0, 0
    placed = 0
    for annotation in stale:
        found = _placed_again(annotation, pages)
        annotation.status = AnnotationStatus.PLACED if found else AnnotationStatus.UNPLACED
        annotation.bilag_version = bilag.version
        placed += found
    BilagAnnotation.objects.bulk_update(stale, ["page", "areas", "status", "bilag_version"])
    unplaced = len(stale) - placed
    record_audit(
        meeting=None,
        actor=None,
        action=AuditAction.ANNOTATIONS_REANCHORED,
        summary=f"Markeringer i bilag {bilag.pk} placeret i version {bilag.version}: "
        f"{placed} placeret, {unplaced} ikke placeret",
        target=bilag,
        changes={"placed": placed, "unplaced": unplaced},
    )
    return placed, unplaced
