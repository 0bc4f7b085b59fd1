"""Forms: one wizard-step form per questionnaire step, built from its Question objects.

The forms only collect what was posted, in the shapes :func:`~drafting.questionnaire.answers.
coerce` reads, and show problems next to the input that caused them. They validate nothing
themselves: :func:`drafting.drafts.services.draft_save_step` does, with ``coerce``, so the
wizard and an answers file accept and refuse exactly the same values with the same messages.

Field names are the dotted answer keys (``licensor.name``). Questions made of two inputs use
``<key>__<part>``: ``value.flat_fee__amount`` and ``__currency`` for money, ``__value`` and
``__unit`` for durations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import pycountry
from babel import Locale
from babel.numbers import get_currency_name, list_currencies
from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from drafting.formatting import LOCALE, region_name
from drafting.questionnaire.answers import MSG_REQUIRED, Problem, coerce
from drafting.questionnaire.definition import DURATION_UNITS, Question, Step, get_questionnaire

PART = "__"
PERIOD = "_period"  # the duration_or_choice radio that means "a set period"
PERIOD_LABEL = "For a set period"
CURRENCY_LIST_ID = "currency-codes"
REGION_LIST_ID = "region-codes"
SUBDIVISION_COUNTRIES = ("US", "CA")
MAX_RADIOS = 6  # more options than this make a drop-down list
NO_CHOICE = "Choose one"
REQUIRED_SUFFIX = " (required)"
COMPOUND_TYPES = frozenset({"money", "duration", "duration_or_choice"})
MSG_SUMMARY_CONFLICT = "Nothing was saved: this step changed since you opened it."


class AnswerField(forms.Field):
    """A field that hands the posted value over untouched; ``coerce`` does the checking.

    Django's own checks (for example the refusal of NUL characters) would give messages
    different from an answers file's, so there are none here.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        return value

    def validate(self, value: Any) -> None:
        """Accept anything: validation happens in the service, with ``coerce``."""


def sentence(message: str) -> str:
    """Turn a problem message (``"must be at least 0"``) into a sentence for the field.

    ``"is required"`` becomes ``"This answer is required."``; others are capitalised and end
    with a full stop.
    """
    if message.startswith(("is ", "was ", "contains ")):
        message = f"This answer {message}"
    message = message[:1].upper() + message[1:]
    return message if message.endswith((".", "?", "!")) else f"{message}."


@cache
def currency_datalist() -> SafeString:
    """Return the ``<datalist>`` of ISO 4217 currency codes with their English names."""
    options = sorted(list_currencies())
    return format_html(
        '<datalist id="{}">{}</datalist>',
        CURRENCY_LIST_ID,
        format_html_join(
            "",
            '<option value="{}">{}</option>',
            ((code, get_currency_name(code, locale="en")) for code in options),
        ),
    )


@cache
def region_datalist() -> SafeString:
    """Return the ``<datalist>`` of ISO 3166 country codes (and US and Canadian subdivisions)
    with their English names."""
    # Babel also names regions that are not countries (EU, UN, ZZ); ISO 3166-1 decides.
    countries = [
        code
        for code in map(str, Locale.parse(LOCALE).territories)
        if len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None
    ]
    subdivisions = [
        subdivision.code
        for country in SUBDIVISION_COUNTRIES
        for subdivision in pycountry.subdivisions.get(country_code=country)
    ]
    codes = sorted(countries, key=region_name) + sorted(subdivisions, key=region_name)
    return format_html(
        '<datalist id="{}">{}</datalist>',
        REGION_LIST_ID,
        format_html_join(
            "", '<option value="{}">{}</option>', ((c, region_name(c)) for c in codes)
        ),
    )


def question_label(question: Question) -> str:
    """The question's label as the form shows it, marked when the answer is required."""
    return question.label + (REQUIRED_SUFFIX if question.required else "")


