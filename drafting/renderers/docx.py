"""DOCX: the draft as an editable Word document (python-docx).

Counsel edit the draft in Word, so it uses Word's own machinery rather than typed numbers:
real heading styles, and automatic multilevel numbering that shows the same numbers as the
Document (``1.`` for a section, ``1.1`` for its paragraphs, ``(a)`` and ``(i)`` for lists).
The glance grid, tables and signature block are Word tables; the footer counts pages with
PAGE and NUMPAGES fields.

python-docx supplies the package, the styles, header, footer and properties. The body is
built as WordprocessingML elements directly: python-docx's per-run object API costs several
times more than the XML it writes, and styles are applied by style id (``w:pStyle``), never
looked up by name in a loop.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from docx import Document as new_word_document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as WordParagraph
from lxml.etree import SubElement

from drafting.assembly.document import (
    Block,
    Document,
    DocumentClause,
    ListBlock,
    Paragraph,
    Run,
    Section,
    Table,
)
from drafting.english import spell
from drafting.renderers import common
from drafting.renderers.approval import APPROVAL_HEADING, APPROVAL_NOTE, approval_rows
from drafting.renderers.wordml import (
    LIST_STEP,
    NUMBER_INDENT,
    SMALL,
    TEXT_WIDTH,
    VAL,
    XML_SPACE,
    Numbering,
    P,
    R,
    Text,
    add_cell,
    add_paragraph_properties,
    add_row,
    add_run,
    add_table_properties,
    field_runs,
    w,
)

# Style ids of the python-docx default template (ids, not display names).
TITLE, HEADING_1, HEADING_2 = "Title", "Heading1", "Heading2"
TABLE_STYLE = "TableGrid"

BODY_FONT, HEADING_FONT = "Georgia", "Arial"
INK = RGBColor(0x1A, 0x1A, 0x1A)
DRAFT_RED = "8A1C1C"
GLANCE_SIZE = 18  # half-points: 9 pt


TOC_INSTRUCTION = 'TOC \\o "1-1" \\h \\z \\u'


def _toc_field(writer, entries: Sequence[str]) -> None:
    """Add a table-of-contents field whose shown result is one paragraph per entry: the
    field begins in the first paragraph and ends in the last (Word's own layout of a TOC)."""
    paragraphs = [writer.paragraph() for _ in entries or [""]]

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


@dataclass(frozen=True, slots=True)
class DocxComment:
    """A native Word comment to attach to a clause: ``clause_id`` names the clause whose
    first paragraph it is anchored to, ``author`` is shown in Word's margin, and
    ``paragraphs`` are the comment's text (a thread: the comment, then each reply)."""

    clause_id: str
    author: str
    paragraphs: tuple[str, ...]


class _Writer:
    def __init__(self, document: Document):
        self.document = document
        self.clause_paragraphs: dict = {}  # clause id -> its first w:p holding text
        self.word = new_word_document()
        self.body = self.word.element.body
        self.end = self.body.find(w("sectPr"))  # new blocks go before the section properties
        self.numbering = Numbering(self.word)
        self.numbers = common.clause_numbers(document)
        self._setup_styles()
        self._setup_page()

    # -- set-up -------------------------------------------------------------------------
    def _setup_styles(self) -> None:
        styles = self.word.styles  # looked up by name once here, never per paragraph
        normal = styles["Normal"]
        normal.font.name = BODY_FONT
        normal.font.size = Pt(10.5)
        normal.element.get_or_add_rPr().append(parse_xml(f'<w:lang {nsdecls("w")} w:val="en-GB"/>'))
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Title", 24), ("Heading 1", 14), ("Heading 2", 12)):
            style = styles[name]
            style.font.name = HEADING_FONT
            style.font.size = Pt(size)
            style.font.color.rgb = INK
            style.font.bold = True

    def _setup_page(self) -> None:
        section = self.word.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin, section.right_margin = Mm(22), Mm(20)
        section.top_margin, section.bottom_margin = Mm(24), Mm(22)
        header = section.header.paragraphs[0]._p
        add_run(header, Text(common.RUNNING_HEADER, bold=True, size=SMALL, color=DRAFT_RED))
        add_run(header, Text("\t\t" + self.document.title[:200], size=SMALL))
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(footer._p, Text("Page ", size=SMALL))
        field_runs(footer._p, "PAGE", "1")
        add_run(footer._p, Text(" of ", size=SMALL))
        field_runs(footer._p, "NUMPAGES", "1")

    # -- building blocks ----------------------------------------------------------------
    def paragraph(
        self,
        runs: Iterable[Run | Text] = (),
        *,
        style: str | None = None,
        number: tuple[int, int] | None = None,
        indent: tuple[int, int] | None = None,
        page_break: bool = False,
        boxed: bool = False,
        parent=None,
    ):
        """Add a ``w:p``; ``number`` is (numId, level), ``indent`` (left, hanging) twips."""
        if parent is None:
            paragraph = self.body.makeelement(P, {})
            self.end.addprevious(paragraph)
        else:
            paragraph = SubElement(parent, P)
        add_paragraph_properties(
            paragraph,
            style=style,
            number=number,
            indent=indent,
            page_break=page_break,
            border_color=DRAFT_RED if boxed else None,
        )
        for run in runs:
            add_run(paragraph, run)
        return paragraph

    def heading(self, text: str, level: int = 1, *, page_break: bool = False, number=None):
        style = HEADING_1 if level == 1 else HEADING_2
        return self.paragraph([Text(text)], style=style, page_break=page_break, number=number)

    def table(
        self,
        header: Sequence,
        rows: Iterable[Sequence],
        widths: Sequence[int],
        *,
        split_rows: bool = False,
    ):
        """Add a Word table. A cell is a ``str`` or a list of paragraphs (lists of runs).

        Rows stay on one page unless ``split_rows`` (for rows taller than a page can hold).
        """
        table = self.body.makeelement(w("tbl"), {})
        self.end.addprevious(table)
        add_table_properties(table, widths, style=TABLE_STYLE)
        if header:
            self._row(table, header, widths, header_row=True)
        for row in rows:
            self._row(table, row, widths, keep_together=not split_rows)
        self.paragraph()  # Word needs a paragraph between a table and what follows
        return table

    def _row(
        self,
        table,
        cells: Sequence,
        widths: Sequence[int],
        header_row: bool = False,
        keep_together: bool = True,
    ):
        row = add_row(table, header_row=header_row, keep_together=keep_together)
        for index, width in enumerate(widths):
            cell = add_cell(row, width)
            content = cells[index] if index < len(cells) else ""
            if isinstance(content, str):
                content = [[Text(content, bold=header_row)]] if content else [[]]
            for runs in content or [[]]:
                self.paragraph(runs, parent=cell)
        return row

    # -- the document -------------------------------------------------------------------
    def write(self, comments: Iterable[DocxComment] = ()) -> bytes:
        self.cover()
        if common.wants_contents(self.document):
            self.contents()
        self.glance()
        sections = common.body_sections(self.document)
        for index, section in enumerate(sections):
            self.section(section, page_break=index == 0 or section.kind == "annex")
        if not any(section.kind == "signature" for section in sections):
            self.heading(common.SIGNATURE_HEADING)
            self.signature_table()
        self.notes()
        self.properties()
        for note in comments:
            self.comment(note)
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()

    def cover(self) -> None:
        self.paragraph([Text("DRAFT", bold=True, color=DRAFT_RED)])
        self.paragraph([Text(self.document.title)], style=TITLE)
        for clause in common.cover_clauses(self.document):
            self.clause(clause, Section("cover", "Cover", "cover", None, (clause,)))
        self.paragraph([Text(self.document.notice, bold=True)], boxed=True)
        if self.document.approval is not None:  # the approval record (renderers/approval.py)
            self.paragraph([Text(APPROVAL_HEADING, bold=True)])
            for label, value in approval_rows(self.document.approval):
                self.paragraph([Text(f"{label}: ", bold=True), Text(value)])
            self.paragraph([Text(spell(APPROVAL_NOTE, self.document.english), italic=True)])

    def contents(self) -> None:
        """A Word TOC field over the Heading 1 paragraphs, on a page of its own. Until Word
        updates it (it asks on opening: ``w:updateFields``) it shows the headings without
        page numbers."""
        self.paragraph([Text(common.CONTENTS_HEADING, bold=True, size=28)], page_break=True)
        entries = [text for text, _anchor in common.contents_entries(self.document)]
        _toc_field(self, entries)
        settings = self.word.settings.element
        if settings.find(w("updateFields")) is None:
            settings.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))

    def glance(self) -> None:
        self.heading(common.GLANCE_HEADING, page_break=True)
        self.paragraph([Text(spell(common.GLANCE_INTRO, self.document.english), italic=True)])
        header, cells = [], []
        for _status, heading, symbol, items in common.glance_columns(self.document):
            header.append(f"{symbol} {heading}")
            paragraphs = []
            for item in items:  # 9 pt, so that the grid fits its one page
                runs = [Text(item.item, bold=True, size=GLANCE_SIZE)]
                if item.note:
                    runs += [Text("\n"), Text(item.note, size=GLANCE_SIZE)]
                if item.clause_id in self.numbers:
                    number = self.numbers[item.clause_id]
                    runs.append(Text(f" (clause {number})", size=GLANCE_SIZE - 2))
                paragraphs.append(runs)
            cells.append(paragraphs or [[Text(common.GLANCE_EMPTY)]])
        width = TEXT_WIDTH // 3
        # One tall row of three lists: it may run over a page rather than leave one blank.
        self.table(header, [cells], [width, width, TEXT_WIDTH - 2 * width], split_rows=True)

    def section(self, section: Section, *, page_break: bool) -> None:
        number = (self.numbering.clause_num, 0) if section.number else None
        self.heading(section.title, page_break=page_break, number=number)
        for clause in section.clauses:
            self.clause(clause, section)
        if section.kind == "signature":
            self.signature_table()

    def clause(self, clause: DocumentClause, section: Section) -> None:
        marker = self.end.getprevious()
        self._clause(clause, section)
        if clause.id in self.clause_paragraphs:
            return
        element = marker.getnext() if marker is not None else self.body[0]
        while element is not None and element is not self.end:
            paragraph = next((p for p in element.iter(P) if p.find(R) is not None), None)
            if paragraph is not None:
                self.clause_paragraphs[clause.id] = paragraph
                return
            element = element.getnext()

    def comment(self, note: DocxComment) -> bool:
        """Attach ``note`` to its clause's first paragraph; False when the clause is absent."""
        paragraph = self.clause_paragraphs.get(note.clause_id)
        if paragraph is None:
            return False
        runs = WordParagraph(paragraph, self.word._body).runs
        author = common.xml_safe(note.author)[:255] or "Reviewer"
        initials = "".join(word[0] for word in author.split()[:3] if word[:1].isalnum())
        first, *rest = [common.xml_safe(text) for text in note.paragraphs] or [""]
        comment = self.word.add_comment(runs, text=first, author=author, initials=initials)
        for text in rest:
            comment.add_paragraph(text)
        return True

    def _clause(self, clause: DocumentClause, section: Section) -> None:
        numbered = section.kind == "numbered"
        blocks = [
            block
            for block in clause.blocks
            if not (section.kind == "cover" and common.is_title_paragraph(block, self.document))
        ]
        first = blocks[0] if blocks else None
        runin = numbered and isinstance(first, Paragraph) and bool(first.number)
        if numbered and not runin:
            self.paragraph([Text(clause.title, bold=True)])
        elif section.kind == "annex" and len(section.clauses) > 1 and clause.title != section.title:
            self.heading(clause.title, level=2)
        for index, block in enumerate(blocks):
            self.block(block, numbered, clause.title if runin and index == 0 else None)

    def block(self, block: Block, numbered: bool, runin: str | None = None) -> None:
        if isinstance(block, Paragraph):
            runs: list[Run | Text] = list(block.runs)
            if runin:
                runs.insert(0, Text(common.runin_title(runin) + " ", bold=True))
            number = (self.numbering.clause_num, 1) if block.number else None
            self.paragraph(runs, number=number)
        elif isinstance(block, ListBlock):
            self.list(block, numbered, depth=0, num_id=None)
        elif isinstance(block, Table):
            columns = max([len(block.header), *(len(row) for row in block.rows)], default=1)
            columns = max(columns, 1)
            width = TEXT_WIDTH // columns
            self.table(block.header, block.rows, [width] * columns)

    def list(self, block: ListBlock, numbered: bool, depth: int, num_id: int | None) -> None:
        if num_id is None:
            # A fresh w:num per list, restarting its levels, so every list counts from (a).
            if not block.ordered:
                num_id = self.numbering.instance(self.numbering.bullet, (0, 1))
            elif numbered:
                num_id = self.numbering.instance(self.numbering.clause, (2, 3))
            else:
                num_id = self.numbering.instance(self.numbering.ordered, (0, 1))
        level = depth + (2 if numbered and block.ordered else 0)
        # Direct indents keep bullets and nested lists in line with the numbered text.
        indent = ((NUMBER_INDENT if numbered else 0) + LIST_STEP * (depth + 2), LIST_STEP)
        for item in block.items:
            self.paragraph(item.runs, number=(num_id, level), indent=indent)
            if item.children:
                same_kind = item.children.ordered == block.ordered
                self.list(item.children, numbered, depth + 1, num_id if same_kind else None)

    def signature_table(self) -> None:
        block = common.signature_block(self.document)
        if block is None:
            return
        header = [
            [],
            *([[Text(role, bold=True), Text("\n"), Text(name)]] for role, name in block.parties),
        ]
        rows = [(row, *("" for _ in block.parties)) for row in block.rows]
        first = TEXT_WIDTH // 5
        rest = (TEXT_WIDTH - first) // len(block.parties)
        table = self.table(header, rows, [first, *([rest] * len(block.parties))])
        for row in table.findall(w("tr"))[1:]:
            SubElement(row.find(w("trPr")), w("trHeight"), {VAL: "680"})

    def notes(self) -> None:
        self.heading(common.NOTES_HEADING, page_break=True)
        self.paragraph([Text(spell(common.NOTES_INTRO, self.document.english), italic=True)])
        self.heading(common.FINDINGS_HEADING, level=2)
        if self.document.findings:
            rows = (
                (
                    common.severity_text(finding),
                    finding.message,
                    common.steps_text(finding),
                )
                for finding in self.document.findings
            )
            self.table(common.FINDINGS_HEADER, rows, [1500, TEXT_WIDTH - 4000, 2500])
        else:
            self.paragraph([Text(common.FINDINGS_EMPTY)])
        self.heading(common.COUNSEL_HEADING, level=2)
        num_id = self.numbering.instance(self.numbering.decimal, (0,))
        for question in self.document.counsel_questions:
            self.paragraph([Text(question)], number=(num_id, 0))
        self.heading(common.CLAUSES_HEADING, level=2)
        clause_rows = common.clauses_used_rows(self.document)
        self.table(common.CLAUSES_HEADER, clause_rows, [1700, TEXT_WIDTH - 6000, 1300, 3000])
        self.paragraph([Text(f"Clause library version {self.document.library_version}.")])

    def properties(self) -> None:
        properties = self.word.core_properties
        properties.title = common.xml_safe(self.document.title)[:255]
        properties.subject = spell("Draft dataset licence for AI training", self.document.english)
        properties.author = properties.last_modified_by = "License Drafter"
        properties.comments = common.xml_safe(self.document.notice)
        properties.keywords = f"draft; clause library {self.document.library_version}"
        properties.revision = 1
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        properties.created = properties.modified = now


def render_docx(document: Document, comments: Iterable[DocxComment] | None = None) -> bytes:
    """Render ``document`` as a Word file and return its bytes (a ``.docx`` zip).

    Title style for the title, Heading 1 for sections (numbered sections carry automatic
    level-0 numbering), automatic ``1.1`` / ``(a)`` / ``(i)`` numbering, Word tables for the
    glance grid, annex tables and signature block, and "Page X of Y" in the footer. Any
    ``str`` in the Document is written safely (characters XML cannot hold become U+FFFD).

    ``comments`` (optional :class:`DocxComment` items) become native Word comments anchored
    to the first paragraph of their clause; one whose clause is not in the draft is left
    out. Without them the output is exactly as before.
    """
    writer = _Writer(document)
    return writer.write(comments or ())
