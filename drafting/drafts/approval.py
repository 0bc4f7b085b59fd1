"""The approval record a draft's files carry: the approval in force, put on the Document
the renderers receive (they read only the Document, never the draft)."""

from __future__ import annotations

import dataclasses
import hashlib

from drafting.assembly.document import ApprovalRecord, Document
from drafting.models import Draft


def text_sha256(document: Document) -> str:
    """Return the SHA-256 (64 hex digits) of ``document.text()`` encoded as UTF-8: the
    fingerprint an approval records and the approval record on the cover shows."""
    return hashlib.sha256(document.text().encode("utf-8")).hexdigest()


def with_approval(draft: Draft, document: Document) -> Document:
    """Return ``document`` (the draft's current text) with the record of ``draft``'s
    approval on it (:class:`~drafting.assembly.document.ApprovalRecord`), or unchanged when
    the draft is not approved at its current revision or the text is no longer the one
    approved (its SHA-256 differs from ``approved_sha256``): a record is only ever printed
    on the text it attests."""
    if (
        draft.status != Draft.Status.APPROVED
        or draft.approved_revision != draft.revision
        or draft.approved_at is None
        or not draft.approved_sha256
    ):
        return document
    digest = text_sha256(document)
    if digest != draft.approved_sha256:
        return document
    record = ApprovalRecord(draft.approved_by, draft.approved_at, draft.revision, digest)
    return dataclasses.replace(document, approval=record)
