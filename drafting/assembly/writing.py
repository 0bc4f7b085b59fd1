"""The writing checks of the document check (issue 10, section 3): the house style the
library's text keeps, checked over an assembled :class:`Document`.

Each problem is a :class:`~drafting.assembly.checks.DocumentProblem`-shaped tuple
``(code, clause id, offending text, message)``:

- ``list_punctuation``: an ordered list in running text ((a), (b)...) is either a list of
  sentences (every item ends with ".") or one sentence (every item but the last two ends with
  ";", the last but one with "; and" or "; or", the last with "."). An item with a sub-list
  takes its punctuation from the sub-list. Bulleted lists and the cover (the parties' details
  are records, not sentences) are not checked.
- ``number_style``: a period is written in words and figures up to 99 ("thirty (30) days",
  "one (1) year") and in figures from 100 ("120 days"); the words must say the figure.
- ``straight_quote``: the library's text uses typographic quotation marks and apostrophes
  (\u201c \u201d \u2018 \u2019), never ' or ".
- ``arbitration_rules``: arbitration is "under the ... Rules of" an institution, naming its
  rules, not the institution alone.

Answers are data: text equal to an answer (or to a line of one) is taken out before the
checks read the clause, so a name typed with a straight apostrophe is not a fault of the
library. What the library writes around it is checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from drafting.assembly.document import Document, ListBlock, Paragraph, Table
from drafting.formatting import spelled

UNIT = r"(?:business |calendar )?(?:days?|weeks?|months?|years?|hours?)"
FIGURES_ONLY = re.compile(rf"(?<![\d(.,:/\u2013-])\b(\d{{1,2}}) {UNIT}\b")
WORDS_AND_FIGURES = re.compile(rf"\b([a-z]+(?:-[a-z]+)?) \((\d+)\) {UNIT}\b")
STRAIGHT = re.compile(r".{0,20}['\"].{0,20}")
ARBITRATION = re.compile(r"\bby arbitration under\b")
ARBITRATION_RULES = re.compile(r"\bby arbitration under the [^.]*?\bRules of\b")
LIST_ENDS = ("; and", "; or")
ANSWER = "\u2026"  # stands for an answer taken out of the text

Problem = tuple[str, str, str, str]


IDENTIFIER = re.compile(r"[a-z0-9_.-]+")


def answer_texts(answers: Mapping[str, Any]) -> list[str]:
    """Every typed text answer in ``answers`` (a nested answers document), and each of its
    lines, longest first (so a whole answer is taken out before a part of it). Option values
    (``"reasonable"``, ``"research_only"``: lower-case identifiers) are not typed text and
    stay in."""
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str):
            found.add(value)
            found.update(line for line in value.split("\n") if line.strip())
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(answers)
    typed = {text.strip() for text in found if text.strip()}
    return sorted((text for text in typed if not IDENTIFIER.fullmatch(text)), key=len, reverse=True)


def _without(text: str, answers: Iterable[str]) -> str:
    for answer in answers:
        if answer in text:
            text = text.replace(answer, ANSWER)
    return text


def _lists(blocks: Iterable) -> Iterator[ListBlock]:
    for block in blocks:
        if isinstance(block, ListBlock):
            yield block
            for item in block.items:
                if item.children:
                    yield from _lists((item.children,))


def _list_fault(block: ListBlock, answers: list[str]) -> str | None:
    """The text of the first badly punctuated item of ``block``, or None."""
    items = [item for item in block.items if not item.children]
    texts = [_without(item.text.rstrip(), answers) for item in items]
    # An item that ends with an answer ends with the answer's own punctuation: accepted
    # where a full stop is due.
    full_stop = (".", ANSWER)
    if not texts or all(text.endswith(full_stop) for text in texts):
        return None
    for index, text in enumerate(texts):
        last, before_last = index == len(texts) - 1, index == len(texts) - 2
        if last:
            good = text.endswith(full_stop)
        elif before_last:
            good = text.endswith(LIST_ENDS)
        else:
            good = text.endswith(";") and not text.endswith(LIST_ENDS)
        if not good:
            return text[-60:]
    return None


def _texts(document: Document) -> Iterator[tuple[str, str, str]]:
    """``(section kind, clause id, text)`` for every paragraph, list item and table row."""
    for section in document.sections:
        for clause in section.clauses:
            for block in clause.blocks:
                if isinstance(block, Paragraph):
                    yield section.kind, clause.id, block.text
                elif isinstance(block, Table):
                    for row in (block.header, *block.rows):
                        yield section.kind, clause.id, " | ".join(row)
            for block in _lists(clause.blocks):
                for item in block.items:
                    yield section.kind, clause.id, item.text


def writing_problems(document: Document) -> list[Problem]:
    """Return the writing faults of ``document`` as ``(code, clause id, text, message)``
    tuples (see the module's list), each distinct fault once, in document order."""
    answers = answer_texts(document.answers)
    problems: list[Problem] = []
    for section in document.sections:
        if section.kind in ("cover", "signature"):
            continue
        for clause in section.clauses:
            for block in _lists(clause.blocks):
                if block.ordered and (fault := _list_fault(block, answers)):
                    problems.append(
                        (
                            "list_punctuation",
                            clause.id,
                            fault,
                            'items end with ";", the last but one with "; and" or "; or", '
                            'the last with "." (or every item is a sentence ending with ".")',
                        )
                    )
    for _kind, clause_id, raw in _texts(document):
        text = _without(raw, answers)
        for match in FIGURES_ONLY.finditer(text):
            problems.append(
                (
                    "number_style",
                    clause_id,
                    match.group(0),
                    "up to 99, a period is in words and figures: \u201cthirty (30) days\u201d",
                )
            )
        for match in WORDS_AND_FIGURES.finditer(text):
            words, figures = match.group(1), int(match.group(2))
            if figures < 100 and spelled(figures) != f"{words} ({figures})":
                problems.append(
                    ("number_style", clause_id, match.group(0), "the words do not say the figure")
                )
        for match in STRAIGHT.finditer(text):
            problems.append(
                (
                    "straight_quote",
                    clause_id,
                    match.group(0),
                    "use typographic quotation marks and apostrophes (\u201c\u201d \u2018\u2019)",
                )
            )
        if ARBITRATION.search(text) and not ARBITRATION_RULES.search(text):
            problems.append(
                (
                    "arbitration_rules",
                    clause_id,
                    ARBITRATION.search(text).group(0),  # type: ignore[union-attr]
                    "name the institution's rules: \u201cunder the Arbitration Rules of ...\u201d",
                )
            )
    return list(dict.fromkeys(problems))
