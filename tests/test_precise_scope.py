"""Precise scope (issue 11, section 3): what a Model is, commercialising models and outputs
apart, distillation, the acts and territory of the grant, exclusive and sole licences,
audits, restricted data, voice and likeness, and the benefits schedule, each read back from
the assembled text and, for a few, from the DOCX and PDF."""

import io
import re

import pytest
from docx import Document as open_word_document
from pypdf import PdfReader

from drafting.assembly.assemble import assemble
from drafting.assembly.completeness import find_placeholders
from drafting.library.loader import get_library
from drafting.questionnaire.answers import parse_answers
from drafting.renderers.docx import render_docx
from drafting.renderers.pdf import render_pdf

BASE_MODELS_PLACEHOLDER = "[the Licensee\u2019s pre-existing base models]"
FINE_TUNING = {"use": {"activities": ["fine_tuning"]}}
EXCLUSIVE = {
    "wider": {
        "exclusivity": "exclusive",
        "exclusive_field": "speech recognition for Welsh",
        "exclusive_period": {"value": 2, "unit": "years"},
    }
}
BENEFITS = {
    "value": {
        "models": ["non_monetary"],
        "benefits": ["engineer_secondment", "internships_for_community", "community_access"],
    }
}


def merged(base: dict, *extras: dict) -> dict:
    out = {key: dict(value) if isinstance(value, dict) else value for key, value in base.items()}
    for extra in extras:
        for group, values in extra.items():
            out[group] = {**out.get(group, {}), **values}
    return out


def draft(data: dict, *, complete: bool = True):
    return assemble(parse_answers(data, complete=complete), get_library())


def blocking_questions(document) -> set:
    return {finding.question for finding in document.blocking_findings()}


def text_of(data: dict, clause_id: str) -> str:
    clause = draft(data).clause(clause_id)
    assert clause is not None, clause_id
    return clause.text


# --- 1. Model -----------------------------------------------------------------------------


def test_the_whole_model_is_the_default_and_includes_the_base_model(minimal_data):
    text = text_of(merged(minimal_data, FINE_TUNING), "definitions.model")
    assert "A Model is the whole model, including any pre-trained model" in text
    assert "Base Model" not in draft(merged(minimal_data, FINE_TUNING)).text()


def test_trained_weights_exclude_the_named_base_model_from_ownership_and_retirement(
    minimal_data,
):
    data = merged(
        minimal_data,
        FINE_TUNING,
        {"use": {"model_definition": "trained_weights", "base_models": "Acme Base 7B v3"}},
        {"retention": {"trained_models": "models_must_be_retired"}},
    )
    document = draft(data)
    definition = document.clause("definitions.model").text
    assert "only the parameters that the fine-tuning creates or changes" in definition
    assert "adapters" in definition and "Acme Base 7B v3" in definition
    assert "A Base Model is not a Model." in definition
    assert "gives the Licensor no right in any Base Model" in document.clause("ip.models").text
    retirement = document.clause("retention.models").text
    assert "may keep and continue to use each Base Model" in retirement
    joint = merged(data, {"ip": {"model_ownership": "joint"}})
    assert "The Licensee alone owns each Base Model" in text_of(joint, "ip.models")
    assert BASE_MODELS_PLACEHOLDER not in find_placeholders(document.text())
    assert "use.base_models" not in blocking_questions(document)


def test_trained_weights_without_a_named_base_model_block_approval(minimal_data):
    data = merged(minimal_data, FINE_TUNING, {"use": {"model_definition": "trained_weights"}})
    document = draft(data, complete=False)
    assert BASE_MODELS_PLACEHOLDER in document.text()
    assert "use.base_models" in blocking_questions(document)


def test_trained_weights_without_fine_tuning_ask_for_no_base_model(minimal_data):
    data = merged(minimal_data, {"use": {"model_definition": "trained_weights"}})
    assert not parse_answers(data).is_active("use.base_models")
    text = text_of(data, "definitions.model")
    assert "built without using the Dataset or a Derived Dataset is not a Model" in text


