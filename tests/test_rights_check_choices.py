"""The rights-check questions whose wrong answer exposes the licensor (where the data comes
from, personal data, contributors' consent) start with no pre-selected answer: an answers
file must state them and the wizard asks for an explicit choice (issue 10, section 1)."""

import json

import pytest

from drafting.assembly.assemble import assemble
from drafting.questionnaire.answers import AnswersError, load_answers_file, parse_answers
from drafting.questionnaire.definition import get_questionnaire
from drafting.renderers import render
from tests.conftest import example_paths
from tests.wizard_support import new_draft, step_url, submit

EXPOSING = ("rights.origin", "rights.personal_data", "rights.contributors")


@pytest.mark.parametrize("key", EXPOSING)
def test_no_answer_is_pre_selected(key):
    question = get_questionnaire().questions[key]
    assert question.default is None
    assert question.required


def test_an_answers_file_must_state_them(minimal_data):
    del minimal_data["rights"]
    with pytest.raises(AnswersError) as refused:
        parse_answers(minimal_data)
    assert [problem.key for problem in refused.value.problems] == list(EXPOSING)


def test_an_unfinished_draft_without_them_still_assembles(minimal_data, library):
    del minimal_data["rights"]
    document = assemble(parse_answers(minimal_data, complete=False), library)
    assert document.clause("warranties.disclaimer") is not None


def test_an_unfinished_draft_without_them_cannot_be_approved(minimal_data, library):
    """The text falls back to wording that assumes an answer; the gate blocks it, naming each
    question in the review page's words (label and step), and the JSON says it blocks."""
    del minimal_data["rights"]
    document = assemble(parse_answers(minimal_data, complete=False), library)
    blocking = {finding.question: finding for finding in document.blocking_findings()}
    assert set(EXPOSING) <= set(blocking)
    questionnaire = get_questionnaire()
    for key in EXPOSING:
        assert questionnaire.questions[key].label in blocking[key].message
        assert blocking[key].steps == ("rights",)
    data = json.loads(render(document, "json"))
    blocked = {f.get("question") for f in data["findings"] if f.get("blocking")}
    assert set(EXPOSING) <= blocked


def test_answering_them_lifts_the_block(minimal_data, library):
    document = assemble(parse_answers(minimal_data), library)
    assert not {f.question for f in document.blocking_findings()} & set(EXPOSING)


def test_the_twins_of_an_unfinished_draft_make_no_claim_about_personal_data(minimal_data, library):
    del minimal_data["rights"]
    document = assemble(parse_answers(minimal_data, complete=False), library)
    spdx = json.loads(render(document, "spdx"))
    dataset = next(item for item in spdx["@graph"] if item["type"] == "dataset_DatasetPackage")
    assert dataset["dataset_hasSensitivePersonalInformation"] == "noAssertion"
    croissant = json.loads(render(document, "croissant"))
    assert "not yet stated" in croissant["rai:personalSensitiveInformation"]


@pytest.mark.parametrize("path", example_paths(), ids=lambda path: path.name)
def test_every_example_answers_them_explicitly(path):
    answers = load_answers_file(path)
    assert all(key in answers.provided for key in EXPOSING)


@pytest.mark.django_db
def test_the_wizard_asks_for_an_explicit_choice(client):
    draft, access = new_draft()
    blank = client.get(step_url(access, "rights")).context["form"]
    assert all(blank[key].value() in (None, "") for key in EXPOSING)  # nothing pre-selected
    refused = submit(client, access, "rights", {"rights.stakeholders_consulted": True})
    assert refused.status_code == 200
    form = refused.context["form"]
    # "required" at each of the three fields, nothing else refused, nothing entered lost
    assert {key: form.errors[key] for key in form.errors} == {
        key: ["This answer is required."] for key in EXPOSING
    }
    # once at each field and once in the error summary at the top of the step
    assert refused.content.decode().count("This answer is required.") == 2 * len(EXPOSING)
    assert form["rights.stakeholders_consulted"].value() is True
    draft.refresh_from_db()
    assert draft.revision == 0
    chosen = {
        "rights.origin": "collected_from_third_parties",
        "rights.personal_data": "personal_data",
        "rights.contributors": "contributors_not_consulted",
    }
    assert submit(client, access, "rights", chosen).status_code == 302
