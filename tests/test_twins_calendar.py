"""The obligations calendar: read back with icalendar; the same duties in the JSON export."""

import datetime as dt
import json

import pytest
from icalendar import Calendar

from drafting import formatting
from drafting.renderers import render
from drafting.renderers.terms import licence_terms
from tests.twins_support import example_documents

DOCUMENTS = dict(example_documents())


def entries(document):
    calendar = Calendar.from_ical(render(document, "ics"))
    return {
        str(entry["uid"]).split("-")[0]: entry
        for entry in calendar.walk()
        if entry.name in ("VEVENT", "VTODO")
    }


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_every_duty_is_in_the_calendar_naming_its_clause(name):
    document = DOCUMENTS[name]
    terms = licence_terms(document)
    found = entries(document)
    assert set(found) == {duty.key for duty in terms.duties}
    for duty in terms.duties:
        entry = found[duty.key]
        clause = document.clause(duty.clause_id)
        assert clause is not None
        assert str(entry["x-license-drafter-clause"]) == duty.clause_id
        assert f"clause {clause.number} ({clause.id})" in str(entry["summary"])
        assert duty.rule in str(entry["description"])
        if duty.due:
            assert entry.name == "VEVENT"
            assert entry.decoded("dtstart") == duty.due
        else:
            assert entry.name == "VTODO"


def test_dated_duties_run_from_the_effective_date_and_repeat_until_the_term_ends():
    found = entries(DOCUMENTS["commercial-news-archive"])  # effective 2026-04-01, 3 years
    assert found["term_end"].decoded("dtstart") == dt.date(2029, 4, 1)
    # Copies are kept for 36 months: to the end of the term.
    assert found["retention_end"].decoded("dtstart") == dt.date(2029, 4, 1)
    usage = found["usage_report"]
    assert usage.decoded("dtstart") == dt.date(2027, 5, 1)  # 30 days after the anniversary
    assert usage["rrule"]["FREQ"] == ["YEARLY"]
    assert usage["rrule"]["UNTIL"] == [dt.date(2029, 4, 1)]
    revenue = found["revenue_report"]  # 30 days after each calendar quarter
    assert revenue.decoded("dtstart") == dt.date(2026, 7, 30)
    assert revenue["rrule"]["INTERVAL"] == [3]


def test_the_deletion_period_in_the_calendar_is_the_clauses():
    document = DOCUMENTS["conflicting-terms"]
    deletion = entries(document)["deletion"]
    period = formatting.duration(licence_terms(document).answers.get("retention.deletion_deadline"))
    assert f"within {period} after training completion" in str(deletion["description"])
    # The clause writes the same period in words and figures (thirty (30) days).
    deadline = licence_terms(document).answers.get("retention.deletion_deadline")
    assert formatting.period(deadline) in document.clause("retention.deletion_after_training").text


def test_the_json_export_carries_the_same_duties():
    document = DOCUMENTS["commercial-news-archive"]
    data = json.loads(render(document, "json"))
    assert [item["key"] for item in data["obligations"]] == [
        duty.key for duty in licence_terms(document).duties
    ]
    term_end = next(item for item in data["obligations"] if item["key"] == "term_end")
    assert term_end == {
        "key": "term_end",
        "summary": "The licence ends",
        "party": "both",
        "clause_id": "term.duration",
        "clause_number": document.clause("term.duration").number,
        "rule": "3 years after the effective date",
        "due": "2029-04-01",
        "repeat_months": 0,
        "until": None,
        "period": {"value": 3, "unit": "years"},
    }