def _widget(question: Question) -> forms.Widget:
    kind = question.type
    required = {"aria-required": "true"} if question.required else {}
    if kind in {"longtext", "spdx"}:
        return forms.Textarea(attrs={"rows": 4 if kind == "longtext" else 3, **required})
    if kind == "email":
        return forms.EmailInput(attrs={"autocomplete": "off", **required})
    if kind == "choice":
        if len(question.options) <= MAX_RADIOS:
            return forms.RadioSelect(choices=question.options)
        # A list without a default starts empty: the first option is not chosen silently.
        blank = [] if question.default is not None else [("", NO_CHOICE)]
        return forms.Select(choices=[*blank, *question.options])
    if kind == "multi":
        return forms.CheckboxSelectMultiple(choices=question.options)
    if kind == "bool":
        return forms.CheckboxInput()
    if kind in {"int", "decimal"}:
        attrs = {"step": "1" if kind == "int" else "any", "inputmode": "decimal", **required}
        return forms.NumberInput(attrs=attrs)
    if kind == "date":
        return forms.DateInput(attrs={"type": "date", **required})
    if kind == "country":
        attrs = {"list": REGION_LIST_ID, "autocomplete": "off", "spellcheck": "false"}
        return forms.TextInput(attrs={**attrs, "class": "input-code", **required})
    max_length = int(question.max) if question.max else None
    attrs = {"maxlength": str(max_length)} if max_length else {}
    return forms.TextInput(attrs={**attrs, **required})


def _fields(question: Question) -> dict[str, forms.Field]:
    """Return the form fields that ask ``question``, by field name."""
    key = question.key
    if question.type == "money":
        return {
            f"{key}{PART}amount": AnswerField(
                label="Amount",
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            ),
            f"{key}{PART}currency": AnswerField(
                label="Currency code",
                widget=forms.TextInput(
                    attrs={
                        "list": CURRENCY_LIST_ID,
                        "autocomplete": "off",
                        "spellcheck": "false",
                        "class": "input-code",
                    }
                ),
            ),
        }
    if question.type in {"duration", "duration_or_choice"}:
        parts: dict[str, forms.Field] = {
            f"{key}{PART}value": AnswerField(
                label="Number", widget=forms.NumberInput(attrs={"step": "1", "min": "1"})
            ),
            f"{key}{PART}unit": AnswerField(
                label="Unit",
                widget=forms.Select(choices=[(unit, unit) for unit in DURATION_UNITS]),
            ),
        }
        if question.type == "duration":
            return parts
        choices = [*question.options, (PERIOD, PERIOD_LABEL)]
        widget = forms.RadioSelect(choices=choices)
        radio = AnswerField(label=question_label(question), widget=widget)
        return {key: radio, **parts}
    return {key: AnswerField(label=question_label(question), widget=_widget(question))}


def initial_values(step: Step, stored: Mapping[str, Any]) -> dict[str, Any]:
    """Return the form's initial values for ``step`` from the draft's stored answer data."""
    return _initial(step.questions, stored)


def _initial(questions: Iterable[Question], stored: Mapping[str, Any]) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    for question in questions:
        key, value = question.key, stored.get(question.key)
        if question.type == "money":
            value = value or {}
            initial[f"{key}{PART}amount"] = value.get("amount", "")
            initial[f"{key}{PART}currency"] = value.get("currency", "")
        elif question.type in {"duration", "duration_or_choice"}:
            if isinstance(value, str):
                initial[key] = value
                continue
            if question.type == "duration_or_choice" and value:
                initial[key] = PERIOD
            value = value or {}
            initial[f"{key}{PART}value"] = value.get("value", "")
            initial[f"{key}{PART}unit"] = value.get("unit", "days")
        elif question.type == "spdx":
            initial[key] = "\n".join(value or ())
        else:
            initial[key] = value
    return initial


