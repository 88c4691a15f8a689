"""Scanned PDFs read through OCR: OCRmyPDF runs Tesseract with its Danish data.

A PDF whose pages are only pictures has no text for the reader. OCRmyPDF (in a process of its
own, stopped after `DAP_ARCHIVE_OCR_TIMEOUT` seconds) rasterises each page and has Tesseract
read it; Tesseract's hOCR output (kept with OCRmyPDF's `--keep-temporary-files`, in a
temporary folder of our own) gives each paragraph, line and word with its height and its
confidence. Those become the same lines the layout reader gets from a PDF with text, and the
mean word confidence tells the secretariat how sure the reading is.

A scan has no fonts: a line noticeably taller than the body text, or a line that is one of the
standard section headings on its own, is taken as bold (a heading), as it is printed.
"""

import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from lxml import etree

from .blocks import BODY_SIZE, Block, Line, ReadError
from .layout import DECISION, STANDARD_HEADINGS

LANGUAGE = "dan"
_BULLETS = "•▪◦·●■-–*"
_HEADINGS = {h.lower() for h in (*STANDARD_HEADINGS, DECISION, "Resume", "Referat", "Opfølgning")}
# The layout's labels, printed bold at body size: on a scan each stands alone on its line.
_LABELS = {
    "dato og sted for møde",
    "tid og sted",
    "dagsorden for møde",
    "referat af møde",
    "deltagere",
    "til stede",
    "afbud",
    "fraværende",
    "gæster",
    "gæst",
}
# Tesseract reads the kind mark "(O)" (orientering) as "(0)"; no kind is a digit.
_ZERO_KIND = re.compile(r"\(0\)(?=\s*(?:\(|$))")
_CACHED_FOR = 24 * 3600  # the preview reads a file, the import reads it again within the day


class OcrUnavailableError(ReadError):
    """Tesseract or its Danish data is not installed: the file is skipped, not refused."""


@dataclass(frozen=True)
class OcrReading:
    """The lines Tesseract read from a scan, and how sure it was (mean word confidence, %)."""

    blocks: list[Block]
    confidence: float | None
    pages: int
    words: int


def ocr_missing() -> str:
    """Why scans cannot be read on this server ('' when they can)."""
    binary = shutil.which("tesseract")
    if binary is None:
        return (
            "Filen er scannet (PDF uden tekst) og skal læses med tekstgenkendelse (OCR), men "
            "Tesseract er ikke installeret på serveren; filen er sprunget over. Brug den "
            "oprindelige Word-fil, eller bed driften installere tesseract-ocr og "
            "tesseract-ocr-dan."
        )
    try:
        listed = subprocess.run(  # noqa: S603 - fixed binary and arguments
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        listed = None
    if listed is None or LANGUAGE not in listed.stdout.split():
        return (
            "Filen er scannet (PDF uden tekst) og skal læses med tekstgenkendelse (OCR), men "
            "Tesseracts danske sprogdata er ikke installeret på serveren; filen er sprunget "
            "over. Bed driften installere tesseract-ocr-dan."
        )
    return ""


def _limit_memory(limit: int):
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def _run_ocrmypdf(content: bytes, work: Path, timeout: float) -> list[Path]:
    """OCRmyPDF on the scan in `work`; the hOCR files of its pages, in page order."""
    source, output = work / "scan.pdf", work / "ocr.pdf"
    source.write_bytes(content)
    temporary = work / "tmp"
    temporary.mkdir()
    command = [
        sys.executable,
        "-m",
        "ocrmypdf",
        "--quiet",
        "--language",
        LANGUAGE,
        "--output-type",
        "pdf",
        "--optimize",
        "0",
        "--jobs",
        "1",
        "--keep-temporary-files",  # Tesseract's hOCR, with each word's confidence
        str(source),
        str(output),
    ]
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(work),
        "TMPDIR": str(temporary),  # OCRmyPDF's work folder lands in our own folder
        "OMP_THREAD_LIMIT": "1",  # one core per OCR: the server does other work too
        "LANG": "C.UTF-8",
    }
    process = subprocess.Popen(  # noqa: S603 - our own interpreter, arguments are our paths
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment,
        start_new_session=True,  # a timeout ends Tesseract too, not only OCRmyPDF
        preexec_fn=_limit_memory(settings.DAP_CONVERSION_MEMORY_BYTES),
    )
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise ReadError(
            f"Tekstgenkendelsen (OCR) af den scannede PDF tog mere end {timeout:.0f} sekunder "
            "og blev stoppet. Del filen op, eller brug den oprindelige Word-fil."
        ) from exc
    hocr = sorted(temporary.glob("**/*.hocr"))
    if process.returncode != 0 or not hocr:
        detail = stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
        raise ReadError(
            f"Den scannede PDF kunne ikke læses med tekstgenkendelse (OCR). {detail[0]}".strip()
        )
    return hocr


