"""Every wizard step: it shows its intro and help, a valid POST saves and moves on, and an
invalid POST shows the problem at the field, keeps what was typed and saves nothing."""

from html import unescape

import pytest

from drafting.drafts.forms import StepForm
from drafting.drafts.steps import stored_values
from drafting.questionnaire.definition import get_questionnaire
from tests.wizard_support import SCENARIO, form_data, new_draft, step_url, submit

pytestmark = pytest.mark.django_db

STEPS = get_questionnaire().step_keys

# For each step: a refused value (field name -> posted value), the field the problem shows
# at, and another answer typed in the same POST that must survive the re-rendered form.
BAD = {
    "parties": ({"licensor.name": "  "}, "licensor.name", ("dataset.name", "Kept Voices")),
    "rights": (
        # contributors answered too: the rights check's choices are required (one error here)
        {"rights.origin": "sometimes", "rights.contributors": "none"},
        "rights.origin",
        ("rights.personal_data", "anonymised"),
    ),
    "use": ({"use.activities": []}, "use.activities", ("use.commercial", "noncommercial_only")),
    "redistribution": (
        {"redistribution.excerpt_limit": "0"},
        "redistribution.excerpt_limit",
        ("redistribution.open_weights", "prohibited"),
    ),
    "retention": (
        {"retention.period": "_period", "retention.period__value": "0"},
        "retention.period__value",
        ("retention.takedown_days", "45"),
    ),
    "attribution": (
        {"attribution.required": True, "attribution.forms": []},
        "attribution.forms",
        ("attribution.text", "Kept credit line"),
    ),
    "audit": (
        {"audit.third_party_audit": True, "audit.notice_period__value": "many"},
        "audit.notice_period__value",
        ("audit.usage_confirmation", "annually"),
    ),
    "value": (
        {"value.flat_fee__amount": "-5", "value.flat_fee__currency": "EUR"},
        "value.flat_fee__amount",
        ("value.payment_terms_days", "60"),
    ),
    "ip": (
        {"ip.model_ownership": "nobody"},
        "ip.model_ownership",
        ("ip.derived_data_ownership", "joint"),
    ),
    "ethics": (
        {"ethics.prohibited_uses": ["other"], "ethics.other_text": ""},
        "ethics.other_text",
        ("ethics.remedy", "cessation_only"),
    ),
    "law": (
        {"law.dispute_steps": ["negotiation"]},
        "law.dispute_steps",
        ("law.response_time_days", "21"),
    ),
    "counsel": (
        {"counsel.engaged": True, "counsel.email": "not an address"},
        "counsel.email",
        ("counsel.name", "Ceri Jones"),
    ),
    "wider": (
        {
            "wider.exclusivity": "exclusive",
            "wider.exclusive_field": "Welsh speech recognition",
            "wider.exclusive_period__value": "0",
        },
        "wider.exclusive_period__value",
        ("wider.community_benefits", "Kept benefits"),
    ),
    "general": ({"term.cure_days": "400"}, "term.cure_days", ("document.title", "Kept Title")),
    "risk": (
        {"liability.cap": "fixed", "liability.cap_amount__amount": "0"},
        "liability.cap_amount__amount",
        ("risk.change_of_control", "consent"),
    ),
}


def test_every_step_has_a_refused_value_here():
    assert set(BAD) == set(STEPS)


@pytest.mark.parametrize("step_key", STEPS)
def test_each_step_opens_with_its_intro_and_shows_every_help_text(client, step_key):
    _draft, access = new_draft()
    step = get_questionnaire().step(step_key)
    response = client.get(step_url(access, step_key))
    html = unescape(response.content.decode())  # the text as a reader sees it
    assert response.status_code == 200
    assert step.intro in html
    number = STEPS.index(step_key) + 1
    assert f"Step {number} of {len(STEPS)}" in html
    # A question whose condition on another step does not hold is not on the page.
    shown = StepForm(step=step, stored=stored_values(_draft.answers), revision=0).questions
    for question in shown:
        if question.help:
            assert question.help in html, question.key
    assert 'aria-current="step"' in html


@pytest.mark.parametrize("step_key", STEPS)
def test_a_valid_post_saves_the_step_and_moves_to_the_next(client, step_key):
    draft, access = new_draft()
    response = submit(client, access, step_key, SCENARIO[step_key])
    index = STEPS.index(step_key)
    expected = (
        access.url("review") if index + 1 == len(STEPS) else step_url(access, STEPS[index + 1])
    )
    assert response.status_code == 302
    assert response["Location"] == expected
    draft.refresh_from_db()
    assert draft.revision == 1
    assert draft.completed_steps == [step_key]
    assert draft.revisions.count() == 2  # the initial state and this save


@pytest.mark.parametrize("step_key", STEPS)
def test_an_invalid_post_shows_the_problem_at_the_field_and_saves_nothing(client, step_key):
    draft, access = new_draft()
    answers_before = draft.answers
    bad, field, (kept_field, kept_value) = BAD[step_key]
    data = form_data(draft, step_key, {**bad, kept_field: kept_value})
    response = client.post(step_url(access, step_key), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    html = response.content.decode()
    bound = form[field]
    assert f'id="{bound.auto_id}_error"' in html
    assert 'class="invalid-feedback"' in html
    assert 'aria-invalid="true"' in html
    assert 'role="alert"' in html and f'href="#{bound.auto_id}"' in html
    assert form[kept_field].value() == kept_value
    draft.refresh_from_db()
    assert draft.revision == 0
    assert draft.answers == answers_before
    assert draft.completed_steps == []


def test_the_last_step_says_save_and_review(client):
    _draft, access = new_draft()
    response = client.get(step_url(access, "risk"))
    assert "Save and review" in response.content.decode()


def test_an_unknown_step_is_not_found(client):
    _draft, access = new_draft()
    assert client.get(step_url(access, "nonsense")).status_code == 404


def test_a_post_without_its_revision_saves_nothing_and_says_reload(client):
    draft, access = new_draft()
    data = form_data(draft, "parties", SCENARIO["parties"])
    del data["base_revision"]
    response = client.post(step_url(access, "parties"), data)
    assert response.status_code == 200
    assert "Reload it" in response.content.decode()
    draft.refresh_from_db()
    assert draft.revision == 0


def test_editing_from_the_review_page_returns_to_it(client):
    draft, access = new_draft()
    response = client.get(step_url(access, "use") + "?from=review")
    assert "Save and return to review" in response.content.decode()
    data = {**form_data(draft, "use"), "return_to": "review"}
    response = client.post(step_url(access, "use"), data)
    assert response["Location"] == access.url("review")


@pytest.mark.parametrize(
    ("step_key", "key"),
    [("redistribution", "redistribution.excerpt_reduced"), ("ethics", "ethics.voice_likeness")],
)
def test_questions_about_media_appear_once_the_dataset_holds_media(client, step_key, key):
    _draft, access = new_draft()
    help_text = get_questionnaire().questions[key].help
    assert help_text not in unescape(client.get(step_url(access, step_key)).content.decode())
    changes = {"dataset.modalities": ["audio", "image"]}
    assert submit(client, access, "parties", {**SCENARIO["parties"], **changes}).status_code == 302
    assert help_text in unescape(client.get(step_url(access, step_key)).content.decode())
