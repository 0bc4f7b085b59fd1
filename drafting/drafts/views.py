"""Draft pages: HTTP only. Each view binds a form, calls one service or selector, and renders
or redirects. Every view of one draft goes through :func:`~drafting.drafts.pages.draft_page`,
which calls the one access function and sets the headers that keep a draft out of caches and
referrers.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from drafting import renderers
from drafting.drafts.access import DraftAccess
from drafting.drafts.actors import actor_name
from drafting.drafts.display import display_data
from drafting.drafts.forms import ImportForm, StepForm, currency_datalist, region_datalist
from drafting.drafts.http import make_private
from drafting.drafts.layout import question_views
from drafting.drafts.pages import DOWNLOAD_FORMATS, draft_context, draft_page
from drafting.drafts.selectors import (
    DocumentUnavailable,
    deleted_drafts_for_user,
    draft_analysis,
    draft_document,
    draft_filename,
    draft_preview_html,
    draft_twin_findings,
    drafts_for_user,
    finding_views,
    glance_status_label,
    missing_views,
    review_sections,
)
from drafting.drafts.services import (
    DraftAlreadyOwned,
    DraftConflict,
    DraftHasNoLink,
    StepInvalid,
    draft_claim,
    draft_create,
    draft_import,
    draft_renew_link,
    draft_save_step,
)
from drafting.drafts.steps import neighbour_steps, stored_values
from drafting.drafts.tasks import rendered_for_download
from drafting.questionnaire.answers import AnswersError
from drafting.questionnaire.definition import get_questionnaire
from drafting.ratelimits import DRAFT_IMPORT, DRAFT_NEW, rate_limited
from drafting.rendering.worker import RenderFailed

PREPARING_RETRY_SECONDS = 2  # the "being prepared" page asks again after this long
RETURN_TO_REVIEW = "review"
MSG_CLAIMED = (
    "The draft is now saved to your account. Its private link no longer opens it: "
    "find it under My drafts."
)
MSG_BAD_FORM = "The page was out of date. Reload it and try again."
MSG_NEW_LINK = (
    "This draft has a new private link, shown below: keep it. The old link no longer opens "
    "the draft."
)
CONFIRM = "yes"  # the value of the confirm button of the claim and new-link pages


def _author(request):
    return request.user if request.user.is_authenticated else None


def home(request):
    """The start page: what the tool does, start or import a draft."""
    return render(request, "drafts/home.html")


@login_required
def draft_list(request):
    """The signed-in user's drafts, and those in the deleted list."""
    context = {
        "drafts": drafts_for_user(request.user),
        "deleted": deleted_drafts_for_user(request.user),
    }
    return render(request, "drafts/list.html", context)


@require_POST
@rate_limited(DRAFT_NEW)
def draft_new(request):
    """Start a draft (owned when signed in, else with a private link) at its first step."""
    draft, token = draft_create(owner=_author(request))
    access = DraftAccess(draft=draft, via="link" if token else "owner", token=token)
    return redirect(access.step_url(get_questionnaire().step_keys[0]))


@require_http_methods(["GET", "POST"])
@rate_limited(DRAFT_IMPORT)
def draft_import_view(request):
    """Start a draft from an uploaded answers file, listing its problems by key path."""
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = ()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            draft, token = draft_import(
                owner=_author(request), content=upload.read(), filename=upload.name
            )
        except AnswersError as error:
            problems = error.problems
        else:
            access = DraftAccess(draft=draft, via="link" if token else "owner", token=token)
            return redirect(access.url("review"))
    response = render(request, "drafts/import.html", {"form": form, "problems": problems})
    return make_private(response, no_referrer=False)


@draft_page
def draft_detail(request, access):
    """The draft's home: progress, where to continue, preview and downloads."""
    context = draft_context(request, access)
    next_step = context["progress"].next_unsaved
    context["continue_url"] = next_step.url if next_step else context["review_url"]
    context["new_link_url"] = access.url("new-link") if access.by_link else ""
    return render(request, "drafts/detail.html", context)


@draft_page(need="edit")
@require_http_methods(["GET", "POST"])
def draft_step(request, access, step_key):
    """One wizard step: show its questions; on POST save them and move on."""
    try:
        step = get_questionnaire().step(step_key)
    except KeyError:
        raise Http404("No such step.") from None
    draft = access.draft
    return_to = request.POST.get("return_to") or request.GET.get("from") or ""
    stored = stored_values(draft.answers)
    conflict_rows = ()
    form = StepForm(request.POST or None, step=step, stored=stored, revision=draft.revision)
    if request.method == "POST" and not form.is_valid():
        form.summary.append(("", MSG_BAD_FORM))
    elif request.method == "POST":
        try:
            draft_save_step(
                draft=draft,
                step_key=step.key,
                data=form.answers(),
                author=_author(request),
                author_name=actor_name(request, access),
                base_revision=form.cleaned_data["base_revision"],
                about_to_review=return_to == RETURN_TO_REVIEW or not neighbour_steps(step.key)[1],
            )
        except DraftConflict as conflict:
            form.show_values(conflict.merged)
            form.add_problems(conflict.problems, new_revision=conflict.revision)
            conflict_rows = _conflict_rows(conflict)
            draft.refresh_from_db()  # saved elsewhere meanwhile: the section map shows it
            stored = stored_values(draft.answers)
        except StepInvalid as invalid:
            form.add_problems(invalid.problems)
        else:
            _before, after = neighbour_steps(step.key)
            if return_to == RETURN_TO_REVIEW or after is None:
                return redirect(access.url("review"))
            return redirect(access.step_url(after))
    analysis = draft_analysis(draft, values=stored)
    context = _step_context(request, access, form, return_to, analysis)
    context["conflict_rows"] = conflict_rows
    return render(request, "wizard/step.html", context)


