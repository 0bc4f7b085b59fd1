"""The ODRL twin: parsed with rdflib offline and queried with SPARQL."""

import json

import pytest
import rdflib

from drafting.renderers import Publication, render
from drafting.renderers.odrl import AI_PROFILE, ODRL, render_odrl
from drafting.renderers.terms import ACTIVITY_ACTIONS, licence_terms, text_sha256
from tests.twins_support import example_documents, no_network  # noqa: F401

pytestmark = pytest.mark.usefixtures("no_network")
PREFIXES = f"PREFIX odrl: <{ODRL}>\nPREFIX ai: <{AI_PROFILE}>\n"
DOCUMENTS = dict(example_documents())


def graph_of(text: str) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=text, format="json-ld")
    return graph


def query(graph, sparql):
    return {tuple(str(value) for value in row) for row in graph.query(PREFIXES + sparql)}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_policy_parses_offline_and_states_every_rule_of_the_terms(name):
    document = DOCUMENTS[name]
    graph = graph_of(render_odrl(document))
    terms = licence_terms(document)
    (policy_type,) = query(graph, "SELECT ?t WHERE { ?p odrl:permission ?x ; a ?t }")
    assert policy_type == (ODRL + "Offer",)
    permitted = query(graph, "SELECT ?a WHERE { ?p odrl:permission ?x . ?x odrl:action ?a }")
    refused = query(graph, "SELECT ?a WHERE { ?p odrl:prohibition ?x . ?x odrl:action ?a }")
    assert len(permitted) == len({rule.action for rule in terms.permissions})
    assert len(refused) == len({rule.action for rule in terms.prohibitions})
    clauses = query(graph, "SELECT ?c WHERE { ?x ai:clause ?c }")
    assert clauses == {
        (rule.clause_id,) for rule in terms.permissions + terms.prohibitions + terms.obligations
    }
    for (clause_id,) in clauses:
        assert document.clause(clause_id) is not None
    (sha,) = query(graph, "SELECT ?h WHERE { ?p ai:textSha256 ?h }")
    assert sha == (text_sha256(document),)


def test_research_only_refuses_commercial_use_and_limits_every_training_act():
    graph = graph_of(render_odrl(DOCUMENTS["research-community"]))
    assert (ODRL + "commercialize",) in query(
        graph, "SELECT ?a WHERE { ?p odrl:prohibition ?x . ?x odrl:action ?a }"
    )
    unconstrained = query(
        graph,
        """SELECT ?a WHERE { ?p odrl:permission ?x . ?x odrl:action ?a .
           FILTER NOT EXISTS { ?x odrl:constraint ?c . ?c odrl:leftOperand odrl:purpose ;
                               odrl:rightOperand ai:research } }""",
    )
    activities = {(AI_PROFILE + action,) for action in ACTIVITY_ACTIONS}
    assert not unconstrained & activities
    assert (
        query(graph, "SELECT ?a WHERE { ?p odrl:permission ?x . ?x odrl:action ?a }") & activities
    )


def test_the_offline_guard_catches_a_context_fetched_by_url():
    with pytest.raises(Exception, match="network access attempted"):
        graph_of('{"@context": "https://schema.org/", "name": "x"}')


def test_duties_carry_their_periods_and_the_excerpt_limit_is_a_count():
    graph = graph_of(render_odrl(DOCUMENTS["research-community"]))
    takedown = query(
        graph,
        """SELECT ?v WHERE { ?x odrl:duty ?d . ?d odrl:action ai:removeOnRequest ;
           odrl:constraint ?c . ?c odrl:leftOperand ai:takedownPeriod ; odrl:rightOperand ?v }""",
    )
    assert takedown == {("P14D",)}
    limit = query(
        graph,
        """SELECT ?v WHERE { ?x odrl:action ai:quoteExcerpts ; odrl:constraint ?c .
           ?c odrl:leftOperand odrl:count ; odrl:operator odrl:lteq ; odrl:rightOperand ?v }""",
    )
    assert limit == {("20",)}


def test_an_approved_revision_is_an_agreement_naming_the_licensee():
    document = DOCUMENTS["commercial-news-archive"]
    publication = Publication(
        revision=3, approved=True, link="https://licences.example/licences/news/r3/"
    )
    text = render(document, "odrl", publication).decode()
    graph = graph_of(text)
    assert query(graph, "SELECT ?t WHERE { ?p odrl:permission ?x ; a ?t }") == {
        (ODRL + "Agreement",)
    }
    assignees = query(graph, "SELECT ?who WHERE { ?p odrl:permission ?x . ?x odrl:assignee ?who }")
    assert assignees == {("https://licences.example/licences/news/r3/#licensee",)}
    assert json.loads(text)["ai:licenceId"].endswith("-r3")


def test_what_the_policy_cannot_say_is_stated_so_the_text_governs():
    data = json.loads(render_odrl(DOCUMENTS["research-community"]))
    assert "licence text governs" in data["comment"]
    assert "written consent" in data["comment"]
