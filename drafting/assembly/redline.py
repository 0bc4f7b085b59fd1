"""Redline: what changed in the licence text between two assembled Documents.

Plain functions over Documents: clauses are matched by id in document order; a clause in both
with different text gets a word diff, a clause in only one is shown whole as added or
removed.

The word diff is bounded for any text (a long answer repeated word for word is the worst
case of :mod:`difflib`, quadratic or worse). It strips the common beginning and end in linear
time, then aligns what is left with a bit-parallel longest common subsequence (one big-integer
operation per token of the older text) only while the older part times the newer part stays
within :data:`WORD_DIFF_MAX_CELLS`. A larger changed part is first split into sentences and
lines, aligned piece by piece, and word-diffed only inside the changed pieces; a piece or
clause still too large is shown whole (old text deleted, new inserted) with :data:`MSG_WHOLE`
as the clause's ``note``. One :class:`DiffBudget` bounds the work of a whole redline.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from drafting.assembly.document import Document, DocumentClause

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
# A sentence or line ends after one of these tokens when whitespace follows it.
_SENTENCE_ENDS = frozenset(".!?;:")
# Old tokens times new tokens aligned at once: 16 million cells keep the bit rows under
# 2 MB and the alignment to a few tens of milliseconds.
WORD_DIFF_MAX_CELLS = 16_000_000
# Every alignment of one redline together (both texts of every changed clause).
REDLINE_MAX_CELLS = 64_000_000
# Changed parts this small go to difflib, whose longest-block-first alignment reads better
# than a longest common subsequence; a difflib cell costs about as much as this many
# bit-parallel ones, and is charged so.
MATCHER_MAX_CELLS = 40_000
MATCHER_CELL_COST = 64
MSG_WHOLE = (
    "Too long to compare word by word: the changed text is shown whole, the old wording "
    "struck through and the new wording underlined."
)


@dataclass
class DiffBudget:
    """How many alignment cells (old tokens times new tokens) a diff may still spend.

    ``spent`` counts the cells used so far; :meth:`take` refuses a request that would go
    beyond ``cells`` (nothing is spent then).
    """

    cells: int = REDLINE_MAX_CELLS
    spent: int = 0

    def take(self, cells: int) -> bool:
        """Spend ``cells`` if both the per-alignment and the remaining budget allow it."""
        if cells > WORD_DIFF_MAX_CELLS or self.spent + cells > self.cells:
            return False
        self.spent += cells
        return True


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
    ``segments`` spell the text with its insertions and deletions; ``note`` is
    :data:`MSG_WHOLE` when some changed text was too long to compare word by word, else "".
    """

    id: str
    number: str
    title: str
    status: str
    old_version: int | None
    new_version: int | None
    segments: tuple[Segment, ...]
    note: str = ""

    @property
    def changed(self) -> bool:
        """Whether the clause differs between the two documents."""
        return self.status != "unchanged"


@dataclass(frozen=True, slots=True)
class AnswerChange:
    """One answer that differs between two revisions, in words (``""`` when empty)."""

    key: str
    label: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class RedlineHeading:
    """What a redline's title names: the draft's ``label`` and the two revision numbers."""

    label: str
    old_number: int
    new_number: int


def _lcs_pairs(a: list, b: list) -> list[tuple[int, int]]:
    """Return the index pairs ``(i, j)`` of a longest common subsequence of ``a`` and ``b``.

    Bit-parallel (Hyyro's formulation of Allison and Dix): one row of the table is a Python
    integer with a bit per item of ``b``, so a row costs a few big-integer operations and the
    traceback one population count per step. Memory: ``len(a) * len(b)`` bits.
    """
    m = len(b)
    masks: dict = {}
    for j, item in enumerate(b):
        masks[item] = masks.get(item, 0) | (1 << j)
    full = (1 << m) - 1
    row = full
    rows = [row]
    for item in a:
        matched = row & masks.get(item, 0)
        row = ((row + matched) | (row - matched)) & full
        rows.append(row)
    pairs: list[tuple[int, int]] = []
    i, j = len(a), m
    while i and j:
        if a[i - 1] == b[j - 1]:
            i, j = i - 1, j - 1
            pairs.append((i, j))
            continue
        # Table value at (row, column k): k minus the set bits below k.
        up = j - (rows[i - 1] & ((1 << j) - 1)).bit_count()
        left = j - 1 - (rows[i] & ((1 << (j - 1)) - 1)).bit_count()
        if up >= left:
            i -= 1
        else:
            j -= 1
    pairs.reverse()
    return pairs


