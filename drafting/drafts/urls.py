"""URLs of drafts: the start page, the list, and every draft page three times: for its owner
(``/drafts/<public id>/``), its private link (``/d/<token>/``) and a share grant
(``/shared/<public id>/``).

Owner pages are named ``draft-<page>``, private-link pages ``link-<page>``; see
:meth:`drafting.drafts.access.DraftAccess.url`.
"""

from django.urls import path

from drafting.drafts import housekeeping_views, public_views, views
from drafting.drafts.http import same_origin_csrf

DRAFT_PAGES = [
    ("", views.draft_detail, "detail"),
    ("step/<slug:step_key>/", views.draft_step, "step"),
    ("review/", views.draft_review, "review"),
    ("preview/", views.draft_preview, "preview"),
    ("download/<slug:fmt>/", views.draft_download, "download"),
    ("new-link/", views.draft_new_link, "new-link"),
]


def draft_routes(pages) -> list:
    """Return the URL patterns of draft ``pages`` (``(route, view, name)``) for each way in:
    owner ``draft-<name>``, private link ``link-<name>`` and share grant ``shared-<name>``.

    Private-link and share pages are sent with Referrer-Policy: no-referrer, so their forms
    post with "Origin: null"; see drafting.drafts.http.same_origin_csrf.
    """
    return [
        *(
            path(f"drafts/<slug:public_id>/{route}", view, name=f"draft-{name}")
            for route, view, name in pages
        ),
        *(
            path(f"d/<slug:token>/{route}", same_origin_csrf(view), name=f"link-{name}")
            for route, view, name in pages
        ),
        *(
            path(f"shared/<slug:shared_id>/{route}", same_origin_csrf(view), name=f"shared-{name}")
            for route, view, name in pages
        ),
    ]


urlpatterns = [
    path("", views.home, name="home"),
    path("drafts/", views.draft_list, name="draft-list"),
    path("drafts/new/", views.draft_new, name="draft-new"),
    path("drafts/import/", views.draft_import_view, name="draft-import"),
    path(
        "drafts/<slug:public_id>/rename/",
        housekeeping_views.draft_rename_view,
        name="draft-rename",
    ),
    path(
        "drafts/<slug:public_id>/duplicate/",
        housekeeping_views.draft_duplicate_view,
        name="draft-duplicate",
    ),
    path(
        "drafts/<slug:public_id>/delete/",
        housekeeping_views.draft_delete_view,
        name="draft-delete",
    ),
    path(
        "drafts/<slug:public_id>/undelete/",
        housekeeping_views.draft_undelete_view,
        name="draft-undelete",
    ),
    path(
        "drafts/<slug:public_id>/publish/",
        public_views.licence_publish_view,
        name="draft-publish",
    ),
    path(
        "drafts/<slug:public_id>/publish/r<int:revision>/withdraw/",
        public_views.licence_unpublish_view,
        name="draft-unpublish",
    ),
    path(
        "licences/<slug:slug>/r<int:revision>/",
        public_views.public_licence_view,
        name="public-licence",
    ),
    path(
        "licences/<slug:slug>/r<int:revision>/<str:name>",
        public_views.public_licence_download,
        name="public-licence-file",
    ),
    *draft_routes(DRAFT_PAGES),
    path("d/<slug:token>/claim/", same_origin_csrf(views.draft_claim_view), name="link-claim"),
]
