"""Conditional questions: shown by wizard.js from data attributes, all shown without it, and
ignored on the server whenever their condition does not hold; hidden answers come back."""

import html as html_lib
import json

import pytest

from tests.wizard_support import new_draft, step_url, submit

pytestmark = pytest.mark.django_db


def test_every_question_is_in_the_page_and_conditional_ones_carry_their_condition(client):
    _draft, access = new_draft()
    html = client.get(step_url(access, "value")).content.decode()
    assert 'name="value.revenue_share_percent"' in html  # shown without JavaScript
    assert " hidden" not in html.split('id="question-value-revenue_share_percent"')[1][:200]
    marker = 'data-key="value.revenue_share_percent"'
    wrapper = html[html.rindex("<div", 0, html.index(marker)) : html.index(marker) + 300]
    when = json.loads(html_lib.unescape(wrapper.split('data-when="')[1].split('"')[0]))
    assert when == [{"key": "value.models", "op": "has", "value": "revenue_share"}]


def test_an_answer_to_a_question_that_does_not_apply_is_ignored(client):
    draft, access = new_draft()
    changes = {"use.model_scope": "general_purpose_models", "use.named_models": "Ignored model"}
    assert submit(client, access, "use", changes).status_code == 302
    draft.refresh_from_db()
    assert draft.answers["use"].get("named_models") is None


def test_a_required_question_that_does_not_apply_may_stay_empty(client):
    _draft, access = new_draft()
    changes = {"use.model_scope": "internal_tools_only", "use.named_models": ""}
    assert submit(client, access, "use", changes).status_code == 302


def test_a_refused_value_in_a_question_that_does_not_apply_is_ignored(client):
    draft, access = new_draft()
    changes = {
        "redistribution.excerpts_in_publications": "prohibited",
        "redistribution.excerpt_limit": "lots",
    }
    assert submit(client, access, "redistribution", changes).status_code == 302
    draft.refresh_from_db()
    assert draft.answers["redistribution"]["excerpt_limit"] == 10


def test_a_follow_up_of_a_question_in_the_same_post_is_checked_when_it_applies(client):
    _draft, access = new_draft()
    changes = {"use.model_scope": "specific_models_or_products", "use.named_models": ""}
    response = submit(client, access, "use", changes)
    assert list(response.context["form"].errors) == ["use.named_models"]


def test_a_hidden_answer_comes_back_when_its_branch_is_taken_again(client):
    draft, access = new_draft()
    named = {"use.model_scope": "specific_models_or_products", "use.named_models": "Acme Speech v4"}
    assert submit(client, access, "use", named).status_code == 302
    assert (
        submit(client, access, "use", {"use.model_scope": "general_purpose_models"}).status_code
        == 302
    )
    draft.refresh_from_db()
    assert draft.answers["use"]["named_models"] == "Acme Speech v4"
    review = client.get(access.url("review")).content.decode()
    assert "Acme Speech v4" not in review
    form = client.get(step_url(access, "use")).context["form"]
    assert form["use.named_models"].value() == "Acme Speech v4"
    assert (
        submit(
            client, access, "use", {"use.model_scope": "specific_models_or_products"}
        ).status_code
        == 302
    )
    assert "Acme Speech v4" in client.get(access.url("review")).content.decode()


def test_a_nested_follow_up_is_ignored_when_its_parent_is_hidden(client):
    draft, access = new_draft()
    changes = {
        "value.models": ["usage_based"],
        "value.usage_rate__amount": "3",
        "value.usage_rate__currency": "EUR",
        "value.flat_fee_due": "instalments",
        "value.instalments": "1000",  # refused if it applied: its parent flat_fee is not chosen
    }
    assert submit(client, access, "value", changes).status_code == 302
    draft.refresh_from_db()
    assert draft.answers["value"]["instalments"] == 2


def test_duration_or_choice_shows_its_period_inputs_only_for_a_set_period(client):
    _draft, access = new_draft()
    html = client.get(step_url(access, "retention")).content.decode()
    marker = 'data-key="retention.period:period"'
    assert marker in html
    when = html.split(marker)[1].split('data-when="')[1].split('"')[0]
    assert json.loads(html_lib.unescape(when)) == [
        {"key": "retention.period", "op": "is", "value": "_period"}
    ]