class StepForm(forms.Form):
    """The form of one wizard step.

    ``step`` is the :class:`Step`; ``stored`` the draft's answer data (``{dotted key:
    value}``), used for initial values and for conditions that read other steps. A question
    whose condition reads another step and does not hold is left out (nothing on this page
    could change it); those whose conditions read this step carry ``data-when`` for
    ``wizard.js`` and are all shown without JavaScript.
    """

    base_revision = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, step: Step, stored: Mapping[str, Any], revision: int, **kwargs):
        kwargs["initial"] = {**initial_values(step, stored), "base_revision": revision}
        super().__init__(*args, **kwargs)
        self.step = step
        step_keys = {question.key for question in step.questions}
        self.questions = [q for q in step.questions if _shown(q, step_keys, stored)]
        for question in self.questions:
            self.fields.update(_fields(question))
        self.summary: list[tuple[str, str]] = []

    @property
    def needs_regions(self) -> bool:
        """Whether the page needs the country datalist."""
        return any(question.type == "country" for question in self.questions)

    @property
    def needs_currencies(self) -> bool:
        """Whether the page needs the currency datalist."""
        return any(question.type == "money" for question in self.questions)

    def answers(self) -> dict[str, Any]:
        """Return ``{question key: raw value}`` for the step, in the shapes ``coerce`` reads.

        Call after :meth:`is_valid`. A money answer without an amount, or a duration without
        a number, is no answer (None).
        """
        data = self.cleaned_data
        raw: dict[str, Any] = {}
        for question in self.questions:
            key = question.key
            if question.type == "money":
                amount = (data.get(f"{key}{PART}amount") or "").strip()
                currency = (data.get(f"{key}{PART}currency") or "").strip()
                raw[key] = {"amount": amount, "currency": currency} if amount else None
            elif question.type == "duration" or (
                question.type == "duration_or_choice" and data.get(key) == PERIOD
            ):
                # A duration left empty is no answer; "a set period" chosen without a
                # number is a duration missing its number.
                number = (data.get(f"{key}{PART}value") or "").strip()
                unit = data.get(f"{key}{PART}unit") or ""
                wanted = number or question.type == "duration_or_choice"
                raw[key] = {"value": number, "unit": unit} if wanted else None
            elif question.type == "multi":
                raw[key] = list(data.get(key) or [])
            elif question.type == "spdx":
                # An empty box means no licences (the default), as an empty list does in a file.
                raw[key] = data.get(key) or []
            elif question.type == "bool":
                raw[key] = bool(data.get(key))
            else:
                raw[key] = data.get(key)
        return raw

    def show_values(self, values: Mapping[str, Any]) -> None:
        """Show ``values`` (``{question key: answer data}``) in place of what was posted for
        those questions, as a browser would post them; other inputs keep what was posted.

        After a conflict the answers merged from the newer revision replace the stale ones,
        so saving the form again does not undo them. Call before :meth:`add_problems`.
        """
        questions = [question for question in self.questions if question.key in values]
        bools = {question.key for question in questions if question.type == "bool"}
        data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict when bound
        for name in list(data):
            if name.split(PART)[0] in values:
                del data[name]
        for name, value in _initial(questions, values).items():
            if name in bools:
                if value:
                    data[name] = "on"
            elif isinstance(value, list | tuple):
                items = [str(item) for item in value]
                if hasattr(data, "setlist"):  # a QueryDict, as posted
                    data.setlist(name, items)
                else:
                    data[name] = items
            else:
                data[name] = "" if value is None else str(value)
        self.data = data

    def add_problems(self, problems: Iterable[Problem], *, new_revision: int | None = None) -> None:
        """Show each problem next to the input that caused it and in the error summary.

        ``new_revision`` is given when the step changed elsewhere since the form was opened
        (a conflict): the summary says so, and the form will send that revision next time,
        so saving again keeps what the author typed.
        """
        raw = self.answers() if hasattr(self, "cleaned_data") else {}
        questions = {question.key: question for question in self.questions}
        if new_revision is not None:
            self.summary.append(("", MSG_SUMMARY_CONFLICT))
            data = self.data.copy()  # type: ignore[attr-defined]  # a QueryDict
            data["base_revision"] = str(new_revision)
            self.data = data
        for problem in problems:
            question = questions.get(problem.key)
            if question is None:
                self.add_error(None, str(problem))
                continue
            name = _field_for_problem(question, problem, raw.get(problem.key))
            self.add_error(name, sentence(problem.message))
            self.summary.append((self[name].auto_id, f"{question.label}: {problem.message}"))


def _shown(question: Question, step_keys: set[str], stored: Mapping[str, Any]) -> bool:
    """Whether ``question`` belongs on the page: its conditions on other steps hold."""
    questionnaire = get_questionnaire()
    for condition in question.when:
        if condition.key not in step_keys:
            if not questionnaire.is_active(condition.key, stored):
                return False
            if not condition.holds(stored.get(condition.key)):
                return False
    return True


def _field_for_problem(question: Question, problem: Problem, raw: Any) -> str:
    """Return the name of the input a problem belongs to.

    For money and durations the failing part is found by checking the answer again with the
    other part replaced by a known-good value.
    """
    key = question.key
    if question.type not in COMPOUND_TYPES:
        return key
    if question.type == "duration_or_choice" and not isinstance(raw, Mapping):
        return key
    first, second = ("amount", "currency") if question.type == "money" else ("value", "unit")
    if problem.message == MSG_REQUIRED or not isinstance(raw, Mapping):
        return f"{key}{PART}{first}"
    probe = {**raw, second: "EUR" if question.type == "money" else "days"}
    try:
        coerce(question, probe)
    except ValueError:
        return f"{key}{PART}{first}"
    return f"{key}{PART}{second}"


class ImportForm(forms.Form):
    """Upload an answers file (YAML or JSON) to start a new draft."""

    file = forms.FileField(
        label="Answers file",
        help_text="A .yaml, .yml or .json file in the answers format, at most 256 KiB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".yaml,.yml,.json"}),
    )
