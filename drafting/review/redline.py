"""Redline: what changed in the licence text between two assembled Documents.

Plain functions, no Django: clauses are matched by id in document order; a clause in both
with different text gets a word diff (:mod:`difflib` over words and the spaces between
them), a clause in only one is shown whole as added or removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from drafting.assembly.document import Document, DocumentClause

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of clause text: ``kind`` is ``"same"``, ``"ins"`` or ``"del"``."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class ClauseRedline:
    """One clause of the redline.

    ``status`` is ``"unchanged"``, ``"changed"``, ``"added"`` or ``"removed"``; ``number``
    and ``title`` come from the newer document (the older for a removed clause);
    ``segments`` spell the text with its insertions and deletions.
    """

    id: str
    number: str
    title: str
    status: str
    old_version: int | None
    new_version: int | None
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        """Whether the clause differs between the two documents."""
        return self.status != "unchanged"


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Return the segments that turn ``old`` into ``new``, word by word.

    Joining every ``same`` and ``del`` text gives ``old``; every ``same`` and ``ins`` text
    gives ``new``. Neighbouring segments of one kind are merged. Raises nothing.
    """
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    segments: list[Segment] = []

    def add(kind: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if segments and segments[-1].kind == kind:
            segments[-1] = Segment(kind, segments[-1].text + text)
        else:
            segments.append(Segment(kind, text))

    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            add("same", before[i1:i2])
        else:
            add("del", before[i1:i2])
            add("ins", after[j1:j2])
    return tuple(segments)


def _whole(clause: DocumentClause, status: str, kind: str) -> ClauseRedline:
    old = clause.version if status == "removed" else None
    new = clause.version if status == "added" else None
    return ClauseRedline(
        clause.id,
        clause.number or "",
        clause.title,
        status,
        old,
        new,
        (Segment(kind, clause.text),),
    )


def _pair(old: DocumentClause, new: DocumentClause) -> ClauseRedline:
    if old.text_hash == new.text_hash:
        segments: tuple[Segment, ...] = (Segment("same", new.text),)
        status = "unchanged"
    else:
        segments = word_diff(old.text, new.text)
        status = "changed"
    return ClauseRedline(
        new.id, new.number or "", new.title, status, old.version, new.version, segments
    )


def redline(old: Document, new: Document) -> tuple[ClauseRedline, ...]:
    """Return every clause of ``old`` and ``new`` in reading order with what changed.

    Clauses are matched by id; the order is the newer document's, with removed clauses
    placed where they stood in the older one. Raises nothing for any Document.
    """
    old_clauses, new_clauses = old.clauses(), new.clauses()
    old_ids = [clause.id for clause in old_clauses]
    new_ids = [clause.id for clause in new_clauses]
    old_by_id = dict(zip(old_ids, old_clauses, strict=True))
    new_set = set(new_ids)
    result: list[ClauseRedline] = []
    matcher = SequenceMatcher(None, old_ids, new_ids, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result.extend(
                _pair(old_clauses[i], new_clauses[j])
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
            continue
        for clause in old_clauses[i1:i2]:
            if clause.id not in new_set:
                result.append(_whole(clause, "removed", "del"))
        for clause in new_clauses[j1:j2]:
            if clause.id in old_by_id:  # moved: compare with where it was
                result.append(_pair(old_by_id[clause.id], clause))
            else:
                result.append(_whole(clause, "added", "ins"))
    return tuple(result)


def changed_only(lines: tuple[ClauseRedline, ...]) -> tuple[ClauseRedline, ...]:
    """Return the clauses of a :func:`redline` that differ (added, removed or changed)."""
    return tuple(line for line in lines if line.changed)
