"""A randomised walk through the wizard (Hypothesis, stateful): next, back, jumping from the
section map, re-submitting an old form and flushing the session never lose an answer that
was accepted. The model is the plain record of what was submitted and accepted."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from drafting.drafts.forms import PART, PERIOD
from drafting.drafts.steps import stored_values
from drafting.questionnaire.answers import coerce
from drafting.questionnaire.definition import DURATION_UNITS, get_questionnaire
from tests.wizard_support import form_data, new_draft, step_url

QUESTIONNAIRE = get_questionnaire()
STEPS = QUESTIONNAIRE.step_keys
WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", min_size=1, max_size=12).map(
    lambda text: "W" + text
)


def _valid_multi(question, chosen):
    try:
        coerce(question, list(chosen))
    except ValueError:
        return False
    return True


def answer(question):
    """A strategy of ``(post fields, raw value for coerce)`` for a valid answer to ``question``."""
    key, kind = question.key, question.type
    if kind in {"text", "longtext"}:
        return WORDS.map(lambda v: ({key: v}, v))
    if kind == "email":
        return st.sampled_from(["a@example.org", "counsel@law.example"]).map(
            lambda v: ({key: v}, v)
        )
    if kind == "choice":
        return st.sampled_from(question.option_values).map(lambda v: ({key: v}, v))
    if kind == "multi":
        chosen = st.lists(st.sampled_from(question.option_values), unique=True)
        return chosen.filter(lambda c: _valid_multi(question, c)).map(lambda v: ({key: v}, list(v)))
    if kind == "bool":
        return st.booleans().map(lambda v: ({key: v}, v))
    if kind == "int":
        low, high = int(question.min or 0), int(question.max or 1000)
        return st.integers(low, high).map(lambda v: ({key: str(v)}, str(v)))
    if kind == "decimal":
        numbers = st.decimals(Decimal("0.5"), Decimal(str(question.max or 100)), places=1)
        return numbers.map(lambda v: ({key: str(v)}, str(v)))
    if kind == "money":
        amounts = st.decimals(Decimal("0"), Decimal("1000000"), places=2)
        currencies = st.sampled_from(["EUR", "GBP", "USD", "CAD"])

        def money(pair):
            amount, currency = str(pair[0]), pair[1]
            fields = {f"{key}{PART}amount": amount, f"{key}{PART}currency": currency}
            return fields, {"amount": amount, "currency": currency}

        return st.tuples(amounts, currencies).map(money)
    if kind == "date":
        dates = st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))
        return dates.map(lambda v: ({key: v.isoformat()}, v.isoformat()))
    if kind in {"duration", "duration_or_choice"}:

        def period(pair):
            fields = {f"{key}{PART}value": str(pair[0]), f"{key}{PART}unit": pair[1]}
            if kind == "duration_or_choice":
                fields[key] = PERIOD
            return fields, {"value": pair[0], "unit": pair[1]}

        periods = st.tuples(st.integers(1, 500), st.sampled_from(DURATION_UNITS)).map(period)
        if kind == "duration":
            return periods
        choices = st.sampled_from(question.option_values).map(lambda v: ({key: v}, v))
        return st.one_of(periods, choices)
    if kind == "country":
        return st.sampled_from(["GB", "DE", "IE", "US-CA", "CA-QC"]).map(lambda v: ({key: v}, v))
    licences = st.lists(st.sampled_from(["CC-BY-4.0", "MIT", "ODbL-1.0"]), unique=True, max_size=3)
    return licences.map(lambda v: ({key: "\n".join(v)}, list(v)))


@st.composite
def submission(draw, step_key):
    """Valid answers to a random subset of a step's questions (the rest left as shown)."""
    step = QUESTIONNAIRE.step(step_key)
    picked = draw(st.lists(st.sampled_from(step.questions), unique_by=lambda q: q.key, max_size=5))
    fields, raw = {}, {}
    for question in picked:
        post, value = draw(answer(question))
        fields.update(post)
        raw[question.key] = value
    return fields, raw


