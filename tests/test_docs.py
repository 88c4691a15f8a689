"""Every link in the README and docs/, and every docs/ page the code names, is in the repository."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
DOCS_PATH = re.compile(r"\bdocs/[\w./-]+?\.md\b")
NOT_OURS = {".git", ".venv", "node_modules", "var", "__pycache__"}
# Where the code names a page: sources, templates, scripts and configuration.
SOURCES = {".py", ".toml", ".html", ".sh", ".yml", ".md"}
SCRIPTS = ["bin/demo", "bin/test", "bin/_lib.sh", ".ci/run"]


def relative_links(page: Path) -> list[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return [
        target
        for target in LINK.findall(text)
        if not re.match(r"^[a-z][a-z0-9+.-]*:", target) and not target.startswith("#")
    ]


def source_files() -> list[Path]:
    found = [
        path
        for path in ROOT.rglob("*")
        if path.suffix in SOURCES
        and path.is_file()
        and not NOT_OURS & set(path.relative_to(ROOT).parts)
    ]
    return found + [ROOT / name for name in SCRIPTS if (ROOT / name).exists()]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(ROOT).as_posix())
def test_every_relative_link_of_the_readme_and_docs_resolves(page):
    broken = [
        target
        for target in relative_links(page)
        if not (page.parent / target.split("#", 1)[0]).exists()
    ]

    assert broken == [], f"{page.relative_to(ROOT)} links to missing files: {broken}"


def test_every_docs_page_the_code_names_exists():
    missing = sorted(
        f"{path.relative_to(ROOT)}: {name}"
        for path in source_files()
        for name in set(DOCS_PATH.findall(path.read_text(encoding="utf-8", errors="replace")))
        if not (ROOT / name).exists()
    )

    assert missing == []


def test_the_readme_is_the_front_door():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    assert len(readme.splitlines()) < 150
    assert "bin/demo    # install, load demo data and start the portal" in readme
    assert "bin/test    # install and run the whole test suite" in readme


def test_the_checks_see_a_broken_link_and_a_missing_page(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "[here](here.md) [web](https://example.dk) [top](#top)\n```\n[code](x.md)\n```\n",
        encoding="utf-8",
    )

    assert relative_links(page) == ["here.md"]
    assert DOCS_PATH.findall('"""See docs/agenda-interchange.md."""') == [
        "docs/agenda-interchange.md"
    ]
