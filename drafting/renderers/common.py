"""What every renderer shows the same way: headings, the cover, the glance grid, the notes.

These helpers only rearrange what the :class:`~drafting.assembly.document.Document` holds so
that the HTML and DOCX renderers agree; none of them chooses or words a clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from drafting.assembly.document import (
    Block,
    Document,
    DocumentClause,
    Finding,
    GlanceItem,
    Paragraph,
    Section,
    Table,
    clause_anchor,
    section_anchor,
)
from drafting.english import spell

ROOT = Path(__file__).resolve().parent.parent.parent
STATIC_DIR = ROOT / "static"
DOCUMENT_STATIC_DIR = STATIC_DIR / "document"

GLANCE_HEADING = "Key terms at a glance"
GLANCE_INTRO = (
    "A plain-language summary of the main terms. It is not part of the licence: where it "
    "differs from the clauses that follow, the clauses apply."
)
# (status, column heading, symbol): the symbol and the heading both say it, never colour alone.
GLANCE_COLUMNS = (
    ("allowed", "Allowed", "\u2713"),
    ("not_allowed", "Not allowed", "\u2717"),
    ("conditional", "Conditional", "\u25d0"),
)
GLANCE_EMPTY = "Nothing listed."
NOTES_HEADING = "Drafting notes"
NOTES_INTRO = (
    "These notes are for the parties and their advisers. They are not part of the licence; "
    "remove them before the licence is signed."
)
FINDINGS_HEADING = "Consistency findings"
FINDINGS_EMPTY = "No inconsistencies were found in the answers."
FINDINGS_HEADER = ("Severity", "Finding", "Questionnaire steps to revisit")
COUNSEL_HEADING = "Questions for counsel"
COUNSEL_NOTES_HEADING = "Notes for counsel"
COUNSEL_NOTES_ANCHOR = "notes-for-counsel"
COUNSEL_NOTES_INTRO = (
    "The clause library's drafting note on each clause of this draft: why it is worded as it "
    "is and what to check before it is signed."
)
# One cell says where and which clause ("clause 9.1 Non-monetary benefits"), one the note.
COUNSEL_NOTES_HEADER = ("Clause", "Drafting note")
# In the DOCX each drafting note is a Word comment on its clause, under this name.
NOTE_AUTHOR = "License Drafter"
COUNSEL_NOTES_IN_COMMENTS = (
    f"Each clause's drafting note is a comment on that clause, by \u201c{NOTE_AUTHOR}\u201d."
)
CLAUSES_HEADING = "Clauses used"
# In words: where the clause stands, its title, its version and the questions that brought it
# in. The clause ids and answer keys are for machines: they are in the JSON, not here.
CLAUSES_HEADER = ("Where", "Clause", "Version", "Included because of")
ALWAYS_INCLUDED = "always included"
# What each derived fact a clause condition reads says, in words.
FACT_WORDS = {
    "licensee_named": "whether the licensee is named",
    "monetary": "whether a fee is payable",
    "personal_data_present": "whether the data holds personal data",
    "upstream_names": "the licences of collected material",
    "upstream_expressions": "the licences of collected material",
    "upstream_attribution": "whether a licence of collected material requires credit",
    "upstream_noncommercial": "whether a licence of collected material forbids commercial use",
    "upstream_no_derivatives": "whether a licence of collected material forbids adaptations",
    "upstream_share_alike": "whether a licence of collected material is share-alike",
    "upstream_use_restrictions": "whether a licence of collected material restricts uses",
    "upstream_unknown_terms": "whether a licence of collected material has terms to check",
}
CONTENTS_HEADING = "Contents"
# A table of contents for drafts of more than about four pages of clause text.
CONTENTS_MIN_CHARACTERS = 12_000
SIGNATURE_HEADING = "Signatures"
SIGNATURE_ROWS = ("Signature", "Name", "Title", "Date")
SEVERITY_LABELS = {
    "incomplete": "Missing answer",
    "contradiction": "Contradiction",
    "ambiguity": "Ambiguity",
    "warning": "Warning",
    "confirm": "To confirm",
    "info": "For information",
}
BLOCKS_APPROVAL = "blocks approval"
RUNNING_HEADER = "DRAFT \u2014 not legal advice"

# Characters XML 1.0 cannot hold (and so neither DOCX nor the PDF's HTML parser): C0 controls
# other than tab, newline and carriage return, surrogates, and U+FFFE/U+FFFF.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def severity_text(finding) -> str:
    """Return a finding's severity in words, saying so when it blocks approval:
    ``"Missing answer (blocks approval)"``, ``"Warning"``."""
    label = SEVERITY_LABELS.get(finding.severity, finding.severity)
    return f"{label} ({BLOCKS_APPROVAL})" if finding.blocking else label


def xml_safe(text: str) -> str:
    """Return ``text`` with every character XML 1.0 cannot hold replaced by U+FFFD.

    Answers are cleaned of control characters when parsed; this guards every other path
    (clause text, findings) so that no ``str`` can make a renderer fail.
    """
    return XML_INVALID.sub("\ufffd", text)


def reference_numbers(document: Document) -> dict[str, str]:
    """Map the anchor of everything a cross-reference may point at to its number, in document
    order: each numbered section (``{"section-term": "15"}``) and each numbered clause
    (``{"clause-term-duration": "15.1"}``)."""
    numbers: dict[str, str] = {}
    for section in document.sections:
        if section.number:
            numbers[section_anchor(section.id)] = section.number
        for clause in section.clauses:
            if clause.number:
                numbers[clause_anchor(clause.id)] = clause.number
    return numbers


def runin_title(title: str) -> str:
    """Return a clause title as a run-in heading: ``"Grant"`` gives ``"Grant."``."""
    title = title.strip()
    return title if title.endswith((".", ":", "?", "!")) else f"{title}."


def section_heading(section: Section) -> str:
    """Return a section's heading as plain text: ``"1. Licence grant"`` or ``"Background"``."""
    return f"{section.number}. {section.title}" if section.number else section.title


