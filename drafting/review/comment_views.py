"""Comment pages: HTTP only. The draft with its threads, new comments, replies, resolving,
and the DOCX with the open threads as Word comments."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from drafting.drafts.actors import actor_name, actor_user
from drafting.drafts.pages import draft_context, draft_page
from drafting.drafts.selectors import draft_filename, draft_preview_html
from drafting.models import Comment
from drafting.renderers import CONTENT_TYPES
from drafting.renderers.docx import DocxComment
from drafting.rendering.service import commented_docx_file
from drafting.rendering.worker import RenderFailed
from drafting.review import selectors, services
from drafting.review.forms import CommentForm, ReplyForm
from drafting.review.pages import render_failed, review_document


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
    return _comments_page(request, access, review_document(access))


@require_POST
@draft_page(need="comment")
def comment_create(request, access):
    """Start a thread on the clause chosen; on a problem show the page with it (400)."""
    document = review_document(access)
    form = CommentForm(request.POST, clauses=selectors.clause_choices(document))
    if form.is_valid():
        try:
            services.comment_add(
                draft=access.draft,
                document=document,
                author=actor_user(request),
                author_name=actor_name(request, access),
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
    document = review_document(access)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            services.comment_reply(
                thread=thread,
                document=document,
                author=actor_user(request),
                author_name=actor_name(request, access),
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
        thread=thread,
        resolved=request.POST.get("resolved") == "1",
        by_name=actor_name(request, access),
    )
    return redirect(access.url("comments") + f"#thread-{thread.pk}")


@draft_page
def comments_docx(request, access):
    """The draft as DOCX with every open, attached thread as a native Word comment, each
    authored by whoever wrote it (the account, or the link holder's name and link)."""
    document = review_document(access)
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
        return render_failed(request, access, error)
    response = HttpResponse(data, content_type=CONTENT_TYPES["docx"])
    filename = draft_filename(access.draft, "-with-comments.docx")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
