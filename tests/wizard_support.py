"""Helpers for the wizard and draft tests: make drafts, and POST data the way a browser
sends a step form (the form's initial values, with some answers changed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse

from drafting.drafts.access import DraftAccess
from drafting.drafts.forms import PERIOD, StepForm
from drafting.drafts.services import draft_create, draft_import
from drafting.drafts.steps import stored_values
from drafting.models import Draft
from drafting.questionnaire.definition import get_questionnaire

# A complete research-only scenario, one entry per step: what a steward would type.
SCENARIO: dict[str, dict[str, Any]] = {
    "parties": {
        "licensor.name": "Aberystwyth Speech Archive",
        "licensor.jurisdiction": "GB",
        "licensor.contact_email": "archive@example.org",
        "licensee.name": "Example Models Ltd",
        "licensee.jurisdiction": "IE",
        "dataset.name": "Welsh Voices",
        "dataset.version": "2.0",
        "dataset.modalities": ["audio", "text"],
    },
    "rights": {
        "rights.origin": "created_by_licensor",
        "rights.personal_data": "pseudonymised",
        "rights.contributors": "none",
        "rights.stakeholders_consulted": True,
    },
    "use": {"use.activities": ["training", "evaluation"], "use.commercial": "research_only"},
    "redistribution": {"redistribution.excerpt_limit": "20"},
    "retention": {
        "retention.period": PERIOD,
        "retention.period__value": "2",
        "retention.period__unit": "years",
    },
    "attribution": {"attribution.required": True, "attribution.forms": ["model_cards"]},
    "audit": {"audit.records": True},
    "value": {
        "value.models": ["flat_fee"],
        "value.flat_fee__amount": "25000.00",
        "value.flat_fee__currency": "GBP",
        "value.late_interest": True,
    },
    "ip": {"ip.derived_data_ownership": "licensor"},
    "ethics": {"ethics.prohibited_uses": ["surveillance"]},
    "law": {"law.governing_law": "GB"},
    "counsel": {"counsel.engaged": True, "counsel.name": "Ceri Jones"},
    "wider": {"wider.community_benefits": "Free access for Welsh-language schools."},
    "general": {"document.title": "Welsh Voices Research Licence"},
    "risk": {"risk.change_of_control": "consent", "risk.sanctions": True},
}


def complete_draft() -> tuple[Draft, DraftAccess]:
    """A draft with every answer a signable licence needs (the research example), opened by
    its private link; approval is not blocked by missing answers."""
    path = Path(__file__).resolve().parent.parent / "docs" / "examples" / "research-community.yaml"
    draft, token = draft_import(content=path.read_bytes(), filename=path.name)
    return draft, DraftAccess(draft=draft, via="link", token=token)


def new_draft(owner=None) -> tuple[Draft, DraftAccess]:
    """Create a draft and return it with the access that opens it (owner or private link)."""
    draft, token = draft_create(owner=owner)
    via = "link" if token else "owner"
    return draft, DraftAccess(draft=draft, via=via, token=token)


def step_url(access: DraftAccess, step_key: str) -> str:
    """The URL of a step for this access."""
    return access.step_url(step_key)


def form_data(draft: Draft, step_key: str, changes: dict[str, Any] | None = None) -> dict:
    """Return the POST data of ``step_key``'s form as the draft stands, with ``changes``.

    Values follow what a browser sends: lists for check boxes, ``"on"`` for a ticked box
    (an unticked one is left out), ``""`` for an empty input.
    """
    draft.refresh_from_db()
    step = get_questionnaire().step(step_key)
    # The page leaves out a question whose condition on another step does not hold.
    form = StepForm(step=step, stored=stored_values(draft.answers), revision=draft.revision)
    shown = {name: value for name, value in form.initial.items() if name in form.fields}
    values = {**shown, **(changes or {})}
    data: dict[str, Any] = {"base_revision": str(draft.revision)}
    bools = {q.key for q in step.questions if q.type == "bool"}
    for name, value in values.items():
        if name in bools:
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = list(value)
        else:
            data[name] = "" if value is None else str(value)
    return data


def submit(client, access: DraftAccess, step_key: str, changes: dict | None = None):
    """POST ``step_key`` with ``changes`` over the stored answers; return the response."""
    return client.post(step_url(access, step_key), form_data(access.draft, step_key, changes))


def review_url(access: DraftAccess) -> str:
    """The URL of the review page for this access."""
    return access.url("review")


def home_url() -> str:
    """The start page."""
    return reverse("home")
