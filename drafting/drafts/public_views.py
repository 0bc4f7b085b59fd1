"""Public licence pages, and the owner's publish and unpublish buttons.

HTTP only, as in :mod:`drafting.drafts.views`: publish and unpublish are POSTs (CSRF, a
confirmation box) of the signed-in owner, checked through the one access function, that call
one function of :mod:`drafting.drafts.publishing` and say what happened with a message. The
public page and its downloads need no account: 404 where nothing was published, 410 with the
date where the licence was withdrawn.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from drafting.drafts import publishing
from drafting.drafts.access import draft_for_request
from drafting.drafts.selectors import DocumentUnavailable, public_licence_url


@login_required
@require_POST
def licence_publish_view(request, public_id):
    """Publish the draft's approved revision on its public page (the owner ticks a box)."""
    draft = draft_for_request(request, public_id=public_id, need="owner").draft
    try:
        page = publishing.licence_publish(
            draft=draft, user=request.user, confirmed=request.POST.get("confirm") == "yes"
        )
    except (publishing.PublishingError, DocumentUnavailable) as error:
        messages.error(request, f"The licence was not published: {error}")
    else:
        messages.success(
            request,
            f"Published revision {page.revision}: anyone can now read it at "
            f"{public_licence_url(page.slug, page.revision)}",
        )
    return redirect("draft-review", public_id=public_id)


@login_required
@require_POST
def licence_unpublish_view(request, public_id, revision):
    """Withdraw the public page of one revision (the owner ticks a box)."""
    draft = draft_for_request(request, public_id=public_id, need="owner").draft
    if request.POST.get("confirm") != "yes":
        messages.error(request, "The page was not withdrawn: tick the box to confirm.")
        return redirect("draft-review", public_id=public_id)
    try:
        publishing.licence_unpublish(draft=draft, revision=revision)
    except publishing.PublishingError as error:
        messages.error(request, f"The page was not withdrawn: {error}")
    else:
        messages.success(
            request,
            f"Withdrew the public page of revision {revision}: it now says the licence "
            "was withdrawn.",
        )
    return redirect("draft-review", public_id=public_id)


@require_safe
def public_licence_view(request, slug, revision):
    """The public licence page: key terms, full text, attribution, twins and their hashes."""
    try:
        licence = publishing.public_licence_page(slug=slug, revision=revision)
    except publishing.LicenceNotPublished as error:
        raise Http404("No licence is published here.") from error
    except publishing.LicenceWithdrawn as withdrawn:
        return render(request, "public/withdrawn.html", {"withdrawn": withdrawn}, status=410)
    return render(request, "public/licence.html", {"licence": licence})


@require_safe
def public_licence_download(request, slug, revision, name):
    """One twin of a public licence (or its TDMRep policy), as a file."""
    try:
        content, content_type = publishing.public_licence_file(
            slug=slug, revision=revision, name=name
        )
    except publishing.LicenceNotPublished as error:
        raise Http404("No such file.") from error
    except publishing.LicenceWithdrawn as withdrawn:
        return render(request, "public/withdrawn.html", {"withdrawn": withdrawn}, status=410)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
