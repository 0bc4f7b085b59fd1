"""The JSON export: answers with defaults, the clauses used, findings; deterministic."""

import json

import pytest

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import load_answers_file, parse_answers
from drafting.renderers import CONTENT_TYPES, EXTENSIONS, FORMATS, UnknownFormatError, render
from drafting.renderers.json import render_json
from tests.conftest import example_paths


@pytest.fixture(scope="module")
def documents():
    library = get_library()
    return [assemble(load_answers_file(path), library) for path in example_paths()]


def test_the_json_has_the_documented_keys_and_the_clauses_in_order(documents):
    for document in documents:
        data = json.loads(render_json(document))
        assert list(data) == [
            "title",
            "notice",
            "library_version",
            "answers",
            "clauses",
            "findings",
            "counsel_questions",
            "obligations",
        ]
        assert data["answers"] == document.answers
        assert data["clauses"] == [
            {
                "id": c.id,
                "version": c.version,
                "title": c.title,
                "number": c.number,
                "condition_keys": list(c.condition_keys),
            }
            for c in document.clauses()
        ]
        assert [f["code"] for f in data["findings"]] == [f.code for f in document.findings]
        assert data["counsel_questions"] == list(document.counsel_questions)


def test_the_json_answers_parse_back_to_the_same_draft(documents):
    library = get_library()
    for document in documents:
        answers = json.loads(render_json(document))["answers"]
        again = assemble(parse_answers(answers), library)
        assert [(c.id, c.text_hash) for c in again.clauses()] == [
            (c.id, c.text_hash) for c in document.clauses()
        ]


def test_the_json_is_deterministic_pretty_and_keeps_unicode(documents):
    document = documents[0]
    text = render_json(document)
    assert text == render_json(document)
    assert text.startswith('{\n  "title"') and text.endswith("}\n")
    assert "\u2014" in text  # the notice's dash, not \\u2014


def test_render_knows_every_format_and_refuses_others(documents):
    document = documents[0]
    assert set(FORMATS) == set(CONTENT_TYPES) == set(EXTENSIONS)
    assert json.loads(render(document, "json"))["title"] == document.title
    assert render(document, "html").startswith(b"<!DOCTYPE html>")
    with pytest.raises(UnknownFormatError):
        render(document, "rtf")