# --- 2. Outputs ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("models", "outputs", "words"),
    [
        (True, True, "may use Models and Outputs for commercial purposes"),
        (True, False, "must not sell or license Outputs as such"),
        (False, True, "It must not sell or license a Model"),
        (False, False, "may use Models and Outputs only within its own organisation"),
    ],
)
def test_commercialising_models_and_outputs_are_separate_choices(
    minimal_data, models, outputs, words
):
    data = merged(
        minimal_data,
        {
            "use": {
                "commercial": "commercial_permitted",
                "commercialise_models": models,
                "commercialise_outputs": outputs,
            }
        },
    )
    assert words in text_of(data, "purpose.commercial")


def test_models_kept_in_house_still_allow_the_free_access_owed_as_a_benefit(minimal_data):
    use = {"commercial": "commercial_permitted", "commercialise_models": False}
    data = merged(minimal_data, {"use": use})
    assert "except the free access" not in text_of(data, "purpose.commercial")
    data = merged(data, BENEFITS)
    assert "except the free access this Licence requires it to give as a benefit" in text_of(
        data, "purpose.commercial"
    )


def test_a_fine_tuned_model_is_free_of_charge_when_models_may_not_be_commercialised(
    minimal_data,
):
    use = {
        "activities": ["fine_tuning"],
        "commercial": "commercial_permitted",
        "resale_of_finetuned_models": True,
        "commercialise_models": False,
    }
    text = text_of(merged(minimal_data, {"use": use}), "purpose.finetuned_models")
    assert "provided it charges nothing for them" in text and "sell, license" not in text


@pytest.mark.parametrize(
    ("choice", "words"),
    [
        ("prohibited", "must not use Outputs, or allow anyone else to use them, to train"),
        ("as_models", "Each model so trained is a Model for the purposes of this Licence"),
        ("permitted", "A model trained only on Outputs is not a Model"),
    ],
)
def test_training_or_distilling_other_models_on_outputs(minimal_data, choice, words):
    data = merged(minimal_data, {"use": {"outputs_for_training": choice}})
    assert words in text_of(data, "purpose.outputs_training")


# --- 3. The grant -------------------------------------------------------------------------


def test_the_grant_lists_the_acts_and_is_worldwide_by_default(minimal_data):
    text = text_of(minimal_data, "grant.scope")
    for act in (
        "reproduce the Dataset",
        "adapt the Dataset",
        "extract and re-utilise the whole or a substantial part",
        "store the Dataset",
        "make the Dataset available to those of the Licensee\u2019s staff",
    ):
        assert act in text
    assert "throughout the world" in text


@pytest.mark.parametrize(
    ("use", "who"),
    [
        ({}, "the Licensee\u2019s staff who need it"),
        ({"contractors_may_process": True}, "the Licensee\u2019s staff and service providers who"),
        (
            {"contractors_may_process": True, "sublicensing": "affiliates_only"},
            "staff, service providers and permitted sublicensees who",
        ),
    ],
)
def test_the_grant_names_who_may_be_given_the_data(minimal_data, use, who):
    assert who in text_of(merged(minimal_data, {"use": use}), "grant.scope")


def test_a_listed_territory_limits_the_grant_and_must_be_named(minimal_data):
    data = merged(minimal_data, {"use": {"territory": "listed_countries"}})
    document = draft(data, complete=False)
    assert "use.territory_countries" in blocking_questions(document)
    data["use"]["territory_countries"] = "the United Kingdom and Ireland"
    text = text_of(data, "grant.scope")
    assert "countries: the United Kingdom and Ireland (the \u201cTerritory\u201d)" in text
    assert "must not store, access or otherwise use the Dataset outside the Territory" in text


# --- 4. Exclusive and sole ----------------------------------------------------------------


