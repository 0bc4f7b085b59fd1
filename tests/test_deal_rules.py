"""Deal-level consistency rules: each fires on a realistic deal, reads back from the JSON,
DOCX, HTML and PDF drafting notes, and stays silent on the examples it does not concern."""

import copy
import html
import io
import json
import re

import pytest
from docx import Document as open_word_document
from pypdf import PdfReader

from drafting.assembly.assemble import assemble
from drafting.assembly.samples import sample_answers
from drafting.library.loader import get_library
from drafting.questionnaire.answers import load_answers_text, parse_answers
from drafting.renderers.docx import render_docx
from drafting.renderers.html import render_html
from drafting.renderers.json import render_json
from drafting.renderers.pdf import render_pdf
from tests.conftest import EXAMPLES, example_paths

RESEARCH = "research-community.yaml"
NEWS = "commercial-news-archive.yaml"
NEW_YORK = "commercial-new-york-law.yaml"


def example_data(name: str) -> dict:
    return load_answers_text((EXAMPLES / name).read_text(encoding="utf-8"))


def changed(name: str, changes: dict) -> dict:
    """The example's answers with ``changes`` (``{"group.key": value}``) applied."""
    data = copy.deepcopy(example_data(name))
    for dotted, value in changes.items():
        group, key = dotted.split(".", 1)
        data.setdefault(group, {})[key] = value
    return data


# rule code, severity, base example, changes that make the deal inconsistent, words the
# message must hold (what to change)
CASES = [
    (
        "illusory_benefits",
        "contradiction",
        RESEARCH,
        {"use.resale_of_finetuned_models": False},
        "free access to the tools it builds and community access to its models",
    ),
    (
        "cap_worth_nothing",
        "contradiction",
        RESEARCH,
        {"value.models": ["revenue_share"], "value.revenue_share_percent": "5"}
        | {"liability.cap": "fees_paid_12_months", "liability.cap_floor": None},
        "set a minimum cap amount",
    ),
    (
        "retention_shorter_than_deal",
        "ambiguity",
        NEWS,
        {"retention.period": {"value": 24, "unit": "months"}},
        "deleted 24 months after the Effective Date, but the licence lasts 3 years",
    ),
    (
        "secure_environment_vs_retrieval",
        "contradiction",
        NEWS,
        {"dataset.delivery": "secure_environment"},
        "drop retrieval from the permitted activities",
    ),
    (
        "secure_environment_vs_models",
        "confirm",
        NEWS,
        {"dataset.delivery": "secure_environment"},
        "fine-tuned models may be supplied to others",
    ),
    (
        "release_vs_personal_data",
        "warning",
        NEWS,
        {
            "rights.personal_data": "personal_data",
            "wider.future_open_release": "public_domain_after",
        }
        | {"wider.future_open_release_after": {"value": 5, "unit": "years"}},
        "you plan to dedicate the dataset to the public domain",
    ),
    (
        "open_weights_without_safeguards",
        "warning",
        RESEARCH,
        {"redistribution.open_weights": "permitted"}
        | {"redistribution.memorisation_safeguards": False},
        "require memorisation safeguards",
    ),
    (
        "model_terms_without_training",
        "ambiguity",
        NEWS,
        {"use.activities": ["evaluation"], "retention.trained_models": "models_must_be_retired"},
        "retirement of trained models",
    ),
    (
        "media_without_personal_data",
        "warning",
        RESEARCH,
        {"rights.personal_data": "none"},
        "Voices and faces are personal data",
    ),
    (
        "collected_without_contributors",
        "warning",
        NEWS,
        {"rights.origin": "mixed", "rights.contributors": "none"},
        "say whether they consented",
    ),
    (
        "perpetual_unpaid_research",
        "confirm",
        RESEARCH,
        {"term.length": "perpetual_until_terminated"},
        "consider a fixed term or a right to end it on notice",
    ),
    (
        "courts_state_or_federal",
        "ambiguity",
        NEW_YORK,
        {"law.court_system": "ordinary"},
        "could mean the state or the federal courts",
    ),
]
CODES = [case[0] for case in CASES]
# The rules an example is meant to trip; every other deal rule must stay silent on it.
EXPECTED = {
    RESEARCH: {"release_vs_personal_data"},
    NEWS: set(),
    "conflicting-terms.yaml": {"release_vs_upstream_terms", "open_weights_without_safeguards"},
    "gaps-offer-template.yaml": set(),
    "gaps-unpaid-research.yaml": {"perpetual_unpaid_research"},
    "commercial-german-law.yaml": set(),
    NEW_YORK: set(),
}
DEAL_CODES = {*CODES, "release_vs_upstream_terms", "retention_shorter_than_updates"}
DEAL_CODES |= {"secure_environment_vs_copies"}


def finding_of(document, code):
    return next(finding for finding in document.findings if finding.code == code)


