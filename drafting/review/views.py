"""Review pages: HTTP only. Every page of one draft goes through
:func:`drafting.drafts.pages.draft_page`, which calls the one access function with the role
the page needs (view, comment, edit or owner)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from drafting.assembly.redline import RedlineHeading, changed_only, redline
from drafting.drafts.access import DraftAccess, TooManyAttempts, share_grant_for_token
from drafting.drafts.housekeeping import draft_restore_revision
from drafting.drafts.http import make_private
from drafting.drafts.pages import draft_context, draft_page
from drafting.drafts.selectors import (
    DocumentUnavailable,
    draft_analysis,
    draft_document,
    draft_filename,
    draft_label,
    draft_preview_html,
)
from drafting.models import Comment, DraftRevision, ShareLink
from drafting.ratelimits import SHARE_MISS, too_many_requests
from drafting.renderers import CONTENT_TYPES
from drafting.renderers.docx import DocxComment
from drafting.renderers.redline_docx import TrackedChangesHeading
from drafting.rendering.service import commented_docx_file, redline_file, tracked_changes_file
from drafting.rendering.worker import RenderFailed
from drafting.review import selectors, services
from drafting.review.forms import CommentForm, CompareForm, ReplyForm, ShareLinkForm

MSG_NOT_FOUND = "This link does not open anything: it may have been revoked or have expired."


def _name(request, access: DraftAccess) -> str:
    """Who is acting, as comments and the status record show it."""
    if request.user.is_authenticated:
        return request.user.get_username()
    if access.share is not None:
        label = access.share.label
        return f"Reviewer ({label})" if label else "Reviewer"
    return "Draft owner"


def _user(request):
    return request.user if request.user.is_authenticated else None


def share_open(request, token):
    """Trade a share-link token for a grant in the session and redirect to the draft
    without the token in the URL; 404 (showing nothing) for a wrong, revoked or expired
    link; 429 after too many wrong tokens from one client (a live link still opens)."""
    try:
        draft = share_grant_for_token(request, token)
    except TooManyAttempts as limited:
        response = too_many_requests(request, SHARE_MISS, limited.retry_after)
    except Http404:
        response = HttpResponse(MSG_NOT_FOUND, status=404, content_type="text/plain")
    else:
        response = redirect(DraftAccess(draft=draft, via="share").url("detail"))
    return make_private(response, no_referrer=True)


# -- share links (owner) -------------------------------------------------------------------
@draft_page(need="owner")
def sharing(request, access):
    """The owner's share links: create one (its URL is shown once) and list them."""
    form = ShareLinkForm(request.POST or None)
    new_url = ""
    if request.method == "POST" and form.is_valid():
        try:
            _link, token = services.share_link_create(
                draft=access.draft, created_by=_user(request), **form.cleaned_data
            )
        except services.ReviewError as error:
            form.add_error("expires_on", str(error))
        else:
            new_url = request.build_absolute_uri(reverse("share-open", kwargs={"token": token}))
            form = ShareLinkForm()
    context = {
        **draft_context(request, access),
        "form": form,
        "new_url": new_url,
        "links": [
            (view, access.url("sharing-revoke", link_id=view.link.pk))
            for view in selectors.share_links_for(access.draft)
        ],
    }
    return render(request, "review/sharing.html", context)


@require_POST
@draft_page(need="owner")
def sharing_revoke(request, access, link_id):
    """Revoke one share link of the draft."""
    try:
        services.share_link_revoke(draft=access.draft, link_id=link_id)
    except ShareLink.DoesNotExist:
        raise Http404("No such link.") from None
    return redirect(access.url("sharing"))


# -- comments ------------------------------------------------------------------------------
def _document(access):
    try:
        return draft_document(access.draft)
    except DocumentUnavailable as error:
        raise Http404(str(error)) from error  # a library fault: nothing to comment on


def _comments_page(request, access, document, *, form=None, reply=None, status=200):
    """The comments page; ``form`` is a refused new comment, ``reply`` a refused
    ``(thread id, ReplyForm)``, each shown with its message and what was typed."""
    reply_thread, reply_form = reply or (None, ReplyForm())
    context = {
        **draft_context(request, access, review_page="comments"),
        "preview": draft_preview_html(document),
        "threads": [
            (
                thread,
                access.url("comment-reply", thread_id=thread.root.pk),
                access.url("comment-resolve", thread_id=thread.root.pk),
            )
            for thread in selectors.threads_for(access.draft, document)
        ],
        "create_url": access.url("comment-create"),
        "docx_url": access.url("comments-docx"),
        "form": form or CommentForm(clauses=selectors.clause_choices(document)),
        "reply_form": reply_form,
        "reply_thread": reply_thread,
        "can_comment": access.can_comment,
    }
    return render(request, "review/comments.html", context, status=status)