def _title(element) -> dict[str, list[str]]:
    """An hOCR title attribute (`bbox 1 2 3 4; x_wconf 96`) as {property: values}."""
    properties: dict[str, list[str]] = {}
    for part in (element.get("title") or "").split(";"):
        words = part.split()
        if words:
            properties[words[0]] = words[1:]
    return properties


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


@dataclass
class _OcrLine:
    text: str
    height: float
    first_in_paragraph: bool


def _page_lines(data: bytes) -> tuple[list[_OcrLine], list[int]]:
    """The lines of one hOCR page and its words' confidences."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(data, parser=parser)
    lines: list[_OcrLine] = []
    confidences: list[int] = []
    for paragraph in root.iter():
        if "ocr_par" not in _classes(paragraph):
            continue
        first = True
        for line in paragraph.iter():
            if not _classes(line) & {"ocr_line", "ocr_header", "ocr_caption", "ocr_textfloat"}:
                continue
            words = []
            for word in line.iter():
                if "ocrx_word" not in _classes(word):
                    continue
                text = "".join(word.itertext()).strip()
                if not text:
                    continue
                words.append(text)
                confidence = _title(word).get("x_wconf")
                if confidence:
                    confidences.append(int(confidence[0]))
            if not words:
                continue
            properties = _title(line)
            if properties.get("x_size"):
                height = float(properties["x_size"][0])
            else:
                box = [float(v) for v in properties.get("bbox", ["0", "0", "0", "0"])]
                height = box[3] - box[1]
            text = _ZERO_KIND.sub("(O)", " ".join(words))
            lines.append(_OcrLine(text, height, first))
            first = False
    return lines, confidences


def _is_heading_word(text: str) -> bool:
    return text.strip().rstrip(":").strip().lower() in _HEADINGS


def _is_label(text: str) -> bool:
    return text.strip().rstrip(":").strip().lower() in _LABELS


def _as_blocks(lines: list[_OcrLine]) -> list[Block]:
    """Tesseract's lines as the reader's lines: sizes relative to the body text, headings bold."""
    if not lines:
        return []
    body = statistics.median(line.height for line in lines) or 1.0
    blocks: list[Block] = []
    previous_heading = False
    for line in lines:
        size = round(BODY_SIZE * line.height / body, 1)
        label = _is_label(line.text)
        heading = _is_heading_word(line.text)
        bold = heading or size > BODY_SIZE * 1.15
        stripped = line.text.lstrip()
        bullet = bool(stripped) and stripped[0] in _BULLETS and stripped[1:2] == " "
        blocks.append(
            Line(
                text=line.text,
                bold=bold,
                size=size if bold and not heading else BODY_SIZE,
                new_paragraph=(
                    line.first_in_paragraph or heading or label or previous_heading or bullet
                ),
                list_kind="ul" if bullet else "",
            )
        )
        previous_heading = heading or label
    return blocks


def ocr_scan(content: bytes, digest: str) -> OcrReading:
    """Read a scanned PDF through OCR; OcrUnavailableError when Tesseract is missing,
    ReadError when OCR fails, times out or finds no words."""
    key = f"archive-ocr:{digest}"
    cached = cache.get(key)
    if isinstance(cached, OcrReading):
        return cached
    missing = ocr_missing()
    if missing:
        raise OcrUnavailableError(missing)
    lines: list[_OcrLine] = []
    confidences: list[int] = []
    with tempfile.TemporaryDirectory(prefix="dap-ocr-") as folder:
        pages = _run_ocrmypdf(content, Path(folder), settings.DAP_ARCHIVE_OCR_TIMEOUT)
        for page in pages:
            page_lines, page_confidences = _page_lines(page.read_bytes())
            lines += page_lines
            confidences += page_confidences
    words = [c for c in confidences if c >= 0]
    if not lines:
        raise ReadError(
            "PDF-filen har ingen tekst, og tekstgenkendelsen (OCR) fandt heller ingen ord på "
            "siderne. Er scanningen tom eller meget utydelig? Brug den oprindelige Word-fil."
        )
    reading = OcrReading(
        blocks=_as_blocks(lines),
        confidence=statistics.fmean(words) if words else None,
        pages=len(pages),
        words=len(words),
    )
    cache.set(key, reading, _CACHED_FOR)
    return reading


def scan_note(reading: OcrReading) -> str:
    """What the preview says of a scan: read by OCR, and how sure the OCR was."""
    pages = "1 side" if reading.pages == 1 else f"{reading.pages} sider"
    if reading.confidence is None:
        sure = "hvor sikker genkendelsen var, kunne ikke måles"
    else:
        sure = f"genkendelsen var i gennemsnit {round(reading.confidence)} % sikker"
    return (
        f"Teksten er læst fra en scanning ({pages}) med tekstgenkendelse (OCR); {sure}. "
        "Sammenlign navne, tal og datoer med originalen før import."
    )
