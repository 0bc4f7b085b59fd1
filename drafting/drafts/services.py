"""Writes to drafts: create, save a step, import an answers file, claim.

Every function here is the only way its change happens; views call exactly one of them.
Each save appends a :class:`~drafting.models.DraftRevision`, so the history is complete.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from drafting.assembly.assemble import AssemblyError, select_clauses
from drafting.drafts.access import new_link_token
from drafting.drafts.steps import (
    load_answers,
    new_document,
    stored_values,
    validate_step,
)
from drafting.library.loader import get_library
from drafting.models import Draft, DraftRevision
from drafting.questionnaire.answers import (
    AnswersError,
    Problem,
    load_answers_text,
    nest,
    parse_answers,
)
from drafting.questionnaire.definition import get_questionnaire
from drafting.rendering.tasks import queue_render

logger = logging.getLogger(__name__)

MSG_CONFLICT = (
    "was changed in another window or by someone else since you opened this page; "
    "check it and save again to keep what you typed"
)
MSG_NOT_UTF8 = "is not a UTF-8 text file"
MSG_ALREADY_OWNED = "This draft already belongs to an account."
IMPORT_MAX_BYTES = 256 * 1024


class StepInvalid(ValueError):
    """A step's answers were refused; ``problems`` lists each with its question key."""

    def __init__(self, problems: tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


class DraftConflict(StepInvalid):
    """The step changed since the form was opened (``base_revision``) and the submitted
    values differ from the newer ones; ``problems`` names each conflicting key and
    ``revision`` is the draft's current revision, to send with the next attempt.
    ``values`` maps each conflicting key to ``(submitted, saved)`` answer data: what this
    author sent and the newer value saved meanwhile."""

    def __init__(self, problems: tuple[Problem, ...], revision: int, values: dict | None = None):
        super().__init__(problems)
        self.revision = revision
        self.values = values or {}


class DraftAlreadyOwned(ValueError):
    """A draft that belongs to an account cannot be claimed by another one."""


def _clause_versions(document: Mapping[str, Any], pins: Mapping[str, int]) -> dict[str, int]:
    """Return ``{clause id: version}`` of the clauses the answers select (empty on a fault)."""
    answers, _missing = load_answers(stored_values(document))
    try:
        selected = select_clauses(answers, get_library(), pins or None)
    except (AssemblyError, KeyError):
        # A library fault must never stop an author's answers from being saved.
        logger.exception("Could not select clauses for a draft revision")
        return {}
    return {clause.id: clause.version for clause in selected}


def _record(draft: Draft, *, changed_keys: list[str], author) -> DraftRevision:
    return DraftRevision.objects.create(
        draft=draft,
        number=draft.revision,
        answers=draft.answers,
        changed_keys=changed_keys,
        author=author,
        clause_versions=_clause_versions(draft.answers, draft.pins),
    )


def draft_create(*, owner=None, document: Mapping[str, Any] | None = None, completed=()):
    """Create a draft and return ``(draft, token)``.

    ``owner`` is a user or None. A draft without an owner gets a private link and ``token``
    is its secret (shown once, never stored); with an owner ``token`` is None. ``document``
    is the stored answers document to start from (default: every question's default);
    ``completed`` the step keys to mark done. The clause versions are pinned now.
    """
    token, digest = (None, None) if owner else new_link_token()
    with transaction.atomic():
        draft = Draft.objects.create(
            owner=owner,
            answers=dict(document) if document is not None else new_document(),
            pins=get_library().snapshot(),
            completed_steps=list(completed),
            link_token_hash=digest,
        )
        _record(draft, changed_keys=[], author=owner)
    return draft, token


def _conflicts(draft: Draft, base_revision: int, values: dict, stored: dict) -> list[Problem]:
    """Return a problem for each submitted key changed after ``base_revision`` to a value
    other than the one submitted now (a change to the same value is no conflict)."""
    changed_since: set[str] = set()
    for keys in draft.revisions.filter(number__gt=base_revision).values_list(
        "changed_keys", flat=True
    ):
        changed_since.update(keys)
    return [
        Problem(key, MSG_CONFLICT)
        for key, value in values.items()
        if key in changed_since and stored.get(key) != value
    ]


def draft_save_step(
    *,
    draft: Draft,
    step_key: str,
    data: Mapping[str, Any],
    author,
    base_revision: int,
    about_to_review: bool = False,
) -> Draft:
    """Validate and save the answers of one wizard step; return the updated draft.

    ``data`` maps the step's question keys to raw values as the form collected them (see
    :func:`~drafting.drafts.steps.validate_step`); ``author`` is the signed-in user or None;
    ``base_revision`` is the draft revision the form was rendered from. Answers of other
    steps and hidden answers of this step are kept. The step is marked complete; when
    anything changed, a revision is appended and ``draft.revision`` goes up by one, and an
    approved draft goes back to "in review". A new revision is queued for rendering ahead
    (:func:`~drafting.rendering.tasks.queue_render`), first in line when ``about_to_review``
    says the author goes to the review page (and its downloads) next.

    Raises ``KeyError`` for an unknown step, :class:`StepInvalid` (nothing saved) when a
    value is refused, and :class:`DraftConflict` when someone saved different values for
    this step's questions after ``base_revision``.
    """
    questionnaire = get_questionnaire()
    step = questionnaire.step(step_key)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        stored = stored_values(locked.answers)
        result = validate_step(step, data, stored, questionnaire=questionnaire)
        if result.problems:
            raise StepInvalid(result.problems)
        if base_revision != locked.revision:
            conflicts = _conflicts(locked, base_revision, result.values, stored)
            if conflicts:
                values = {p.key: (result.values[p.key], stored.get(p.key)) for p in conflicts}
                raise DraftConflict(tuple(conflicts), locked.revision, values)
        changed = [key for key, value in result.values.items() if stored[key] != value]
        newly_completed = step_key not in locked.completed_steps
        if not changed and not newly_completed:
            return locked
        merged = {**stored, **result.values}
        locked.answers = nest(merged)
        locked.completed_steps = [
            key
            for key in questionnaire.step_keys
            if key in locked.completed_steps or key == step_key
        ]
        locked.revision += 1
        fields = ["answers", "completed_steps", "revision", "updated"]
        if changed and locked.status == Draft.Status.APPROVED:
            # An approval covers the text approved: any change sends the draft back.
            locked.status = Draft.Status.IN_REVIEW
            locked.approved_revision = None
            locked.status_changed_at = timezone.now()
            locked.status_changed_by = author.get_username() if author else ""
            fields += ["status", "approved_revision", "status_changed_at", "status_changed_by"]
        locked.save(update_fields=fields)
        _record(locked, changed_keys=changed, author=author)
        # Pre-render the new revision so the download a moment later is already waiting (a
        # no-op unless a real task queue is configured: see RENDER_QUEUE_ON_SAVE). Also when
        # only a step was completed: the tasks queued for the previous revision will skip
        # as superseded, and this revision's render is a cache hit if they already ran.
        queue_render(
            draft_id=locked.public_id, revision=locked.revision, for_review=about_to_review
        )
    return locked


def parse_answers_upload(content: bytes, filename: str):
    """Parse an uploaded answers file (YAML, or JSON when ``filename`` ends in ``.json``).

    Returns :class:`~drafting.questionnaire.answers.Answers` validated with
    ``complete=False`` (required answers may still be missing). Raises :class:`AnswersError`
    listing every problem by key path; problems with the file itself have key ``(file)``.
    """
    if len(content) > IMPORT_MAX_BYTES:
        raise AnswersError([Problem("(file)", f"is larger than {IMPORT_MAX_BYTES // 1024} KiB")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AnswersError([Problem("(file)", MSG_NOT_UTF8)]) from None
    data = load_answers_text(text, json_format=filename.lower().endswith(".json"))
    return parse_answers(data, complete=False)


def draft_import(*, owner=None, content: bytes, filename: str):
    """Start a new draft from an uploaded answers file; return ``(draft, token)``.

    See :func:`parse_answers_upload` for the file and :func:`draft_create` for the result;
    the steps the file answered are marked complete. Raises :class:`AnswersError` (nothing
    created) when the file is refused.
    """
    answers = parse_answers_upload(content, filename)
    completed = [
        step.key
        for step in answers.questionnaire.steps
        if any(question.key in answers.provided for question in step.questions)
    ]
    document = answers.to_data(include_inactive=True)
    return draft_create(owner=owner, document=document, completed=completed)


def draft_claim(*, draft: Draft, user) -> Draft:
    """Give an ownerless draft to ``user`` and retire its private link; return the draft.

    From then on the draft is reached from the user's list of drafts, and the old link no
    longer opens it (a leaked link cannot reach an account's draft). Claiming a draft one
    already owns changes nothing. Raises :class:`DraftAlreadyOwned` when another account
    owns it.
    """
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if locked.owner_id == user.pk:
            return locked
        if locked.owner_id is not None:
            raise DraftAlreadyOwned(MSG_ALREADY_OWNED)
        locked.owner = user
        locked.link_token_hash = None
        locked.save(update_fields=["owner", "link_token_hash", "updated"])
    return locked
