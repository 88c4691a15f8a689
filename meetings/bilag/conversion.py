"""Word, Excel and PowerPoint bilag converted to PDF with LibreOffice, headless, time-limited.

Used once per uploaded file (in the background) so that previews and meeting packs can show
the bilag as PDF. Where LibreOffice is not installed the conversion says so; nothing breaks.
"""

import os
import resource
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

from .. import files

NOT_INSTALLED = "LibreOffice er ikke installeret på serveren."


class ConversionError(Exception):
    """The file could not be converted; the message (Danish) says why."""


def _limit_memory(limit: int):
    """A preexec_fn: the conversion may not grow past `limit` bytes of address space."""

    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return apply


def failed_before(rendition_error: str) -> bool:
    """The file's conversion already failed (not for want of LibreOffice): never retry it."""
    return bool(rendition_error) and rendition_error != NOT_INSTALLED


def soffice() -> str | None:
    """The LibreOffice binary, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def needs_conversion(kind: files.FileKind | None) -> bool:
    return files.is_office(kind)


def convert_to_pdf(
    data: bytes, *, timeout: float | None = None, kind: files.FileKind | None = None
) -> bytes:
    """The PDF LibreOffice makes of an Office file; raises ConversionError with the reason.

    `kind` names a format the caller has checked itself (the archive import's .odt).
    """
    binary = soffice()
    if binary is None:
        raise ConversionError(NOT_INSTALLED)
    kind = kind or files.sniff_bytes(data)
    if kind is None or not (needs_conversion(kind) or kind.extension == "odt"):
        raise ConversionError("Filen er ikke et Word-, Excel- eller PowerPoint-dokument.")
    limit = timeout if timeout is not None else settings.DAP_CONVERSION_TIMEOUT
    with tempfile.TemporaryDirectory(prefix="dap-convert-") as folder:
        work = Path(folder)
        source = work / f"bilag.{kind.extension}"
        source.write_bytes(data)
        command = [
            binary,
            # A profile of its own: conversions never share or lock the server's profile.
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--nodefault",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        environment = {"HOME": str(work), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        # Its own process group, so a timeout ends soffice.bin too, not only the wrapper.
        process = subprocess.Popen(  # noqa: S603 - fixed binary, arguments are our own paths
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=environment,
            start_new_session=True,
            # A zip bomb that gets past the upload check runs out of memory, not the server.
            preexec_fn=_limit_memory(settings.DAP_CONVERSION_MEMORY_BYTES),
        )
        try:
            _, stderr = process.communicate(timeout=limit)
        except subprocess.TimeoutExpired as exc:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise ConversionError(
                f"Konverteringen til PDF tog mere end {limit:.0f} sekunder og blev stoppet."
            ) from exc
        result = work / "out" / "bilag.pdf"
        if process.returncode != 0 or not result.is_file():
            detail = stderr.decode(errors="replace").strip().splitlines()[-1:] or [""]
            raise ConversionError(f"LibreOffice kunne ikke konvertere filen. {detail[0]}".strip())
        return result.read_bytes()
