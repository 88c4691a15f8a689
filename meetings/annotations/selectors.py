"""Reads of a reader's own highlights and notes: only ever their own (`access.own_annotations`)."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F, QuerySet

from .. import access
from ..models import AnnotationStatus, Bilag, BilagAnnotation, Meeting


def bilag_annotations(
    user: AbstractBaseUser | AnonymousUser, bilag: Bilag
) -> QuerySet[BilagAnnotation]:
    """The user's annotations in one bilag, placed ones by page, then those not placed."""
    return access.own_annotations(user).filter(bilag=bilag).order_by("status", "page", "pk")


def meeting_annotations(
    user: AbstractBaseUser | AnonymousUser, meeting: Meeting
) -> dict[int, list[BilagAnnotation]]:
    """The user's annotations in a meeting's bilag, by bilag id (one query)."""
    found: dict[int, list[BilagAnnotation]] = {}
    rows = (
        access.own_annotations(user)
        .filter(bilag__item__meeting=meeting)
        .order_by("bilag_id", "status", "page", "pk")
    )
    for annotation in rows:
        found.setdefault(annotation.bilag_id, []).append(annotation)
    return found


def meeting_annotations_to_export(
    user: AbstractBaseUser | AnonymousUser, meeting: Meeting
) -> QuerySet[BilagAnnotation]:
    """The user's placed annotations in a meeting's bilag, on each bilag's current version
    (what its PDF in the meeting pack is), by bilag and page."""
    return (
        access.own_annotations(user)
        .filter(
            bilag__item__meeting=meeting,
            status=AnnotationStatus.PLACED,
            bilag_version=F("bilag__version"),
        )
        .order_by("bilag_id", "page", "pk")
    )


def annotation_data(annotation: BilagAnnotation, *, current_version: int) -> dict[str, Any]:
    """An annotation as the viewer's JSON. `waiting`: made on an earlier version, not yet
    placed on the current one (the new file is still being read)."""
    return {
        "id": annotation.pk,
        "kind": annotation.kind,
        "colour": annotation.colour,
        "page": annotation.page,
        "areas": annotation.areas,
        "quote": {
            "exact": annotation.quote_exact,
            "prefix": annotation.quote_prefix,
            "suffix": annotation.quote_suffix,
        },
        "note": annotation.note,
        "status": annotation.status,
        "placed": annotation.status == AnnotationStatus.PLACED,
        "waiting": annotation.bilag_version != current_version,
        "created": annotation.created_at.isoformat(),
        "updated": annotation.updated_at.isoformat(),
    }
