"""Reads for draft pages: progress, the review summary, the assembled document, lists.

Plain functions over a :class:`~drafting.models.Draft`; they never write. Those that return
links take a ``step_url(step_key) -> str`` so the links stay on the way the draft was opened
(owner or private link).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.urls import reverse
from django.utils.text import slugify

from drafting.assembly.assemble import AssemblyError, assemble
from drafting.assembly.document import Document, Finding, GlanceItem
from drafting.assembly.findings import check_consistency
from drafting.drafts.approval import with_approval
from drafting.drafts.display import display_answer
from drafting.drafts.steps import load_answers, step_of, stored_values
from drafting.library.loader import get_library
from drafting.models import KEEP_DELETED_DAYS, Draft, PublishedLicence
from drafting.questionnaire.answers import MSG_REQUIRED, Answers, Problem
from drafting.questionnaire.definition import get_questionnaire
from drafting.questionnaire.facts import derive_facts
from drafting.renderers.html import render_html_fragment
from drafting.renderers.limits import twin_findings
from drafting.renderers.terms import Publication, licence_terms

logger = logging.getLogger(__name__)

StepUrl = Callable[[str], str]

STATE_LABELS = {
    "complete": "Complete",
    "attention": "Needs attention",
    "not_started": "Not started",
}
SEVERITY_LABELS = {
    "incomplete": "Missing answer",
    "contradiction": "Contradiction",
    "ambiguity": "Ambiguity",
    "warning": "Warning",
    "confirm": "Please confirm",
    "info": "For information",
}
GLANCE_LABELS = {
    "allowed": "Allowed",
    "not_allowed": "Not allowed",
    "conditional": "Conditional",
}
# Findings that ask the author to confirm a choice are listed on the review page but do not
# flag a step as needing attention in the section map.
MAP_SEVERITIES = frozenset({"contradiction", "ambiguity", "warning"})
UNTITLED = "Untitled draft"
MSG_MISSING = "Not answered yet"


class DocumentUnavailable(RuntimeError):
    """The draft could not be assembled: a fault of the clause library, not of the answers."""


@dataclass(frozen=True)
class DraftAnalysis:
    """What a draft's stored answers amount to.

    ``values`` is ``{dotted key: answer data}`` as stored; ``answers`` the typed
    :class:`Answers`; ``missing`` the problems that keep it from being complete (required
    answers, governing law); ``findings`` the consistency findings.
    """

    values: dict
    answers: Answers
    missing: tuple[Problem, ...]

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        """The consistency findings of the answers, as the drafting notes list them."""
        return check_consistency(self.answers, derive_facts(self.answers))


def draft_analysis(draft: Draft, *, values: dict | None = None) -> DraftAnalysis:
    """Return the :class:`DraftAnalysis` of ``draft``'s stored answers (``values``, from
    :func:`~drafting.drafts.steps.stored_values`, when the caller has read them already)."""
    values = stored_values(draft.answers) if values is None else values
    answers, missing = load_answers(values)
    return DraftAnalysis(values=values, answers=answers, missing=missing)


@dataclass(frozen=True)
class StepState:
    """One entry of the section map: a step, its number, link and state.

    ``state`` is ``complete``, ``attention`` or ``not_started`` (see :data:`STATE_LABELS`);
    ``saved`` whether the step was ever saved; ``notes`` says why it needs attention.
    """

    key: str
    title: str
    number: int
    url: str
    state: str
    current: bool
    saved: bool
    notes: tuple[str, ...]

    @property
    def state_label(self) -> str:
        """The state in words, shown beside the icon so colour is never the only signal."""
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class Progress:
    """The section map: every step's state; ``number`` is the current step's (or None)."""

    steps: tuple[StepState, ...]
    number: int | None

    @property
    def total(self) -> int:
        """How many steps the questionnaire has."""
        return len(self.steps)

    @property
    def saved(self) -> int:
        """How many steps have been saved."""
        return sum(1 for step in self.steps if step.saved)

    @property
    def next_unsaved(self) -> StepState | None:
        """The first step never saved, or None when every step was."""
        return next((step for step in self.steps if not step.saved), None)


def draft_progress(
    draft: Draft, analysis: DraftAnalysis, *, current: str | None, step_url: StepUrl
) -> Progress:
    """Return the section map of ``draft`` with ``current`` (a step key or None) marked.

    A step needs attention when a consistency finding (other than a request to confirm)
    names it, or when it was saved and still lacks a required answer; it is complete when
    it was saved and needs no attention.
    """
    notes: dict[str, list[str]] = {}
    for finding in analysis.findings:
        if finding.severity in MAP_SEVERITIES:
            for step_key in finding.steps:
                notes.setdefault(step_key, []).append(finding.message)
    for problem in analysis.missing:
        step_key = step_of(problem.key)
        if step_key in draft.completed_steps:
            question = get_questionnaire().questions.get(problem.key)
            label = question.label if question else problem.key
            notes.setdefault(step_key, []).append(f"{label}: {problem.message}")
    states = []
    for number, step in enumerate(get_questionnaire().steps, start=1):
        if step.key in notes:
            state = "attention"
        elif step.key in draft.completed_steps:
            state = "complete"
        else:
            state = "not_started"
        states.append(
            StepState(
                key=step.key,
                title=step.title,
                number=number,
                url=step_url(step.key),
                state=state,
                current=step.key == current,
                saved=step.key in draft.completed_steps,
                notes=tuple(notes.get(step.key, ())),
            )
        )
    current_number = next((state.number for state in states if state.current), None)
    return Progress(steps=tuple(states), number=current_number)


@dataclass(frozen=True)
class ReviewRow:
    """One answer on the review page: the question, the answer in words, and its problem."""

    key: str
    label: str
    value: str
    problem: str


@dataclass(frozen=True)
class ReviewSection:
    """The answers of one step, with the link to edit them."""

    key: str
    title: str
    url: str
    rows: tuple[ReviewRow, ...]


@dataclass(frozen=True)
class FindingView:
    """A consistency finding with its severity in words and links to the steps to revisit."""

    finding: Finding
    links: tuple[tuple[str, str], ...]

    @property
    def severity_label(self) -> str:
        """The severity in words, saying so when the finding blocks approval."""
        label = SEVERITY_LABELS.get(self.finding.severity, self.finding.severity)
        return f"{label} (blocks approval)" if self.finding.blocking else label


def review_sections(analysis: DraftAnalysis, *, step_url: StepUrl) -> tuple[ReviewSection, ...]:
    """Return every active answer grouped by step, in words, each step with its edit link.

    Questions hidden by a branch are left out; a missing or incomplete answer carries its
    problem message (for example "is required").
    """
    problems = {
        problem.key: MSG_MISSING if problem.message == MSG_REQUIRED else problem.message
        for problem in analysis.missing
    }
    answers = analysis.answers
    sections = []
    for step in answers.questionnaire.steps:
        rows = tuple(
            ReviewRow(
                key=question.key,
                label=question.label,
                value=display_answer(question, answers.values[question.key]),
                problem=problems.get(question.key, ""),
            )
            for question in step.questions
            if answers.is_active(question.key)
        )
        sections.append(ReviewSection(step.key, step.title, step_url(step.key), rows))
    return tuple(sections)


def finding_views(findings: tuple[Finding, ...], *, step_url: StepUrl) -> tuple[FindingView, ...]:
    """Return ``findings`` with links to the steps each one names, most severe first."""
    order = list(SEVERITY_LABELS)
    questionnaire = get_questionnaire()
    views = [
        FindingView(
            finding=finding,
            links=tuple((questionnaire.step(key).title, step_url(key)) for key in finding.steps),
        )
        for finding in findings
    ]
    return tuple(sorted(views, key=lambda view: order.index(view.finding.severity)))


def missing_views(analysis: DraftAnalysis, *, step_url: StepUrl) -> tuple[tuple[str, str], ...]:
    """Return ``(text, link)`` for each problem that keeps the draft from being complete."""
    questionnaire = get_questionnaire()
    views = []
    for problem in analysis.missing:
        question = questionnaire.questions.get(problem.key)
        label = question.label if question else problem.key
        message = MSG_MISSING if problem.message == MSG_REQUIRED else problem.message
        views.append((f"{label}: {message}", step_url(step_of(problem.key))))
    return tuple(views)


def glance_status_label(item: GlanceItem) -> str:
    """Return a glance row's status in words (Allowed, Not allowed, Conditional)."""
    return GLANCE_LABELS.get(item.status, item.status)


