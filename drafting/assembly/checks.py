"""The document check: an assembled :class:`Document` checks itself.

:func:`check_document` returns a :class:`DocumentProblem` (code, clause id, offending text,
message) for each of:

- ``placeholder``: bracketed text with no blocking finding that names a question for it
  (for ``[not yet answered]``, a question the clause's text reads);
- ``undefined_term``: a capitalised term the library defines somewhere (``<dfn>``) used in
  this draft where no clause of this draft defines it;
- ``unused_definition``: a term this draft defines that nothing else in it uses;
- ``cross_reference``: "clause N" or "clause N.M" pointing at a number the draft does not have,
  or "Annex X" when the draft has no such annex;
- ``english_variant``: the noun spelt the other variant's way ("licence" in an American
  draft, "license" as a noun in a British one) in a clause's title, text or notes, a glance
  row or the title (``document.title``), so both spellings would stand in one draft;
- the writing checks of :mod:`drafting.assembly.writing`: ``list_punctuation``,
  ``number_style``, ``straight_quote`` and ``arbitration_rules``;
- ``glance_deployment``: a glance row that says Models may be deployed or used in products
  while the text keeps every Model inside the Licensee's organisation, or while the glance
  itself says no model is trained or fine-tuned;
- ``deletion_deadline``: two different deadlines for the one duty to delete the copies of the
  Dataset (the period answers decide it; fixed text must not state another).

It reads only the Document, so it runs the same over a real draft, an example and a generated
sample of answers (``check_clauses --strict`` and the tests run it over 500 or more).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from drafting.assembly.completeness import find_placeholders
from drafting.assembly.document import (
    Document,
    DocumentClause,
    ListBlock,
    Paragraph,
    Run,
    Table,
)
from drafting.assembly.writing import writing_problems
from drafting.english import foreign_nouns, spell
from drafting.formatting import MISSING
from drafting.library.model import Library

DFN_SOURCE = re.compile(r"<dfn>([^<{}]+)</dfn>")
DEFINITION = re.compile(r"^\u201c(.+)\u201d$")
CLAUSE_REF = re.compile(r"\bclauses? (\d+(?:\.\d+)?)")
ANNEX_REF = re.compile(r"\bAnnex ([A-Z])\b")


@dataclass(frozen=True, slots=True)
class DocumentProblem:
    """One fault of an assembled draft: ``code`` (``placeholder``, ``undefined_term``,
    ``unused_definition``, ``cross_reference``), the clause it is in, the offending text and
    a message."""

    code: str
    clause_id: str
    text: str
    message: str

    def __str__(self) -> str:
        return f"{self.code} in {self.clause_id}: {self.text!r}: {self.message}"


def library_terms(library: Library) -> frozenset[str]:
    """Every defined term any clause version of ``library`` writes as ``<dfn>Term</dfn>``
    with a capital letter (terms built from answers are left out)."""
    terms: set[str] = set()
    for versions in library.versions.values():
        for clause in versions:
            terms.update(term for term in DFN_SOURCE.findall(clause.body) if term[:1].isupper())
    return frozenset(terms)


def _run_groups(clause: DocumentClause) -> Iterator[tuple[Run, ...]]:
    """The runs of every paragraph and list item of ``clause``."""

    def items(block: ListBlock) -> Iterator[tuple[Run, ...]]:
        for item in block.items:
            yield item.runs
            if item.children:
                yield from items(item.children)

    for block in clause.blocks:
        if isinstance(block, Paragraph):
            yield block.runs
        elif isinstance(block, ListBlock):
            yield from items(block)


def defined_terms(document: Document) -> dict[str, str]:
    """The terms ``document`` defines (bold runs in quotation marks, as ``<dfn>`` renders),
    each with the id of the clause that defines it first."""
    found: dict[str, str] = {}
    for clause in document.clauses():
        for runs in _run_groups(clause):
            for run in runs:
                match = DEFINITION.match(run.text.strip()) if run.bold else None
                if match:
                    found.setdefault(match.group(1), clause.id)
    return found


def _term_pattern(terms: Iterable[str]) -> re.Pattern:
    # Longest first, so "Derived Dataset" is read before "Dataset"; a plural "s" allowed.
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<![\w\u201c])({alternatives})s?(?![\w\u201d])")


def _clause_text_without_definitions(clause: DocumentClause) -> str:
    """The clause's text with its own definitions (bold quoted runs) taken out."""
    parts = []
    for runs in _run_groups(clause):
        parts.append(
            "".join(
                "" if run.bold and DEFINITION.match(run.text.strip()) else run.text for run in runs
            )
        )
    for block in clause.blocks:
        if isinstance(block, Table):
            parts.extend(" ".join(row) for row in (block.header, *block.rows))
    return "\n".join(parts)


def _numbers(document: Document) -> set[str]:
    numbers = {section.number for section in document.sections if section.number}
    for clause in document.clauses():
        for block in clause.blocks:
            if isinstance(block, Paragraph) and block.number:
                numbers.add(block.number)
    return numbers


def _annexes(document: Document) -> set[str]:
    letters = set()
    for section in document.sections:
        if section.kind == "annex":
            for clause in section.clauses:
                letters.update(ANNEX_REF.findall(clause.title))
            letters.update(ANNEX_REF.findall(section.title))
    return letters


def _names_a_question_of(clause: DocumentClause, questions: set[str]) -> bool:
    """Whether one of ``questions`` (answer keys) is read by ``clause``'s text."""
    return any(
        path == key or path.startswith(key + ".") for path in clause.body_keys for key in questions
    )


