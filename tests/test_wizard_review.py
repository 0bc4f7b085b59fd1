"""The review page: every answer by step in words with an edit link, the consistency
findings with links to the steps, the key terms at a glance, and what is still missing."""

import pytest
from django.utils.html import escape

from drafting.assembly.findings import MSG_REVENUE_SHARE_NONCOMMERCIAL
from drafting.questionnaire.definition import get_questionnaire
from tests.wizard_support import SCENARIO, new_draft, step_url, submit

pytestmark = pytest.mark.django_db


def walk(client, access, overrides=None):
    """Submit every step of the research-only scenario, with per-step ``overrides``."""
    for step_key in get_questionnaire().step_keys:
        changes = {**SCENARIO[step_key], **(overrides or {}).get(step_key, {})}
        response = submit(client, access, step_key, changes)
        assert response.status_code == 302, (step_key, response.context["form"].errors)


def test_answers_are_shown_in_words_grouped_by_step_with_edit_links(client):
    _draft, access = new_draft()
    walk(client, access)
    html = client.get(access.url("review")).content.decode()
    for step in get_questionnaire().steps:
        assert f'id="review-{step.key}"' in html
        assert f'href="{step_url(access, step.key)}?from=review"' in html
    assert "Research only (no product, no paid service)" in html  # a label, not research_only
    assert "research_only" not in html
    assert "£25,000.00" in html
    assert "United Kingdom (GB)" in html
    assert "Audio; Text" in html or "Text; Audio" in html
    assert "2 years" in html


def test_a_contradiction_is_listed_with_links_to_the_steps_that_cause_it(client):
    _draft, access = new_draft()
    revenue = {"value.models": ["revenue_share"], "value.revenue_share_percent": "5"}
    walk(client, access, {"value": revenue})
    html = client.get(access.url("review")).content.decode()
    message = MSG_REVENUE_SHARE_NONCOMMERCIAL.format(use="research")
    assert escape(message) in html
    assert "Contradiction" in html
    assert 'data-finding="revenue_share_without_commercial_use"' in html
    section = html.split('data-finding="revenue_share_without_commercial_use"')[1].split("</li>")[0]
    assert f"{step_url(access, 'use')}?from=review" in section
    assert f"{step_url(access, 'value')}?from=review" in section


def test_the_finding_disappears_once_fixed(client):
    _draft, access = new_draft()
    revenue = {"value.models": ["revenue_share"], "value.revenue_share_percent": "5"}
    walk(client, access, {"value": revenue})
    submit(client, access, "use", {"use.commercial": "commercial_permitted"})
    html = client.get(access.url("review")).content.decode()
    assert 'data-finding="revenue_share_without_commercial_use"' not in html


def test_the_section_map_flags_the_steps_of_a_finding_in_words(client):
    _draft, access = new_draft()
    revenue = {"value.models": ["revenue_share"], "value.revenue_share_percent": "5"}
    walk(client, access, {"value": revenue})
    progress = client.get(access.url("review")).context["progress"]
    states = {step.key: step.state for step in progress.steps}
    assert states["use"] == states["value"] == "attention"
    assert states["parties"] == "complete"
    html = client.get(step_url(access, "ip")).content.decode()
    assert "Needs attention" in html and "Complete" in html
    assert "Complete, current step" in html


def test_the_key_terms_at_a_glance_are_shown(client):
    _draft, access = new_draft()
    walk(client, access)
    response = client.get(access.url("review"))
    assert response.context["glance"]
    html = response.content.decode()
    assert "Key terms at a glance" in html
    item, status = response.context["glance"][0]
    assert escape(item.item) in html and status in html


def test_missing_required_answers_are_listed_with_links(client):
    _draft, access = new_draft()
    response = client.get(access.url("review"))
    missing = dict(response.context["missing"])
    assert "Licensor's legal name: Not answered yet" in missing
    assert missing["Licensor's legal name: Not answered yet"] == step_url(access, "parties")


def test_a_saved_step_still_missing_an_answer_needs_attention(client):
    _draft, access = new_draft()
    submit(client, access, "law", {"law.governing_law": ""})
    progress = client.get(access.url("detail")).context["progress"]
    law = next(step for step in progress.steps if step.key == "law")
    assert law.state == "attention"
    assert any("governing law" in note.lower() or "Governing law" in note for note in law.notes)


def test_the_review_page_offers_the_downloads(client):
    _draft, access = new_draft()
    html = client.get(access.url("review")).content.decode()
    for fmt in ("pdf", "docx", "json"):
        assert access.url("download", fmt=fmt) in html


def test_a_step_needing_attention_says_why_at_its_top(client):
    _draft, access = new_draft()
    submit(client, access, "law", {"law.governing_law": ""})
    progress = client.get(access.url("detail")).context["progress"]
    notes = next(step for step in progress.steps if step.key == "law").notes
    page = client.get(step_url(access, "law")).content.decode()
    panel = page.split('class="alert alert-warning attention-panel"')[1].split("</section>")[0]
    assert "Why this section needs attention" in panel
    assert all(escape(note) in panel for note in notes)
    assert page.index("attention-panel") < page.index('class="wizard-form"')
    calm = client.get(step_url(access, "use")).content.decode()
    assert "attention-panel" not in calm
