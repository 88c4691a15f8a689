"""The JSON API of a reader's highlights and notes in a bilag (the viewer's script uses it).

Only the owner reaches an annotation, and only while they may read its bilag: anyone else
gets 404 (`access.own_annotations`, `access.content_visible_bilag`). Writes need the CSRF
token (header X-CSRFToken); bad input answers 400 with a Danish message, nothing changed.
"""

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_http_methods

from .. import access
from ..agenda import bilag_filename, bilag_number
from ..bilag.layout import bilag_page_boxes, bilag_pdf_data
from ..bilag.text import bounded_decoding
from ..models import Bilag, BilagAnnotation
from . import selectors, services
from .export import pdf_with_annotations

# A highlight over a few pages of text is a few kilobytes; more is not an annotation.
MAX_BODY_BYTES = 64 * 1024


class BadRequest(Exception):
    pass


def _body(request: HttpRequest) -> dict[str, Any]:
    if len(request.body) > MAX_BODY_BYTES:
        raise BadRequest("Markeringen er for stor til at blive gemt.")
    try:
        data = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):  # [[[[… nested deep
        raise BadRequest("Forespørgslen kunne ikke læses (ikke gyldig JSON).") from None
    if not isinstance(data, dict):
        raise BadRequest("Forespørgslen kunne ikke læses (ikke et JSON-objekt).")
    return data


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadRequest(f"Feltet »{key}« skal være tekst.")
    return value


def _error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _invalid(error: ValidationError) -> JsonResponse:
    return _error(" ".join(error.messages))


@require_http_methods(["GET", "POST"])
def bilag_annotations(request: HttpRequest, bilag_id: int) -> JsonResponse:
    """GET: the user's annotations in a bilag. POST: a new one (JSON), answered 201."""
    bilag = get_object_or_404(access.content_visible_bilag(request.user), pk=bilag_id)
    if request.method == "GET":
        rows = selectors.bilag_annotations(request.user, bilag)
        return JsonResponse(
            {
                "version": bilag.version,
                "annotations": [
                    selectors.annotation_data(row, current_version=bilag.version) for row in rows
                ],
            }
        )
    try:
        data = _body(request)
        quote = data.get("quote") or {}
        if not isinstance(quote, dict):
            raise BadRequest("Feltet »quote« skal være et objekt.")
        annotation = services.annotation_create(
            owner=request.user,
            bilag=bilag,
            page_boxes=bilag_page_boxes(bilag),
            bilag_version=data.get("version"),
            kind=_text(data, "kind") or "highlight",
            colour=_text(data, "colour") or "yellow",
            page=data.get("page"),
            areas=data.get("areas"),
            exact=_text(quote, "exact"),
            prefix=_text(quote, "prefix"),
            suffix=_text(quote, "suffix"),
            note=_text(data, "note"),
        )
    except BadRequest as bad:
        return _error(str(bad))
    except services.AnnotationStale:
        return _error(services.AnnotationStale.message, status=409)
    except ValidationError as error:
        return _invalid(error)
    return JsonResponse(
        selectors.annotation_data(annotation, current_version=bilag.version), status=201
    )


def _own(request: HttpRequest, annotation_id: int) -> tuple[BilagAnnotation, Bilag]:
    annotation = get_object_or_404(
        access.own_annotations(request.user).select_related("bilag"), pk=annotation_id
    )
    return annotation, annotation.bilag


@require_http_methods(["PATCH", "DELETE"])
def annotation_detail(request: HttpRequest, annotation_id: int) -> JsonResponse:
    """PATCH: change the colour or the note (JSON). DELETE: remove it (204-like: JSON)."""
    annotation, bilag = _own(request, annotation_id)
    if request.method == "DELETE":
        services.annotation_delete(annotation=annotation, actor=request.user)
        return JsonResponse({"deleted": annotation_id})
    try:
        data = _body(request)
        colour = data.get("colour")
        note = data.get("note")
        if colour is not None and not isinstance(colour, str):
            raise BadRequest("Feltet »colour« skal være tekst.")
        if note is not None and not isinstance(note, str):
            raise BadRequest("Feltet »note« skal være tekst.")
        annotation = services.annotation_update(
            annotation=annotation, actor=request.user, colour=colour, note=note
        )
    except BadRequest as bad:
        return _error(str(bad))
    except ValidationError as error:
        return _invalid(error)
    except BilagAnnotation.DoesNotExist:
        raise Http404 from None
    return JsonResponse(selectors.annotation_data(annotation, current_version=bilag.version))


@require_GET
def bilag_with_my_notes(request: HttpRequest, bilag_id: int) -> HttpResponse:
    """The bilag's PDF with the user's own highlights and notes as PDF annotations, made for
    this request and never stored (everyone's plain download stays the file as uploaded)."""
    bilag = get_object_or_404(access.content_visible_bilag(request.user), pk=bilag_id)
    data = bilag_pdf_data(bilag)
    if data is None:
        raise Http404
    mine = selectors.bilag_annotations(request.user, bilag).filter(bilag_version=bilag.version)
    with bounded_decoding():
        content = pdf_with_annotations(data, mine)
    stem = bilag_filename(bilag, bilag_number(bilag)).rsplit(".", 1)[0]
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{stem}-med-mine-noter.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
