"""The example answers files in docs/examples/: valid, realistic, and each showing what it
says it shows."""

import re

import pytest

from drafting.assembly.assemble import assemble
from drafting.assembly.completeness import find_placeholders
from drafting.library.loader import get_library
from drafting.questionnaire.answers import load_answers_file
from drafting.questionnaire.definition import get_questionnaire
from tests.conftest import EXAMPLES, ROOT, example_paths

pytestmark = pytest.mark.slow


def load(name: str):
    return load_answers_file(EXAMPLES / name)


def test_there_are_at_least_three_examples():
    assert len(example_paths()) >= 3


@pytest.mark.parametrize("path", example_paths(), ids=lambda path: path.name)
def test_every_example_is_valid_and_assembles(path):
    answers = load_answers_file(path)  # raises AnswersError with key paths if not
    document = assemble(answers, get_library())
    assert document.clauses() and document.glance
    assert path.read_text(encoding="utf-8").startswith("#"), "each example explains itself"


def expected_to_block(path) -> bool:
    """Examples named ``gaps-*`` show the completeness gate: they are meant to block."""
    return path.name.startswith("gaps-")


@pytest.mark.parametrize(
    "path", [p for p in example_paths() if not expected_to_block(p)], ids=lambda path: path.name
)
def test_a_finished_example_has_no_placeholder_and_no_blocking_finding(path):
    document = assemble(load_answers_file(path), get_library())
    assert find_placeholders(document.text()) == []
    assert document.blocking_findings() == ()


@pytest.mark.parametrize(
    "path", [p for p in example_paths() if expected_to_block(p)], ids=lambda path: path.name
)
def test_a_gaps_example_blocks_with_one_finding_per_placeholder(path):
    document = assemble(load_answers_file(path), get_library())
    placeholders = find_placeholders(document.text())
    assert placeholders
    assert sorted(f.placeholder for f in document.blocking_findings()) == sorted(placeholders)


def test_the_research_example_is_a_non_monetary_research_licence_with_takedown_and_credit():
    answers = load("research-community.yaml")
    assert answers.get("use.commercial") == "research_only"
    assert answers.get("value.models") == ("non_monetary",)
    assert answers.get("retention.takedown_requests") is True
    assert answers.get("attribution.required") is True
    assert "audio" in answers.get("dataset.modalities")


def test_the_commercial_example_has_every_kind_of_fee_an_audit_and_arbitration():
    answers = load("commercial-news-archive.yaml")
    assert answers.get("use.commercial") == "commercial_permitted"
    assert set(answers.get("value.models")) == {
        "flat_fee",
        "usage_based",
        "revenue_share",
        "subscription",
    }
    assert answers.get("value.flat_fee_due") == "instalments"
    assert answers.get("value.instalments") > 1
    assert answers.get("audit.third_party_audit") is True
    assert "arbitration" in answers.get("law.dispute_steps")


def test_the_conflicting_example_triggers_the_four_consistency_rules():
    document = assemble(load("conflicting-terms.yaml"), get_library())
    codes = {finding.code for finding in document.findings}
    assert {
        "revenue_share_without_commercial_use",
        "open_weights_vs_derivatives",
        "evaluation_copy_after_deletion",
        "exclusive_vs_open_release",
    } <= codes


def test_every_example_the_docs_mention_exists():
    mentioned = set()
    for doc in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        if doc.exists():
            mentioned |= set(
                re.findall(r"docs/examples/([\w.-]+\.(?:ya?ml|json))", doc.read_text())
            )
    for name in mentioned:
        assert (EXAMPLES / name).exists(), name


def test_the_answers_format_doc_lists_every_question_key():
    doc = (ROOT / "docs" / "answers-format.md").read_text(encoding="utf-8")
    missing = [key for key in get_questionnaire().questions if f"| `{key}` |" not in doc]
    assert missing == [], "add these keys to the tables in docs/answers-format.md"


def commercial_under(name: str, law: str):
    """The document of example ``name``, a commercial deal under governing law ``law``."""
    answers = load(name)
    assert answers.get("law.governing_law") == law
    assert answers.get("use.commercial") == "commercial_permitted"
    document = assemble(answers, get_library())
    return document, document.text()


def test_the_german_law_example_uses_the_civil_law_wording_and_names_the_arbitration_rules():
    document, text = commercial_under("commercial-german-law.yaml", "DE")
    assert "governed by the law of Germany." in text
    assert "intentionally or by gross negligence" in document.clause("liability.limits").text
    assert "interim relief from a competent court" in document.clause("disputes.resolution").text
    for phrase in ("consequential loss", "equitable relief", "injunction", "tort"):
        assert phrase not in text, phrase
    assert "German Arbitration Institute (DIS) under the DIS Arbitration Rules" in text
    assert document.clause("indemnities.licensor") and document.clause("general.sanctions")


def test_the_new_york_example_names_the_state_and_the_federal_courts_sitting_in_a_city():
    document, text = commercial_under("commercial-new-york-law.yaml", "US-NY")
    assert "governed by the law of the State of New York." in text
    assert "The federal courts sitting in New York, New York" in text
    assert "exclusive jurisdiction" in text
    assert "appointed at either party\u2019s request by JAMS" in text
    assert "tort (including negligence)" in document.clause("liability.limits").text
    knowledge = document.clause("indemnities.licensor").text
    assert "would have known after reasonable enquiry" in knowledge
