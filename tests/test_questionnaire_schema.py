"""The JSON Schema command prints a schema that accepts real answers and names every key."""

import json

import jsonschema
from django.core.management import call_command

from drafting.questionnaire.definition import get_questionnaire
from drafting.questionnaire.schema import answers_schema


def test_the_command_prints_a_valid_json_schema(capsys):
    call_command("questionnaire_schema")
    schema = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["use"]["properties"]["commercial"]["enum"] == [
        "research_only",
        "noncommercial_only",
        "commercial_permitted",
    ]


def test_every_question_key_is_in_the_schema():
    schema = answers_schema()
    for key in get_questionnaire().questions:
        node = schema
        for part in key.split("."):
            node = node["properties"][part]
        assert "title" in node


def test_the_schema_accepts_exported_answers_and_rejects_unknown_keys(minimal_answers):
    validator = jsonschema.Draft202012Validator(answers_schema())
    assert list(validator.iter_errors(minimal_answers.to_data())) == []
    assert list(validator.iter_errors({"use": {"comercial": "x"}}))
