"""The questionnaire definition: steps and questions, loaded from ``questionnaire.yaml``.

The YAML file is the single source of truth for the answers document (keys, types, defaults,
conditions), for its JSON Schema (:mod:`drafting.questionnaire.schema`) and for the wizard's
forms. Everything here is parsed once into frozen dataclasses; callers never see raw dicts.
The content follows ``shared/spec/questionnaire.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

DEFINITION_FILE = Path(__file__).with_name("questionnaire.yaml")

QUESTION_TYPES = frozenset(
    {
        "text",
        "longtext",
        "email",
        "choice",
        "multi",
        "bool",
        "int",
        "decimal",
        "money",
        "date",
        "duration",
        "duration_or_choice",
        "country",
        "spdx",
    }
)
CONDITION_OPERATORS = frozenset({"is", "not", "has", "has_any", "in"})
DURATION_UNITS = ("days", "months", "years")


class DefinitionError(ValueError):
    """The questionnaire YAML is malformed; the message names the question key."""


@dataclass(frozen=True, slots=True)
class Condition:
    """One test on another answer: ``key`` ``op`` ``value``.

    Operators: ``is`` (equals), ``not`` (differs), ``has`` (a multi answer contains the value),
    ``has_any`` (a multi answer contains one of the values), ``in`` (a choice is one of them).
    """

    key: str
    op: str
    value: Any

    def holds(self, actual: Any) -> bool:
        """Return whether the condition holds for ``actual``, the other answer's value."""
        if self.op == "is":
            return bool(actual == self.value)
        if self.op == "not":
            return bool(actual != self.value)
        if self.op == "has":
            return self.value in (actual or ())
        if self.op == "has_any":
            return any(item in (actual or ()) for item in self.value)
        return actual in self.value  # "in"

    def as_dict(self) -> dict[str, Any]:
        """Return the condition as JSON-ready data, as the wizard's script reads it."""
        return {"key": self.key, "op": self.op, "value": self.value}


@dataclass(frozen=True, slots=True)
class Question:
    """One question of the questionnaire, keyed by its canonical dotted answer key."""

    key: str
    type: str
    label: str
    step: str
    help: str = ""
    options: tuple[tuple[str, str], ...] = ()
    default: Any = None
    required: bool = False
    when: tuple[Condition, ...] = ()
    min: float | None = None
    max: float | None = None
    exclusive_min: bool = False
    placeholder: str | None = None
    exclusive_final: tuple[str, ...] = ()

    @property
    def option_values(self) -> tuple[str, ...]:
        """The allowed option values, in display order."""
        return tuple(value for value, _ in self.options)

    def option_label(self, value: str) -> str:
        """Return the human label of option ``value`` (the value itself if unknown)."""
        return dict(self.options).get(value, value)


@dataclass(frozen=True, slots=True)
class Step:
    """One step of the wizard: a best-practice area with its questions, in order."""

    key: str
    title: str
    intro: str
    questions: tuple[Question, ...]


@dataclass(frozen=True, slots=True)
class Questionnaire:
    """The whole questionnaire: ordered steps, and every question by key."""

    version: int
    steps: tuple[Step, ...]
    questions: Mapping[str, Question] = field(repr=False)
    # Every dotted prefix that groups questions ("licensor" for licensor.name), for the
    # readers of nested answers documents; derived from ``questions``.
    groups: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        groups = {
            key.rsplit(".", depth)[0]
            for key in self.questions
            for depth in range(1, key.count(".") + 1)
        }
        object.__setattr__(self, "groups", frozenset(groups))

    def step(self, key: str) -> Step:
        """Return the step named ``key``; raises ``KeyError`` for an unknown step."""
        for step in self.steps:
            if step.key == key:
                return step
        raise KeyError(key)

    @property
    def step_keys(self) -> tuple[str, ...]:
        """The step keys in wizard order."""
        return tuple(step.key for step in self.steps)

    def is_active(self, key: str, values: Mapping[str, Any]) -> bool:
        """Return whether question ``key`` applies given the flat ``values`` (key -> value).

        A question is active when every condition of its ``when`` holds and every question
        those conditions read is itself active (so a follow-up of a hidden question is hidden).
        """
        question = self.questions[key]
        for condition in question.when:
            if not self.is_active(condition.key, values):
                return False
            if not condition.holds(values.get(condition.key)):
                return False
        return True


def _condition(raw: Any, key: str) -> tuple[Condition, ...]:
    items = raw if isinstance(raw, list) else [raw]
    conditions = []
    for item in items:
        ops = [op for op in item if op != "key"]
        if "key" not in item or len(ops) != 1 or ops[0] not in CONDITION_OPERATORS:
            raise DefinitionError(
                f"{key}: a condition needs `key` and one of {CONDITION_OPERATORS}"
            )
        value = item[ops[0]]
        if ops[0] in {"has_any", "in"}:
            value = tuple(value)
        conditions.append(Condition(key=item["key"], op=ops[0], value=value))
    return tuple(conditions)


def _question(raw: Mapping[str, Any], step: str) -> Question:
    key = raw["key"]
    if raw["type"] not in QUESTION_TYPES:
        raise DefinitionError(f"{key}: unknown type {raw['type']!r}")
    options = tuple((str(value), str(label)) for value, label in raw.get("options", {}).items())
    default = raw.get("default")
    if isinstance(default, list):
        default = tuple(default)
    return Question(
        key=key,
        type=raw["type"],
        label=raw["label"],
        step=step,
        help=raw.get("help", ""),
        options=options,
        default=default,
        required=bool(raw.get("required", False)),
        when=_condition(raw["when"], key) if "when" in raw else (),
        min=raw.get("min"),
        max=raw.get("max"),
        exclusive_min=bool(raw.get("exclusive_min", False)),
        placeholder=raw.get("placeholder"),
        exclusive_final=tuple(raw.get("exclusive_final", ())),
    )


def load_questionnaire(path: Path = DEFINITION_FILE) -> Questionnaire:
    """Parse the questionnaire YAML at ``path`` into a :class:`Questionnaire`.

    Raises :class:`DefinitionError` on an unknown type, a malformed condition, a duplicate key
    or a condition that reads an unknown or later question.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    steps = []
    questions: dict[str, Question] = {}
    for raw_step in data["steps"]:
        step_questions = []
        for raw_question in raw_step["questions"]:
            question = _question(raw_question, raw_step["key"])
            if question.key in questions:
                raise DefinitionError(f"{question.key}: defined twice")
            step_keys = {q["key"] for q in raw_step["questions"]}
            for condition in question.when:
                # Conditions read earlier steps or the same step; the wizard relies on it.
                if condition.key not in questions and condition.key not in step_keys:
                    raise DefinitionError(f"{question.key}: condition reads unknown key")
            questions[question.key] = question
            step_questions.append(question)
        steps.append(
            Step(
                key=raw_step["key"],
                title=raw_step["title"],
                intro=raw_step["intro"].strip(),
                questions=tuple(step_questions),
            )
        )
    return Questionnaire(version=int(data["version"]), steps=tuple(steps), questions=questions)


@cache
def get_questionnaire() -> Questionnaire:
    """Return the project's questionnaire, parsed once per process."""
    return load_questionnaire()