class _Diff:
    """Segments being built for one text pair, merging neighbours of one kind."""

    def __init__(self) -> None:
        self.segments: list[Segment] = []
        self.whole = False

    def add(self, kind: str, tokens) -> None:
        text = "".join(tokens)
        if not text:
            return
        if self.segments and self.segments[-1].kind == kind:
            self.segments[-1] = Segment(kind, self.segments[-1].text + text)
        else:
            self.segments.append(Segment(kind, text))

    def change(self, old: list[str], new: list[str]) -> None:
        self.add("del", old)
        self.add("ins", new)

    def aligned(self, old: list, new: list, pairs, emit) -> None:
        """Emit the gaps between aligned ``pairs`` with ``emit(old_part, new_part)`` and the
        aligned items as unchanged text."""
        i = j = 0
        for pi, pj in [*pairs, (len(old), len(new))]:
            if pi > i or pj > j:
                emit(old[i:pi], new[j:pj])
            if pi < len(old):
                self.add("same", old[pi] if isinstance(old[pi], str) else "".join(old[pi]))
            i, j = pi + 1, pj + 1


def _tidy(segments: list[Segment]) -> list[Segment]:
    """Fold into the changes around it each unchanged stretch no longer than the changes on
    either side (a longest common subsequence keeps every shared space and "the", which
    reads as confetti). Linear: a stack of groups, ``[old, new]`` for a change."""
    groups: list = []
    for segment in segments:
        if segment.kind == "same":
            groups.append(segment.text)
            continue
        if not groups or isinstance(groups[-1], str):
            groups.append(["", ""])
        groups[-1][segment.kind == "ins"] += segment.text
        while (
            len(groups) >= 3
            and isinstance(groups[-2], str)
            and not isinstance(groups[-3], str)
            and len(groups[-2]) <= max(map(len, groups[-1]))
            and len(groups[-2]) <= max(map(len, groups[-3]))
        ):
            after, same = groups.pop(), groups.pop()
            groups[-1] = [groups[-1][0] + same + after[0], groups[-1][1] + same + after[1]]
    result = []
    for group in groups:
        if isinstance(group, str):
            result.append(Segment("same", group))
        else:
            result.extend(
                Segment(kind, text)
                for kind, text in zip(("del", "ins"), group, strict=True)
                if text
            )
    return result


def _pieces(tokens: list[str]) -> list[tuple[str, ...]]:
    """Split tokens into sentences and lines (each piece keeps its trailing whitespace)."""
    pieces, start = [], 0
    for index, token in enumerate(tokens):
        if token.isspace() and index and ("\n" in token or tokens[index - 1] in _SENTENCE_ENDS):
            pieces.append(tuple(tokens[start : index + 1]))
            start = index + 1
    if start < len(tokens):
        pieces.append(tuple(tokens[start:]))
    return pieces