def is_title_paragraph(block: Block, document: Document) -> bool:
    """Return whether ``block`` merely repeats the document title (shown as the cover's heading)."""
    return isinstance(block, Paragraph) and block.text.strip() == document.title.strip()


def body_sections(document: Document) -> tuple[Section, ...]:
    """Return the sections after the cover, in document order."""
    return tuple(section for section in document.sections if section.kind != "cover")


def cover_clauses(document: Document) -> tuple[DocumentClause, ...]:
    """Return the clauses of the cover section(s)."""
    return tuple(
        clause
        for section in document.sections
        if section.kind == "cover"
        for clause in section.clauses
    )


def glance_columns(document: Document) -> list[tuple[str, str, str, list[GlanceItem]]]:
    """Return the glance grid as ``[(status, heading, symbol, items)]`` in column order."""
    return [
        (status, heading, symbol, [item for item in document.glance if item.status == status])
        for status, heading, symbol in GLANCE_COLUMNS
    ]


def clause_numbers(document: Document) -> dict[str, str]:
    """Map each numbered clause's id to its number (``{"grant.scope": "1.1"}``)."""
    return {clause.id: clause.number for clause in document.clauses() if clause.number}


def has_table(section: Section) -> bool:
    """Return whether any clause of ``section`` holds a table."""
    return any(isinstance(block, Table) for clause in section.clauses for block in clause.blocks)


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """The standard signature table: one column per party, rows to sign and fill in."""

    parties: tuple[tuple[str, str], ...]  # (role heading, party name)
    rows: tuple[str, ...] = SIGNATURE_ROWS


def signature_block(document: Document) -> SignatureBlock | None:
    """Return the signature table to add, or None when the library's signature clauses
    already provide the execution blocks (a signature section with any clause)."""
    for section in document.sections:
        if section.kind == "signature" and section.clauses:
            return None
    answers = document.answers
    licensor = (answers.get("licensor") or {}).get("name") or "[Licensor]"
    licensee = (answers.get("licensee") or {}).get("name") or "[Licensee]"
    return SignatureBlock(
        parties=(
            ("Signed for the Licensor", licensor),
            ("Signed for the Licensee", licensee),
        )
    )