@pytest.mark.parametrize(("code", "severity", "base", "changes", "words"), CASES, ids=CODES)
def test_the_rule_fires_and_reads_back_from_json_docx_and_html(
    code, severity, base, changes, words
):
    document = assemble(parse_answers(changed(base, changes)), get_library())
    finding = finding_of(document, code)
    assert finding.severity == severity and not finding.blocking
    assert words in finding.message and finding.steps
    data = {item["code"]: item for item in json.loads(render_json(document))["findings"]}
    assert data[code]["severity"] == severity and data[code]["blocking"] is False
    assert data[code]["message"] == finding.message
    word = open_word_document(io.BytesIO(render_docx(document)))
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert finding.message in cells
    assert finding.message in html.unescape(render_html(document))


@pytest.mark.parametrize(("code", "severity", "base", "changes", "words"), CASES, ids=CODES)
def test_the_rule_is_silent_on_the_unchanged_example(code, severity, base, changes, words):
    document = assemble(parse_answers(example_data(base)), get_library())
    assert code not in {finding.code for finding in document.findings}


@pytest.mark.parametrize("path", example_paths(), ids=lambda path: path.name)
def test_the_examples_trip_only_the_deal_rules_they_are_meant_to(path):
    document = assemble(parse_answers(example_data(path.name)), get_library())
    tripped = {finding.code for finding in document.findings} & DEAL_CODES
    assert tripped == EXPECTED[path.name]


def test_one_pdf_lists_several_deal_findings_in_its_drafting_notes():
    data = changed(
        NEWS,
        {
            "dataset.delivery": "secure_environment",
            "retention.period": {"value": 24, "unit": "months"},
        },
    )
    document = assemble(parse_answers(data), get_library())
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    text = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    for code in ("secure_environment_vs_retrieval", "retention_shorter_than_deal"):
        assert re.sub(r"\s+", "", finding_of(document, code).message) in text


def test_a_cap_with_a_minimum_or_a_fixed_fee_is_not_worth_nothing():
    base = {"value.models": ["revenue_share"], "value.revenue_share_percent": "5"}
    floor = {"liability.cap_floor": {"amount": "10000.00", "currency": "GBP"}}
    for extra in (floor, {"value.models": ["revenue_share", "flat_fee"]}):
        data = changed(RESEARCH, base | extra)
        if "flat_fee" in data["value"]["models"]:
            data["value"]["flat_fee"] = {"amount": "1000.00", "currency": "GBP"}
        codes = {f.code for f in assemble(parse_answers(data), get_library()).findings}
        assert "cap_worth_nothing" not in codes


def test_usage_fees_alone_make_a_cap_worth_nothing_a_warning_under_commercial_use():
    data = changed(
        NEWS,
        {"value.models": ["usage_based"], "liability.cap": "fees_paid_12_months"},
    )
    finding = finding_of(assemble(parse_answers(data), get_library()), "cap_worth_nothing")
    assert finding.severity == "warning" and "usage-based fees" in finding.message


def test_pseudonymised_data_gets_the_data_processing_clause_the_counsel_question_names():
    document = assemble(parse_answers(example_data(RESEARCH)), get_library())
    clause = document.clause("data_protection.processing")
    assert clause is not None and "in pseudonymised form" in clause.text
    assert "how quickly each party must tell the other of a personal data breach" in clause.text
    asked = [q for q in document.counsel_questions if "data-processing clause" in q]
    assert asked
    pins = {**get_library().snapshot(), "data_protection.processing": 1}
    old = assemble(parse_answers(example_data(RESEARCH)), get_library(), pins)
    assert old.clause("data_protection.processing") is None  # version 1 left it out


@pytest.mark.parametrize("seed", range(2000, 2040))
def test_a_counsel_question_about_the_data_processing_clause_only_when_it_is_there(seed):
    document = assemble(sample_answers(seed), get_library())
    asked = any("data-processing clause" in q for q in document.counsel_questions)
    assert asked == (document.clause("data_protection.processing") is not None)


@pytest.mark.parametrize(
    ("sublicensing", "contractors", "present", "absent"),
    [
        ("none", False, [], ["Affiliates", "service providers"]),
        ("affiliates_only", False, ["its Affiliates\u2019 employees"], ["service providers"]),
        ("none", True, ["service providers this Licence allows"], ["Affiliates"]),
    ],
)
def test_confidential_information_goes_only_to_those_the_access_answers_allow(
    sublicensing, contractors, present, absent
):
    data = changed(
        NEWS, {"use.sublicensing": sublicensing, "use.contractors_may_process": contractors}
    )
    document = assemble(parse_answers(data), get_library())
    clause = document.clause("security.confidentiality").text
    line = next(line for line in clause.splitlines() if "disclose it only to" in line)
    for words in present:
        assert words.replace("\u2019", "'") in line or words in line
    for words in absent:
        assert words not in line
