"""Deal rules on the licence's scope: each fires on a realistic deal, reads back from the
JSON, DOCX and HTML drafting notes, and stays silent on the examples and on the deal that
fixes it."""

import html
import io
import json

import pytest
from docx import Document as open_word_document

from drafting.assembly.assemble import assemble
from drafting.assembly.scope_rules import SCOPE_RULES
from drafting.library.loader import get_library
from drafting.questionnaire.answers import parse_answers
from drafting.renderers.docx import render_docx
from drafting.renderers.html import render_html
from drafting.renderers.json import render_json
from tests.conftest import example_paths
from tests.test_deal_rules import changed, example_data

RESEARCH = "research-community.yaml"
NEWS = "commercial-news-archive.yaml"
SCOPE_CODES = {rule.__name__ for rule in SCOPE_RULES}


def codes(data: dict) -> set:
    return {finding.code for finding in assemble(parse_answers(data), get_library()).findings}


EXCLUSIVE = {
    "wider.exclusivity": "exclusive",
    "wider.exclusive_field": "speech recognition for Cornish",
    "wider.exclusive_period": {"value": 2, "unit": "years"},
}
# rule code, severity, base example, changes that make the deal inconsistent, words the
# message must hold, changes that put it right
CASES = [
    (
        "distillation_escapes_limits",
        "ambiguity",
        NEWS,
        {"use.outputs_for_training": "permitted"},
        "covers only the models and products it names and forbids open-weights releases",
        {"use.outputs_for_training": "as_models"},
    ),
    (
        "supply_without_commercialisation",
        "confirm",
        NEWS,
        {"use.commercialise_models": False},
        "only free of charge",
        {"use.resale_of_finetuned_models": False, "use.commercialise_models": False},
    ),
    (
        "revenue_without_commercialisation",
        "contradiction",
        NEWS,
        {"use.commercialise_models": False, "use.commercialise_outputs": False},
        "it earns no revenue from them to share",
        {"use.commercialise_models": False, "use.commercialise_outputs": True},
    ),
    (
        "benefits_outlive_models",
        "contradiction",
        RESEARCH,
        {"value.benefits_survive": True, "retention.trained_models": "models_must_be_retired"},
        "free access to the tools built with the data and community access to the models",
        {"value.benefits_survive": False, "retention.trained_models": "models_must_be_retired"},
    ),
    (
        "exclusivity_for_nothing",
        "warning",
        RESEARCH,
        EXCLUSIVE,
        "set a minimum payment, keep your own use, or make it a sole licence",
        EXCLUSIVE | {"wider.exclusivity": "sole"},
    ),
]
IDS = [case[0] for case in CASES]


def test_every_scope_rule_has_a_case():
    assert set(IDS) == SCOPE_CODES


@pytest.mark.parametrize(("code", "severity", "base", "changes", "words", "fix"), CASES, ids=IDS)
def test_the_rule_fires_and_reads_back_from_json_docx_and_html(
    code, severity, base, changes, words, fix
):
    document = assemble(parse_answers(changed(base, changes)), get_library())
    finding = next(finding for finding in document.findings if finding.code == code)
    assert finding.severity == severity and not finding.blocking
    assert words in finding.message and finding.steps
    data = {item["code"]: item for item in json.loads(render_json(document))["findings"]}
    assert data[code]["severity"] == severity and data[code]["message"] == finding.message
    word = open_word_document(io.BytesIO(render_docx(document)))
    cells = {cell.text for table in word.tables for row in table.rows for cell in row.cells}
    assert finding.message in cells
    assert finding.message in html.unescape(render_html(document))


@pytest.mark.parametrize(("code", "severity", "base", "changes", "words", "fix"), CASES, ids=IDS)
def test_the_rule_is_silent_once_the_deal_is_put_right(code, severity, base, changes, words, fix):
    assert code not in codes(changed(base, fix))


@pytest.mark.parametrize("path", example_paths(), ids=lambda path: path.name)
def test_the_examples_trip_no_scope_rule(path):
    assert not codes(example_data(path.name)) & SCOPE_CODES


def test_a_minimum_payment_or_kept_use_makes_exclusivity_worth_something():
    payment = {"wider.minimum_guarantee": {"amount": "5000.00", "currency": "GBP"}}
    for extra in (payment, {"wider.licensor_keeps_use": True}):
        assert "exclusivity_for_nothing" not in codes(changed(RESEARCH, EXCLUSIVE | extra))
