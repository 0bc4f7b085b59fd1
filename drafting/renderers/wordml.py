"""WordprocessingML plumbing for the DOCX writer (:mod:`drafting.renderers.docx`): element
names, runs with their looks, complex fields, and the multilevel numbering definitions the
document adds to ``numbering.xml``. Builds lxml elements directly, python-docx supplying only
the ``w:`` namespace and the parser.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from copy import deepcopy
from dataclasses import dataclass

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml.etree import SubElement

from drafting.assembly.document import Run
from drafting.renderers.common import xml_safe

SMALL = 17  # half-points: 8.5 pt, the size of the footer's fields

# Lengths in twentieths of a point (twips): 567 twips = 1 cm.
TEXT_WIDTH = 9524  # A4 (210 mm) less 22 mm and 20 mm margins
NUMBER_INDENT = 851  # where clause text starts after "1.1"
LIST_STEP = 567  # each list level indents this much more

# The clause numbering: level 0 numbers section headings, level 1 their paragraphs, levels
# 2 and 3 the ordered lists inside them. Lists elsewhere use the plain definitions.
# Each level: (number format, level text, left indent of the text, hanging indent).
CLAUSE_LEVELS = (
    ("decimal", "%1.", NUMBER_INDENT, NUMBER_INDENT),
    ("decimal", "%1.%2", NUMBER_INDENT, NUMBER_INDENT),
    ("lowerLetter", "(%3)", NUMBER_INDENT + 2 * LIST_STEP, LIST_STEP),
    ("lowerRoman", "(%4)", NUMBER_INDENT + 3 * LIST_STEP, LIST_STEP),
)
ORDERED_LEVELS = (
    ("lowerLetter", "(%1)", 2 * LIST_STEP, LIST_STEP),
    ("lowerRoman", "(%2)", 3 * LIST_STEP, LIST_STEP),
)
BULLET_LEVELS = (
    ("bullet", "\u2022", 2 * LIST_STEP, LIST_STEP),
    ("bullet", "\u2013", 3 * LIST_STEP, LIST_STEP),
)
DECIMAL_LEVELS = (("decimal", "%1.", 2 * LIST_STEP, LIST_STEP),)


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
BREAKS = re.compile(r"(\n|\t)")


def w(tag: str) -> str:
    """The qualified name of WordprocessingML element or attribute ``tag``."""
    return qn(f"w:{tag}")


P, PPR, PSTYLE, R, RPR, T, BR, TAB = map(w, ("p", "pPr", "pStyle", "r", "rPr", "t", "br", "tab"))
VAL = w("val")


@dataclass(frozen=True, slots=True)
class Text:
    """A run the renderer adds itself (headings, notes), with the looks a Document Run lacks."""

    text: str
    bold: bool = False
    italic: bool = False
    size: int | None = None  # half-points
    color: str | None = None  # RRGGBB
    ref: str = ""  # the anchor a cross-reference points at, as in a Document Run


def add_run(paragraph, run: Run | Text) -> None:
    """Append ``run`` to the ``w:p`` element ``paragraph``: its looks, its text XML-safe, a
    newline as ``w:br`` and a tab as ``w:tab``."""
    element = SubElement(paragraph, R)
    if run.text == "\n":
        SubElement(element, BR)
        return
    size = getattr(run, "size", None)
    color = getattr(run, "color", None)
    if run.bold or run.italic or size or color:
        rpr = SubElement(element, RPR)
        if run.bold:
            SubElement(rpr, w("b"))
        if run.italic:
            SubElement(rpr, w("i"))
        if color:
            SubElement(rpr, w("color"), {VAL: color})
        if size:
            SubElement(rpr, w("sz"), {VAL: str(size)})
    text = xml_safe(run.text)
    if "\n" not in text and "\t" not in text:
        node = SubElement(element, T)
        node.text = text
        node.set(XML_SPACE, "preserve")
        return
    for part in BREAKS.split(text):
        if part == "\n":
            SubElement(element, BR)
        elif part == "\t":
            SubElement(element, TAB)
        elif part:
            node = SubElement(element, T)
            node.text = part
            node.set(XML_SPACE, "preserve")


class Numbering:
    """The numbering definitions this document adds to ``numbering.xml``."""

    def __init__(self, word_document):
        self.element = word_document.part.numbering_part.element
        abstracts = self.element.findall(w("abstractNum"))
        abstract_ids = [int(n.get(w("abstractNumId"))) for n in abstracts]
        num_ids = [int(n.get(w("numId"))) for n in self.element.findall(w("num"))]
        self._next_abstract = max(abstract_ids, default=-1) + 1
        self._next_num = max(num_ids, default=0) + 1
        self.clause = self._abstract(CLAUSE_LEVELS)
        self.ordered = self._abstract(ORDERED_LEVELS)
        self.bullet = self._abstract(BULLET_LEVELS)
        self.decimal = self._abstract(DECIMAL_LEVELS)
        self.clause_num = self.instance(self.clause)

    def _abstract(self, levels) -> int:
        abstract_id = self._next_abstract
        self._next_abstract += 1
        xml = [
            f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
            f'<w:nsid w:val="{0x4C440000 + abstract_id:08X}"/>'
            '<w:multiLevelType w:val="multilevel"/>'
        ]
        for level, (fmt, text, left, hanging) in enumerate(levels):
            xml.append(
                f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr>'
                "</w:lvl>"
            )
        xml.append("</w:abstractNum>")
        element = parse_xml("".join(xml))
        first_num = self.element.find(w("num"))  # every abstractNum precedes every num
        if first_num is not None:
            first_num.addprevious(element)
        else:
            self.element.append(element)
        return abstract_id

    def instance(self, abstract_id: int, restart_levels: Iterable[int] = ()) -> int:
        """Add a ``w:num`` of ``abstract_id`` whose ``restart_levels`` start again at 1."""
        num_id = self._next_num
        self._next_num += 1
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="1"/></w:lvlOverride>'
            for level in restart_levels
        )
        self.element.append(
            parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}">'
                f'<w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'
            )
        )
        return num_id


TOC_INSTRUCTION = 'TOC \\o "1-1" \\h \\z \\u'


def toc_field(paragraphs: Sequence, entries: Sequence[str]) -> None:
    """Write a table-of-contents field over the ``w:p`` elements ``paragraphs`` (one per
    entry, at least one) whose shown result is one entry per paragraph: the field begins in
    the first paragraph and ends in the last (Word's own layout of a TOC)."""

    def field_char(paragraph, kind: str) -> None:
        SubElement(SubElement(paragraph, R), w("fldChar"), {w("fldCharType"): kind})

    first = paragraphs[0]
    field_char(first, "begin")
    instruction = SubElement(SubElement(first, R), w("instrText"))
    instruction.text = f" {TOC_INSTRUCTION} "
    instruction.set(XML_SPACE, "preserve")
    field_char(first, "separate")
    for paragraph, text in zip(paragraphs, entries, strict=False):
        add_run(paragraph, Text(text))
    field_char(paragraphs[-1], "end")


def field_runs(paragraph, instruction: str, shown: str | Run | Text) -> None:
    """Append a complex field (``PAGE``, ``REF _Ref1 \\w \\h``) to the ``w:p`` element
    ``paragraph`` that shows ``shown`` until a word processor updates it: a ``str`` in the
    footer's size, or a run whose looks every run of the field takes."""
    if isinstance(shown, str):
        shown = Text(shown, size=SMALL)
    add_run(paragraph, shown)
    result = paragraph[-1]
    looks = result.find(RPR)

    def field_run(kind: str):
        run = paragraph.makeelement(R, {})
        if looks is not None:
            run.append(deepcopy(looks))
        if kind == "instr":
            node = SubElement(run, w("instrText"))
            node.text = f" {instruction} "
            node.set(XML_SPACE, "preserve")
        else:
            SubElement(run, w("fldChar"), {w("fldCharType"): kind})
        return run

    result.addprevious(field_run("begin"))
    result.addprevious(field_run("instr"))
    result.addprevious(field_run("separate"))
    result.addnext(field_run("end"))


def ref_instruction(bookmark: str) -> str:
    """Return the REF field instruction for ``bookmark``: the bookmarked paragraph's number in
    full context (``\\w``: ``15.2`` wherever it is cited), as a link (``\\h``)."""
    return f"REF {bookmark} \\w \\h"


def add_bookmark(paragraph, bookmark_id: int, name: str) -> None:
    """Bookmark the whole ``w:p`` element ``paragraph`` (after its properties, around its
    runs) as ``name`` with the numeric ``bookmark_id`` (unique among the document's)."""
    start = paragraph.makeelement(w("bookmarkStart"), {w("id"): str(bookmark_id), w("name"): name})
    properties = paragraph.find(PPR)
    if properties is not None:
        properties.addnext(start)
    else:
        paragraph.insert(0, start)
    SubElement(paragraph, w("bookmarkEnd"), {w("id"): str(bookmark_id)})


def add_paragraph_properties(
    paragraph,
    *,
    style: str | None = None,
    number: tuple[int, int] | None = None,
    indent: tuple[int, int] | None = None,
    page_break: bool = False,
    border_color: str | None = None,
) -> None:
    """Give the ``w:p`` element ``paragraph`` its ``w:pPr``, when anything is asked: a style
    id, a ``number`` as ``(numId, level)``, an ``indent`` as ``(left, hanging)`` in twips, a
    page break before it, and a box of ``border_color`` (RRGGBB) around it."""
    if not (style or number or indent or page_break or border_color):
        return
    ppr = SubElement(paragraph, PPR)
    if style:
        SubElement(ppr, PSTYLE, {VAL: style})
    if page_break:
        SubElement(ppr, w("pageBreakBefore"))
    if number:
        num_pr = SubElement(ppr, w("numPr"))
        SubElement(num_pr, w("ilvl"), {VAL: str(number[1])})
        SubElement(num_pr, w("numId"), {VAL: str(number[0])})
    if border_color:
        borders = SubElement(ppr, w("pBdr"))
        for side in ("top", "left", "bottom", "right"):
            attributes = {VAL: "single", w("sz"): "12", w("space"): "6"}
            SubElement(borders, w(side), {**attributes, w("color"): border_color})
        SubElement(ppr, w("spacing"), {w("before"): "360"})
    if indent:
        SubElement(ppr, w("ind"), {w("left"): str(indent[0]), w("hanging"): str(indent[1])})


def add_table_properties(table, widths: Sequence[int], *, style: str) -> None:
    """Give the ``w:tbl`` element ``table`` its properties (table style id ``style``, fixed
    layout, header row look) and its grid of column ``widths`` in twips."""
    properties = SubElement(table, w("tblPr"))
    SubElement(properties, w("tblStyle"), {VAL: style})
    SubElement(properties, w("tblW"), {w("w"): str(sum(widths)), w("type"): "dxa"})
    SubElement(properties, w("tblLayout"), {w("type"): "fixed"})
    SubElement(properties, w("tblLook"), {VAL: "04A0", w("firstRow"): "1"})
    grid = SubElement(table, w("tblGrid"))
    for width in widths:
        SubElement(grid, w("gridCol"), {w("w"): str(width)})


def add_row(table, *, header_row: bool = False, keep_together: bool = True):
    """Append a ``w:tr`` to ``table`` and return it: repeated on every page when
    ``header_row``, never split across pages when ``header_row`` or ``keep_together``."""
    row = SubElement(table, w("tr"))
    row_properties = SubElement(row, w("trPr"))
    if header_row or keep_together:
        SubElement(row_properties, w("cantSplit"))
    if header_row:
        SubElement(row_properties, w("tblHeader"))
    return row


def add_cell(row, width: int):
    """Append a ``w:tc`` of ``width`` twips to ``row`` and return it."""
    cell = SubElement(row, w("tc"))
    cell_properties = SubElement(cell, w("tcPr"))
    SubElement(cell_properties, w("tcW"), {w("w"): str(width), w("type"): "dxa"})
    return cell
