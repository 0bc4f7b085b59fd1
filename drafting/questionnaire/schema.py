"""The JSON Schema of the answers document, generated from the questionnaire definition.

The schema describes shapes and allowed values for editors and other tools. Rules it cannot
express well (conditions between questions, bidi characters, real dates, known SPDX ids) are
enforced by :func:`drafting.questionnaire.answers.parse_answers`, the one authority.
"""

from __future__ import annotations

from typing import Any

from drafting.questionnaire.coercion import text_limit
from drafting.questionnaire.definition import (
    DURATION_UNITS,
    Question,
    Questionnaire,
    get_questionnaire,
)

SCHEMA_ID = "https://license-drafter.invalid/schema/answers.json"
DURATION = {
    "type": "object",
    "properties": {
        "value": {"type": "integer", "minimum": 1, "maximum": 10000},
        "unit": {"enum": list(DURATION_UNITS)},
    },
    "required": ["value", "unit"],
    "additionalProperties": False,
}
MONEY = {
    "type": "object",
    "properties": {
        "amount": {"type": "string", "pattern": r"^\d+(\.\d+)?$"},
        "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
    },
    "required": ["amount", "currency"],
    "additionalProperties": False,
}


def question_schema(question: Question) -> dict[str, Any]:
    """Return the JSON Schema fragment for one question's value."""
    kind = question.type
    if kind in {"text", "longtext"}:
        schema: dict[str, Any] = {"type": "string", "maxLength": text_limit(question)}
    elif kind == "email":
        schema = {"type": "string", "format": "email"}
    elif kind == "choice":
        schema = {"enum": list(question.option_values)}
    elif kind == "multi":
        schema = {
            "type": "array",
            "items": {"enum": list(question.option_values)},
            "uniqueItems": True,
        }
        if question.min:
            schema["minItems"] = int(question.min)
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind in {"int", "decimal"}:
        schema = {"type": "integer"} if kind == "int" else {"type": ["number", "string"]}
        if question.min is not None:
            schema["exclusiveMinimum" if question.exclusive_min else "minimum"] = question.min
        if question.max is not None:
            schema["maximum"] = question.max
    elif kind == "money":
        schema = dict(MONEY)
    elif kind == "date":
        schema = {"type": "string", "format": "date"}
    elif kind == "duration":
        schema = dict(DURATION)
    elif kind == "duration_or_choice":
        schema = {"oneOf": [{"enum": list(question.option_values)}, DURATION]}
    elif kind == "country":
        # An ISO 3166 code (DE, US-CA) or a name the tool reads (Germany, UK): any text.
        schema = {"type": "string", "minLength": 2}
    else:  # spdx
        schema = {"type": "array", "items": {"type": "string"}}
    schema["title"] = question.label
    if question.help:
        schema["description"] = question.help
    if question.default is not None:
        default = question.default
        schema["default"] = list(default) if isinstance(default, tuple) else default
    return schema


def answers_schema(questionnaire: Questionnaire | None = None) -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of the nested answers document."""
    questionnaire = questionnaire or get_questionnaire()
    root: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "License Drafter answers document",
        "type": "object",
        "properties": {},
        "additionalProperties": False,
    }
    for key, question in questionnaire.questions.items():
        node = root
        *parents, leaf = key.split(".")
        for parent in parents:
            node = node["properties"].setdefault(
                parent, {"type": "object", "properties": {}, "additionalProperties": False}
            )
        node["properties"][leaf] = question_schema(question)
    return root
