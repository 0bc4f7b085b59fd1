"""Sharing pages: HTTP only. The share-link door, the name a link holder gives, and the
owner's share links (create, revoke once confirmed)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from drafting.drafts.access import DraftAccess, TooManyAttempts, share_grant_for_token
from drafting.drafts.actors import (
    actor_name,
    actor_user,
    display_name,
    display_name_set,
    needs_display_name,
)
from drafting.drafts.http import make_private
from drafting.drafts.pages import draft_context, draft_page
from drafting.models import ShareLink
from drafting.ratelimits import SHARE_MISS, too_many_requests
from drafting.review import selectors, services
from drafting.review.forms import DisplayNameForm, ShareLinkForm
from drafting.review.pages import confirm_page, confirmed

MSG_NOT_FOUND = "This link does not open anything: it may have been revoked or have expired."
MSG_NAME_SAVED = "Thank you. Your comments and changes will show the name {name}."
MSG_REVOKED = "The link {label} is revoked: it no longer opens the draft."


def share_open(request, token):
    """Trade a share-link token for a grant in the session and redirect to the draft
    without the token in the URL (first to the name page for a visitor without an account
    who has given no name yet); 404 (showing nothing) for a wrong, revoked or expired link;
    429 after too many wrong tokens from one client (a live link still opens)."""
    try:
        draft = share_grant_for_token(request, token)
    except TooManyAttempts as limited:
        response = too_many_requests(request, SHARE_MISS, limited.retry_after)
    except Http404:
        response = HttpResponse(MSG_NOT_FOUND, status=404, content_type="text/plain")
    else:
        access = DraftAccess(draft=draft, via="share")
        if not request.user.is_authenticated and not display_name(request):
            response = redirect(access.url("name"))
        else:
            response = redirect(access.url("detail"))
    return make_private(response, no_referrer=True)


@require_http_methods(["GET", "POST"])
@draft_page
def display_name_view(request, access):
    """Ask a visitor without an account for the name their comments and changes will show
    (kept in the session, changeable); then go on to ``next`` (a page of this site) or the
    draft."""
    if request.user.is_authenticated:
        return redirect(access.url("detail"))
    form = DisplayNameForm(request.POST or None, initial={"name": display_name(request)})
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ):
        target = access.url("detail")
    if request.method == "POST" and form.is_valid():
        display_name_set(request, form.cleaned_data["name"])
        messages.success(request, MSG_NAME_SAVED.format(name=actor_name(request, access)))
        return redirect(target)
    context = {
        **draft_context(request, access),
        "form": form,
        "next": target,
        "first_time": needs_display_name(request, access),
    }
    return render(request, "review/display_name.html", context, status=400 if form.errors else 200)


@draft_page(need="owner")
def sharing(request, access):
    """The owner's share links: create one (its URL is shown once) and list them."""
    form = ShareLinkForm(request.POST or None)
    new_url = ""
    if request.method == "POST" and form.is_valid():
        try:
            _link, token = services.share_link_create(
                draft=access.draft,
                created_by=actor_user(request),
                created_by_name=actor_name(request, access),
                **form.cleaned_data,
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
    """Revoke one share link of the draft once confirmed (a POST without ``confirm`` shows
    what revoking does)."""
    link = ShareLink.objects.filter(pk=link_id, draft=access.draft).first()
    if link is None:
        raise Http404("No such link.")
    label = f"\u201c{link.label}\u201d" if link.label else f"({link.get_role_display()})"
    if not confirmed(request):
        return confirm_page(
            request,
            access,
            title="Revoke this link",
            lead=f"Revoke the share link {label}?",
            points=(
                "Whoever holds it can no longer open the draft; the page they reach says "
                "the link was revoked.",
                "Their comments and changes stay in the draft and its activity.",
                "A revoked link cannot be turned back on: make a new link instead.",
            ),
            cancel="sharing",
        )
    services.share_link_revoke(
        draft=access.draft, link_id=link.pk, by_name=actor_name(request, access)
    )
    messages.success(request, MSG_REVOKED.format(label=label))
    return redirect(access.url("sharing"))
