"""One subset tag per font program in a merged PDF (ISO 32000-1 §9.6.4).

WeasyPrint names a subset by a tag drawn from the font, not from the glyphs it keeps: the
agenda, each page of stamps and a generated bilag each embed their own subset of IBM Plex
Sans as `RLMMQV+IBM-Plex-Sans`. Merged into one meeting pack they are different font programs
under one name, which a reader may take for one font (and show the glyphs of another subset).
`unique_subset_tags` gives every further program under a tag a tag of its own, made from the
program's bytes (the same pack gets the same names), in the three places a font names it.
"""

import hashlib
import string
from collections.abc import Iterator

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _fonts(resources, seen: set[int]) -> Iterator[DictionaryObject]:
    """Every font dictionary under a resources dictionary, form XObjects followed."""
    if resources is None:
        return
    resources = resources.get_object()
    for font in (resources.get("/Font") or DictionaryObject()).get_object().values():
        yield font.get_object()
    for xobject in (resources.get("/XObject") or DictionaryObject()).get_object().values():
        reference = getattr(xobject, "idnum", None)
        if reference is not None:
            if reference in seen:
                continue
            seen.add(reference)
        form = xobject.get_object()
        if form.get("/Subtype") == "/Form":
            yield from _fonts(form.get("/Resources"), seen)


def _described(font: DictionaryObject) -> list[DictionaryObject]:
    """The font and its descendant fonts: the dictionaries that carry a /BaseFont."""
    parts = [font]
    for descendant in font.get("/DescendantFonts") or []:
        parts.append(descendant.get_object())
    return parts


def _program(parts: list[DictionaryObject]) -> tuple[DictionaryObject, bytes] | None:
    """(font descriptor, font program bytes) of an embedded font, else None."""
    for part in parts:
        descriptor = part.get("/FontDescriptor")
        if descriptor is None:
            continue
        descriptor = descriptor.get_object()
        for key in FONT_FILES:
            if key in descriptor:
                return descriptor, descriptor[key].get_object().get_data()
    return None


def _new_tag(data: bytes, used: set[str]) -> str:
    """Six capital letters from the program's bytes, not used by another program yet."""
    counter = 0
    while True:
        digest = hashlib.sha256(data + counter.to_bytes(4, "big")).digest()
        tag = "".join(string.ascii_uppercase[byte % 26] for byte in digest[:6])
        if tag not in used:
            return tag
        counter += 1


def unique_subset_tags(writer: PdfWriter) -> int:
    """Rename the subset tag of every font program that shares its tag with another; the
    number of programs renamed."""
    programs: dict[str, bytes] = {}  # tag -> sha256 of the program that keeps it
    renamed: dict[bytes, str] = {}  # sha256 of a program -> the tag it got
    changed = 0
    seen: set[int] = set()
    for page in writer.pages:
        for font in _fonts(page.get("/Resources"), seen):
            parts = _described(font)
            found = _program(parts)
            base = str(font.get("/BaseFont", ""))
            if found is None or len(base) < 8 or base[7] != "+":
                continue
            descriptor, data = found
            tag, name = base[1:7], base[8:]
            digest = hashlib.sha256(data).digest()
            owner = programs.setdefault(tag, digest)
            if owner == digest:
                continue  # the first program under this tag, or the same bytes again
            if digest not in renamed:
                renamed[digest] = _new_tag(data, set(programs) | set(renamed.values()))
                programs[renamed[digest]] = digest
                changed += 1
            new = renamed[digest]
            for part, key in [*((part, "/BaseFont") for part in parts), (descriptor, "/FontName")]:
                own = str(part.get(key, ""))
                part[NameObject(key)] = NameObject(
                    f"/{new}+{own[8:]}" if own[7:8] == "+" else f"/{new}+{name}"
                )
    return changed
