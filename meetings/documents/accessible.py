"""PDF/UA-1: the tagging of a meeting pack (the agenda's own details: `tagging.py`).

A meeting pack is the tagged agenda with bilag pages added by pypdf: `PackTagger` puts
each bilag page into the agenda's structure tree as a Figure whose alternative text says
which bilag and page it is (an uploaded bilag's own tags cannot be carried over; placing.py
drops them and draws the stamps and page numbers as pagination artifacts), carries the
structure tree of a bilag the portal tagged itself (`adopt`), and gives the pack its own
XMP metadata.
"""

from xml.etree.ElementTree import Element, SubElement, register_namespace, tostring

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    TextStringObject,
)

SAFE_URI_SCHEMES = ("http://", "https://", "mailto:")

XMP_NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}
for _prefix, _uri in XMP_NS.items():
    register_namespace(_prefix, _uri)


def xmp_packet(*, title: str, author: str, producer: str, language: str = "da") -> bytes:
    """XMP metadata declaring PDF/UA-1, with the title, author, language and producer."""
    rdf_ns, dc_ns = XMP_NS["rdf"], XMP_NS["dc"]
    rdf = Element(f"{{{rdf_ns}}}RDF")
    about = SubElement(rdf, f"{{{rdf_ns}}}Description", {f"{{{rdf_ns}}}about": ""})
    about.set(f"{{{XMP_NS['pdfuaid']}}}part", "1")
    about.set(f"{{{XMP_NS['pdf']}}}Producer", producer)
    about.set(f"{{{XMP_NS['xmp']}}}CreatorTool", "DAP-portalen")
    alt = SubElement(SubElement(about, f"{{{dc_ns}}}title"), f"{{{rdf_ns}}}Alt")
    SubElement(alt, f"{{{rdf_ns}}}li", {"xml:lang": "x-default"}).text = title
    if author:
        seq = SubElement(SubElement(about, f"{{{dc_ns}}}creator"), f"{{{rdf_ns}}}Seq")
        SubElement(seq, f"{{{rdf_ns}}}li").text = author
    bag = SubElement(SubElement(about, f"{{{dc_ns}}}language"), f"{{{rdf_ns}}}Bag")
    SubElement(bag, f"{{{rdf_ns}}}li").text = language
    return (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        + tostring(rdf, encoding="utf-8", xml_declaration=False)
        + b'</x:xmpmeta>\n<?xpacket end="w"?>'
    )


def safe_links(page: PageObject) -> list[tuple[list[float], str]]:
    """The web and e-mail links of a bilag page ((rect, uri)); every annotation is removed.

    Anything else (JavaScript, launching programs, links into the bilag's own pages, form
    fields, comments) is not carried into the pack.
    """
    links: list[tuple[list[float], str]] = []
    for reference in page.get("/Annots") or []:
        annotation = reference.get_object()
        if annotation.get("/Subtype") != "/Link":
            continue
        action = annotation.get("/A")
        action = action.get_object() if action is not None else None
        if not isinstance(action, DictionaryObject) or action.get("/S") != "/URI":
            continue
        uri = str(action.get("/URI", "")).strip()
        if uri.lower().startswith(SAFE_URI_SCHEMES) and "/Rect" in annotation:
            links.append(([float(value) for value in annotation["/Rect"]], uri))
    if "/Annots" in page:
        del page["/Annots"]
    return links


def _as_list(value) -> list:
    """A /K or parent-tree value as a list of its entries (references kept as they are)."""
    if value is None:
        return []
    if isinstance(value, IndirectObject):
        resolved = value.get_object()
        if isinstance(resolved, ArrayObject):
            return list(resolved)
        return [value]
    if isinstance(value, ArrayObject):
        return list(value)
    return [value]


def _number_tree(node: DictionaryObject) -> dict[int, object]:
    """A number tree (the parent tree) as a dict, its /Kids followed."""
    found: dict[int, object] = {}
    nums = node.get("/Nums")
    if nums is not None:
        nums = nums.get_object()
        for index in range(0, len(nums) - 1, 2):
            found[int(nums[index])] = nums[index + 1]
    for kid in node.get("/Kids") or []:
        found.update(_number_tree(kid.get_object()))
    return found