def check_document(document: Document, library: Library) -> list[DocumentProblem]:
    """Return the problems of ``document`` (assembled from ``library``); empty when none."""
    problems: list[DocumentProblem] = []
    covered = {
        finding.placeholder
        for finding in document.blocking_findings()
        if finding.placeholder and finding.question
    }
    missing = {
        finding.question
        for finding in document.blocking_findings()
        if finding.placeholder == MISSING and finding.question
    }
    defined = defined_terms(document)
    terms = frozenset(spell(term, document.english) for term in library_terms(library))
    unknown = terms - set(defined)
    term_use = _term_pattern(unknown) if unknown else None
    numbers, annexes = _numbers(document), _annexes(document)
    for clause in document.clauses():
        text = clause.text
        for placeholder in find_placeholders(text):
            if placeholder == MISSING:
                covered_here = _names_a_question_of(clause, missing)
            else:
                covered_here = placeholder in covered
            if not covered_here:
                problems.append(
                    DocumentProblem(
                        "placeholder",
                        clause.id,
                        placeholder,
                        "no blocking finding names a question that removes it",
                    )
                )
        if term_use:
            for term in dict.fromkeys(term_use.findall(_clause_text_without_definitions(clause))):
                problems.append(
                    DocumentProblem(
                        "undefined_term", clause.id, term, "used but not defined in this draft"
                    )
                )
        for number in dict.fromkeys(CLAUSE_REF.findall(text)):
            if number not in numbers:
                problems.append(
                    DocumentProblem(
                        "cross_reference", clause.id, f"clause {number}", "no such clause"
                    )
                )
        for letter in dict.fromkeys(ANNEX_REF.findall(text)):
            if annexes and letter not in annexes:
                problems.append(
                    DocumentProblem(
                        "cross_reference", clause.id, f"Annex {letter}", "no such annex"
                    )
                )
    problems.extend(_unused_definitions(document, {t: c for t, c in defined.items() if t in terms}))
    problems.extend(english_problems(document))
    problems.extend(deadline_problems(document))
    problems.extend(deployment_problems(document))
    problems.extend(DocumentProblem(*problem) for problem in writing_problems(document))
    return problems


def english_problems(document: Document) -> list[DocumentProblem]:
    """The places where ``document`` spells the noun "licence" the other English variant's
    way: its title (clause id ``document.title``), each clause's title, text, summary and
    drafting note, and each glance row (under the clause that gave it)."""
    places = [("document.title", document.title)]
    for clause in document.clauses():
        places.append((clause.id, "\n".join((clause.title, clause.text))))
        places.append((clause.id, "\n".join((clause.summary, clause.drafting_note))))
    places.extend((row.clause_id, f"{row.item}\n{row.note}") for row in document.glance)
    problems: list[DocumentProblem] = []
    for clause_id, text in places:
        for word in foreign_nouns(text, document.english):
            problems.append(
                DocumentProblem(
                    "english_variant",
                    clause_id,
                    word,
                    f"the noun is spelt the other way in this {document.english} English draft",
                )
            )
    return list(dict.fromkeys(problems))


def _unused_definitions(document: Document, defined: dict[str, str]) -> list[DocumentProblem]:
    """A definition nothing else in the draft uses (outside the definitions themselves)."""
    text = "\n".join(_clause_text_without_definitions(c) for c in document.clauses())
    used = set(_term_pattern(defined).findall(text)) if defined else set()
    return [
        DocumentProblem("unused_definition", clause_id, term, "defined but never used")
        for term, clause_id in defined.items()
        if term not in used
    ]


DELETION_DUTY = re.compile(
    r"must delete all copies of the Dataset[^.]*?(?:\.\s+It must do so[^.]*?)?\bwithin "
    r"((?:[a-z-]+ \(\d+\)|\d[\d,]*) (?:days?|weeks?|months?|years?))"
)


def deadline_problems(document: Document) -> list[DocumentProblem]:
    """A deadline for deleting the copies of the Dataset that differs from the one the draft
    states first: each later clause (or sentence) that says another is a problem."""
    first: tuple[str, str] | None = None
    problems: list[DocumentProblem] = []
    for clause in document.clauses():
        for paragraph in clause.text.split("\n"):
            for match in DELETION_DUTY.finditer(paragraph):
                deadline = match.group(1)
                if first is None:
                    first = (deadline, clause.id)
                elif deadline != first[0]:
                    problems.append(
                        DocumentProblem(
                            "deletion_deadline",
                            clause.id,
                            f"within {deadline}",
                            f"{first[1]} gives another deadline for the same duty: "
                            f"within {first[0]}",
                        )
                    )
    return problems


GLANCE_DEPLOYS = re.compile(
    r"deployment is allowed|may be deployed|Models? (?:and Outputs )?may be used in paid products"
)
TEXT_KEEPS_MODELS_IN = re.compile(
    r"must not make any Model, or any product or service that runs on a Model, available to "
    r"anyone outside its organisation"
)
TRAINING_ROW = "Train or fine-tune models"


def deployment_problems(document: Document) -> list[DocumentProblem]:
    """A glance row that allows deployment the text (or the glance's own training row)
    rules out, named by the clause that gave the row."""
    kept_in = TEXT_KEEPS_MODELS_IN.search(document.text()) is not None
    no_models = any(
        row.item == TRAINING_ROW and row.status == "not_allowed" for row in document.glance
    )
    if not (kept_in or no_models):
        return []
    why = (
        "the text keeps every Model inside the Licensee\u2019s organisation"
        if kept_in
        else "no model is trained or fine-tuned in this draft"
    )
    return [
        DocumentProblem("glance_deployment", row.clause_id, match.group(0), why)
        for row in document.glance
        if (match := GLANCE_DEPLOYS.search(row.note))
    ]
