"""History pages: HTTP only. Every revision with who saved it, one revision, restoring
one, and the redline between two (page, PDF, Word with tracked changes)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from drafting.assembly.redline import RedlineHeading, changed_only, redline
from drafting.drafts.actors import actor_name, actor_user
from drafting.drafts.housekeeping import draft_restore_revision
from drafting.drafts.pages import draft_context, draft_page
from drafting.drafts.selectors import (
    DocumentUnavailable,
    draft_analysis,
    draft_filename,
    draft_label,
    draft_preview_html,
)
from drafting.models import DraftRevision
from drafting.renderers import CONTENT_TYPES
from drafting.renderers.redline_docx import TrackedChangesHeading
from drafting.rendering.service import redline_file, tracked_changes_file
from drafting.rendering.worker import RenderFailed
from drafting.review import selectors
from drafting.review.forms import CompareForm
from drafting.review.pages import render_failed


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
    draft = draft_restore_revision(
        draft=access.draft,
        number=number,
        author=actor_user(request),
        author_name=actor_name(request, access),
    )
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
        "old_author": selectors.revision_author(old),
        "new_author": selectors.revision_author(new),
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
        return render_failed(request, access, error)
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
        return render_failed(request, access, error)
    response = HttpResponse(rendered.data, content_type=CONTENT_TYPES["docx"])
    name = draft_filename(access.draft, f"-redline-r{old.number}-r{new.number}.docx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