def steps_text(finding: Finding) -> str:
    """Return a finding's steps as their titles: ``"Permitted uses; Fair value exchange"``
    (the titles assembly put in ``finding.step_titles``; the keys when it put none)."""
    return "; ".join(finding.step_titles or finding.steps)


def key_words(key: str, label: str = "") -> str:
    """Return an answer key or ``facts.`` name in words: its question's ``label`` (resolved
    at assembly) in quotation marks (``"grant.exclusivity"`` with its label gives ``'the
    answer to "Exclusive or non-exclusive?"'``), a derived fact's meaning, or ``"another
    answer"`` (no label); never the key itself."""
    if key.startswith("facts."):
        return FACT_WORDS.get(key.removeprefix("facts."), "another answer")
    return f"the answer to \u201c{label}\u201d" if label else "another answer"


def condition_text(clause: DocumentClause) -> str:
    """Return why a clause is here, in words: each answer its condition read as
    :func:`key_words` with the label assembly resolved, then the chosen answer in words
    (``'the answer to “Who may use the data?”: the licensee's own staff only'``), joined
    with semicolons; ``"always included"`` when the condition read nothing."""
    count = len(clause.condition_keys)
    labels = clause.condition_labels or ("",) * count
    answers = clause.condition_answers or ("",) * count
    words = (
        f"{key_words(key, label)}: {answer}" if answer else key_words(key, label)
        for key, label, answer in zip(clause.condition_keys, labels, answers, strict=True)
    )
    return "; ".join(dict.fromkeys(words)) or ALWAYS_INCLUDED


def clause_place(document: Document) -> dict[str, str]:
    """Map each clause's id to where it stands, in words: ``"clause 2.1"`` for a numbered
    clause, otherwise its section's title (``"Cover"``, ``"Annex A: Fees schedule"``)."""
    return {
        clause.id: f"clause {clause.number}" if clause.number else section.title
        for section in document.sections
        for clause in section.clauses
    }


def version_words(version: int) -> str:
    """Return a clause version in words: ``2`` gives ``"version 2"``."""
    return f"version {version}"


def clauses_used_rows(document: Document) -> list[tuple[str, str, str, str]]:
    """Return the drafting notes' clause list as rows of :data:`CLAUSES_HEADER`, in words:
    no clause id or answer key appears in them."""
    places = clause_place(document)
    return [
        (
            places[clause.id],
            clause.title,
            version_words(clause.version),
            spell(condition_text(clause), document.english),
        )
        for clause in document.clauses()
    ]


def counsel_note_rows(document: Document) -> list[tuple[str, str, str, str]]:
    """Return the notes for counsel as ``(where, title, drafting note, anchor)`` for each
    clause with a drafting note, in document order, keyed to where it stands (``"clause
    2.1"``, ``"Cover"``); where and title share the first column of the table."""
    places = clause_place(document)
    return [
        (places[clause.id], clause.title, clause.drafting_note.strip(), clause_anchor(clause.id))
        for clause in document.clauses()
        if clause.drafting_note.strip()
    ]


def wants_contents(document: Document) -> bool:
    """Return whether the draft is long enough for a table of contents
    (:data:`CONTENTS_MIN_CHARACTERS` of text or more)."""
    return len(document.text()) >= CONTENTS_MIN_CHARACTERS


def contents_entries(document: Document) -> list[tuple[str, str]]:
    """Return the table of contents as ``[(heading text, HTML anchor)]``: every section after
    the cover (:func:`section_heading`), then the drafting notes and their notes for counsel."""
    entries = [
        (section_heading(section), section_anchor(section.id))
        for section in body_sections(document)
    ]
    if not any(section.kind == "signature" for section in body_sections(document)):
        entries.append((SIGNATURE_HEADING, "section-signature"))
    entries.append((NOTES_HEADING, "drafting-notes"))
    if counsel_note_rows(document):
        entries.append((COUNSEL_NOTES_HEADING, COUNSEL_NOTES_ANCHOR))
    return entries