def draft_document(draft: Draft, analysis: DraftAnalysis | None = None) -> Document:
    """Assemble ``draft``'s licence from its answers and pinned clause versions.

    Incomplete drafts assemble too: missing answers show their placeholders. Raises
    :class:`DocumentUnavailable` when the clause library cannot assemble it (a library
    fault: a clause failed to render or a pinned version is gone).
    """
    analysis = analysis or draft_analysis(draft)
    try:
        document = assemble(analysis.answers, get_library(), draft.pins or None)
    except (AssemblyError, KeyError) as error:
        logger.exception("Draft %s could not be assembled", draft.public_id)
        raise DocumentUnavailable(str(error)) from error
    return with_approval(draft, document)


def draft_publication(draft: Draft) -> Publication:
    """Return which revision of ``draft`` its twins describe: its current revision number,
    approved when the approval is of that revision, and the absolute URL of that revision's
    public page while it is published (empty otherwise: see docs/publishing.md for what each
    twin names instead)."""
    approved = draft.status == Draft.Status.APPROVED and draft.approved_revision == draft.revision
    page = PublishedLicence.objects.filter(
        draft=draft, revision=draft.revision, withdrawn_at=None
    ).first()
    link = public_licence_url(page.slug, page.revision) if page else ""
    return Publication(revision=draft.revision, approved=approved, link=link)