class WizardWalk(RuleBasedStateMachine):
    """A steward moving through one draft; ``accepted`` is what the draft must hold."""

    @initialize()
    def start(self):
        self.client = Client()
        self.draft, self.access = new_draft()
        self.accepted = {}  # question key -> typed value last accepted
        self.old_forms = []  # (step key, POST data) captured earlier, for stale re-submits

    def _stored(self):
        """The draft's stored answer data, read afresh."""
        self.draft.refresh_from_db()
        return stored_values(self.draft.answers)

    def _required_filled(self, step_key, typed):
        state = {**self._stored(), **typed}
        return all(
            state[q.key] not in (None, (), [])
            for q in QUESTIONNAIRE.step(step_key).questions
            if q.required and QUESTIONNAIRE.is_active(q.key, state)
        )

    @rule(data=st.data(), step_key=st.sampled_from(STEPS))
    def submit_step(self, data, step_key):
        fields, raw = data.draw(submission(step_key))
        self.draft.refresh_from_db()
        post = form_data(self.draft, step_key, fields)
        self.old_forms.append((step_key, dict(post)))
        typed = {key: coerce(QUESTIONNAIRE.questions[key], value) for key, value in raw.items()}
        filled = self._required_filled(step_key, typed)
        before = self._stored()
        merged = {**before, **typed}
        response = self.client.post(step_url(self.access, step_key), post)
        if response.status_code == 200:
            # Refused: a required answer is missing, or an answer left as it was is not
            # valid for the new choices (benefits chosen as none, say). It says where, and
            # nothing is saved.
            assert response.context["form"].errors
            assert self._stored() == before
            return
        assert filled, "a step missing a required answer was accepted"
        assert response.status_code == 302
        for key, value in typed.items():
            if QUESTIONNAIRE.is_active(key, merged):
                self.accepted[key] = value

    @rule(step_key=st.sampled_from(STEPS))
    def submit_a_refused_value(self, step_key):
        self.draft.refresh_from_db()
        revision = self.draft.revision
        post = form_data(self.draft, step_key)
        post["base_revision"] = "not a number"
        response = self.client.post(step_url(self.access, step_key), post)
        assert response.status_code == 200
        self.draft.refresh_from_db()
        assert self.draft.revision == revision

    @precondition(lambda self: self.old_forms)
    @rule(data=st.data())
    def resubmit_an_old_form(self, data):
        step_key, post = data.draw(st.sampled_from(self.old_forms))
        before = self._stored()
        response = self.client.post(step_url(self.access, step_key), post)
        after = self._stored()
        if response.status_code != 302:
            assert after == before  # refused or in conflict: nothing changed
            return
        # Accepted: the server found no key it sent changed since by a different value, so
        # the old form's values are now the submitted truth for what it changed.
        for key, value in after.items():
            if key in self.accepted and value != before[key]:
                self.accepted[key] = coerce(QUESTIONNAIRE.questions[key], value)

    @rule(step_key=st.sampled_from(STEPS))
    def jump_to_a_step(self, step_key):
        response = self.client.get(step_url(self.access, step_key))
        assert response.status_code == 200

    @rule()
    def go_back_and_forward(self):
        for step_key in ("parties", "use", "parties"):
            assert self.client.get(step_url(self.access, step_key)).status_code == 200

    @rule()
    def flush_the_session(self):
        self.client.session.flush()
        self.client = Client()

    @invariant()
    def nothing_accepted_is_lost(self):
        if not hasattr(self, "draft"):
            return
        stored = self._stored()
        for key, value in self.accepted.items():
            assert coerce(QUESTIONNAIRE.questions[key], stored[key]) == value, key


@pytest.mark.django_db
def test_no_submitted_answer_is_ever_lost():
    run_state_machine_as_test(
        WizardWalk,
        settings=settings(
            max_examples=15,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