@require_GET
@draft_page
def comments(request, access):
    """The draft with its comment threads; a form to comment on a clause (comment role)."""
    return _comments_page(request, access, _document(access))


@require_POST
@draft_page(need="comment")
def comment_create(request, access):
    """Start a thread on the clause chosen; on a problem show the page with it (400)."""
    document = _document(access)
    form = CommentForm(request.POST, clauses=selectors.clause_choices(document))
    if form.is_valid():
        try:
            services.comment_add(
                draft=access.draft,
                document=document,
                author=_user(request),
                author_name=_name(request, access),
                **form.cleaned_data,
            )
        except services.ReviewError as error:
            form.add_error("body", str(error))
        else:
            return redirect(access.url("comments"))
    return _comments_page(request, access, document, form=form, status=400)


def _thread(access, thread_id) -> Comment:
    thread = Comment.objects.filter(pk=thread_id, draft=access.draft, thread=None).first()
    if thread is None:
        raise Http404("No such comment.")
    return thread


@require_POST
@draft_page(need="comment")
def comment_reply(request, access, thread_id):
    """Reply to a thread; a refused reply (empty, too long, a bidi control character) is
    shown at its thread with the message and the text typed (400)."""
    thread = _thread(access, thread_id)
    document = _document(access)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.comment_reply(
                thread=thread,
                document=document,
                author=_user(request),
                author_name=_name(request, access),
                body=form.cleaned_data["body"],
                notify_email=form.cleaned_data["notify_email"],
            )
        except services.ReviewError as error:
            form.add_error("body", str(error))
        else:
            return redirect(access.url("comments") + f"#thread-{thread.pk}")
    return _comments_page(request, access, document, reply=(thread.pk, form), status=400)


@require_POST
@draft_page(need="comment")
def comment_resolve(request, access, thread_id):
    """Resolve a thread (``resolved=1``) or reopen it (``resolved=0``)."""
    thread = _thread(access, thread_id)
    services.thread_set_resolved(
        thread=thread, resolved=request.POST.get("resolved") == "1", by_name=_name(request, access)
    )
    return redirect(access.url("comments") + f"#thread-{thread.pk}")


@draft_page
def comments_docx(request, access):
    """The draft as DOCX with every open, attached thread as a native Word comment."""
    document = _document(access)
    notes = [
        DocxComment(
            clause_id=thread.root.clause_id,
            author=thread.root.author_name,
            paragraphs=(
                thread.root.body
                + (" [outdated: the clause changed since]" if thread.state == "outdated" else ""),
                *(f"{reply.author_name}: {reply.body}" for reply in thread.replies),
            ),
        )
        for thread in selectors.threads_for(access.draft, document)
        if not thread.resolved and thread.state != "detached"
    ]
    try:
        data = commented_docx_file(document=document, comments=notes).data
    except RenderFailed as error:
        return _render_failed(request, access, error)
    response = HttpResponse(data, content_type=CONTENT_TYPES["docx"])
    filename = draft_filename(access.draft, "-with-comments.docx")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- status --------------------------------------------------------------------------------
@require_POST
@draft_page(need="edit")
def status(request, access):
    """Move the draft to "in review" (owner or edit role) or "approved" (edit share link,
    not the owner's own); a refusal is shown on the draft's page."""
    target = request.POST.get("status", "")
    if target == "approved" and not access.can_approve:
        raise PermissionDenied("Only a reviewer with an edit link can approve the draft.")
    try:
        services.draft_set_status(
            draft=access.draft,
            status=target,
            by_name=_name(request, access),
            by_owner=not access.by_share,
            self_review=access.self_review,
        )
    except services.ApprovalBlocked as error:
        messages.error(request, str(error))
        return redirect(access.url("review"))
    except services.ReviewError as error:
        messages.error(request, str(error))  # shown on the draft's page
    return redirect(access.url("detail"))


# -- history and compare -------------------------------------------------------------------
def _revision(access, number) -> DraftRevision:
    revision = access.draft.revisions.filter(number=number).first()
    if revision is None:
        raise Http404("No such revision.")
    return revision


@draft_page
def history(request, access):
    """Every revision: who, when, which questions and clause versions changed."""
    rows = [
        (row, access.url("revision", number=row.revision.number))
        for row in selectors.history_rows(access.draft)
    ]
    context = {
        **draft_context(request, access, review_page="history"),
        "rows": rows,
        "compare_url": access.url("compare"),
    }
    return render(request, "review/history.html", context)


