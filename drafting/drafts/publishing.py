"""Publishing an approved revision on a public licence page, and reading that page.

Writes (:func:`licence_publish`, :func:`licence_unpublish`) and reads
(:func:`public_licence_page`, :func:`public_licence_file`, :func:`publishing_panel`) of
:class:`~drafting.models.PublishedLicence`. Who may call the writes is decided before, by
:func:`drafting.drafts.access.draft_for_request` (the signed-in owner only); the functions
check what the draft itself must be: approved, at the revision approved.

The page's text, key terms and twins are generated from the assembled Document of the
revision as it was published (its stored answers and pinned clause versions), like every
other output; the twins name the page's absolute URL as their ``license_link``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from drafting.assembly.assemble import assemble
from drafting.assembly.document import Document, GlanceItem
from drafting.drafts.access import DraftAccess
from drafting.drafts.selectors import draft_document, draft_publication, public_licence_url
from drafting.drafts.steps import load_answers, stored_values
from drafting.library.loader import get_library
from drafting.models import Draft, PublishedLicence, free_licence_slug
from drafting.renderers import CONTENT_TYPES, Format, render
from drafting.renderers.common import glance_columns
from drafting.renderers.html import render_html_fragment
from drafting.renderers.json import json_text
from drafting.renderers.signals import tdm_policy
from drafting.renderers.terms import Publication, licence_terms, slug, text_sha256

MSG_NOT_APPROVED = "Only an approved revision can be published: approve revision {revision} first."
MSG_NOT_CONFIRMED = "Tick the box to confirm that the licence will be public."
MSG_NOT_PUBLISHED = "Revision {revision} is not published."
MSG_ALREADY_PUBLISHED = "Revision {revision} is already published."
MSG_NO_ADDRESS = "No free address was found for this licence's page; please try again."

# The public page's downloads: (file name in the URL, format, label). The TDMRep policy is
# served too, at the address the web signals name (``<page>tdm-policy.jsonld``).
PUBLIC_FILES: tuple[tuple[str, Format, str], ...] = (
    ("README.md", "card", "Hugging Face dataset card"),
    ("licence.odrl.jsonld", "odrl", "ODRL 2.2 policy"),
    ("licence.croissant.jsonld", "croissant", "Croissant 1.1 record"),
    ("licence.spdx3.json", "spdx", "SPDX 3.0.1 document"),
    ("licence.ics", "ics", "Obligations calendar (iCalendar)"),
    ("signals.zip", "signals", "Web signals (TDMRep, AI preferences, robots.txt)"),
)
TDM_POLICY_FILE = "tdm-policy.jsonld"


class PublishingError(ValueError):
    """A publish or unpublish was refused; the message is fit to show the user."""


def licence_publish(*, draft: Draft, user, confirmed: bool) -> PublishedLicence:
    """Publish ``draft``'s current revision on its public page; return the publication.

    The revision must be the one approved (``draft.status`` approved and
    ``approved_revision == revision``) and ``confirmed`` True (the owner ticked the
    confirmation). The slug is the draft's own from an earlier publication, else one made
    from the licence's title, with ``-2``, ``-3``... when another draft holds it. A
    withdrawn publication of the same revision is published again. Raises
    :class:`PublishingError` (approval, confirmation, already published) and
    :class:`~drafting.drafts.selectors.DocumentUnavailable` when the text cannot be assembled.
    """
    if not draft_publication(draft).approved:
        raise PublishingError(MSG_NOT_APPROVED.format(revision=draft.revision))
    if not confirmed:
        raise PublishingError(MSG_NOT_CONFIRMED)
    existing = PublishedLicence.objects.filter(draft=draft, revision=draft.revision).first()
    if existing is not None:
        if existing.withdrawn_at is None:
            raise PublishingError(MSG_ALREADY_PUBLISHED.format(revision=draft.revision))
        existing.withdrawn_at = None
        existing.published_at = timezone.now()
        existing.published_by = user
        existing.save(update_fields=["withdrawn_at", "published_at", "published_by"])
        return existing
    document = draft_document(draft)
    for _ in range(3):  # a slug taken by another draft meanwhile: look for the next free one
        try:
            with transaction.atomic():
                return PublishedLicence.objects.create(
                    draft=draft,
                    slug=_slug_for(draft, document),
                    revision=draft.revision,
                    title=document.title,
                    answers=draft.answers,
                    pins=draft.pins,
                    text_sha256=text_sha256(document),
                    published_by=user,
                    published_at=timezone.now(),
                )
        except IntegrityError:
            continue
    raise PublishingError(MSG_NO_ADDRESS)


def _slug_for(draft: Draft, document: Document) -> str:
    """The draft's own slug from an earlier publication, else the first free one made from
    the title (``title``, ``title-2``, ``title-3``...)."""
    own = PublishedLicence.objects.filter(draft=draft).values_list("slug", flat=True).first()
    if own:
        return own
    return free_licence_slug(slug(document.title))


def licence_unpublish(*, draft: Draft, revision: int) -> PublishedLicence:
    """Withdraw the public page of ``draft``'s ``revision``; return the publication.

    The page then answers 410 saying the licence was withdrawn, and when. Raises
    :class:`PublishingError` when that revision is not published.
    """
    page = PublishedLicence.objects.filter(
        draft=draft, revision=revision, withdrawn_at=None
    ).first()
    if page is None:
        raise PublishingError(MSG_NOT_PUBLISHED.format(revision=revision))
    page.withdrawn_at = timezone.now()
    page.save(update_fields=["withdrawn_at"])
    return page


class LicenceNotPublished(LookupError):
    """No licence was ever published at that address (the page answers 404)."""


class LicenceWithdrawn(Exception):
    """The licence at that address was withdrawn (the page answers 410): ``title`` and
    ``revision`` name it, ``withdrawn_at`` (aware datetime) says when."""

    def __init__(self, title: str, revision: int, withdrawn_at: dt.datetime):
        super().__init__(f"{title}, revision {revision}, withdrawn {withdrawn_at:%Y-%m-%d}")
        self.title = title
        self.revision = revision
        self.withdrawn_at = withdrawn_at


@dataclass(frozen=True)
class PublicFile:
    """A download of the public page: its name in the URL, label, URL and SHA-256 (hex)."""

    name: str
    label: str
    url: str
    sha256: str


@dataclass(frozen=True)
class PublicLicencePage:
    """What the public page shows; ``text_html`` is the escaped HTML of the licence text."""

    page: PublishedLicence
    url: str
    document: Document
    text_sha256: str
    licence_id: str
    dataset_name: str
    licensor: str
    attribution: str
    glance: list[tuple[str, str, str, list[GlanceItem]]]
    text_html: str
    files: tuple[PublicFile, ...]


def _published(slug_: str, revision: int) -> PublishedLicence:
    page = (
        PublishedLicence.objects.select_related("draft")
        .filter(slug=slug_, revision=revision)
        .first()
    )
    if page is None:
        raise LicenceNotPublished(f"/licences/{slug_}/r{revision}/")
    withdrawn = page.withdrawn_at or page.draft.deleted_at
    if withdrawn is not None:
        raise LicenceWithdrawn(page.title, page.revision, withdrawn)
    return page


def _document(page: PublishedLicence) -> Document:
    answers, _ = load_answers(stored_values(page.answers))
    return assemble(answers, get_library(), page.pins or None)


def _publication(page: PublishedLicence) -> Publication:
    return Publication(
        revision=page.revision, approved=True, link=public_licence_url(page.slug, page.revision)
    )


def public_licence_file(*, slug: str, revision: int, name: str) -> tuple[bytes, str]:
    """Return ``(bytes, content type)`` of the public page's download ``name`` (one of
    :data:`PUBLIC_FILES` or :data:`TDM_POLICY_FILE`).

    Raises :class:`LicenceNotPublished` (also for an unknown ``name``) or
    :class:`LicenceWithdrawn` as :func:`public_licence_page` does.
    """
    page = _published(slug, revision)
    publication = _publication(page)
    document = _document(page)
    if name == TDM_POLICY_FILE:
        policy = tdm_policy(licence_terms(document, publication))
        return json_text(policy).encode("utf-8"), CONTENT_TYPES["odrl"]
    formats = {file_name: fmt for file_name, fmt, _ in PUBLIC_FILES}
    if name not in formats:
        raise LicenceNotPublished(name)
    return render(document, formats[name], publication), CONTENT_TYPES[formats[name]]


def public_licence_page(*, slug: str, revision: int) -> PublicLicencePage:
    """Return what the public page of ``slug`` at ``revision`` shows.

    Raises :class:`LicenceNotPublished` when nothing was ever published there and
    :class:`LicenceWithdrawn` when it was unpublished (or its draft deleted).
    """
    page = _published(slug, revision)
    publication = _publication(page)
    document = _document(page)
    terms = licence_terms(document, publication)
    base = publication.link
    files = tuple(
        PublicFile(
            name=name,
            label=label,
            url=base + name,
            sha256=hashlib.sha256(render(document, fmt, publication)).hexdigest(),
        )
        for name, fmt, label in PUBLIC_FILES
    )
    return PublicLicencePage(
        page=page,
        url=base,
        document=document,
        text_sha256=terms.text_sha256,
        licence_id=terms.licence_id,
        dataset_name=terms.dataset_name,
        licensor=terms.licensor,
        attribution=terms.attribution,
        glance=glance_columns(document),
        text_html=render_html_fragment(document, published=True),
        files=files,
    )


@dataclass(frozen=True)
class PublishingPanel:
    """The "Public licence page" panel of a draft's pages.

    ``can_publish``: the viewer is the signed-in owner and the current revision is approved
    and not published; ``can_manage``: the viewer may unpublish; ``pages``: the draft's
    publications, live or withdrawn, with their absolute URLs; ``revision``: the draft's
    current revision number; ``approved``: whether it is the approved one.
    """

    can_publish: bool
    can_manage: bool
    revision: int
    approved: bool
    pages: tuple[tuple[PublishedLicence, str], ...]


def publishing_panel(access: DraftAccess) -> PublishingPanel:
    """Return the publishing panel of ``access``'s draft for its viewer (see
    :class:`PublishingPanel`); only the signed-in owner (not a link holder) may act."""
    draft = access.draft
    owner = access.allows("owner") and not (access.by_link or access.by_share)
    pages = tuple(
        (page, public_licence_url(page.slug, page.revision))
        for page in PublishedLicence.objects.filter(draft=draft).order_by("-revision")
    )
    live = {page.revision for page, _ in pages if page.withdrawn_at is None}
    approved = draft_publication(draft).approved
    return PublishingPanel(
        can_publish=owner and approved and draft.revision not in live,
        can_manage=owner,
        revision=draft.revision,
        approved=approved,
        pages=pages,
    )


__all__ = [
    "PUBLIC_FILES",
    "TDM_POLICY_FILE",
    "LicenceNotPublished",
    "LicenceWithdrawn",
    "PublishingError",
    "licence_publish",
    "licence_unpublish",
    "public_licence_file",
    "public_licence_page",
    "publishing_panel",
]