def test_an_exclusive_licence_shuts_out_the_licensor_unless_it_keeps_its_use(minimal_data):
    data = merged(minimal_data, EXCLUSIVE)
    assert "must not itself use the Dataset" in text_of(data, "grant.exclusivity")
    kept = merged(data, {"wider": {"licensor_keeps_use": True}})
    text = text_of(kept, "grant.exclusivity")
    assert "must not itself use" not in text
    assert "keeps the right to use the Dataset itself for any purpose, including in" in text


def test_a_sole_licence_always_keeps_the_licensors_own_use(minimal_data):
    data = merged(minimal_data, EXCLUSIVE, {"wider": {"exclusivity": "sole"}})
    assert not parse_answers(data).is_active("wider.licensor_keeps_use")
    document = draft(data)
    assert "the licence is sole in the following field" in document.clause("grant.exclusivity").text
    assert "keeps the right to use the Dataset itself" in document.clause("grant.exclusivity").text
    assert "sole to the extent set out below" in document.clause("grant.scope").text


def test_exclusivity_can_carry_a_minimum_payment_and_a_duty_of_diligence(minimal_data):
    data = merged(
        minimal_data,
        EXCLUSIVE,
        {
            "wider": {
                "minimum_guarantee": {"amount": "40000.00", "currency": "GBP"},
                "diligence": True,
            }
        },
    )
    document = draft(data)
    text = document.clause("grant.exclusivity").text
    assert "at least \u00a340,000.00" in text
    assert "pay the difference within thirty (30) days" in text
    assert "must use reasonable efforts to develop Models in the Exclusive Field" in text
    assert "Minimum payment for exclusivity" in document.clause("annex_fees.schedule").text
    plain = text_of(merged(minimal_data, EXCLUSIVE), "grant.exclusivity")
    assert "Minimum Payment" not in plain and "reasonable efforts" not in plain


# --- 5. Audits ----------------------------------------------------------------------------


def test_an_audit_limited_to_training_inputs_and_surviving_with_the_records(minimal_data):
    audit = {
        "third_party_audit": True,
        "scope": "training_inputs",
        "records": True,
        "records_retention": {"value": 4, "unit": "years"},
    }
    document = draft(merged(minimal_data, {"audit": audit}))
    text = document.clause("audit.third_party_audit").text
    assert "The audit is limited to the Licensee\u2019s logs of the data used as input" in text
    assert "may not inspect source code, Models or their weights" in text
    assert "continues for four (4) years after this Licence ends" in text
    assert "continue for four (4) years after this Licence ends" in (
        document.clause("audit.records").text
    )
    full = merged(minimal_data, {"audit": {**audit, "scope": "compliance"}})
    assert "records, systems and staff" in text_of(full, "audit.third_party_audit")


# --- 6. Restricted (CC BY-NC-ND style) data -----------------------------------------------


def test_research_only_data_and_runs_are_segregated_and_checkpoints_labelled(minimal_data):
    text = text_of(minimal_data, "purpose.segregation")  # research only is the default
    assert "as \u201cresearch only\u201d" in text
    assert "must not merge the weights or checkpoints" in text
    assert "metadata kept with each checkpoint" in text


def test_non_commercial_sources_in_a_commercial_deal_are_kept_apart(minimal_data):
    data = merged(
        minimal_data,
        {"use": {"commercial": "commercial_permitted"}},
        {"rights": {"origin": "mixed", "upstream_licenses": ["CC-BY-NC-ND-4.0"]}},
    )
    text = text_of(data, "purpose.segregation")
    assert "sources under non-commercial or no-derivatives terms, as listed in Annex B" in text
    plain = merged(minimal_data, {"use": {"commercial": "commercial_permitted"}})
    assert "research only" not in text_of(plain, "purpose.segregation")


def test_demos_are_among_the_attribution_forms(minimal_data):
    data = merged(minimal_data, {"attribution": {"required": True, "forms": ["demos"]}})
    assert "each public demonstration of a Model" in text_of(data, "attribution.credit")


