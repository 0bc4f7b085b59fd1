"""Web signals: tdmrep.json, its ODRL policy (rdflib, offline), Content-Usage and robots.txt."""

import io
import json
import zipfile

import pytest
import rdflib

from drafting.renderers import Publication, render
from drafting.renderers.odrl import ODRL
from drafting.renderers.signals import signals_mapping
from tests.twins_support import example_documents, no_network  # noqa: F401

pytestmark = pytest.mark.usefixtures("no_network")
DOCUMENTS = dict(example_documents())
TDM = "http://www.w3.org/ns/tdmrep#"


def files(document, publication=None):
    archive = zipfile.ZipFile(io.BytesIO(render(document, "signals", publication)))
    return {name: archive.read(name).decode() for name in archive.namelist()}


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_signals_reserve_mining_and_point_to_a_policy_that_parses_offline(name):
    found = files(DOCUMENTS[name])
    assert set(found) == {
        ".well-known/tdmrep.json",
        ".well-known/tdm-policy.jsonld",
        "content-usage.txt",
        "robots.txt",
        "README.txt",
    }
    (rule,) = json.loads(found[".well-known/tdmrep.json"])
    assert rule == {
        "location": "/*",
        "tdm-reservation": 1,
        "tdm-policy": "/.well-known/tdm-policy.jsonld",
    }
    graph = rdflib.Graph()
    graph.parse(data=found[".well-known/tdm-policy.jsonld"], format="json-ld")
    rows = set(
        graph.query(
            f"""PREFIX odrl: <{ODRL}> SELECT ?type ?profile ?action WHERE {{
            ?p a ?type ; odrl:profile ?profile ; odrl:permission ?x . ?x odrl:action ?action }}"""
        )
    )
    assert {(str(t), str(p), str(a)) for t, p, a in rows} == {
        (ODRL + "Offer", "http://www.w3.org/ns/tdmrep", TDM + "mine")
    }
    assert found["content-usage.txt"] == "Content-Usage: train-ai=n, ai-use=n\n"
    assert "User-Agent: *\nContent-Usage: / train-ai=n, ai-use=n\n" in found["robots.txt"]


def test_the_mining_purpose_follows_the_licence_and_each_file_names_its_spec_version():
    def purpose(document):
        graph = rdflib.Graph()
        graph.parse(data=files(document)[".well-known/tdm-policy.jsonld"], format="json-ld")
        query = f"""PREFIX odrl: <{ODRL}> SELECT ?v WHERE {{ ?x odrl:constraint ?c .
                    ?c odrl:leftOperand odrl:purpose ; odrl:rightOperand ?v }}"""
        return {str(row.v) for row in graph.query(query)}

    assert purpose(DOCUMENTS["research-community"]) == {TDM + "research"}
    assert purpose(DOCUMENTS["commercial-news-archive"]) == {TDM + "non-research"}
    readme = files(DOCUMENTS["research-community"])["README.txt"]
    mapping = signals_mapping()
    for spec in ("tdmrep", "aipref"):
        assert mapping[spec]["version"] in readme
    assert mapping["robots"]["spec"] in readme


def test_a_published_revision_serves_its_policy_beside_its_page():
    link = "https://x.example/licences/k/r2/"
    found = files(DOCUMENTS["research-community"], Publication(2, True, link))
    (rule,) = json.loads(found[".well-known/tdmrep.json"])
    assert rule["tdm-policy"] == link + "tdm-policy.jsonld"
    assert link in found["robots.txt"]


def test_the_preferences_use_only_the_categories_and_values_of_the_vocabulary_followed():
    aipref = signals_mapping()["aipref"]
    assert set(aipref["preferences"]) <= set(aipref["categories"])
    assert set(aipref["preferences"].values()) <= set(aipref["values"])
    assert "search" not in aipref["preferences"]  # it would override the other two
    readme = files(DOCUMENTS["research-community"])["README.txt"]
    assert aipref["note"] in readme
