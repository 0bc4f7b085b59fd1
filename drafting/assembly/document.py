"""The format-neutral draft: what assembly produces and every renderer consumes.

A :class:`Document` is plain frozen data. Renderers (HTML, PDF, DOCX, JSON) turn it into a
file and decide nothing about which clause applies; review features (comments, redlines) read
clause ids and texts from it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from drafting.english import English

GlanceStatus = Literal["allowed", "not_allowed", "conditional"]
GLANCE_STATUSES: tuple[GlanceStatus, ...] = ("allowed", "not_allowed", "conditional")
Severity = Literal["incomplete", "contradiction", "ambiguity", "warning", "confirm", "info"]
SectionKind = Literal["cover", "recitals", "definitions", "numbered", "annex", "signature"]


@dataclass(frozen=True, slots=True)
class Run:
    """A stretch of text with one style. ``text`` is literal (never markup); ``"\\n"`` alone
    is a line break. A cross-reference's number is a run of its own whose ``ref`` is the
    anchor of the section or clause it points at (``"section-term"``, ``"clause-grant-scope"``,
    as :func:`section_anchor` and :func:`clause_anchor` write them); ``ref`` is empty
    otherwise."""

    text: str
    bold: bool = False
    italic: bool = False
    ref: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph. ``number`` is its clause number (``"2.1"``) or None when unnumbered."""

    runs: tuple[Run, ...]
    number: str | None = None

    @property
    def text(self) -> str:
        """The paragraph's plain text, without its number."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class ListItem:
    """One item of a list: its label (``"(a)"``, ``"(i)"`` or ``"•"``), text, and sub-list."""

    label: str
    runs: tuple[Run, ...]
    children: ListBlock | None = None

    @property
    def text(self) -> str:
        """The item's plain text, without its label or sub-list."""
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class ListBlock:
    """A list of items; ``ordered`` lists are labelled (a), (b)... and (i), (ii) when nested."""

    items: tuple[ListItem, ...]
    ordered: bool = True


