"""The redline is plain functions: a word diff per clause, clauses added or removed whole."""

import yaml

from drafting.assembly.assemble import assemble
from drafting.assembly.redline import Segment, changed_only, redline, word_diff
from drafting.questionnaire.answers import parse_answers
from tests.conftest import EXAMPLES


def joined(segments, keep):
    return "".join(s.text for s in segments if s.kind in keep)


def test_a_word_diff_rebuilds_both_texts_and_marks_only_the_changed_words():
    old, new = "The licence is non-exclusive.", "The licence is exclusive in a field."
    segments = word_diff(old, new)
    assert joined(segments, {"same", "del"}) == old
    assert joined(segments, {"same", "ins"}) == new
    assert Segment("del", "non-") in segments
    assert segments[0] == Segment("same", "The licence is ")


def test_identical_texts_give_one_unchanged_segment():
    assert word_diff("a b", "a b") == (Segment("same", "a b"),)


def example_documents(library):
    data = yaml.safe_load((EXAMPLES / "commercial-news-archive.yaml").read_text())
    old = assemble(parse_answers(data), library)
    data["wider"] = {
        "exclusivity": "exclusive",
        "exclusive_field": "news summarisation",
        "exclusive_period": {"value": 2, "unit": "years"},
    }
    return old, assemble(parse_answers(data), library)


def test_changing_exclusivity_redlines_the_grant_clause_and_nothing_unchanged(library):
    old, new = example_documents(library)
    lines = redline(old, new)
    by_id = {line.id: line for line in lines}
    assert by_id["grant.scope"].status == "changed"
    assert Segment("ins", "exclusive to the extent set out below and otherwise ") in (
        by_id["grant.scope"].segments
    )
    assert by_id["grant.exclusivity"].status == "added"
    assert "news summarisation" in by_id["grant.exclusivity"].segments[0].text
    unchanged = [line for line in lines if line.status == "unchanged"]
    assert unchanged and all(len(line.segments) == 1 for line in unchanged)
    assert set(changed_only(lines)) == {line for line in lines if line.changed}


def test_clauses_only_in_one_revision_are_shown_whole_as_added_or_removed(library):
    old, new = example_documents(library)
    assert not changed_only(redline(old, old))
    backwards = {line.id: line for line in redline(new, old)}
    forwards = {line.id: line for line in redline(old, new)}
    added = [line for line in forwards.values() if line.status == "added"]
    assert added
    for line in added:
        assert backwards[line.id].status == "removed"
        assert line.segments == (Segment("ins", new.clause(line.id).text),)
        assert backwards[line.id].segments == (Segment("del", new.clause(line.id).text),)
