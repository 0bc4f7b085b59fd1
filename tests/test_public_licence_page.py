"""The public licence page: the owner publishes an approved revision, anyone reads it at
/licences/<slug>/r<N>/ (key terms, full text, attribution, twins and their hashes), the twins
link to it, and unpublishing leaves a 410 page saying when the licence was withdrawn."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest
import rdflib
import yaml
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from drafting.drafts.access import DraftAccess
from drafting.drafts.publishing import PublishingError, licence_publish
from drafting.drafts.selectors import draft_document
from drafting.drafts.services import draft_import
from drafting.models import PublishedLicence
from drafting.renderers.card import DEFAULT_LICENSE_LINK
from drafting.renderers.odrl import ODRL
from drafting.renderers.terms import text_sha256
from drafting.review.services import draft_set_status, share_link_create
from tests.security_support import assert_security_headers

os.environ.setdefault("HF_HUB_OFFLINE", "1")
pytestmark = pytest.mark.django_db
EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "research-community.yaml"
SLUG = "kernewek-speech-corpus-research-licence"


def owned_draft(username="steward", *, approve=True):
    """A complete draft (the research example) of a new account, approved by counsel."""
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw")
    draft, _none = draft_import(owner=user, content=EXAMPLE.read_bytes(), filename=EXAMPLE.name)
    if approve:
        draft_set_status(draft=draft, status="in_review", by_name=username, by_owner=True)
        draft_set_status(draft=draft, status="approved", by_name="counsel")
    draft.refresh_from_db()
    client = Client()
    client.force_login(user)
    return draft, user, client


def publish(client, draft, confirm=True):
    data = {"confirm": "yes"} if confirm else {}
    return client.post(reverse("draft-publish", kwargs={"public_id": draft.public_id}), data)


def page_path(revision):
    return reverse("public-licence", kwargs={"slug": SLUG, "revision": revision})


def test_the_owner_publishes_the_approved_revision_and_anyone_can_read_it():
    draft, _user, client = owned_draft()
    response = publish(client, draft)
    assert response.status_code == 302
    assert "anyone can now read it" in client.get(response.url).content.decode()
    path = page_path(draft.revision)
    response = Client().get(path)
    assert response.status_code == 200
    page = response.content.decode()
    document = draft_document(draft)
    assert document.title in page
    assert f"Revision {draft.revision}" in page
    assert text_sha256(document) in page
    assert "Key terms at a glance" in page
    for item in document.glance:
        assert item.item.replace("'", "&#x27;") in page
    assert "Credit the dataset as" in page
    for clause in document.clauses():  # the full text, clause by clause
        assert f'data-clause-id="{clause.id}"' in page
    assert "Drafting notes" not in page  # notes are for the parties, not the public
    assert 'class="ld-draft-flag"' not in page


def test_the_page_lists_each_twin_with_the_sha256_of_what_it_serves():
    draft, _user, client = owned_draft()
    publish(client, draft)
    page = Client().get(page_path(draft.revision)).content.decode()
    names = ["README.md", "licence.odrl.jsonld", "licence.croissant.jsonld"]
    names += ["licence.spdx3.json", "licence.ics", "signals.zip"]
    for name in names:
        url = f"{settings.SITE_URL}{page_path(draft.revision)}{name}"
        assert url in page
        response = Client().get(page_path(draft.revision) + name)
        assert response.status_code == 200
        assert hashlib.sha256(response.content).hexdigest() in page


def test_the_twins_link_to_the_public_page_once_published_and_not_before_or_after():
    draft, _user, client = owned_draft()
    download = reverse("draft-download", kwargs={"public_id": draft.public_id, "fmt": "card"})

    def front_matter():
        text = client.get(download).content.decode()
        return yaml.safe_load(text.split("---")[1])

    assert front_matter()["license_link"] == DEFAULT_LICENSE_LINK
    publish(client, draft)
    link = settings.SITE_URL.rstrip("/") + page_path(draft.revision)
    assert front_matter()["license_link"] == link
    fmt_url = download.replace("/card/", "/{}/")
    croissant = json.loads(client.get(fmt_url.format("croissant")).content)
    assert croissant["license"] == link
    assert croissant["url"] == link
    spdx = json.loads(client.get(fmt_url.format("spdx")).content)
    (licence,) = [item for item in spdx["@graph"] if item["type"].endswith("CustomLicense")]
    assert licence["expandedlicensing_seeAlso"] == [link]
    graph = rdflib.Graph()
    graph.parse(data=client.get(fmt_url.format("odrl")).content, format="json-ld")
    rows = graph.query(
        f"PREFIX odrl: <{ODRL}> SELECT ?p ?t WHERE {{ ?p odrl:permission ?x . ?x odrl:target ?t }}"
    )
    assert {(str(p), str(t)) for p, t in rows} == {(link + "#policy", link + "#dataset")}
    # The page's own downloads say the same, and the TDM policy is served where signals say.
    served = Client().get(page_path(draft.revision) + "README.md").content.decode()
    assert yaml.safe_load(served.split("---")[1])["license_link"] == link
    policy = Client().get(page_path(draft.revision) + "tdm-policy.jsonld")
    assert policy.status_code == 200
    assert json.loads(policy.content)["profile"] == "http://www.w3.org/ns/tdmrep"
    withdraw(client, draft)
    assert front_matter()["license_link"] == DEFAULT_LICENSE_LINK


def withdraw(client, draft, confirm=True):
    url = reverse(
        "draft-unpublish", kwargs={"public_id": draft.public_id, "revision": draft.revision}
    )
    return client.post(url, {"confirm": "yes"} if confirm else {})


def test_withdrawing_leaves_a_410_page_with_the_date():
    draft, _user, client = owned_draft()
    publish(client, draft)
    assert withdraw(client, draft, confirm=False).status_code == 302
    assert Client().get(page_path(draft.revision)).status_code == 200  # not without the box
    response = withdraw(client, draft)
    assert "says the licence was withdrawn" in client.get(response.url).content.decode()
    response = Client().get(page_path(draft.revision))
    assert response.status_code == 410
    page = response.content.decode()
    assert "This licence was withdrawn" in page
    withdrawn_at = PublishedLicence.objects.get(draft=draft).withdrawn_at
    assert f"{withdrawn_at.day} {withdrawn_at:%B %Y}" in page
    assert_security_headers(response)
    assert Client().get(page_path(draft.revision) + "README.md").status_code == 410
    # Publishing again brings the same address back.
    publish(client, draft)
    assert Client().get(page_path(draft.revision)).status_code == 200


def test_nothing_is_public_until_published_and_unknown_addresses_are_a_styled_404():
    draft, _user, _client = owned_draft()
    for path in (page_path(draft.revision), page_path(draft.revision) + "README.md"):
        response = Client().get(path)
        assert response.status_code == 404
        assert "Nothing here" in response.content.decode()
    response = Client().get(page_path(99))
    assert response.status_code == 404


def test_publishing_needs_the_confirmation_box():
    draft, _user, client = owned_draft()
    response = publish(client, draft, confirm=False)
    assert "Tick the box" in client.get(response.url).content.decode()
    assert not PublishedLicence.objects.exists()


def test_only_an_approved_revision_can_be_published():
    draft, user, client = owned_draft(approve=False)
    response = publish(client, draft)
    assert "Only an approved revision can be published" in client.get(response.url).content.decode()
    assert not PublishedLicence.objects.exists()
    with pytest.raises(PublishingError):
        licence_publish(draft=draft, user=user, confirmed=True)


def test_no_one_but_the_signed_in_owner_can_publish_or_withdraw():
    draft, _user, owner_client = owned_draft()
    _link, share_token = share_link_create(draft=draft, role="edit", created_by=draft.owner)
    anonymous = Client()
    assert publish(anonymous, draft).status_code == 302  # to the sign-in page
    reviewer = Client()
    reviewer.force_login(get_user_model().objects.create_user("counsel", "c@example.org", "x"))
    assert reviewer.get(f"/s/{share_token}/").status_code == 302  # holds the edit grant
    assert publish(reviewer, draft).status_code == 404
    assert not PublishedLicence.objects.exists()
    shared = reviewer.get(f"/shared/{draft.public_id}/review/").content.decode()
    assert "draft-publish" not in shared and "Publish revision" not in shared
    publish(owner_client, draft)
    assert withdraw(reviewer, draft).status_code == 404
    assert PublishedLicence.objects.get().withdrawn_at is None


def test_a_private_link_holder_cannot_publish():
    path = EXAMPLE.read_bytes()
    draft, token = draft_import(content=path, filename=EXAMPLE.name)  # no account
    draft_set_status(draft=draft, status="in_review", by_name="holder")
    draft_set_status(draft=draft, status="approved", by_name="counsel")
    client = Client()
    access = DraftAccess(draft=draft, via="link", token=token)
    page = client.get(access.url("review")).content.decode()
    assert "Publish revision" not in page
    assert client.post(f"/d/{token}/publish/", {"confirm": "yes"}).status_code == 404
    assert publish(client, draft).status_code == 302  # the owner's address asks to sign in
    assert not PublishedLicence.objects.exists()


def test_the_public_page_has_the_security_headers_and_no_private_address():
    draft, _user, client = owned_draft()
    _link, share_token = share_link_create(draft=draft, role="comment", created_by=draft.owner)
    publish(client, draft)
    response = Client().get(page_path(draft.revision))
    assert_security_headers(response)
    page = response.content.decode()
    assert share_token not in page
    assert draft.public_id not in page  # not even the owner's address of the draft
    assert "/s/" not in page and "/d/" not in page and "/shared/" not in page


def test_two_licences_with_one_title_get_two_addresses():
    first, _user, first_client = owned_draft("first")
    second, _user, second_client = owned_draft("second")
    publish(first_client, first)
    publish(second_client, second)
    slugs = dict(PublishedLicence.objects.values_list("draft_id", "slug"))
    assert slugs == {first.pk: SLUG, second.pk: f"{SLUG}-2"}


def test_deleting_the_draft_withdraws_its_page():
    from drafting.drafts.housekeeping import draft_delete, draft_undelete

    draft, _user, client = owned_draft()
    publish(client, draft)
    draft_delete(draft=draft)
    assert Client().get(page_path(draft.revision)).status_code == 410
    draft_undelete(draft=draft)
    assert Client().get(page_path(draft.revision)).status_code == 200


def test_revision_0_is_named_as_a_revision_in_the_licence_identifier():
    draft, _user, client = owned_draft()  # imported: revision 0
    assert draft.revision == 0
    publish(client, draft)
    page = Client().get(page_path(0)).content.decode()
    assert f"LicenseRef-{SLUG}-r0" in page and "-draft<" not in page
