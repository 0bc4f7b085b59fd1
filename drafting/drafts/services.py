"""Writes to drafts: create, save a step, import an answers file, claim, renew the private link.

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
from drafting.drafts.actors import OWNER_BY_LINK
from drafting.drafts.steps import (
    load_answers,
    new_document,
    stored_values,
    validate_step,
)
from drafting.drafts.tasks import queue_render
from drafting.library.loader import get_library
from drafting.models import Draft, DraftRevision, StatusChange
from drafting.questionnaire.answers import (
    AnswersError,
    Problem,
    load_answers_text,
    nest,
    parse_answers,
)
from drafting.questionnaire.definition import get_questionnaire

logger = logging.getLogger(__name__)

MSG_CONFLICT = (
    "was changed in another window or by someone else since you opened this page; "
    "check it and save again to keep what you typed"
)
MSG_NOT_UTF8 = "is not a UTF-8 text file"
MSG_ALREADY_OWNED = "This draft already belongs to an account."
MSG_NO_PRIVATE_LINK = "This draft belongs to an account and has no private link."
IMPORT_MAX_BYTES = 256 * 1024


class StepInvalid(ValueError):
    """A step's answers were refused; ``problems`` lists each with its question key."""

    def __init__(self, problems: tuple[Problem, ...]):
        self.problems = tuple(problems)
        super().__init__("; ".join(str(problem) for problem in self.problems))


class DraftConflict(StepInvalid):
    """This author and someone else both changed the same answers of the step, to different
    values, since the form was opened (``base_revision``); nothing was saved.

    ``problems`` names each conflicting key and ``revision`` is the draft's current
    revision, to send with the next attempt. ``values`` maps each conflicting key to
    ``(submitted, saved)`` answer data: what this author sent and the newer value saved
    meanwhile. ``merged`` maps every other submitted key of the step to the answer data a
    save would keep (the newer value where only the other editor changed it, this author's
    where only they did), for the form to show in place of the stale values.
    """

    def __init__(
        self,
        problems: tuple[Problem, ...],
        revision: int,
        values: dict | None = None,
        merged: dict | None = None,
    ):
        super().__init__(problems)
        self.revision = revision
        self.values = values or {}
        self.merged = merged or {}


class DraftAlreadyOwned(ValueError):
    """A draft that belongs to an account cannot be claimed by another one."""


class DraftHasNoLink(ValueError):
    """The draft has no private link to renew (it belongs to an account)."""


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


def _name_of(author, author_name: str) -> str:
    """The stored actor name: ``author_name``, else the account's username, else ``""``."""
    name = author_name or (author.get_username() if author else "")
    return name[:150]


def record_revision(
    draft: Draft,
    *,
    changed_keys: list[str],
    author,
    author_name: str = "",
    restored_from: int | None = None,
) -> DraftRevision:
    """Append the revision ``draft.revision`` holding the draft's answers now; return it.

    ``changed_keys`` are the dotted answer keys changed by this save, ``author`` the user or
    None, ``author_name`` who saved it as :func:`drafting.drafts.actors.actor_name` names
    them (default: the account's username), ``restored_from`` the number of the revision
    whose answers were restored (None for an ordinary save).
    """
    return DraftRevision.objects.create(
        draft=draft,
        number=draft.revision,
        answers=draft.answers,
        changed_keys=changed_keys,
        author=author,
        author_name=_name_of(author, author_name),
        restored_from=restored_from,
        clause_versions=_clause_versions(draft.answers, draft.pins),
    )


APPROVAL_FIELDS = ["approved_revision", "approved_by", "approved_at", "approved_sha256"]


def withdraw_approval(draft: Draft, *, author, author_name: str = "") -> list[str]:
    """Send an approved ``draft`` back to "in review" (unsaved): an approval covers the text
    approved, so any change to the answers withdraws it. The withdrawal is recorded at once
    (a :class:`~drafting.models.StatusChange` naming ``author_name``, default the account's
    username), so call it inside the transaction that saves the change. Returns the names of
    the fields changed, for ``save(update_fields=...)`` (empty when the draft was not
    approved)."""
    if draft.status != Draft.Status.APPROVED:
        return []
    name = _name_of(author, author_name)
    StatusChange.objects.create(
        draft=draft,
        kind=StatusChange.Kind.WITHDRAWN,
        revision=draft.revision if draft.approved_revision is None else draft.approved_revision,
        actor_name=name,
    )
    draft.status = Draft.Status.IN_REVIEW
    draft.approved_revision, draft.approved_by, draft.approved_at = None, "", None
    draft.approved_sha256 = ""
    draft.status_changed_at = timezone.now()
    draft.status_changed_by = name
    return ["status", *APPROVAL_FIELDS, "status_changed_at", "status_changed_by"]


