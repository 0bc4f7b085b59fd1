"""The assembled document checks itself: placeholders without a blocking finding, defined
terms used but not defined, and cross-references that do not resolve, each reported with the
clause id and the offending text; a generated sample of answers passes."""

import dataclasses

import pytest

from drafting.assembly.assemble import assemble
from drafting.assembly.checks import check_document, defined_terms, library_terms
from drafting.assembly.document import Paragraph, Run
from drafting.assembly.samples import sample_answers, sample_data
from drafting.library.loader import get_library
from drafting.questionnaire.answers import load_answers_file
from drafting.questionnaire.definition import get_questionnaire
from tests.conftest import EXAMPLES, example_paths

# check_clauses --strict checks seeds 0-499; the test checks others, fewer, to stay quick.
TEST_SEEDS = range(1000, 1060)


def example(name, pins=None):
    return assemble(load_answers_file(EXAMPLES / name), get_library(), pins)


def with_paragraph(document, clause_id, text):
    """``document`` with a paragraph of ``text`` added to clause ``clause_id``."""
    sections = []
    for section in document.sections:
        clauses = tuple(
            dataclasses.replace(clause, blocks=(*clause.blocks, Paragraph((Run(text),))))
            if clause.id == clause_id
            else clause
            for clause in section.clauses
        )
        sections.append(dataclasses.replace(section, clauses=clauses))
    return dataclasses.replace(document, sections=tuple(sections))


@pytest.mark.parametrize("path", example_paths(), ids=lambda path: path.name)
def test_every_example_passes_the_check(path):
    document = assemble(load_answers_file(path), get_library())
    assert [str(p) for p in check_document(document, get_library())] == []


def test_a_generated_sample_of_answers_passes_the_check():
    library = get_library()
    problems = []
    for seed in TEST_SEEDS:
        problems += [
            f"{seed}: {p}" for p in check_document(assemble(sample_answers(seed), library), library)
        ]
    assert problems == []


def test_the_sample_lets_every_option_take_part():
    questionnaire = get_questionnaire()
    seen = {key: set() for key in questionnaire.questions}
    for seed in range(500):
        for key, value in sample_data(seed).items():
            values = value if isinstance(value, list) else [value]
            seen[key].update(str(item) for item in values if isinstance(item, str | bool))
    for key, question in questionnaire.questions.items():
        if question.options:
            missing = set(question.option_values) - {str(v) for v in seen[key]}
            assert missing == set(), key


def test_the_same_seed_gives_the_same_answers():
    assert sample_answers(7).to_data() == sample_answers(7).to_data()
    assert sample_answers(7).to_data() != sample_answers(8).to_data()


def test_a_placeholder_without_a_blocking_finding_fails_with_its_clause():
    document = dataclasses.replace(example("gaps-offer-template.yaml"), findings=())
    problems = {(p.code, p.clause_id, p.text) for p in check_document(document, get_library())}
    assert ("placeholder", "annex_fees.schedule", "[dates to be agreed]") in problems
    assert ("placeholder", "cover.parties", "[Licensee]") in problems


def test_a_term_used_but_not_defined_fails_with_its_clause():
    # Version 1 of the liability clause said "No Fees are payable" where Fees is undefined.
    pins = {**get_library().snapshot(), "liability.limits": 1}
    document = assemble(
        load_answers_file(EXAMPLES / "gaps-unpaid-research.yaml"), get_library(), pins
    )
    assert "Fees" not in defined_terms(document)
    problems = [(p.code, p.clause_id, p.text) for p in check_document(document, get_library())]
    assert ("undefined_term", "liability.limits", "Fees") in problems


def test_a_cross_reference_to_a_missing_clause_or_annex_fails():
    document = with_paragraph(
        example("research-community.yaml"),
        "general.notices",
        "As clause 99.2 and Annex C say, and as clause 1 says.",
    )
    problems = [(p.code, p.clause_id, p.text) for p in check_document(document, get_library())]
    assert ("cross_reference", "general.notices", "clause 99.2") in problems
    assert ("cross_reference", "general.notices", "Annex C") in problems
    assert not any(text == "clause 1" for _code, _id, text in problems)


def test_the_library_terms_are_its_capitalised_definitions():
    terms = library_terms(get_library())
    assert {"Dataset", "Fees", "Model", "Permitted Purpose", "Training Completion"} <= terms
    assert "open-weights release" not in terms


def test_a_definition_nothing_uses_fails_with_its_clause():
    document = example("commercial-news-archive.yaml")
    assert "Exclusive Field" not in defined_terms(document)
    sections = []
    for section in document.sections:
        clauses = tuple(
            dataclasses.replace(
                clause,
                blocks=(
                    *clause.blocks,
                    Paragraph(
                        (Run("\u201cExclusive Field\u201d", bold=True), Run(" means sport."))
                    ),
                ),
            )
            if clause.id == "definitions.dataset"
            else clause
            for clause in section.clauses
        )
        sections.append(dataclasses.replace(section, clauses=clauses))
    document = dataclasses.replace(document, sections=tuple(sections))
    problems = [(p.code, p.clause_id, p.text) for p in check_document(document, get_library())]
    assert ("unused_definition", "definitions.dataset", "Exclusive Field") in problems
