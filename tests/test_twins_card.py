"""The Hugging Face dataset card: loaded with huggingface_hub offline, every field read back."""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")

import pytest
from huggingface_hub import DatasetCard

from drafting.renderers import Publication, render
from drafting.renderers.card import markdown_text, render_card
from drafting.renderers.terms import licence_terms, text_sha256
from tests.twins_support import example_documents, no_network  # noqa: F401

pytestmark = pytest.mark.usefixtures("no_network")
DOCUMENTS = dict(example_documents())


def load(tmp_path, text):
    path = tmp_path / "README.md"
    path.write_text(text, encoding="utf-8")
    return DatasetCard.load(path)


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_hub_reads_the_licence_and_the_gate_from_the_card(name, tmp_path):
    document = DOCUMENTS[name]
    terms = licence_terms(document)
    card = load(tmp_path, render_card(document))
    data = card.data.to_dict()
    assert data["license"] == "other"
    assert data["license_name"] == terms.licence_id.removeprefix("LicenseRef-")
    assert data["license_link"] == "LICENSE.pdf"
    assert data["extra_gated_heading"].startswith(f"Accept {document.title}")
    assert data["extra_gated_button_content"]
    prompt = data["extra_gated_prompt"]
    assert "licence text governs" in prompt
    for rule in terms.prohibitions:
        assert rule.label in prompt
    fields = data["extra_gated_fields"]
    assert fields["Name"] == fields["Affiliation"] == "text"
    assert fields["Country"] == "country"
    assert fields["Intended use"] == {
        "type": "select",
        "options": [rule.label for rule in terms.permitted_activities],
    }
    checkbox = f"I agree to {document.title}, draft, SHA-256 {text_sha256(document)}"
    assert fields[checkbox] == "checkbox"
    assert f"`{text_sha256(document)}`" in card.text
    assert "### Key terms at a glance" in card.text
    for item in document.glance:
        assert markdown_text(item.item) in card.text


def test_a_published_revision_links_its_page_and_names_its_revision(tmp_path):
    document = DOCUMENTS["research-community"]
    publication = Publication(revision=4, approved=True, link="https://x.example/licences/k/r4/")
    card = load(tmp_path, render(document, "card", publication).decode())
    data = card.data.to_dict()
    assert data["license_link"] == "https://x.example/licences/k/r4/"
    assert data["license_name"].endswith("-r4")
    assert (
        f"I agree to {document.title}, revision 4, SHA-256 {text_sha256(document)}"
        in (data["extra_gated_fields"])
    )
    assert "Credit the dataset as: Kernewek Speech Corpus v1.2" in card.text


def test_user_text_cannot_inject_markup_into_the_card():
    assert markdown_text("<script>x</script> *bold* [link](u)") == (
        "&lt;script&gt;x&lt;/script&gt; \\*bold\\* \\[link\\](u)"
    )
