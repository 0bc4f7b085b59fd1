"""The Word document the DOCX writer (:mod:`drafting.renderers.docx`) fills: python-docx's
package with the draft's styles and A4 page, and the block builders (paragraphs, headings,
tables) that append WordprocessingML elements to its body through :mod:`wordml`.

It knows nothing of a :class:`~drafting.assembly.document.Document`'s clauses: the writer
decides what goes where, this module how a paragraph or table is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from docx import Document as new_word_document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt, RGBColor
from lxml.etree import SubElement

from drafting.assembly.document import Run
from drafting.renderers.wordml import (
    TEXT_WIDTH,
    Numbering,
    P,
    Text,
    add_cell,
    add_paragraph_properties,
    add_row,
    add_run,
    add_table_properties,
    w,
)

# Style ids of the python-docx default template (ids, not display names).
TITLE, HEADING_1, HEADING_2 = "Title", "Heading1", "Heading2"
TABLE_STYLE = "TableGrid"

BODY_FONT, HEADING_FONT = "Georgia", "Arial"
INK = RGBColor(0x1A, 0x1A, 0x1A)
DRAFT_RED = "8A1C1C"


class WordBody:
    """A new Word document (``self.word``, python-docx) on A4 with the draft's fonts, whose
    body grows by :meth:`paragraph`, :meth:`heading` and :meth:`table`, each appended before
    the section properties; ``self.numbering`` holds the document's numbering definitions."""

    def __init__(self) -> None:
        self.word = new_word_document()
        self.body = self.word.element.body
        self.end = self.body.find(w("sectPr"))  # new blocks go before the section properties
        self.numbering = Numbering(self.word)
        self._setup_styles()
        self.page = self.word.sections[0]
        self.page.page_width, self.page.page_height = Mm(210), Mm(297)
        self.page.left_margin, self.page.right_margin = Mm(22), Mm(20)
        self.page.top_margin, self.page.bottom_margin = Mm(24), Mm(22)

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
        """Add a ``w:p`` (at the end of the body, or of ``parent``) and return it; ``number``
        is (numId, level), ``indent`` (left, hanging) twips, ``boxed`` a red box around it."""
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
            self.run(paragraph, run)
        return paragraph

    def run(self, paragraph, run: Run | Text) -> None:
        """Append ``run`` to ``paragraph``; a writer may override it for runs it writes
        otherwise (the DOCX writer makes a cross-reference a field)."""
        add_run(paragraph, run)

    def heading(self, text: str, level: int = 1, *, page_break: bool = False, number=None):
        """Add a Heading 1 (``level`` 1) or Heading 2 paragraph of ``text`` and return it."""
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
        """Add a Word table and return its ``w:tbl``. A cell is a ``str`` or a list of
        paragraphs (lists of runs); ``widths`` are the columns' in twips.

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


__all__ = ["DRAFT_RED", "HEADING_1", "HEADING_2", "TABLE_STYLE", "TEXT_WIDTH", "TITLE", "WordBody"]