def draft_create(
    *,
    owner=None,
    document: Mapping[str, Any] | None = None,
    completed=(),
    author_name: str = "",
):
    """Create a draft and return ``(draft, token)``.

    ``owner`` is a user or None; ``author_name`` names who started it in its first
    revision (default: the owner's username, else
    :data:`~drafting.drafts.actors.OWNER_BY_LINK`). A draft without an owner gets a private
    link and ``token`` is its secret (shown once, never stored); with an owner ``token`` is
    None. ``document`` is the stored answers document to start from (default: every
    question's default); ``completed`` the step keys to mark done. The clause versions
    are pinned now.
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
        name = author_name or ("" if owner else OWNER_BY_LINK)
        record_revision(draft, changed_keys=[], author=owner, author_name=name)
    return draft, token


def _base_values(draft: Draft, base_revision: int) -> dict[str, Any] | None:
    """Return the stored values (``{dotted key: answer data}``) of ``draft`` at revision
    ``base_revision``, or None when there is no such revision."""
    base = draft.revisions.filter(number=base_revision).values_list("answers", flat=True)
    document = base.first()
    return None if document is None else stored_values(document)


def merge_step(
    base: Mapping[str, Any] | None, mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Merge one step's submitted answers three ways; return ``(merged, conflicting keys)``.

    ``mine`` maps the step's submitted keys to answer data; ``base`` is the stored values
    of the revision the form was opened from (None when unknown) and ``theirs`` the stored
    values now. For each key of ``mine``: unchanged from ``base`` takes ``theirs`` (the
    newest), changed only here takes ``mine``, changed on both sides to the same value is
    that value, and changed on both sides to different values is a conflict (``merged``
    then holds ``mine``). With no ``base`` every key whose two values differ conflicts.
    """
    merged: dict[str, Any] = {}
    conflicts: list[str] = []
    for key, value in mine.items():
        newest = theirs.get(key)
        if base is not None and value == base.get(key):
            merged[key] = newest
            continue
        merged[key] = value
        if value != newest and (base is None or newest != base.get(key)):
            conflicts.append(key)
    return merged, conflicts


def draft_save_step(
    *,
    draft: Draft,
    step_key: str,
    data: Mapping[str, Any],
    author,
    base_revision: int,
    about_to_review: bool = False,
    author_name: str = "",
) -> Draft:
    """Validate and save the answers of one wizard step; return the updated draft.

    ``data`` maps the step's question keys to raw values as the form collected them (see
    :func:`~drafting.drafts.steps.validate_step`); ``author`` is the signed-in user or None
    and ``author_name`` who saves, as :func:`~drafting.drafts.actors.actor_name` names them
    (recorded on the revision and on a withdrawn approval); ``base_revision`` is the draft
    revision the form was rendered from. Answers of other steps and hidden answers of this
    step are kept. The step is marked complete; when an answer changed (only then), a
    revision is appended and ``draft.revision`` goes up by one, and an approved draft goes
    back to "in review", its approval withdrawn under ``author_name``. A new revision is
    queued for rendering ahead (:func:`~drafting.drafts.tasks.queue_render`), first in
    line when ``about_to_review`` says the author goes to the review page (and its
    downloads) next.

    When the draft was saved meanwhile (``base_revision`` is not the current revision), the
    step is merged three ways against ``base_revision`` (:func:`merge_step`): answers this
    author left as they were take the newer values, so a stale form never undoes another
    editor's answer. Raises ``KeyError`` for an unknown step, :class:`StepInvalid` (nothing
    saved) when a value is refused, and :class:`DraftConflict` (nothing saved) when this
    author and another both changed an answer of the step, to different values.
    """
    questionnaire = get_questionnaire()
    step = questionnaire.step(step_key)
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        stored = stored_values(locked.answers)
        result = validate_step(step, data, stored, questionnaire=questionnaire)
        if result.problems:
            raise StepInvalid(result.problems)
        values = result.values
        if base_revision != locked.revision:
            base = _base_values(locked, base_revision)
            values, conflicts = merge_step(base, result.values, stored)
            if conflicts:
                raise DraftConflict(
                    tuple(Problem(key, MSG_CONFLICT) for key in conflicts),
                    locked.revision,
                    {key: (values[key], stored.get(key)) for key in conflicts},
                    {key: value for key, value in values.items() if key not in conflicts},
                )
        changed = [key for key, value in values.items() if stored[key] != value]
        if step_key not in locked.completed_steps:
            locked.completed_steps = [
                key
                for key in questionnaire.step_keys
                if key in locked.completed_steps or key == step_key
            ]
            if not changed:
                # Accepting a step as it stands marks it done but adds no revision.
                locked.save(update_fields=["completed_steps", "updated"])
        if not changed:
            if about_to_review:
                # The review page's downloads come next: move this revision up the queue.
                queue_render(draft_id=locked.public_id, revision=locked.revision, for_review=True)
            return locked
        merged = {**stored, **values}
        locked.answers = nest(merged)
        locked.revision += 1
        fields = ["answers", "completed_steps", "revision", "updated"]
        fields += withdraw_approval(locked, author=author, author_name=author_name)
        locked.save(update_fields=fields)
        record_revision(locked, changed_keys=changed, author=author, author_name=author_name)
        # Pre-render the new revision so the download a moment later is already waiting (a
        # no-op unless a real task queue is configured: see RENDER_QUEUE_ON_SAVE); the tasks
        # queued for the previous revision will skip as superseded.
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


def draft_renew_link(*, draft: Draft) -> tuple[Draft, str]:
    """Give ``draft`` a new private link; return ``(draft, token)``.

    The old link stops working at once (only the new token's SHA-256 is stored; the token is
    shown once). Share links are not affected. Raises :class:`DraftHasNoLink` when the draft
    has no private link (a draft of an account, started signed in or claimed).
    """
    token, digest = new_link_token()
    with transaction.atomic():
        locked = Draft.objects.select_for_update().get(pk=draft.pk)
        if locked.link_token_hash is None:
            raise DraftHasNoLink(MSG_NO_PRIVATE_LINK)
        locked.link_token_hash = digest
        locked.save(update_fields=["link_token_hash"])  # the answers did not change
    return locked, token
