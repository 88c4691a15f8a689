"""Shared set-up of the interchange tests: the seed agenda, zips of it, row and file counts."""

import copy
import io
import json
import zipfile
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from meetings.access import Viewer
from meetings.models import Role

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "dap-2025-10-06.json"
SEED = json.loads(FIXTURE.read_text(encoding="utf-8"))
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56)


def seed() -> dict[str, Any]:
    """A fresh copy of the real agenda of 6 October 2025 (the fixture itself is never changed)."""
    return copy.deepcopy(SEED)


def secretariat() -> Viewer:
    return Viewer(user=AnonymousUser(), role=Role.SECRETARIAT)


def counts() -> dict[str, int]:
    """Rows of every model of the portal's apps (M2M tables included) and stored files."""
    result = {
        model._meta.label: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in {"meetings", "projects", "budgets"}
    }
    media = Path(settings.MEDIA_ROOT)
    result["files"] = sum(1 for path in media.rglob("*") if path.is_file()) if media.exists() else 0
    return result


def make_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def zip_of(document: dict[str, Any], files: dict[str, bytes]) -> bytes:
    return make_zip({"agenda.json": json.dumps(document).encode(), **files})


def seed_with_file(name: str = "bilag/kommissorium.pdf") -> dict[str, Any]:
    """The seed whose bilag 3.1 comes with a file in the zip."""
    data = seed()
    data["items"][2]["attachments"][0]["file"] = name
    return data


def read_zip(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_file(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path
