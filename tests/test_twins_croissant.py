"""The Croissant 1.1 twin: validated by mlcroissant offline; its ODRL usageInfo read with rdflib."""

import json

import mlcroissant
import pytest
import rdflib

from drafting.renderers import Publication, render
from drafting.renderers.odrl import ODRL
from drafting.renderers.terms import licence_terms
from tests.twins_support import example_documents, no_network  # noqa: F401

pytestmark = pytest.mark.usefixtures("no_network")
DOCUMENTS = dict(example_documents())


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_mlcroissant_validates_the_record_and_reads_the_licence_and_rai_fields(name):
    document = DOCUMENTS[name]
    terms = licence_terms(document)
    record = json.loads(render(document, "croissant"))
    metadata = mlcroissant.Dataset(jsonld=record).metadata  # raises ValidationError on errors
    assert not metadata.ctx.issues.errors
    assert metadata.ctx.is_v1_1()
    assert metadata.name == terms.dataset_name
    assert metadata.license == [terms.licence_id]
    (use_cases,) = metadata.data_use_cases
    for rule in terms.permitted_activities:
        assert rule.label in use_cases
    assert metadata.data_limitations
    assert metadata.personal_sensitive_information
    assert metadata.data_social_impact


def test_usage_info_is_the_odrl_offer_with_the_same_prohibitions():
    document = DOCUMENTS["research-community"]
    graph = rdflib.Graph()
    graph.parse(data=render(document, "croissant"), format="json-ld")
    rows = graph.query(
        f"""PREFIX odrl: <{ODRL}> PREFIX sc: <https://schema.org/>
        SELECT ?type ?action WHERE {{ ?d sc:usageInfo ?p . ?p a ?type ;
        odrl:prohibition ?x . ?x odrl:action ?action }}"""
    )
    assert {str(row.type) for row in rows} == {ODRL + "Offer"}
    assert ODRL + "commercialize" in {str(row.action) for row in rows}


def test_a_published_revision_gives_its_page_as_licence_and_url():
    link = "https://x.example/licences/k/r1/"
    record = json.loads(
        render(DOCUMENTS["research-community"], "croissant", Publication(1, True, link))
    )
    metadata = mlcroissant.Dataset(jsonld=record).metadata
    assert metadata.license == [link]
    assert metadata.url == link
    assert record["usageInfo"]["type"] == "Agreement"