def draft_twin_findings(document: Document) -> tuple[Finding, ...]:
    """Return an ``info`` finding for each term of ``document`` that a machine-readable twin
    cannot state (see :mod:`drafting.renderers.limits`), for the review page."""
    return twin_findings(licence_terms(document).limits, document.english)


def public_licence_url(slug: str, revision: int) -> str:
    """Return the absolute URL of a public licence page: ``settings.SITE_URL`` followed by
    ``/licences/<slug>/r<revision>/``."""
    path = reverse("public-licence", kwargs={"slug": slug, "revision": revision})
    return settings.SITE_URL.rstrip("/") + path


def draft_preview_html(document: Document) -> str:
    """Return the draft's body as an HTML fragment for the preview (escaped, see renderers)."""
    return render_html_fragment(document)


def draft_label(values: dict, *, name: str = "") -> str:
    """Return a short name for a draft: the owner's own ``name`` for it when set, else from
    its stored answer ``values`` the dataset's name, else the licensor's, else "Untitled
    draft"."""
    return name or values.get("dataset.name") or values.get("licensor.name") or UNTITLED


def draft_filename(draft: Draft, extension: str) -> str:
    """Return a safe download file name: ``<dataset>-licence-draft-r<revision><extension>``.

    Only lower-case ASCII letters, digits and hyphens come from the answers.
    """
    stem = slugify(draft_label(stored_values(draft.answers)))[:60].strip("-") or "dataset"
    return f"{stem}-licence-draft-r{draft.revision}{extension}"


@dataclass(frozen=True)
class DraftSummary:
    """A row of the "My drafts" list."""

    draft: Draft
    label: str
    url: str
    completed: int
    total: int


def drafts_for_user(user) -> tuple[DraftSummary, ...]:
    """Return ``user``'s drafts, most recently changed first."""
    total = len(get_questionnaire().steps)
    return tuple(
        DraftSummary(
            draft=draft,
            label=draft_label(stored_values(draft.answers), name=draft.name),
            url=reverse("draft-detail", kwargs={"public_id": draft.public_id}),
            completed=len(draft.completed_steps),
            total=total,
        )
        for draft in Draft.objects.filter(owner=user, deleted_at=None).order_by("-updated")
    )


@dataclass(frozen=True)
class DeletedDraft:
    """A row of the owner's deleted list: the draft, its label and the last day (UTC) it can
    still be brought back."""

    draft: Draft
    label: str
    last_day: dt.date


def deleted_drafts_for_user(user) -> tuple[DeletedDraft, ...]:
    """Return ``user``'s drafts in the deleted list, most recently deleted first."""
    keep = dt.timedelta(days=KEEP_DELETED_DAYS)
    return tuple(
        DeletedDraft(
            draft=draft,
            label=draft_label(stored_values(draft.answers), name=draft.name),
            last_day=(draft.deleted_at + keep).date(),  # type: ignore[operator, union-attr]
        )
        for draft in Draft.objects.filter(owner=user, deleted_at__isnull=False).order_by(
            "-deleted_at"
        )
    )
