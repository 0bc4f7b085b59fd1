"""The document check's writing rules and deal checks (issue 10, section 3 and the rules of
section 1 it can read from the text): list punctuation, one number style, typographic
quotes, arbitration under named rules, the survival clause by clause number, one deletion
deadline, and a glance that never allows deployment the text forbids. Each is shown failing
on the clause versions before this change (pinned) and passing on the new ones."""

import dataclasses

import pytest
import yaml

from drafting.assembly.assemble import assemble
from drafting.assembly.checks import check_document
from drafting.assembly.document import ListBlock, ListItem, Paragraph, Run
from drafting.library.loader import get_library
from drafting.questionnaire.answers import parse_answers
from tests.conftest import EXAMPLES

RESEARCH = "research-community.yaml"
COMMERCIAL = "commercial-news-archive.yaml"


def data_of(name, **answers):
    data = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    for key, value in answers.items():
        head, tail = key.split(".")
        data.setdefault(head, {})[tail] = value
    return data


def draft(name, pins=None, **answers):
    library = get_library()
    return assemble(
        parse_answers(data_of(name, **answers)), library, {**library.snapshot(), **(pins or {})}
    )


def problems(document, code):
    return [
        (p.clause_id, p.text) for p in check_document(document, get_library()) if p.code == code
    ]


def with_blocks(document, clause_id, *blocks):
    sections = []
    for section in document.sections:
        clauses = tuple(
            dataclasses.replace(clause, blocks=(*clause.blocks, *blocks))
            if clause.id == clause_id
            else clause
            for clause in section.clauses
        )
        sections.append(dataclasses.replace(section, clauses=clauses))
    return dataclasses.replace(document, sections=tuple(sections))


def items(*texts):
    return ListBlock(tuple(ListItem(f"({chr(97 + i)})", (Run(t),)) for i, t in enumerate(texts)))


# Lists


def test_the_benefits_list_was_not_one_sentence_and_now_is():
    old = draft(RESEARCH, {"fees.non_monetary": 1})
    # The last benefit ended with ";" and none with "; and".
    assert problems(old, "list_punctuation") == [
        ("fees.non_monetary", "in the number and on the terms set out in the Benefits Plan;")
    ]
    new = draft(RESEARCH)
    assert problems(new, "list_punctuation") == []
    text = new.clause("fees.non_monetary").text
    assert "; and\n" in text and text.split("\n(c) ")[1].split("\n")[0].endswith(".")


@pytest.mark.parametrize(
    ("texts", "fails"),
    [
        (("one;", "two; and", "three."), False),
        (("One sentence.", "Another sentence."), False),
        (("one;", "two;", "three."), True),
        (("one;", "two; or", "three"), True),
        (("one; and", "two;", "three."), True),
    ],
)
def test_list_punctuation_rule(texts, fails):
    document = with_blocks(draft(RESEARCH), "term.duration", items(*texts))
    assert bool(problems(document, "list_punctuation")) is fails


# Numbers


def test_periods_were_figures_only_and_are_now_words_and_figures():
    answers = {"retention.takedown_days": 45}
    old = draft(COMMERCIAL, {"retention.takedown": 1}, **answers)
    assert ("retention.takedown", "45 days") in problems(old, "number_style")
    new = draft(COMMERCIAL, **answers)
    assert "forty-five (45) days" in new.clause("retention.takedown").text
    assert problems(new, "number_style") == []


def test_words_must_say_the_figure_and_figures_above_99_stand_alone():
    bad = with_blocks(
        draft(RESEARCH), "term.duration", Paragraph((Run("within thirty (31) days and 7 months."),))
    )
    assert problems(bad, "number_style") == [
        ("term.duration", "7 months"),
        ("term.duration", "thirty (31) days"),
    ]
    good = with_blocks(
        draft(RESEARCH),
        "term.duration",
        Paragraph((Run("within 120 days or twelve (12) months."),)),
    )
    assert problems(good, "number_style") == []


# Quotes


def test_straight_quotes_in_the_library_fail_and_answers_are_exempt():
    old = draft(RESEARCH, {"definitions.interpretation": 1})
    assert ("definitions.interpretation", '"in writing" includes email;') in problems(
        old, "straight_quote"
    )
    typed = draft(RESEARCH, **{"dataset.name": 'The People\'s "Voices" Corpus'})
    assert 'The People\'s "Voices" Corpus' in typed.text()
    assert problems(typed, "straight_quote") == []
    assert "\u201cincluding\u201d" in typed.clause("definitions.interpretation").text


