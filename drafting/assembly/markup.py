"""The clause markup: the small HTML subset a rendered clause body is written in.

Clause bodies render (autoescaped) to this markup; :func:`parse_blocks` turns it into
document blocks. Because answers are escaped before they reach it, user text can never open a
tag: ``<b>`` typed as a name arrives here as ``&lt;b&gt;`` and leaves as the literal text.

Allowed: ``p``, ``ol``/``ul`` with ``li`` (one level of nesting), ``strong``/``b``,
``em``/``i``, ``dfn`` (a defined term, shown bold in quotes), ``br``, ``a href="#anchor"``
(a cross-reference: its text becomes a run whose ``ref`` is the anchor; written by
:func:`reference`, which the clauses reach through ``see()``), and ``table`` with ``tr``,
``th``, ``td`` (``thead``/``tbody`` are accepted and ignored). A ``br`` in a cell becomes a
``"\n"`` in the cell's text, and a cross-reference in a cell its plain text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from html import unescape

from markupsafe import Markup

from drafting.assembly.document import Block, ListBlock, ListItem, Paragraph, Run, Table

INLINE = {"strong": "bold", "b": "bold", "em": "italic", "i": "italic", "dfn": "bold"}
IGNORED = {"thead", "tbody"}
ALLOWED = set(INLINE) | IGNORED | {"p", "ol", "ul", "li", "br", "table", "tr", "th", "td", "a"}
WHITESPACE = re.compile(r"[ \t\n\r\f]+")
# The markup is generated: tags have no attributes but a cross-reference's anchor, and every
# "<" in text arrives escaped, so a tokenizer is enough (assembly's hot path:
# docs/performance.md).
TOKEN = re.compile(r'<(/?)([a-z0-9]+)(?: href="#([a-z0-9_-]+)")?\s*/?>|([^<]+)|(<)')
# Marks a <br> inside a table cell until the cell's white space has been collapsed.
_CELL_BREAK = "\u2028"


class MarkupError(ValueError):
    """A clause body used a tag outside the allowed subset or nested blocks wrongly."""


def reference(anchor: str, number: str, words: str = "clause") -> Markup:
    """Return the markup of a cross-reference: ``words`` then ``number`` as the link text to
    ``anchor`` (``reference("section-term", "15")`` gives ``clause <a href="#section-term">15
    </a>`` without the space), which :func:`parse_blocks` turns into a run with ``ref``."""
    return Markup('{} <a href="#{}">{}</a>').format(words, anchor, number)


def _letters(index: int) -> str:
    label = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        label = chr(ord("a") + remainder) + label
    return label


def _roman(index: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    value, out = index + 1, ""
    for amount, letters in numerals:
        while value >= amount:
            out, value = out + letters, value - amount
    return out


@dataclass
class _ListState:
    ordered: bool
    depth: int
    items: list[ListItem] = field(default_factory=list)
    runs: list[Run] | None = None
    children: ListBlock | None = None


class _Parser:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.runs: list[Run] | None = None  # the open paragraph's runs
        self.style = {"bold": 0, "italic": 0}
        self.ref = ""  # the anchor of the open cross-reference
        self.lists: list[_ListState] = []
        self.table: list[list[str]] | None = None
        self.header: list[str] | None = None
        self.cell: list[str] | None = None
        self.row: list[str] | None = None
        self.row_is_header = False

    # where inline text goes right now
    def _target(self) -> list[Run] | None:
        if self.lists and self.lists[-1].runs is not None:
            return self.lists[-1].runs
        return self.runs

    def handle_starttag(self, tag, anchor=None):
        if tag not in ALLOWED:
            raise MarkupError(f"<{tag}> is not allowed in a clause body")
        if (tag == "a") != bool(anchor):
            raise MarkupError(f"<{tag}> with an anchor: only a cross-reference, <a href='#...'>")
        if tag == "a":
            if self.ref:
                raise MarkupError("<a> must not be nested")
            self.ref = anchor
        elif tag in INLINE:
            self.style[INLINE[tag]] += 1
            if tag == "dfn":
                self.handle_data("\u201c")
        elif tag == "p":
            if self.runs is not None or self.lists or self.table is not None:
                raise MarkupError("<p> must not be nested")
            self.runs = []
        elif tag in {"ol", "ul"}:
            if len(self.lists) == 2:
                raise MarkupError("lists nest one level at most")
            self._close_paragraph()
            self.lists.append(_ListState(ordered=tag == "ol", depth=len(self.lists)))
        elif tag == "li":
            if not self.lists:
                raise MarkupError("<li> outside a list")
            self.lists[-1].runs = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(_CELL_BREAK)
        elif tag == "br":
            target = self._target()
            if target is not None:
                target.append(Run("\n"))
        elif tag == "table":
            self.table, self.header = [], None
        elif tag == "tr":
            self.row, self.row_is_header = [], False
        elif tag in {"th", "td"}:
            self.cell = []
            self.row_is_header = tag == "th"

    def handle_endtag(self, tag):
        if tag not in ALLOWED:
            raise MarkupError(f"</{tag}> is not allowed in a clause body")
        if tag == "a":
            self.ref = ""
        elif tag in INLINE:
            if tag == "dfn":
                self.handle_data("\u201d")
            self.style[INLINE[tag]] -= 1
        elif tag == "p":
            self._close_paragraph()
        elif tag == "li":
            state = self.lists[-1]
            label = self._label(state, len(state.items))
            state.items.append(ListItem(label, _tidy(state.runs or []), state.children))
            state.runs, state.children = None, None
        elif tag in {"ol", "ul"}:
            state = self.lists.pop()
            block = ListBlock(tuple(state.items), ordered=state.ordered)
            if self.lists:
                self.lists[-1].children = block
            else:
                self.blocks.append(block)
        elif tag in {"th", "td"}:
            text = WHITESPACE.sub(" ", "".join(self.cell))
            lines = [line.strip() for line in text.split(_CELL_BREAK)]
            self.row.append("\n".join(lines).strip())
            self.cell = None
        elif tag == "tr":
            if self.row_is_header and self.header is None:
                self.header = self.row
            else:
                self.table.append(self.row)
            self.row = None
        elif tag == "table":
            header = tuple(self.header or ())
            self.blocks.append(Table(header, tuple(tuple(row) for row in self.table)))
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)
            return
        target = self._target()
        if target is None:
            if data.strip():
                raise MarkupError(f"text outside a paragraph: {data.strip()[:40]!r}")
            return
        bold, italic = self.style["bold"] > 0, self.style["italic"] > 0
        target.append(Run(data, bold=bold, italic=italic, ref=self.ref))

    @staticmethod
    def _label(state: _ListState, index: int) -> str:
        if not state.ordered:
            return "\u2022"
        return f"({_letters(index) if state.depth == 0 else _roman(index)})"

    def _close_paragraph(self) -> None:
        if self.runs is not None:
            runs = _tidy(self.runs)
            if runs:
                self.blocks.append(Paragraph(runs))
            self.runs = None


def _tidy(runs: list[Run]) -> tuple[Run, ...]:
    """Collapse white space as HTML would and merge neighbouring runs of one style (and one
    cross-reference)."""
    merged: list[Run] = []
    for run in runs:
        text = run.text if run.text == "\n" else WHITESPACE.sub(" ", run.text)
        if (
            merged
            and run.text != "\n"
            and merged[-1].text != "\n"
            and (merged[-1].bold, merged[-1].italic, merged[-1].ref)
            == (run.bold, run.italic, run.ref)
        ):
            merged[-1] = replace(run, text=merged[-1].text + text)
        elif text:
            merged.append(replace(run, text=text))
    if merged and merged[0].text != "\n":
        merged[0] = replace(merged[0], text=merged[0].text.lstrip())
    if merged and merged[-1].text != "\n":
        merged[-1] = replace(merged[-1], text=merged[-1].text.rstrip())
    cleaned: list[Run] = []
    for index, run in enumerate(merged):
        if run.text == "\n":
            if cleaned and cleaned[-1].text.endswith(" "):
                cleaned[-1] = replace(cleaned[-1], text=cleaned[-1].text.rstrip())
            if index + 1 < len(merged) and merged[index + 1].text.startswith(" "):
                merged[index + 1] = replace(merged[index + 1], text=merged[index + 1].text.lstrip())
        if run.text:
            cleaned.append(run)
    return tuple(cleaned)


def parse_blocks(markup: str) -> tuple[Block, ...]:
    """Parse rendered clause markup into blocks (paragraphs, lists, tables).

    Raises :class:`MarkupError` for a tag outside the subset, text outside any block, or
    blocks nested in ways the renderers cannot show.
    """
    parser = _Parser()
    for match in TOKEN.finditer(markup):
        closing, tag, anchor, text, stray = match.groups()
        if stray:
            raise MarkupError(f"a stray '<' near {markup[match.start() : match.start() + 30]!r}")
        if text is not None:
            parser.handle_data(unescape(text))
        elif closing:
            if anchor:
                raise MarkupError(f"</{tag}> with an anchor")
            parser.handle_endtag(tag)
        else:
            parser.handle_starttag(tag, anchor)
    parser._close_paragraph()
    if parser.lists or parser.table is not None:
        raise MarkupError("a list or table is not closed")
    return tuple(parser.blocks)