@draft_page
def revision(request, access, number):
    """The draft as it was at revision ``number``."""
    rev = _revision(access, number)
    try:
        document = selectors.revision_document(access.draft, rev)
    except DocumentUnavailable as error:
        raise Http404(str(error)) from error
    context = {
        **draft_context(request, access),
        "rev": rev,
        "preview": draft_preview_html(document),
        "restore_url": access.url("revision-restore", number=rev.number),
    }
    return render(request, "review/revision.html", context)


@require_POST
@draft_page(need="edit")
def revision_restore(request, access, number):
    """Make revision ``number``'s answers the draft's again, as a new revision."""
    _revision(access, number)
    draft = draft_restore_revision(draft=access.draft, number=number, author=_user(request))
    if draft.revision == access.draft.revision:
        messages.info(request, f"The answers are already those of revision {number}.")
    else:
        messages.success(
            request, f"Restored the answers of revision {number} as revision {draft.revision}."
        )
    return redirect(access.url("history"))


def _revisions(access, request) -> tuple[DraftRevision, DraftRevision]:
    latest = access.draft.revision
    form = CompareForm(request.GET or {"old": max(latest - 1, 0), "new": latest})
    if not form.is_valid():
        raise Http404("No such revisions.")
    return _revision(access, form.cleaned_data["old"]), _revision(access, form.cleaned_data["new"])


def _documents(access, old, new):
    try:
        return (
            selectors.revision_document(access.draft, old),
            selectors.revision_document(access.draft, new),
        )
    except DocumentUnavailable as error:
        raise Http404(str(error)) from error


def _render_failed(request, access, error: RenderFailed):
    """The page for a file that could not be rendered: the reason, never a 500."""
    context = {**draft_context(request, access), "document_error": str(error)}
    return render(request, "drafts/preview.html", context, status=503)


@draft_page
def compare(request, access):
    """A redline between two revisions (``?old=&new=``; default the last two)."""
    old, new = _revisions(access, request)
    lines = redline(*_documents(access, old, new))
    changed = changed_only(lines)
    context = {
        **draft_context(request, access),
        "old": old,
        "new": new,
        "lines": changed,
        "unchanged": len(lines) - len(changed),
        "answer_changes": selectors.answer_changes(old, new),
        "pdf_url": access.url("compare-pdf") + f"?old={old.number}&new={new.number}",
        "docx_url": access.url("compare-docx") + f"?old={old.number}&new={new.number}",
        "numbers": list(access.draft.revisions.values_list("number", flat=True)),
    }
    return render(request, "review/compare.html", context)


@draft_page
def compare_pdf(request, access):
    """The redline between two revisions as a PDF, made by the render service."""
    old, new = _revisions(access, request)
    heading = RedlineHeading(
        label=draft_label(draft_analysis(access.draft).values, name=access.draft.name),
        old_number=old.number,
        new_number=new.number,
    )
    old_document, new_document = _documents(access, old, new)
    try:
        rendered = redline_file(
            old=old_document,
            new=new_document,
            heading=heading,
            answer_changes=selectors.answer_changes(old, new),
        )
    except RenderFailed as error:
        return _render_failed(request, access, error)
    response = HttpResponse(rendered.data, content_type=CONTENT_TYPES["pdf"])
    name = draft_filename(access.draft, f"-redline-r{old.number}-r{new.number}.pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@draft_page
def compare_docx(request, access):
    """The redline between two revisions as a Word file with tracked changes: the whole
    draft, each insertion and deletion authored by whoever saved the revision that made it.
    Made by the render service (render child, file cache)."""
    old, new = _revisions(access, request)
    old_document, new_document = _documents(access, old, new)
    label = draft_label(draft_analysis(access.draft).values, name=access.draft.name)
    try:
        authors = selectors.change_authors(access.draft, old, new)
    except DocumentUnavailable as error:
        raise Http404(str(error)) from error
    heading = TrackedChangesHeading(
        title=f"Redline of {label}: revision {old.number} to revision {new.number}",
        intro=(
            "DRAFT. The changes between the two revisions are tracked changes: accept or "
            "reject each one in Word or LibreOffice."
        ),
        default_author=selectors.revision_author(new),
        when=new.created_at,
    )
    try:
        rendered = tracked_changes_file(
            old=old_document, new=new_document, heading=heading, authors=authors
        )
    except RenderFailed as error:
        return _render_failed(request, access, error)
    response = HttpResponse(rendered.data, content_type=CONTENT_TYPES["docx"])
    name = draft_filename(access.draft, f"-redline-r{old.number}-r{new.number}.docx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
