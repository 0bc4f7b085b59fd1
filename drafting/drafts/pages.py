"""What every page of one draft shares, for the views of drafts/ and review/: the decorator
that resolves access (:func:`draft_page`) and the context of the draft frame
(:func:`draft_context`, read by ``templates/drafts/draft_base.html``)."""

from __future__ import annotations

from functools import wraps
from urllib.parse import quote

from django.urls import reverse

from drafting.drafts.access import APPROVAL_RULE, DraftAccess, Role, draft_for_request
from drafting.drafts.actors import actor_name
from drafting.drafts.http import make_private
from drafting.drafts.publishing import publishing_panel
from drafting.drafts.selectors import draft_analysis, draft_label, draft_progress
from drafting.renderers import PUBLICATION_FORMATS, Format

LEGAL_FORMATS: tuple[Format, ...] = ("pdf", "docx", "json")
# The machine-readable twins and the bundle, offered under "Publish with the dataset".
DOWNLOAD_FORMATS: tuple[Format, ...] = (*LEGAL_FORMATS, *PUBLICATION_FORMATS)
DOWNLOAD_LABELS = {
    "pdf": "PDF",
    "docx": "Word (DOCX)",
    "json": "JSON (answers and clauses)",
    "odrl": "ODRL policy (JSON-LD)",
    "card": "Hugging Face dataset card (README.md)",
    "ics": "Obligations calendar (iCalendar)",
    "spdx": "SPDX 3.0.1 (JSON-LD)",
    "croissant": "Croissant 1.1 (JSON-LD)",
    "signals": "Web signals (TDMRep, AI preferences, robots.txt; ZIP)",
    "bundle": "Publication bundle (ZIP: PDF/A-3b, DOCX, every twin, SHA-256 hashes)",
}
DOWNLOAD_DOCX_COMMENTS = "DOCX with comments"


def draft_page(view=None, *, need: Role = "view"):
    """Decorate a view of one draft: resolve access through the one access function (404
    without it, 403 when its role is weaker than ``need``) and set private headers.

    Use as ``@draft_page`` or ``@draft_page(need="edit")``. The view is called as
    ``view(request, access, **kwargs)``. Every response is ``Cache-Control: no-store`` and
    ``X-Robots-Tag: noindex``; a private-link or share-link page also sends
    ``Referrer-Policy: no-referrer``, so the capability URL never leaks through a Referer.
    """
    if view is None:
        return lambda function: draft_page(function, need=need)

    @wraps(view)
    def wrapper(request, public_id=None, token=None, shared_id=None, **kwargs):
        access = draft_for_request(
            request, public_id=public_id, token=token, shared_id=shared_id, need=need
        )
        no_referrer = access.by_link or access.by_share
        return make_private(view(request, access, **kwargs), no_referrer=no_referrer)

    return wrapper


def draft_context(
    request,
    access: DraftAccess,
    *,
    current: str | None = None,
    analysis=None,
    on_review: bool = False,
    review_page: str = "",
) -> dict:
    """Context every draft page shares: the draft, its section map, its notices and links.

    ``current`` is the step key of a wizard page (None elsewhere), ``on_review`` whether
    this is the review page (both are marked in the section map); ``review_page`` is
    ``"comments"``, ``"history"`` or ``"activity"`` on those pages (marked in the review
    bar); ``analysis``
    the draft's :class:`DraftAnalysis` when the view already has it.
    """
    draft = access.draft
    analysis = analysis or draft_analysis(draft)
    link_path = access.url("detail") if access.by_link else ""
    signed_in = request.user.is_authenticated
    invite = access.by_link and not signed_in  # sign up or in, then come back
    back = f"?next={quote(link_path, safe='/')}"
    return {
        "access": access,
        "draft": draft,
        "label": draft_label(analysis.values, name=access.draft.name),
        "analysis": analysis,
        "progress": draft_progress(draft, analysis, current=current, step_url=access.step_url),
        "on_review": on_review,
        "private_link": request.build_absolute_uri(link_path) if access.by_link else "",
        "claim_url": access.url("claim") if access.by_link and signed_in else "",
        "signup_url": reverse("signup") + back if invite else "",
        "login_url": reverse("login") + back if invite else "",
        "review_links": {
            "comments": access.url("comments"),
            "history": access.url("history"),
            "activity": access.url("activity"),
            "sharing": access.url("sharing") if access.allows("owner") else "",
        },
        "review_page": review_page,
        "approval_rule": APPROVAL_RULE,
        "can_reopen": access.allows("owner"),
        "actor": actor_name(request, access),
        "name_url": "" if signed_in else access.url("name"),
        "status_url": access.url("status"),
        "review_url": access.url("review"),
        "preview_url": access.url("preview"),
        "downloads": [
            *((DOWNLOAD_LABELS[fmt], access.url("download", fmt=fmt)) for fmt in LEGAL_FORMATS),
            (DOWNLOAD_DOCX_COMMENTS, access.url("comments-docx")),
        ],
        "publish_downloads": [
            (DOWNLOAD_LABELS[fmt], access.url("download", fmt=fmt)) for fmt in PUBLICATION_FORMATS
        ],
        "publishing": publishing_panel(access),
        "can_edit": access.can_edit,
    }
