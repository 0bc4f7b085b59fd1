"""Storage only: drafts, their append-only revision history, share links, comments and
published licences.

Everything that decides what goes into these rows lives in ``drafting/drafts/services.py``;
everything that reads them for a page lives in ``drafting/drafts/selectors.py``.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models

PUBLIC_ID_BYTES = 12  # 16 URL-safe characters


def new_public_id() -> str:
    """Return a fresh random public id for a draft (16 URL-safe characters, 96 bits)."""
    return secrets.token_urlsafe(PUBLIC_ID_BYTES)


# Days a deleted draft stays in its owner's deleted list before it is removed for good.
KEEP_DELETED_DAYS = 30


class Draft(models.Model):
    """A licence being drafted: the answers given so far and the clause versions it uses.

    ``answers`` is the nested answers document with every question's value, hidden ones
    included (``Answers.to_data(include_inactive=True)``), so an answer hidden by a branch comes
    back when the branch is taken again. ``pins`` fixes the clause versions (``{clause id:
    version}``) the draft was started with, so its text does not change under it.
    ``revision`` counts saves and is the optimistic-locking token a form sends back.
    ``link_token_hash`` is the SHA-256 (hex) of the private-link token of a draft started
    without an account; the token itself is never stored. ``status`` moves drafting ->
    in review -> approved (and the owner may reopen it to drafting); ``status_changed_by`` /
    ``status_changed_at`` record the last move (every move is a :class:`StatusChange`), and
    ``approved_revision``, ``approved_by``, ``approved_at`` and ``approved_sha256`` (the
    SHA-256, hex, of the approved text, ``Document.text()`` in UTF-8) record the approval in
    force (None / empty unless approved). ``name`` is the
    owner's own name for the draft (empty: the dataset's name is shown); ``deleted_at`` is
    set while the draft is in the deleted list (see :mod:`drafting.drafts.housekeeping`).
    """

    class Status(models.TextChoices):
        DRAFTING = "drafting", "Drafting"
        IN_REVIEW = "in_review", "In review"
        APPROVED = "approved", "Approved"

    public_id = models.SlugField(max_length=32, unique=True, default=new_public_id, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="drafts",
    )
    answers = models.JSONField(default=dict)
    pins = models.JSONField(default=dict)
    revision = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFTING)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.CharField(max_length=150, blank=True)
    approved_revision = models.PositiveIntegerField(null=True, blank=True)
    approved_by = models.CharField(max_length=150, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_sha256 = models.CharField(max_length=64, blank=True)
    completed_steps = models.JSONField(default=list)
    link_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    name = models.CharField(max_length=200, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated"]
        indexes = [models.Index(fields=["owner", "-updated"])]

    def __str__(self) -> str:
        return f"Draft {self.public_id} (revision {self.revision})"


class DraftRevision(models.Model):
    """One saved state of a draft's answers; rows are only ever added, never changed.

    ``number`` is the draft's revision after the save (1, 2, ...); ``changed_keys`` lists the
    dotted answer keys whose stored value changed; ``clause_versions`` maps every clause the
    answers selected at that moment to its version (``{clause id: version}``);
    ``restored_from`` is the revision whose answers this one restored (None for a save).
    ``author_name`` is who saved it as the activity shows it: the account's username, or a
    link holder's display name with the link's label (see :mod:`drafting.drafts.actors`).
    """

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    answers = models.JSONField()
    changed_keys = models.JSONField(default=list)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    author_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    clause_versions = models.JSONField(default=dict)
    restored_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["draft", "number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="unique_revision_number")
        ]

    def __str__(self) -> str:
        return f"{self.draft.public_id} revision {self.number}"

    def save(self, *args, **kwargs) -> None:
        """Insert the revision; raises ``ValueError`` on any attempt to change a saved one."""
        if not self._state.adding:
            raise ValueError("Draft revisions are append-only; add a new revision instead.")
        super().save(*args, **kwargs)


class ShareLink(models.Model):
    """A link the draft's owner gave someone to review the draft, with a role.

    ``role`` is ``view``, ``comment`` or ``edit``. ``token_hash`` is the SHA-256 (hex) of the
    link's secret token; the token itself is never stored. A link answers until
    ``revoked_at`` is set or the day after ``expires_on`` (a date, inclusive, UTC) begins.
    ``created_by_name`` and ``revoked_by`` name who made and who revoked it.
    """

    class Role(models.TextChoices):
        VIEW = "view", "View"
        COMMENT = "comment", "Comment"
        EDIT = "edit", "Edit"

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="share_links")
    token_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(max_length=8, choices=Role.choices, default=Role.VIEW)
    label = models.CharField(max_length=100, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["draft", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.draft.public_id} {self.role} link {self.label!r}"


class Comment(models.Model):
    """A comment on one clause of a draft; a comment with a ``thread`` is a reply to it.

    ``clause_id``, ``clause_version`` and ``text_hash`` record the clause as the commenter
    saw it, so the comment outlives changes to the answers: it is *outdated* when the
    clause's text changed since and *detached* when the clause left the draft. ``resolved_at``
    is set on a thread's first comment only. ``notify_email`` is an address the author left
    to hear of replies (optional; an account's own address serves when it is empty).
    """

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="comments")
    thread = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    clause_id = models.CharField(max_length=100)
    clause_version = models.PositiveIntegerField()
    text_hash = models.CharField(max_length=64)
    revision = models.PositiveIntegerField()
    body = models.TextField(max_length=5000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=150)
    notify_email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["draft", "thread"])]

    def __str__(self) -> str:
        return f"{self.draft.public_id} comment on {self.clause_id}"


class StatusChange(models.Model):
    """One move of a draft's status, added and never changed (the draft keeps only the last).

    ``kind`` is one of :class:`Kind`: sent for review, approved, reopened to drafting by the
    owner, or the approval withdrawn by a saved change; ``revision`` is the draft's revision
    at the move (for a withdrawal: the revision whose approval was withdrawn); ``actor_name``
    who made it, as :mod:`drafting.drafts.actors` names people.
    """

    class Kind(models.TextChoices):
        SENT_FOR_REVIEW = "sent_for_review", "Sent for review"
        APPROVED = "approved", "Approved"
        REOPENED = "reopened", "Reopened for drafting"
        WITHDRAWN = "withdrawn", "Approval withdrawn"

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="status_changes")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    revision = models.PositiveIntegerField()
    actor_name = models.CharField(max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.draft.public_id} {self.kind} at revision {self.revision}"


class PublishedLicence(models.Model):
    """An approved revision of a draft, published on its public page.

    The page lives at ``/licences/<slug>/r<revision>/``; ``slug`` is made from the licence's
    title when the draft is first published and belongs to that draft (its later revisions
    use it too). ``answers`` and ``pins`` are the draft's stored answers and pinned clause
    versions at the moment of publishing, so the page shows that revision's text however the
    draft changes afterwards; ``text_sha256`` is the hash of that text and ``title`` the
    licence's title, both for the withdrawn page. ``withdrawn_at`` is set while the page is
    withdrawn (unpublished); publishing again clears it.
    """

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="publications")
    slug = models.SlugField(max_length=80)
    revision = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    answers = models.JSONField()
    pins = models.JSONField(default=dict)
    text_sha256 = models.CharField(max_length=64)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["draft", "revision"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "revision"], name="unique_public_licence")
        ]

    def __str__(self) -> str:
        return f"/licences/{self.slug}/r{self.revision}/"


def free_licence_slug(slug: str) -> str:
    """Return ``slug``, or the first of ``slug-2``, ``slug-3``... that no published licence
    page holds (a slug belongs to one draft; see :class:`PublishedLicence`)."""
    taken = set(
        PublishedLicence.objects.filter(slug__startswith=slug).values_list("slug", flat=True)
    )
    number = 1
    while (candidate := slug if number == 1 else f"{slug}-{number}") in taken:
        number += 1
    return candidate
