"""The files of the interchange format: a .json file's bytes, and zip archives.

JSON is read strictly: a key written twice is an error, and a syntax error names its line.

A zip is read entry by entry and never past `DAP_BILAG_MAX_BYTES`: names that point outside
the archive, too many entries and sizes over the limit are refused before a byte is unpacked.
A zip is written with a fixed timestamp, so the same meeting always gives the same bytes.
"""

import json
import re
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from typing import Any

from django.conf import settings

from dap_portal.danish import megabytes

from .schema import MAX_ZIP_ENTRIES, InterchangeError

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)  # fixed, so that the same meeting gives the same bytes


def zip_name_problem(name: str) -> str | None:
    """Why a file name inside a zip is unsafe, or None when it is a plain relative path."""
    if "\\" in name:
        return "indeholder en omvendt skråstreg (\\). Brug / mellem mapper"
    if name.startswith("/") or re.match(r"[A-Za-z]:", name):
        return "er en absolut sti. Brug en relativ sti, fx bilag/3-1.pdf"
    if ".." in name.split("/"):
        return "indeholder »..«, der peger uden for zip-filen. Brug en sti som bilag/3-1.pdf"
    if "\x00" in name or not name.strip("/"):
        return "er ikke et gyldigt filnavn"
    return None


def too_large(name: str, size: int, limit: int) -> str:
    """The message for a file over DAP_BILAG_MAX_BYTES."""
    return (
        f"Filen »{name}« fylder {megabytes(size)} udpakket; hver fil må højst fylde "
        f"{megabytes(limit)} (DAP_BILAG_MAX_BYTES). Gør filen mindre, eller del den op."
    )


class ZipFiles(Mapping[str, bytes]):
    """The files of a zip, read one at a time on demand and never past the size limit."""

    def __init__(self, archive: zipfile.ZipFile, entries: dict[str, zipfile.ZipInfo]) -> None:
        self._archive = archive
        self._entries = entries

    def __getitem__(self, name: str) -> bytes:
        return read_entry(self._archive, self._entries[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)


def read_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """One zip entry's bytes, refusing encrypted, corrupt or oversized entries."""
    limit = settings.DAP_BILAG_MAX_BYTES
    try:
        with archive.open(info) as handle:
            # Read at most one byte past the limit: a lying size header cannot inflate us.
            content = handle.read(limit + 1)
    except RuntimeError:
        raise InterchangeError(
            info.filename,
            "Filen er krypteret (beskyttet med adgangskode). Lav zip-filen uden adgangskode.",
        ) from None
    except (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, OSError, ValueError):
        raise InterchangeError(
            info.filename,
            "Filen kan ikke pakkes ud; zip-filen er beskadiget eller bruger en komprimering, "
            "portalen ikke kender. Lav zip-filen igen.",
        ) from None
    if len(content) > limit:
        raise InterchangeError(info.filename, too_large(info.filename, len(content), limit))
    return content


def zip_entries(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The zip's files by name, after refusing unsafe names and oversized or too many entries."""
    infos = archive.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise InterchangeError(
            "",
            f"Zip-filen indeholder {len(infos)} filer; højst {MAX_ZIP_ENTRIES} er tilladt. "
            "Medtag kun agenda.json og bilagsfilerne.",
        )
    limit = settings.DAP_BILAG_MAX_BYTES
    entries: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.filename
        problem = zip_name_problem(name)
        if problem:
            raise InterchangeError(name, f"Filnavnet i zip-filen {problem}.")
        if info.is_dir():
            continue
        if name in entries:
            raise InterchangeError(name, "Filen findes to gange i zip-filen. Fjern den ene.")
        if info.file_size > limit:
            # Refused before reading a byte: the defence against zip bombs.
            raise InterchangeError(name, too_large(name, info.file_size, limit))
        entries[name] = info
    return entries


def zip_write(archive: zipfile.ZipFile, name: str, content: bytes) -> None:
    """Add a file with a fixed timestamp, so the same meeting gives the same zip."""
    info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, content)


class _DuplicateKeyError(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object hook refusing a key written twice (json keeps the last)."""
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKeyError(key)
        result[key] = value
    return result


def parse_json(content: bytes, name: str) -> Any:
    """The JSON value of a file's bytes, or an InterchangeError saying where the syntax breaks."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InterchangeError(
            name, f"Filen er ikke UTF-8-kodet (byte nr. {exc.start + 1}). Gem den som UTF-8."
        ) from None
    try:
        return json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            name,
            f"Filen er ikke gyldig JSON: fejl i linje {exc.lineno}, kolonne {exc.colno}. "
            "Tjek kommaer, anførselstegn og klammer omkring det sted.",
        ) from None
    except _DuplicateKeyError as exc:
        raise InterchangeError(
            name,
            f"Feltet »{exc.key}« står to gange i samme objekt. Fjern det ene.",
        ) from None
    except (ValueError, RecursionError):
        # E.g. a number of thousands of digits, or lists nested thousands deep.
        raise InterchangeError(
            name,
            "Filen kan ikke læses som en dagsorden: den har tal eller lister, der er for store.",
        ) from None