@dataclass(frozen=True, slots=True)
class Table:
    """A table of plain-text cells: a header row and body rows of the same width.

    A cell's text may hold ``"\n"`` line breaks (from ``<br>``); renderers keep them.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Block = Paragraph | ListBlock | Table


@dataclass(frozen=True, slots=True)
class DocumentClause:
    """One clause as it stands in the draft.

    ``id`` and ``version`` name the clause file it came from; ``number`` is the number of its
    first paragraph (None in unnumbered sections); ``condition_keys`` are the answer keys its
    condition read and ``body_keys`` those its text read, so the UI can say why it is there;
    ``condition_labels`` and ``condition_answers`` are, for each of ``condition_keys``, its
    question's label and the answer in words (:mod:`drafting.assembly.explain`), empty for a
    ``facts.`` name's label.
    ``text_hash`` is a SHA-256 of its rendered text, for noticing that a clause changed.
    """

    id: str
    version: int
    title: str
    number: str | None
    blocks: tuple[Block, ...]
    summary: str
    drafting_note: str
    condition_keys: tuple[str, ...]
    body_keys: tuple[str, ...]
    text_hash: str
    condition_labels: tuple[str, ...] = ()
    condition_answers: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The clause's plain text, numbers included, one block per line."""
        return "\n".join(block_text(block) for block in self.blocks)


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the draft: the cover, the recitals, a numbered clause, an annex..."""

    id: str
    title: str
    kind: SectionKind
    number: str | None
    clauses: tuple[DocumentClause, ...]


@dataclass(frozen=True, slots=True)
class GlanceItem:
    """One row of the key-terms-at-a-glance grid."""

    item: str
    status: GlanceStatus
    note: str
    clause_id: str


@dataclass(frozen=True, slots=True)
class Finding:
    """A consistency finding from the spec's rules, shown on review and in the drafting notes.

    ``steps`` are the wizard steps to visit to resolve it; ``counsel_question`` is what to
    ask a lawyer about it (empty when there is nothing to ask). A ``blocking`` finding keeps
    the draft from being approved (it can still be downloaded, marked as a draft): the
    completeness gate raises one, severity ``"incomplete"``, for each placeholder left in the
    text, with ``question`` the answer key that removes it and ``placeholder`` the text.
    ``step_titles`` are the titles of ``steps``, in order, filled in at assembly (the key
    itself for a step the questionnaire does not have).
    """

    code: str
    severity: Severity
    message: str
    steps: tuple[str, ...]
    counsel_question: str = ""
    blocking: bool = False
    question: str = ""
    placeholder: str = ""
    step_titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ApprovalRecord:
    """Who approved the text and which: ``approver`` (a name as the review records it),
    ``approved_at`` (an aware datetime), ``revision`` (the draft revision approved) and
    ``text_sha256`` (64 hex digits: the SHA-256 of :meth:`Document.text` in UTF-8)."""

    approver: str
    approved_at: dt.datetime
    revision: int
    text_sha256: str


@dataclass(frozen=True, slots=True)
class Document:
    """A complete assembled draft licence.

    ``answers`` is the JSON-ready answers document with defaults applied; ``clause_versions``
    maps every clause id used to its version; ``library_version`` is the clause library's;
    ``english`` is the draft's English variant (``"british"`` or ``"american"``), which the
    title, the clauses, the glance, the notes and every renderer's own text follow.

    What the renderers need of the answers beyond the text is resolved at assembly, so that
    they read nothing but the Document: ``values`` maps every question key to its typed value
    as the clauses read it (``Money``, ``Duration``, ``datetime.date``, a tuple for multi
    answers...; None when the question does not apply); ``option_labels`` maps a question key
    to ``{option: label}`` for the options its answer chose; ``attribution`` is the credit
    line the licence requires (derived from the names when not given), empty when it
    requires none.
    ``approval`` is the record of the approval in force (None for a draft not approved):
    assembly never sets it; the drafts layer adds it with ``dataclasses.replace`` before
    rendering, and the renderers print it on the cover.
    """

    title: str
    notice: str
    library_version: str
    sections: tuple[Section, ...]
    glance: tuple[GlanceItem, ...]
    findings: tuple[Finding, ...]
    counsel_questions: tuple[str, ...]
    answers: dict[str, Any] = field(hash=False)
    clause_versions: dict[str, int] = field(hash=False)
    english: English = "british"
    values: dict[str, Any] = field(default_factory=dict, hash=False)
    option_labels: dict[str, dict[str, str]] = field(default_factory=dict, hash=False)
    attribution: str = ""
    approval: ApprovalRecord | None = None

    def blocking_findings(self) -> tuple[Finding, ...]:
        """The findings that keep this draft from being approved, in order."""
        return tuple(finding for finding in self.findings if finding.blocking)

    def clauses(self) -> tuple[DocumentClause, ...]:
        """Every clause of the draft, in document order."""
        return tuple(clause for section in self.sections for clause in section.clauses)

    def clause(self, clause_id: str) -> DocumentClause | None:
        """Return the clause with ``clause_id``, or None when the draft does not include it."""
        for clause in self.clauses():
            if clause.id == clause_id:
                return clause
        return None

    def text(self) -> str:
        """The whole draft as plain text: title, notice, sections and clauses in order."""
        lines = [self.title, self.notice]
        for section in self.sections:
            heading = f"{section.number}. {section.title}" if section.number else section.title
            lines.append(heading)
            lines.extend(clause.text for clause in section.clauses)
        return "\n".join(line for line in lines if line)


def section_anchor(section_id: str) -> str:
    """Return the anchor of a section: ``"term"`` gives ``"section-term"``."""
    return "section-" + section_id


def clause_anchor(clause_id: str) -> str:
    """Return the anchor of a clause: ``"grant.scope"`` gives ``"clause-grant-scope"``."""
    return "clause-" + clause_id.replace(".", "-")


def block_text(block: Block) -> str:
    """Return a block's plain text with its numbers and labels, one line per paragraph/item."""
    if isinstance(block, Paragraph):
        return f"{block.number} {block.text}" if block.number else block.text
    if isinstance(block, Table):
        rows = [block.header, *block.rows]
        return "\n".join(" | ".join(row) for row in rows)
    lines = []
    for item in block.items:
        lines.append(f"{item.label} {item.text}")
        if item.children:
            lines.append(block_text(item.children))
    return "\n".join(lines)