class PackTagger:
    """Adds the bilag pages of a meeting pack to the agenda's structure tree."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        root = writer.root_object["/StructTreeRoot"].get_object()
        self.root = root
        kids = root["/K"]
        kids = kids.get_object() if isinstance(kids, IndirectObject) else kids
        first = kids[0] if isinstance(kids, ArrayObject) else kids
        self.document = first.get_object()
        self.document_ref = first if isinstance(first, IndirectObject) else None
        if not isinstance(self.document.get("/K"), ArrayObject):
            existing = self.document.get("/K")
            self.document[NameObject("/K")] = ArrayObject([] if existing is None else [existing])
        self.nums = root["/ParentTree"].get_object()["/Nums"]
        keys = [int(self.nums[index]) for index in range(0, len(self.nums), 2)]
        self.next_key = max(keys, default=-1) + 1

    def _element(self, role: str, parent: IndirectObject, **entries) -> IndirectObject:
        element = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject(role),
                NameObject("/P"): parent,
            }
        )
        for key, value in entries.items():
            element[NameObject(f"/{key}")] = value
        return self.writer._add_object(element)

    def _key(self, value) -> int:
        key = self.next_key
        self.next_key += 1
        self.nums.extend([NumberObject(key), value])
        self.root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)
        return key

    def section(self, title: str) -> IndirectObject:
        """A /Sect for one bilag at the end of the document."""
        parent = self.document_ref or self.writer._add_object(self.document)
        section = self._element("/Sect", parent, T=TextStringObject(title), K=ArrayObject())
        self.document["/K"].append(section)
        return section

    def figure(
        self, section: IndirectObject, page: PageObject, alt: str, bbox: list[float]
    ) -> None:
        """The page's content (marked /Figure MCID 0) as a figure with alternative text."""
        figure = self._element(
            "/Figure",
            section,
            Pg=page.indirect_reference,
            K=NumberObject(0),
            Alt=TextStringObject(alt),
            A=DictionaryObject(
                {
                    NameObject("/O"): NameObject("/Layout"),
                    NameObject("/BBox"): ArrayObject(FloatObject(value) for value in bbox),
                }
            ),
        )
        section.get_object()["/K"].append(figure)
        page[NameObject("/StructParents")] = NumberObject(self._key(ArrayObject([figure])))
        page[NameObject("/Tabs")] = NameObject("/S")

    def adopt(
        self, section: IndirectObject, reader: PdfReader, sheets: dict[int, PageObject], prefix: str
    ) -> None:
        """A bilag the portal tagged itself (the monitoring table): its structure tree goes
        under the bilag's section, each element moved to the sheet its page went to
        (`sheets`: source page's object number → sheet); its marked content is on the sheets
        as it was (placing.place_on_sheet with keep_tags). Its annotations stayed behind, so a
        link element becomes a span; IDs (and the table headers naming them) get `prefix`,
        unique in the pack."""
        source = reader.root_object["/StructTreeRoot"].get_object()
        made: dict[int, IndirectObject] = {}

        def page_of(reference) -> IndirectObject:
            return sheets[reference.idnum].indirect_reference

        def attributes(value):
            value = value.get_object()
            if isinstance(value, ArrayObject):
                return ArrayObject(attributes(entry) for entry in value)
            if not isinstance(value, DictionaryObject):
                return value.clone(self.writer)
            copied = DictionaryObject(
                {NameObject(key): entry.clone(self.writer) for key, entry in value.items()}
            )
            if "/Headers" in copied:
                copied[NameObject("/Headers")] = ArrayObject(
                    TextStringObject(prefix + str(header)) for header in copied["/Headers"]
                )
            return copied

        def copy(reference: IndirectObject, parent: IndirectObject) -> IndirectObject:
            node = reference.get_object()
            element = DictionaryObject()
            made_reference = self.writer._add_object(element)
            made[reference.idnum] = made_reference
            for key, value in node.items():
                if key in ("/P", "/K", "/Pg"):
                    continue
                if key == "/ID":
                    element[NameObject(key)] = TextStringObject(prefix + str(value))
                elif key == "/A":
                    element[NameObject(key)] = attributes(value)
                else:
                    element[NameObject(key)] = value.clone(self.writer)
            element[NameObject("/P")] = parent
            if "/Pg" in node:
                element[NameObject("/Pg")] = page_of(node.raw_get("/Pg"))
            if element.get("/S") == "/Link":
                element[NameObject("/S")] = NameObject("/Span")
            kids = ArrayObject()
            for kid in _as_list(node.get("/K")):
                if isinstance(kid, int):
                    kids.append(NumberObject(kid))
                    continue
                kid_object = kid.get_object()
                kind = kid_object.get("/Type")
                if kind == "/OBJR":
                    continue  # its annotation is not in the pack
                if kind == "/MCR":
                    kids.append(
                        DictionaryObject(
                            {
                                NameObject("/Type"): NameObject("/MCR"),
                                NameObject("/MCID"): NumberObject(kid_object["/MCID"]),
                                NameObject("/Pg"): page_of(kid_object.raw_get("/Pg")),
                            }
                        )
                    )
                    continue
                kids.append(copy(kid, made_reference))
            element[NameObject("/K")] = kids
            return made_reference

        for top in _as_list(source.get("/K")):
            document = top.get_object()
            kids = _as_list(document.get("/K")) if document.get("/S") == "/Document" else [top]
            for kid in kids:
                if not isinstance(kid, int):
                    section.get_object()["/K"].append(copy(kid, section))

        # Each sheet's marked content finds its elements through the pack's parent tree.
        parents = _number_tree(source["/ParentTree"].get_object())
        for page in reader.pages:
            sheet = sheets.get(page.indirect_reference.idnum)
            key = page.get("/StructParents")
            if sheet is None or key is None:
                continue
            mapped = ArrayObject(
                made.get(entry.idnum, NullObject())
                if isinstance(entry, IndirectObject)
                else NullObject()
                for entry in _as_list(parents.get(int(key)))
            )
            sheet[NameObject("/StructParents")] = NumberObject(self._key(mapped))
            sheet[NameObject("/Tabs")] = NameObject("/S")

    def link(
        self, section: IndirectObject, page: PageObject, rect: list[float], uri: str, label: str
    ) -> None:
        """A web link of a bilag, kept as a tagged /Link annotation with a description."""
        action = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Action"),
                NameObject("/S"): NameObject("/URI"),
                NameObject("/URI"): TextStringObject(uri),
            }
        )
        annotation = self.writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Link"),
                    NameObject("/Rect"): ArrayObject(FloatObject(value) for value in rect),
                    NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
                    NameObject("/A"): action,
                    NameObject("/Contents"): TextStringObject(f"{label}: {uri}"),
                    NameObject("/P"): page.indirect_reference,
                }
            )
        )
        reference = self.writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/OBJR"),
                    NameObject("/Obj"): annotation,
                    NameObject("/Pg"): page.indirect_reference,
                }
            )
        )
        element = self._element(
            "/Link", section, Pg=page.indirect_reference, K=ArrayObject([reference])
        )
        section.get_object()["/K"].append(element)
        annotation.get_object()[NameObject("/StructParent")] = NumberObject(self._key(element))
        if "/Annots" not in page:
            page[NameObject("/Annots")] = ArrayObject()
        page["/Annots"].append(annotation)

    def set_metadata(self, *, title: str, author: str, producer: str) -> None:
        """Title (shown by the viewer), language, and XMP with the PDF/UA identification."""
        root = self.writer.root_object
        root[NameObject("/Lang")] = TextStringObject("da")
        preferences = DictionaryObject({NameObject("/DisplayDocTitle"): BooleanObject(True)})
        root[NameObject("/ViewerPreferences")] = preferences
        marked = DictionaryObject({NameObject("/Marked"): BooleanObject(True)})
        root[NameObject("/MarkInfo")] = marked
        stream = DecodedStreamObject()
        stream.set_data(xmp_packet(title=title, author=author, producer=producer))
        stream[NameObject("/Type")] = NameObject("/Metadata")
        stream[NameObject("/Subtype")] = NameObject("/XML")
        root[NameObject("/Metadata")] = self.writer._add_object(stream)
        self.writer.add_metadata(
            {"/Title": title, "/Author": author, "/Producer": producer, "/Creator": "DAP-portalen"}
        )
