"""Twins agree with the text: over generated answers (Hypothesis over the questionnaire), the
ODRL policy, the dataset card, the calendar and the Croissant record say what the assembled
licence says."""

import datetime as dt
import os

import rdflib
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from drafting import formatting
from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import AnswersError, Duration, nest, parse_answers
from drafting.questionnaire.definition import DURATION_UNITS, get_questionnaire
from drafting.renderers import Publication, render
from drafting.renderers.duties import add_period
from drafting.renderers.odrl import AI_PROFILE, ODRL
from drafting.renderers.terms import ACTIVITY_ACTIONS, text_sha256

os.environ.setdefault("HF_HUB_OFFLINE", "1")
QUESTIONNAIRE = get_questionnaire()
BASE = {
    "licensor.name": "Licensor Ltd",
    "licensee.name": "Licensee GmbH",
    "licensor.jurisdiction": "GB",
    "licensee.jurisdiction": "DE",
    "dataset.name": "Sample Corpus",
    "effective_date": "2027-01-31",
}
PREFIXES = f"PREFIX odrl: <{ODRL}>\nPREFIX ai: <{AI_PROFILE}>\n"


def value_of(question):
    """A strategy of valid raw values for the structured question types."""
    if question.type == "choice":
        return st.sampled_from(question.option_values)
    if question.type == "multi":
        return st.lists(st.sampled_from(question.option_values), unique=True, min_size=1)
    if question.type == "bool":
        return st.booleans()
    if question.type == "int":
        return st.integers(int(question.min or 0), int(question.max or 1000))
    periods = st.fixed_dictionaries(
        {"value": st.integers(1, 60), "unit": st.sampled_from(DURATION_UNITS)}
    )
    if question.type == "duration_or_choice":
        return st.one_of(periods, st.sampled_from(question.option_values))
    return periods


STRUCTURED = [
    question
    for question in QUESTIONNAIRE.questions.values()
    if question.type in {"choice", "multi", "bool", "int", "duration", "duration_or_choice"}
    and question.key not in {"law.dispute_steps"}
]


@st.composite
def documents(draw):
    """An assembled licence from answers with a random set of structured answers."""
    flat = dict(BASE)
    for question in draw(st.lists(st.sampled_from(STRUCTURED), unique_by=lambda q: q.key)):
        flat[question.key] = draw(value_of(question))
    try:
        answers = parse_answers(nest(flat), complete=False)
    except AnswersError:
        assume(False)
    return assemble(answers, get_library())


def sparql(graph, query):
    return {tuple(str(value) for value in row) for row in graph.query(PREFIXES + query)}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents())
def test_the_twins_say_what_the_licence_says(document):
    answers = parse_answers(document.answers, complete=False)
    graph = rdflib.Graph()
    graph.parse(data=render(document, "odrl"), format="json-ld")
    refused = sparql(graph, "SELECT ?a WHERE { ?p odrl:prohibition ?x . ?x odrl:action ?a }")
    permitted = sparql(graph, "SELECT ?a WHERE { ?p odrl:permission ?x . ?x odrl:action ?a }")
    glance = {item.clause_id: item.status for item in document.glance}

    # Research-only use gives no commercial permission anywhere.
    if answers.get("use.commercial") == "research_only":
        assert glance["purpose.commercial"] == "not_allowed"
        assert (ODRL + "commercialize",) in refused
        assert (ODRL + "commercialize",) not in permitted
        unconstrained = sparql(
            graph,
            """SELECT ?a WHERE { ?p odrl:permission ?x . ?x odrl:action ?a .
               FILTER NOT EXISTS { ?x odrl:constraint ?c . ?c odrl:rightOperand ai:research } }""",
        )
        assert not unconstrained & {(AI_PROFILE + action,) for action in ACTIVITY_ACTIONS}
        card = render(document, "card").decode()
        assert "for research only" in card
        assert "including for commercial purposes" not in card

    # Prohibited redistribution is a prohibition in ODRL, naming the clause that says so.
    raw_copies = document.clause("redistribution.raw_copies")
    if answers.get("redistribution.raw_dataset") == "prohibited":
        assert raw_copies is not None
        assert (ODRL + "distribute",) in refused
        assert (ODRL + "distribute",) not in permitted
        assert sparql(
            graph,
            """SELECT ?c WHERE { ?p odrl:prohibition ?x . ?x odrl:action odrl:distribute ;
               ai:clause ?c }""",
        ) == {("redistribution.raw_copies",)}
    else:
        assert (ODRL + "distribute",) in permitted

    # The deletion period in the calendar equals the clause's.
    calendar = render(document, "ics").decode().replace("\r\n ", "")
    clause = document.clause("retention.deletion_after_training")
    if answers.get("retention.delete_after_training"):
        deadline = answers.get("retention.deletion_deadline")
        # The clause writes the period in words and figures, the calendar's rule in figures.
        words, figures = formatting.period(deadline), formatting.duration(deadline)
        assert clause is not None and f"within {words} after Training Completion" in clause.text
        assert f"X-LICENSE-DRAFTER-RULE:within {figures} after training completion" in calendar
    else:
        assert clause is None
        assert "X-LICENSE-DRAFTER-CLAUSE:retention.deletion_after_training" not in calendar

    # The gated checkbox names the revision and the hash of the text it shows.
    card = render(document, "card", Publication(revision=7)).decode()
    front = yaml.safe_load(card.split("---\n")[1])
    checkbox = f"I agree to {document.title}, revision 7, SHA-256 {text_sha256(document)}"
    assert front["extra_gated_fields"][checkbox] == "checkbox"

    # Dated duties run from the effective date: the term ends after the clause's length.
    term = answers.get("term.length")
    if isinstance(term, Duration):
        assert formatting.period(term) in document.clause("term.duration").text
        end = add_period(dt.date(2027, 1, 31), term)
        assert f"DTSTART;VALUE=DATE:{end:%Y%m%d}" in calendar
