"""Storage only: drafts and their append-only revision history.

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


class Draft(models.Model):
    """A licence being drafted: the answers given so far and the clause versions it uses.

    ``answers`` is the nested answers document with every question's value, hidden ones
    included (``Answers.to_data(include_inactive=True)``), so an answer hidden by a branch comes
    back when the branch is taken again. ``pins`` fixes the clause versions (``{clause id:
    version}``) the draft was started with, so its text does not change under it.
    ``revision`` counts saves and is the optimistic-locking token a form sends back.
    ``link_token_hash`` is the SHA-256 (hex) of the private-link token of a draft started
    without an account; the token itself is never stored.
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
    completed_steps = models.JSONField(default=list)
    link_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
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
    answers selected at that moment to its version (``{clause id: version}``).
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
    created_at = models.DateTimeField(auto_now_add=True)
    clause_versions = models.JSONField(default=dict)

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
