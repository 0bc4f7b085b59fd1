"""DOCX: the draft as an editable Word document (python-docx).

Counsel edit the draft in Word, so it uses Word's own machinery rather than typed numbers:
real heading styles, and automatic multilevel numbering that shows the same numbers as the
Document (``1.`` for a section, ``1.1`` for its paragraphs, ``(a)`` and ``(i)`` for lists).
The glance grid, tables and signature block are Word tables; the footer counts pages with
PAGE and NUMPAGES fields.

This module is the writer: what goes where, from the Document. :mod:`wordbody` is the Word
document it fills (python-docx's package, styles, page, and the paragraph and table builders)
and :mod:`wordml` the WordprocessingML plumbing (runs, fields, numbering, properties). The
body is built as elements directly: python-docx's per-run object API costs several times
more than the XML it writes, and styles are applied by style id (``w:pStyle``), never looked
up by name in a loop.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
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
    clause_anchor,
    section_anchor,
)
from drafting.english import spell
from drafting.renderers import common
from drafting.renderers.approval import APPROVAL_HEADING, APPROVAL_NOTE, approval_rows
from drafting.renderers.wordbody import DRAFT_RED, TITLE, WordBody
from drafting.renderers.wordml import (
    LIST_STEP,
    NUMBER_INDENT,
    SMALL,
    TEXT_WIDTH,
    TOC_INSTRUCTION,
    VAL,
    P,
    R,
    Text,
    add_bookmark,
    add_run,
    field_runs,
    ref_instruction,
    toc_field,
    w,
)

GLANCE_SIZE = 18  # half-points: 9 pt


@dataclass(frozen=True, slots=True)
class DocxComment:
    """A native Word comment to attach to a clause: ``clause_id`` names the clause whose
    first paragraph it is anchored to, ``author`` is shown in Word's margin, and
    ``paragraphs`` are the comment's text (a thread: the comment, then each reply)."""

    clause_id: str
    author: str
    paragraphs: tuple[str, ...]


class _Writer(WordBody):
    def __init__(self, document: Document):
        super().__init__()
        self.document = document
        self.clause_paragraphs: dict = {}  # clause id -> its first w:p holding text
        self.numbers = common.clause_numbers(document)
        # Cross-references are REF fields to a hidden bookmark on each numbered section
        # heading and on each numbered clause's first paragraph: Word renumbers them.
        self.bookmarks = {
            anchor: f"_Ref{index:09d}"
            for index, anchor in enumerate(common.reference_numbers(document), start=1)
        }
        self._setup_page()

    def _setup_page(self) -> None:
        header = self.page.header.paragraphs[0]._p
        add_run(header, Text(common.RUNNING_HEADER, bold=True, size=SMALL, color=DRAFT_RED))
        add_run(header, Text("\t\t" + self.document.title[:200], size=SMALL))
        footer = self.page.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_run(footer._p, Text("Page ", size=SMALL))
        field_runs(footer._p, "PAGE", "1")
        add_run(footer._p, Text(" of ", size=SMALL))
        field_runs(footer._p, "NUMPAGES", "1")

    def run(self, paragraph, run: Run | Text) -> None:
        """Write a cross-reference's number as a REF field to its target's bookmark."""
        if run.ref in self.bookmarks:
            field_runs(paragraph, ref_instruction(self.bookmarks[run.ref]), run)
        else:
            add_run(paragraph, run)

    def bookmark(self, paragraph, anchor: str) -> None:
        """Bookmark ``paragraph`` as the target of the cross-references to ``anchor``."""
        name = self.bookmarks[anchor]
        add_bookmark(paragraph, int(name.removeprefix("_Ref")), name)

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
        # The library's drafting notes first, then the review's threads, on each clause.
        for clause in self.document.clauses():
            if clause.drafting_note.strip():
                self.comment(DocxComment(clause.id, common.NOTE_AUTHOR, (clause.drafting_note,)))
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
        entries = [  # the notes for counsel are comments here, not a heading
            text
            for text, anchor in common.contents_entries(self.document)
            if anchor != common.COUNSEL_NOTES_ANCHOR
        ]
        toc_field([self.paragraph() for _ in entries or [""]], entries)
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
                    anchor = clause_anchor(item.clause_id)
                    runs += [
                        Text(" (clause ", size=GLANCE_SIZE - 2),
                        Text(number, size=GLANCE_SIZE - 2, ref=anchor),
                        Text(")", size=GLANCE_SIZE - 2),
                    ]
                paragraphs.append(runs)
            cells.append(paragraphs or [[Text(common.GLANCE_EMPTY)]])
        width = TEXT_WIDTH // 3
        # One tall row of three lists: it may run over a page rather than leave one blank.
        self.table(header, [cells], [width, width, TEXT_WIDTH - 2 * width], split_rows=True)

    def section(self, section: Section, *, page_break: bool) -> None:
        number = (self.numbering.clause_num, 0) if section.number else None
        heading = self.heading(section.title, page_break=page_break, number=number)
        if section.number:
            self.bookmark(heading, section_anchor(section.id))
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
            if isinstance(block, Paragraph) and block.number and block.number == clause.number:
                self.bookmark(self.end.getprevious(), clause_anchor(clause.id))

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
        self.heading(common.COUNSEL_NOTES_HEADING, level=2)
        self.paragraph([Text(common.COUNSEL_NOTES_IN_COMMENTS)])
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


__all__ = ["TOC_INSTRUCTION", "DocxComment", "render_docx"]


def render_docx(document: Document, comments: Iterable[DocxComment] | None = None) -> bytes:
    """Render ``document`` as a Word file and return its bytes (a ``.docx`` zip).

    Title style for the title, Heading 1 for sections (numbered sections carry automatic
    level-0 numbering), automatic ``1.1`` / ``(a)`` / ``(i)`` numbering, Word tables for the
    glance grid, annex tables and signature block, and "Page X of Y" in the footer. Any
    ``str`` in the Document is written safely (characters XML cannot hold become U+FFFD).

    Cross-references are REF fields to hidden bookmarks on the numbered headings and clause
    paragraphs, showing the Document's numbers until Word updates them. Each clause's drafting
    note is a native Word comment on its first paragraph, by "License Drafter" (initials
    "LD"). ``comments`` (optional :class:`DocxComment` items, the review's threads) become
    comments beside them; one whose clause is not in the draft is left out.
    """
    writer = _Writer(document)
    return writer.write(comments or ())