# Arbitration


def test_arbitration_names_the_institutions_rules():
    old = draft(COMMERCIAL, {"disputes.resolution": 2})
    assert problems(old, "arbitration_rules") == [("disputes.resolution", "by arbitration under")]
    new = draft(COMMERCIAL)
    assert (
        "by arbitration administered by the London Court of International Arbitration (LCIA) "
        "under the LCIA Arbitration Rules"
    ) in new.clause("disputes.resolution").text
    assert problems(new, "arbitration_rules") == []


# Survival


def survival(document):
    text = document.clause("term.effects").text
    return text[text.index("continue to apply after this Licence ends") :]


def numbers(document):
    return {section.id: section.number for section in document.sections if section.number}


def test_survival_lists_clause_numbers_with_audit_payment_reporting_and_benefits():
    commercial = draft(COMMERCIAL)
    found, number = survival(commercial), numbers(commercial)
    assert f"records, confirmations and audits under clause {number['audit']} (" in found
    assert "report on and keep records of the Fees" in found
    assert f"clause {number['fees']} (Fees and other consideration)" in found
    assert f"clause {number['ip']} (Intellectual property)" in found
    assert "the clauses on intellectual property" not in found
    research = draft(RESEARCH)
    found, number = survival(research), numbers(research)
    assert f"the benefits under clause {number['fees']} that are to be given" in found
    assert "Fees" not in found


def test_survival_leaves_out_what_the_draft_does_not_have():
    plain = draft(
        RESEARCH,
        **{
            "audit.records": False,
            "audit.usage_confirmation": "none",
            "value.benefits": ["community_access"],
        },
    )
    assert "audit" not in numbers(plain)
    found = survival(plain)
    assert "audits" not in found and "benefits" not in found
    old = draft(COMMERCIAL, {"term.effects": 1})
    assert "audits" not in survival(old) and "the clauses on intellectual property" in survival(old)


# One deletion deadline


def test_one_deadline_for_deleting_the_copies():
    answers = {
        "retention.period": "until_training_complete",
        "retention.delete_after_training": True,
        "retention.deletion_deadline": {"value": 6, "unit": "months"},
    }
    old = draft(RESEARCH, {"retention.period": 2}, **answers)
    assert problems(old, "deletion_deadline") == [
        ("retention.deletion_after_training", "within six (6) months")
    ]
    new = draft(RESEARCH, **answers)
    assert problems(new, "deletion_deadline") == []
    assert "in any case within six (6) months" in new.clause("retention.period").text
    default = draft(RESEARCH)
    assert "in any case within thirty (30) days" in default.clause("retention.period").text


def test_a_second_deadline_written_into_a_clause_fails():
    document = with_blocks(
        draft(RESEARCH),
        "term.duration",
        Paragraph(
            (Run("The Licensee must delete all copies of the Dataset within ten (10) days."),)
        ),
    )
    assert problems(document, "deletion_deadline") == [("term.duration", "within ten (10) days")]


# Glance and deployment


@pytest.mark.parametrize(
    "answers",
    [
        {"use.commercial": "noncommercial_only", "use.model_scope": "internal_tools_only"},
        {"use.commercial": "noncommercial_only", "use.activities": ["evaluation"]},
        {"use.commercial": "commercial_permitted", "use.model_scope": "internal_tools_only"},
    ],
    ids=["noncommercial-internal", "noncommercial-no-training", "commercial-internal"],
)
def test_the_glance_never_allows_deployment_the_text_forbids(answers):
    old = draft(RESEARCH, {"purpose.commercial": 1}, **answers)
    assert [clause_id for clause_id, _ in problems(old, "glance_deployment")] == [
        "purpose.commercial"
    ]
    new = draft(RESEARCH, **answers)
    assert problems(new, "glance_deployment") == []
    note = next(row.note for row in new.glance if row.clause_id == "purpose.commercial")
    assert "deployment is allowed" not in note


def test_the_glance_still_allows_non_profit_deployment_where_the_text_does():
    document = draft(RESEARCH, **{"use.commercial": "noncommercial_only"})
    note = next(row.note for row in document.glance if row.clause_id == "purpose.commercial")
    assert "deployment is allowed" in note
    assert problems(document, "glance_deployment") == []
