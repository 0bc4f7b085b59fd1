"""The redline's word diff is bounded: a long repetitive answer saved twice (the attack of
issue 15) costs a bounded number of alignment cells, and past a size the changed text is
shown whole with a note instead of compared word by word."""

from drafting.assembly.redline import (
    MSG_WHOLE,
    REDLINE_MAX_CELLS,
    WORD_DIFF_MAX_CELLS,
    DiffBudget,
    Segment,
    redline,
    text_diff,
)
from tests.test_review_redline import example_documents, joined

LONG = "a " * 9999


def test_one_word_changed_in_a_long_repetitive_answer_is_found_word_by_word():
    words = LONG.split()
    words[5000] = "b"
    new = " ".join(words) + " "
    budget = DiffBudget()
    segments, whole = text_diff(LONG, new, budget)
    assert not whole
    assert [s for s in segments if s.kind != "same"] == [Segment("del", "a"), Segment("ins", "b")]
    assert joined(segments, {"same", "del"}) == LONG
    assert joined(segments, {"same", "ins"}) == new
    assert budget.spent <= 64  # the common beginning and end are not aligned at all


def test_changes_far_apart_in_a_long_repetitive_answer_are_shown_whole_with_a_note():
    new = "b " + LONG[2:-2] + "c "
    budget = DiffBudget()
    segments, whole = text_diff(LONG, new, budget)
    assert whole
    assert joined(segments, {"same", "del"}) == LONG
    assert joined(segments, {"same", "ins"}) == new
    assert [s.kind for s in segments] == ["del", "ins", "same"]
    assert budget.spent <= WORD_DIFF_MAX_CELLS


def test_a_long_answer_of_sentences_is_compared_sentence_by_sentence_then_word_by_word():
    sentences = [f"Clause text number {n} says the same thing again. " for n in range(1500)]
    old = "".join(sentences)
    sentences[3] = sentences[3].replace("same", "other")
    sentences[1400] = sentences[1400].replace("again", "once more")
    new = "".join(sentences)
    segments, whole = text_diff(old, new)
    assert not whole
    changes = [s for s in segments if s.kind != "same"]
    assert changes == [
        Segment("del", "same"),
        Segment("ins", "other"),
        Segment("del", "again"),
        Segment("ins", "once more"),
    ]


def test_a_large_rewrite_is_tidied_into_readable_changes_not_confetti():
    old = " ".join(f"w{n}" for n in range(2000))
    new = " ".join(f"w{n}" if n % 500 else f"x{n} y{n}" for n in range(2000))
    segments, whole = text_diff(old, new)
    assert not whole
    assert joined(segments, {"same", "del"}) == old
    assert joined(segments, {"same", "ins"}) == new
    changes = [s for s in segments if s.kind != "same"]
    assert [s.text.strip() for s in changes if s.kind == "del"] == [
        f"w{n}" for n in (0, 500, 1000, 1500)
    ]
    assert len(changes) == 8


def test_small_edits_still_get_a_word_diff_and_no_note(library):
    old, new = example_documents(library)
    grant = {line.id: line for line in redline(old, new)}["grant.scope"]
    assert grant.note == ""
    assert Segment("ins", "exclusive to the extent set out below and otherwise ") in grant.segments


def test_a_redline_whose_budget_is_spent_shows_changed_clauses_whole_with_the_note(library):
    old, new = example_documents(library)
    lines = {line.id: line for line in redline(old, new, budget=DiffBudget(cells=0))}
    grant = lines["grant.scope"]
    assert grant.status == "changed"
    assert grant.note == MSG_WHOLE
    assert [s.kind for s in grant.segments] == ["same", "del", "ins", "same"]
    assert joined(grant.segments, {"same", "del"}) == old.clause("grant.scope").text
    assert joined(grant.segments, {"same", "ins"}) == new.clause("grant.scope").text
    assert all(line.note == "" for line in lines.values() if line.status != "changed")
    assert DiffBudget().cells == REDLINE_MAX_CELLS
