"""The step form as its page lays it out: each question as a plain record for one template.

The form's questions become :class:`QuestionView` records in one pass of Python, and one
Django template (``templates/wizard/_questions.html``) lays them out in one loop (why, and
what it costs: docs/performance.md). Django's form classes read the posted data
(``value_from_datadict``) and hold the errors; only the markup is ours, written from the same
widget attributes (:attr:`Control.html_attrs`, escaped).

Markup rules (Bootstrap 5 classes, WCAG): every input has a label; questions asked with
several inputs (options, money, durations) are a ``fieldset`` whose ``legend`` is the
question; help text is linked with ``aria-describedby``; an input with a problem carries
``is-invalid``, ``aria-invalid="true"`` and ``aria-describedby`` naming its message, whose id
is ``<input id>_error``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from django import forms
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from drafting.drafts.forms import COMPOUND_TYPES, PART, PERIOD, StepForm, question_label
from drafting.questionnaire.definition import Question

FIELD, CHECK, OPTIONS, GROUP = "field", "check", "options", "group"


def _template_lookup(record, name: str):
    # Django's template language tries ``record[name]`` before ``getattr``; answering it
    # here spares a raised TypeError per lookup, several hundred on a step page.
    try:
        return getattr(record, name)
    except AttributeError:
        raise KeyError(name) from None


@dataclass(frozen=True, slots=True)
class Control:
    """One input of a question: its field ``name``, element ``id``, visible ``label``, its
    ``errors`` (sentences) and ``error_id``, and what the template needs to write the element:
    ``element`` (``"input"``, ``"select"`` or ``"textarea"``), its ``attrs`` (name to value,
    in page order; a boolean attribute's value is ``""``), the ``text`` of a textarea and the
    ``choices`` of a select as ``(value, label, selected)``."""

    __getitem__ = _template_lookup

    name: str
    id: str
    label: str
    element: str
    attrs: dict[str, str]
    errors: tuple[str, ...]
    text: str = ""
    choices: tuple[tuple[str, str, bool], ...] = ()

    @property
    def error_id(self) -> str:
        """The id of the element that holds this input's error messages."""
        return f"{self.id}_error"

    @property
    def html_attrs(self) -> SafeString:
        """``attrs`` as HTML writes them inside the start tag: `` name="value"`` each, in
        order, names and values escaped."""
        return mark_safe(  # noqa: S308 (every name and value is escaped here)
            "".join(f' {escape(name)}="{escape(value)}"' for name, value in self.attrs.items())
        )


@dataclass(frozen=True, slots=True)
class Option:
    """One radio button or checkbox of a question: element ``id``, ``value``, ``label`` and
    whether it is ``checked``."""

    __getitem__ = _template_lookup

    id: str
    value: str
    label: str
    checked: bool


@dataclass(frozen=True, slots=True)
class QuestionView:
    """A question as the step page lays it out.

    ``layout`` is ``"field"`` (one labelled input), ``"check"`` (one checkbox),
    ``"options"`` (radio buttons or checkboxes in a fieldset) or ``"group"`` (a fieldset of
    part inputs, money and durations, optionally after radio buttons). ``when`` is the JSON
    of the conditions ``wizard.js`` checks on the page ("" for none); ``dom_id`` the
    wrapper's id. For options: ``name``, ``option_type`` (``"radio"``/``"checkbox"``),
    ``options``, ``errors`` and ``error_id``. For groups with a choice, ``period_when`` is
    the condition that shows the part inputs.
    """

    __getitem__ = _template_lookup

    key: str
    type: str
    dom_id: str
    when: str
    layout: str
    label: str
    help: str
    help_id: str
    control: Control | None = None
    name: str = ""
    option_type: str = ""
    options: tuple[Option, ...] = ()
    errors: tuple[str, ...] = ()
    error_id: str = ""
    parts: tuple[Control, ...] = ()
    period_when: str = ""


def question_views(form: StepForm) -> list[QuestionView]:
    """Return the questions of a bound or unbound :class:`~drafting.drafts.forms.StepForm`
    as :class:`QuestionView` records, in page order, with the values and errors the form
    holds now (call it after ``add_problems``)."""
    step_keys = {question.key for question in form.step.questions}
    views = []
    for question in form.questions:
        key = question.key
        conditions = [c.as_dict() for c in question.when if c.key in step_keys]
        common: dict[str, Any] = {
            "key": key,
            "type": question.type,
            "dom_id": f"question-{key.replace('.', '-')}",
            "when": json.dumps(conditions) if conditions else "",
            "label": question_label(question),
            "help": question.help,
            "help_id": f"hint-{key}",
        }
        if question.type in COMPOUND_TYPES:
            views.append(_group(form, question, common))
            continue
        bound = form[key]
        widget = bound.field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            views.append(_options(bound, common))
        else:
            help_id = common["help_id"] if question.help else ""
            control = _control(bound, common["label"], help_id=help_id)
            layout = CHECK if isinstance(widget, forms.CheckboxInput) else FIELD
            views.append(QuestionView(layout=layout, control=control, **common))
    return views


def _group(form: StepForm, question: Question, common: dict) -> QuestionView:
    """A question asked with part inputs (money, durations), after its radio buttons for
    ``duration_or_choice``."""
    key = question.key
    suffixes = ("amount", "currency") if question.type == "money" else ("value", "unit")
    bound_parts = [form[f"{key}{PART}{suffix}"] for suffix in suffixes]
    parts = tuple(_control(bound, str(bound.label)) for bound in bound_parts)
    if question.type != "duration_or_choice":
        return QuestionView(layout=GROUP, parts=parts, **common)
    period_when = json.dumps([{"key": key, "op": "is", "value": PERIOD}])
    choice = _options(form[key], common)
    return replace(choice, layout=GROUP, parts=parts, period_when=period_when)


def _options(bound: forms.BoundField, common: dict) -> QuestionView:
    """Radio buttons (one value) or checkboxes (several values) of ``bound``."""
    widget = bound.field.widget
    several = isinstance(widget, forms.CheckboxSelectMultiple)
    value = bound.value()
    if several:
        chosen = {str(item) for item in value or ()}
    else:
        chosen = {str(value)} if value is not None else set()
    base_id = bound.auto_id
    options = tuple(
        Option(f"{base_id}_{index}", str(code), str(text), checked=str(code) in chosen)
        for index, (code, text) in enumerate(widget.choices)
    )
    return QuestionView(
        layout=OPTIONS,
        name=bound.html_name,
        option_type="checkbox" if several else "radio",
        options=options,
        errors=tuple(str(error) for error in bound.errors),
        error_id=f"{base_id}_error",
        **common,
    )


def _control(bound: forms.BoundField, label: str, *, help_id: str = "") -> Control:
    """One input element (``input``, ``textarea``, ``select`` or a checkbox) of ``bound``."""
    widget = bound.field.widget
    errors = tuple(str(error) for error in bound.errors)
    element_id = bound.auto_id
    described_by = [f"{element_id}_error"] if errors else []
    if help_id:
        described_by.append(help_id)
    element = "input"
    if isinstance(widget, forms.Select):
        element, css = "select", "form-select"
    elif isinstance(widget, forms.Textarea):
        element, css = "textarea", "form-control"
    elif isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    else:
        css = "form-control"
    attrs = {"type": getattr(widget, "input_type", None)} if element == "input" else {}
    attrs.update(widget.attrs)
    attrs["class"] = " ".join(
        part for part in (attrs.get("class", ""), css, "is-invalid" if errors else "") if part
    )
    attrs.update(name=bound.html_name, id=element_id)
    if errors:
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    value = bound.value()
    text: object = ""
    choices: tuple[tuple[str, str, bool], ...] = ()
    if isinstance(widget, forms.CheckboxInput):
        attrs["checked"] = widget.check_test(value)
    elif element == "select":
        selected = "" if value is None else str(value)
        choices = tuple(
            (str(code), str(option), str(code) == selected) for code, option in widget.choices
        )
    elif element == "textarea":
        text = widget.format_value(value) or ""
    else:
        shown = widget.format_value(value)
        if shown is not None:
            attrs["value"] = shown
    return Control(
        name=bound.html_name,
        id=element_id,
        label=label,
        element=element,
        attrs=_html_attributes(attrs),
        errors=errors,
        text=str(text),
        choices=choices,
    )


def _html_attributes(attrs: dict) -> dict[str, str]:
    """Widget attributes as HTML writes them, the way Django's ``flatatt`` reads them: True is
    a boolean attribute (value ``""``), False and None leave the attribute out, anything else
    is its text. The template escapes every value (Jinja2's ``xmlattr``)."""
    return {
        name: "" if value is True else str(value)
        for name, value in attrs.items()
        if value is not None and value is not False
    }