def _conflict_rows(conflict: DraftConflict) -> tuple[tuple[str, str, str], ...]:
    """``(question label, your value, value saved meanwhile)`` in words, per conflict."""
    questions = get_questionnaire().questions
    return tuple(
        (
            questions[key].label,
            display_data(questions[key], yours) or "(empty)",
            display_data(questions[key], saved) or "(empty)",
        )
        for key, (yours, saved) in conflict.values.items()
    )


def _step_context(request, access: DraftAccess, form: StepForm, return_to: str, analysis) -> dict:
    """The step page's context: the shared draft context, the form and its neighbours."""
    step = form.step
    before, _after = neighbour_steps(step.key)
    return {
        **draft_context(request, access, current=step.key, analysis=analysis),
        "step": step,
        "step_self_url": access.step_url(step.key),
        "form": form,
        "questions": question_views(form),
        "previous_url": access.step_url(before) if before else "",
        "previous_title": get_questionnaire().step(before).title if before else "",
        "return_to": RETURN_TO_REVIEW if return_to == RETURN_TO_REVIEW else "",
        "region_datalist": region_datalist() if form.needs_regions else "",
        "currency_datalist": currency_datalist() if form.needs_currencies else "",
    }


@draft_page
def draft_review(request, access):
    """Every answer by step, the consistency findings, and the key terms at a glance."""
    context = draft_context(request, access, on_review=True)
    analysis = context["analysis"]
    try:
        document = draft_document(access.draft, analysis)
    except DocumentUnavailable as error:
        document, context["document_error"] = None, str(error)
    findings = document.findings if document else analysis.findings
    if document:
        findings += draft_twin_findings(document)
    context.update(
        {
            "sections": review_sections(analysis, step_url=access.step_url),
            "findings": finding_views(findings, step_url=access.step_url),
            "blocking_count": sum(1 for finding in findings if finding.blocking),
            "missing": missing_views(analysis, step_url=access.step_url),
            "glance": [(item, glance_status_label(item)) for item in document.glance]
            if document
            else [],
        }
    )
    return render(request, "wizard/review.html", context)


@draft_page
def draft_preview(request, access):
    """The draft licence as it stands, placeholders where answers are missing."""
    context = {**draft_context(request, access), "on_preview": True}
    try:
        context["preview"] = draft_preview_html(draft_document(access.draft, context["analysis"]))
    except DocumentUnavailable as error:
        context["document_error"] = str(error)
    return render(request, "drafts/preview.html", context)


@draft_page
def draft_download(request, access, fmt):
    """The draft as a PDF, DOCX or JSON file attachment with a safe file name.

    With a task worker, a PDF that is not rendered yet is not rendered here: the answer is a
    202 page that asks again every few seconds (``Retry-After`` and a meta refresh) while
    the worker renders it (see :func:`~drafting.drafts.tasks.rendered_for_download`).
    """
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404("No such format.")
    try:
        data = rendered_for_download(access.draft, fmt)
    except (DocumentUnavailable, RenderFailed) as error:
        context = {**draft_context(request, access), "document_error": str(error)}
        return render(request, "drafts/preview.html", context, status=503)
    if data is None:  # the task worker is rendering it: a page that asks again
        context = {
            **draft_context(request, access),
            "format_name": fmt.upper(),
            "retry_seconds": PREPARING_RETRY_SECONDS,
        }
        response = render(request, "drafts/preparing.html", context, status=202)
        response["Retry-After"] = str(PREPARING_RETRY_SECONDS)
        return response
    response = HttpResponse(data, content_type=renderers.CONTENT_TYPES[fmt])
    filename = draft_filename(access.draft, renderers.EXTENSIONS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _confirmed(request) -> bool:
    return request.method == "POST" and request.POST.get("confirm") == CONFIRM


def _confirm_page(request, access: DraftAccess, template_name: str):
    """The page that says what an action does and asks to confirm it (posting ``confirm``)."""
    context = {**draft_context(request, access), "cancel_url": access.url("detail")}
    return render(request, template_name, {**context, "confirm": CONFIRM})


@login_required
@require_http_methods(["GET", "POST"])
@draft_page(need="owner")
def draft_claim_view(request, access):
    """Move a draft opened by its private link into the signed-in user's account, once
    confirmed: GET, or a POST without ``confirm``, shows what claiming does."""
    if not _confirmed(request):
        return _confirm_page(request, access, "drafts/claim.html")
    try:
        draft = draft_claim(draft=access.draft, user=request.user)
    except DraftAlreadyOwned as error:
        messages.error(request, str(error))
        return redirect(access.url("detail"))
    messages.success(request, MSG_CLAIMED)
    return redirect(DraftAccess(draft=draft, via="owner").url("detail"))


@require_http_methods(["GET", "POST"])
@draft_page(need="owner")
def draft_new_link(request, access):
    """Replace the draft's private link with a new one, once confirmed (GET, or a POST
    without ``confirm``, shows what it does), and go to the draft by the new link."""
    if not access.draft.link_token_hash:
        raise Http404("This draft has no private link.")
    if not _confirmed(request):
        return _confirm_page(request, access, "drafts/new_link.html")
    try:
        draft, token = draft_renew_link(draft=access.draft)
    except DraftHasNoLink:  # claimed meanwhile
        raise Http404("This draft has no private link.") from None
    messages.success(request, MSG_NEW_LINK)
    return redirect(DraftAccess(draft=draft, via="link", token=token).url("detail"))