def test_excerpts_of_images_and_audio_are_reduced(minimal_data):
    data = merged(minimal_data, {"dataset": {"modalities": ["image", "audio"]}})
    text = text_of(data, "redistribution.excerpts")
    assert "no larger than 512 pixels on its longer side" in text
    assert "no longer than ten (10) seconds" in text
    text = text_of(merged(data, {"dataset": {"modalities": ["audio"]}}), "redistribution.excerpts")
    assert "pixels" not in text and "ten (10) seconds" in text
    off = merged(data, {"redistribution": {"excerpt_reduced": False}})
    assert "cannot stand in for the original" not in text_of(off, "redistribution.excerpts")
    text_only = merged(minimal_data, {"dataset": {"modalities": ["text"]}})
    assert not parse_answers(text_only).is_active("redistribution.excerpt_reduced")


# --- 7. Voice and likeness ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("modalities", "words"),
    [
        (["audio"], "to clone or synthesise the voice of any person whose voice appears"),
        (["image"], "generate images or video showing the face, body or other likeness"),
        (["video"], "voice of, or generate images or video showing the face, body or other"),
    ],
)
def test_voice_cloning_impersonation_and_likeness_can_be_forbidden(minimal_data, modalities, words):
    data = merged(
        minimal_data, {"dataset": {"modalities": modalities}}, {"ethics": {"voice_likeness": True}}
    )
    text = text_of(data, "ethics.restrictions")
    assert words in text and "or to impersonate such a person" in text


def test_voice_and_likeness_is_not_asked_for_text_data(minimal_data):
    data = merged(minimal_data, {"dataset": {"modalities": ["text"]}})
    assert not parse_answers(data).is_active("ethics.voice_likeness")


# --- 8. Benefits --------------------------------------------------------------------------


def test_the_benefits_have_default_figures_dates_and_an_expert_fallback(minimal_data):
    document = draft(merged(minimal_data, BENEFITS))
    text = document.clause("fees.non_monetary").text
    assert "for six (6) months in total, starting no later than ninety (90) days" in text
    assert "two (2) paid internships at the Licensee in each year" in text
    assert "within sixty (60) days after the Effective Date, a plan" in text
    assert "either party may refer any detail still open to an independent expert" in text
    assert "ends when this Licence ends" in text
    assert "Only the Licensor may enforce the benefits" in text
    annex = document.clause("annex_fees.schedule").text
    assert "For six (6) months" in annex and "Two (2) a year" in annex


def test_benefits_can_survive_and_a_community_body_can_enforce_them(minimal_data):
    data = merged(
        minimal_data,
        BENEFITS,
        {"value": {"benefits_survive": True, "benefits_enforcer": "community_body"}},
    )
    document = draft(data, complete=False)
    assert "value.community_body" in blocking_questions(document)
    data["value"]["community_body"] = "Llais y Gymuned CIC"
    document = draft(data)
    text = document.clause("fees.non_monetary").text
    assert "continues after this Licence ends, for the full periods" in text
    assert "Llais y Gymuned CIC (the \u201cCommunity Body\u201d) may enforce" in text
    assert "Except for the right this Licence expressly gives the Community Body" in (
        document.clause("general.relationship").text
    )
    assert "value.community_body" not in blocking_questions(document)


def test_the_new_terms_reach_the_docx_and_the_pdf(minimal_data):
    data = merged(
        minimal_data,
        FINE_TUNING,
        EXCLUSIVE,
        {"use": {"model_definition": "trained_weights", "base_models": "Acme Base 7B v3"}},
        {"wider": {"exclusivity": "sole"}},
    )
    document = draft(data)
    word = open_word_document(io.BytesIO(render_docx(document)))
    paragraphs = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "A Base Model is not a Model." in paragraphs
    assert "the licence is sole in the following field" in paragraphs
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    pdf = re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))
    assert "extractandre-utilisethewholeorasubstantialpart" in pdf
    assert "ABaseModelisnotaModel." in pdf