def _matcher_pairs(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [(i + k, j + k) for i, j, size in matcher.get_matching_blocks() for k in range(size)]


def _words(diff: _Diff, old: list[str], new: list[str], budget: DiffBudget) -> None:
    cells = len(old) * len(new)
    if not old or not new:
        diff.change(old, new)
    elif cells <= MATCHER_MAX_CELLS and budget.take(cells * MATCHER_CELL_COST):
        diff.aligned(old, new, _matcher_pairs(old, new), diff.change)
    elif budget.take(cells):
        part = _Diff()
        part.aligned(old, new, _lcs_pairs(old, new), part.change)
        for segment in _tidy(part.segments):
            diff.add(segment.kind, segment.text)
    else:
        diff.whole = True
        diff.change(old, new)


def _middle(diff: _Diff, old: list[str], new: list[str], budget: DiffBudget) -> None:
    if not old or not new or len(old) * len(new) <= WORD_DIFF_MAX_CELLS:
        _words(diff, old, new, budget)
        return
    old_pieces, new_pieces = _pieces(old), _pieces(new)
    if not budget.take(len(old_pieces) * len(new_pieces)):
        diff.whole = True
        diff.change(old, new)
        return

    def gap(old_part: list, new_part: list) -> None:
        _words(diff, [t for p in old_part for t in p], [t for p in new_part for t in p], budget)

    diff.aligned(old_pieces, new_pieces, _lcs_pairs(old_pieces, new_pieces), gap)


def text_diff(
    old: str, new: str, budget: DiffBudget | None = None
) -> tuple[tuple[Segment, ...], bool]:
    """Return the segments that turn ``old`` into ``new`` and whether some changed text was
    too long to compare word by word (shown whole instead).

    Joining every ``same`` and ``del`` text gives ``old``; every ``same`` and ``ins`` text
    gives ``new``. Neighbouring segments of one kind are merged. ``budget`` (default: a
    fresh :class:`DiffBudget`) is spent by the alignments; the work is linear in the texts'
    length plus at most the budget's cells. Raises nothing.
    """
    budget = DiffBudget() if budget is None else budget
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    shortest = min(len(before), len(after))
    start = 0
    while start < shortest and before[start] == after[start]:
        start += 1
    end = 0
    while end < shortest - start and before[-1 - end] == after[-1 - end]:
        end += 1
    diff = _Diff()
    diff.add("same", before[:start])
    _middle(diff, before[start : len(before) - end], after[start : len(after) - end], budget)
    diff.add("same", before[len(before) - end :])
    return tuple(diff.segments), diff.whole


def word_diff(old: str, new: str) -> tuple[Segment, ...]:
    """Return the segments of :func:`text_diff` alone (a fresh budget)."""
    return text_diff(old, new)[0]


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


def _pair(old: DocumentClause, new: DocumentClause, budget: DiffBudget) -> ClauseRedline:
    note = ""
    if old.text_hash == new.text_hash:
        segments: tuple[Segment, ...] = (Segment("same", new.text),)
        status = "unchanged"
    else:
        segments, whole = text_diff(old.text, new.text, budget)
        status, note = "changed", MSG_WHOLE if whole else ""
    return ClauseRedline(
        new.id, new.number or "", new.title, status, old.version, new.version, segments, note
    )


def redline(
    old: Document, new: Document, *, budget: DiffBudget | None = None
) -> tuple[ClauseRedline, ...]:
    """Return every clause of ``old`` and ``new`` in reading order with what changed.

    Clauses are matched by id; the order is the newer document's, with removed clauses
    placed where they stood in the older one. All word diffs share ``budget`` (default: a
    fresh :class:`DiffBudget` of :data:`REDLINE_MAX_CELLS`); once it is spent, the clauses
    still to compare are shown whole with a note. Raises nothing for any Document.
    """
    budget = DiffBudget() if budget is None else budget
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
                _pair(old_clauses[i], new_clauses[j], budget)
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
            continue
        for clause in old_clauses[i1:i2]:
            if clause.id not in new_set:
                result.append(_whole(clause, "removed", "del"))
        for clause in new_clauses[j1:j2]:
            if clause.id in old_by_id:  # moved: compare with where it was
                result.append(_pair(old_by_id[clause.id], clause, budget))
            else:
                result.append(_whole(clause, "added", "ins"))
    return tuple(result)


def changed_only(lines: tuple[ClauseRedline, ...]) -> tuple[ClauseRedline, ...]:
    """Return the clauses of a :func:`redline` that differ (added, removed or changed)."""
    return tuple(line for line in lines if line.changed)
