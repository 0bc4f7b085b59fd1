"""Page fragments rendered with Jinja2 on every wizard request: a step's own content (its
questions, error summary and form), and the parts of every draft page's frame: the section
map, the private-link or shared-draft notice and the review bar.

These fragments are most of a wizard page's markup. In Django's template language they
cost about 2 ms a page on the development machine (a node costs a few microseconds, and a
step has several hundred); Jinja2 compiles templates to Python and renders the same markup
in a fraction of that (docs/performance.md, "Wizard steps"). The templates live in
``templates/jinja2/`` and are rendered by the ``jinja2`` engine of ``settings.TEMPLATES``
(autoescaping on, undefined names an error). They get only what is passed here (and, where a
request is given, Django's ``csrf_input`` for their forms), no context processors, and the
pages insert the result as it is.
"""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe

from drafting.drafts.access import DraftAccess
from drafting.drafts.forms import StepForm
from drafting.drafts.layout import question_views
from drafting.drafts.selectors import Progress

ENGINE = "jinja2"
QUESTIONS_TEMPLATE = "wizard/questions.html"
STEP_BODY_TEMPLATE = "wizard/step_body.html"
SECTION_MAP_TEMPLATE = "wizard/section_map.html"
LINK_BANNER_TEMPLATE = "drafts/link_banner.html"
REVIEW_NAV_TEMPLATE = "review/review_nav.html"


def _render(template_name: str, context: dict, request: HttpRequest | None = None) -> SafeString:
    # Jinja2's autoescaping escaped every value that came from data (labels, answers,
    # messages, URLs); the only markup passed in is our own: the questions fragment and the
    # datalists (format_html), both escaped when they were made.
    html = render_to_string(template_name, context, request=request, using=ENGINE)
    return mark_safe(html)  # noqa: S308


def render_questions(form: StepForm) -> SafeString:
    """Return the HTML of the questions of ``form`` (a :class:`StepForm`, bound or not,
    after ``add_problems``): one ``div.question`` per question, in page order."""
    return _render(QUESTIONS_TEMPLATE, {"questions": question_views(form)})


def render_step_body(request: HttpRequest, context: dict) -> SafeString:
    """Return the HTML of a wizard step's own content, inside the draft frame: its title,
    introduction, error summary, conflict panel and form around :func:`render_questions`.

    ``context`` is the step page's context (``drafting.drafts.views``): ``step``, ``form``
    (after ``add_problems``), ``progress``, ``label``, ``conflict_rows``, ``return_to``,
    ``previous_url``, ``previous_title``, ``step_self_url``, ``preview_url``, ``review_url``
    and the two datalists. The request gives the CSRF input.
    Raises ``jinja2.UndefinedError`` when a name the template uses is missing.
    """
    questions = render_questions(context["form"])
    return _render(STEP_BODY_TEMPLATE, {**context, "questions_html": questions}, request)


def render_section_map(
    progress: Progress, *, can_edit: bool, review_url: str, on_review: bool
) -> SafeString:
    """Return the HTML of the section map: every step of ``progress`` with its state, linked
    when ``can_edit``, then the link to the review page (``review_url``), marked as the
    current page when ``on_review``."""
    return _render(
        SECTION_MAP_TEMPLATE,
        {
            "progress": progress,
            "can_edit": can_edit,
            "review_url": review_url,
            "on_review": on_review,
        },
    )


def render_link_banner(
    request: HttpRequest, access: DraftAccess, *, private_link: str, link_path: str
) -> SafeString:
    """Return the notice above a draft's pages: for a draft opened by its private link, the
    link to keep (``private_link``, absolute) with a way to claim it (signed in) or to sign
    up or in and come back to ``link_path``; for a shared draft, what the reviewer's role
    allows and until when; nothing for the owner. Dates as "1 December 2026"."""
    signed_in = request.user.is_authenticated
    invite = access.by_link and not signed_in  # sign up or in, then come back
    back = f"?next={quote(link_path, safe='/')}"
    expires_on = access.share.expires_on if access.share else None
    return _render(
        LINK_BANNER_TEMPLATE,
        {
            "access": access,
            "private_link": private_link,
            "signed_in": signed_in,
            "claim_url": access.url("claim") if access.by_link and signed_in else "",
            "signup_url": reverse("signup") + back if invite else "",
            "login_url": reverse("login") + back if invite else "",
            "share_expires": formats.date_format(expires_on, "j F Y") if expires_on else "",
        },
        request,
    )


def render_review_nav(
    request: HttpRequest,
    access: DraftAccess,
    *,
    links: dict[str, str],
    status_url: str,
    current: str = "",
) -> SafeString:
    """Return the review bar of a draft's pages: its status (who moved it last, when, in UTC),
    the ``links`` to ``comments``, ``history`` and ``sharing`` (``""`` when not allowed), the
    current one of them (``current``) marked, and the status buttons that ``access`` allows,
    posting to ``status_url``."""
    changed_at = access.draft.status_changed_at
    return _render(
        REVIEW_NAV_TEMPLATE,
        {
            "access": access,
            "draft": access.draft,
            "links": links,
            "status_url": status_url,
            "current": current,
            "status_changed_at": (
                formats.date_format(timezone.localtime(changed_at), "j F Y, H:i")
                if changed_at
                else ""
            ),
        },
        request,
    )
