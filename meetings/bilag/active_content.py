"""Active content taken out of uploaded PDFs: scripts, launch actions, embedded files.

A bilag is read by every member, so a PDF is stored without what a reader could run or open
on its own: `/OpenAction` and `/AA` (additional actions) of the document, its pages and its
annotations; the `/JavaScript` and `/EmbeddedFiles` name trees; link actions that run
JavaScript, launch programs, submit or import form data or open other files; `javascript:`
URIs; file-attachment annotations. Ordinary web, e-mail and internal links stay. The
original is not kept, not even for the secretariat: nobody needs the scripts of a bilag,
and a kept copy would be one more way to hand them out. What was removed is named in the
audit trail. A PDF with only an owner password (it opens without one) is opened with the
empty password and stored cleaned and without the encryption; a PDF that needs a password to
open is refused before it gets here (`files.check_pdf`), and is never stored as it came.
"""

import io

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

UNSAFE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": "start af programmer",
    "/SubmitForm": "afsendelse af formulardata",
    "/ImportData": "import af data",
    "/GoToR": "link til andre filer",
    "/GoToE": "link til indlejrede filer",
    "/Rendition": "afspilning af medier",
}


def _unsafe(action) -> str | None:
    """Why an action is unsafe (Danish), or None for a harmless one (a page, a web link)."""
    action = action.get_object() if action is not None else None
    if not isinstance(action, DictionaryObject):
        return None
    kind = action.get("/S")
    if kind in UNSAFE_ACTIONS:
        return UNSAFE_ACTIONS[kind]
    if kind == "/URI":
        uri = str(action.get("/URI", "")).strip().lower()
        if not uri.startswith(("http://", "https://", "mailto:", "#")):
            return "javascript:-links" if uri.startswith("javascript:") else "ukendte links"
    following = action.get("/Next")
    for nested in following if isinstance(following, ArrayObject) else [following]:
        if nested is not None and (reason := _unsafe(nested)):
            return reason
    return None


def strip_active_content(data: bytes) -> tuple[bytes, list[str]]:
    """The PDF without active content, and what was removed (Danish); unchanged if none."""
    try:
        reader = PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        opened = not encrypted or reader.decrypt("")
        writer = PdfWriter(clone_from=reader) if opened else None
    except (PdfReadError, ValueError, OSError, KeyError, TypeError):
        return data, []  # not readable: stored as it is; the pack lists it as damaged
    if writer is None:
        # Only a file stored before `files.check_pdf` refused these (a copy of an old bilag).
        return data, []
    removed: set[str] = set()
    root = writer.root_object
    if "/OpenAction" in root and _unsafe(root["/OpenAction"]):
        removed.add("handling ved åbning (" + str(_unsafe(root["/OpenAction"])) + ")")
        del root["/OpenAction"]
    if "/AA" in root:
        removed.add("automatiske handlinger")
        del root["/AA"]
    names = root.get("/Names")
    names = names.get_object() if names is not None else None
    if isinstance(names, DictionaryObject):
        for tree, what in (("/JavaScript", "JavaScript"), ("/EmbeddedFiles", "indlejrede filer")):
            if tree in names:
                removed.add(what)
                del names[tree]
    form = root.get("/AcroForm")
    if form is not None and "/XFA" in form.get_object():
        removed.add("XFA-formular")
        del form.get_object()["/XFA"]
    for page in writer.pages:
        if "/AA" in page:
            removed.add("automatiske handlinger")
            del page["/AA"]
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        kept = ArrayObject()
        for reference in annotations.get_object():
            annotation = reference.get_object()
            if annotation.get("/Subtype") == "/FileAttachment":
                removed.add("vedhæftede filer")
                continue
            if "/AA" in annotation:
                removed.add("automatiske handlinger")
                del annotation["/AA"]
            reason = _unsafe(annotation.get("/A"))
            if reason:
                removed.add(reason)
                continue
            kept.append(reference)
        page[NameObject("/Annots")] = kept
    if not removed and not encrypted:
        return data, []
    # What was cut off must not stay in the file as unreferenced objects either.
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue(), sorted(removed)
