"""The review page offers the twins; downloads name the draft's revision and approval."""

import json
import os

import pytest
import rdflib

from drafting.drafts.selectors import draft_document
from drafting.renderers import PUBLICATION_FORMATS
from drafting.renderers.odrl import ODRL
from drafting.renderers.terms import text_sha256
from drafting.review.services import draft_set_status
from tests.wizard_support import SCENARIO, complete_draft, new_draft, submit

os.environ.setdefault("HF_HUB_OFFLINE", "1")
pytestmark = pytest.mark.django_db


@pytest.fixture
def owned(client):
    draft, access = new_draft()
    assert submit(client, access, "parties", SCENARIO["parties"]).status_code == 302
    draft.refresh_from_db()
    return draft, access


def test_the_review_page_offers_every_twin_and_the_bundle(client, owned):
    _draft, access = owned
    page = client.get(access.url("review")).content.decode()
    assert "Publish with the dataset" in page
    for fmt in PUBLICATION_FORMATS:
        assert access.url("download", fmt=fmt) in page


def test_the_card_download_names_the_revision_and_the_hash_of_its_text(client, owned):
    from huggingface_hub import DatasetCard

    draft, access = owned
    response = client.get(access.url("download", fmt="card"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"].endswith('-r1.md"')
    card = DatasetCard(response.content.decode())
    sha = text_sha256(draft_document(draft))
    agreement = f", revision {draft.revision}, SHA-256 {sha}"
    assert any(agreement in field for field in card.data.extra_gated_fields)


def test_the_policy_is_an_offer_until_the_revision_is_approved(client):
    draft, access = complete_draft()  # approval needs a draft with no gaps

    def policy_type():
        graph = rdflib.Graph()
        graph.parse(data=client.get(access.url("download", fmt="odrl")).content, format="json-ld")
        return {
            str(row.t)
            for row in graph.query(
                f"PREFIX odrl: <{ODRL}> SELECT ?t WHERE {{ ?p odrl:permission ?x ; a ?t }}"
            )
        }

    assert policy_type() == {ODRL + "Offer"}
    draft_set_status(draft=draft, status="in_review", by_name="owner")
    draft_set_status(draft=draft, status="approved", by_name="counsel")
    assert policy_type() == {ODRL + "Agreement"}
    data = json.loads(client.get(access.url("download", fmt="spdx")).content)
    licences = [item for item in data["@graph"] if item["type"].endswith("CustomLicense")]
    assert licences[0]["name"].endswith(f", revision {draft.revision}")
