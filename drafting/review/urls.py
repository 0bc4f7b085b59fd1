"""URLs of the review: the review pages of a draft on each of its ways in (see
:func:`drafting.drafts.urls.draft_routes`). The address a share link carries is the shared
draft's own page ``/s/<token>/`` (``shared-detail``, see
:func:`drafting.drafts.access.share_link_url`)."""

from drafting.drafts.urls import draft_routes
from drafting.review import views

REVIEW_PAGES = [
    ("sharing/", views.sharing, "sharing"),
    ("sharing/<int:link_id>/revoke/", views.sharing_revoke, "sharing-revoke"),
    ("comments/", views.comments, "comments"),
    ("comments/new/", views.comment_create, "comment-create"),
    ("comments/<int:thread_id>/reply/", views.comment_reply, "comment-reply"),
    ("comments/<int:thread_id>/resolve/", views.comment_resolve, "comment-resolve"),
    ("comments/docx/", views.comments_docx, "comments-docx"),
    ("status/", views.status, "status"),
    ("history/", views.history, "history"),
    ("history/<int:number>/", views.revision, "revision"),
    ("history/<int:number>/restore/", views.revision_restore, "revision-restore"),
    ("compare/", views.compare, "compare"),
    ("compare/pdf/", views.compare_pdf, "compare-pdf"),
    ("compare/docx/", views.compare_docx, "compare-docx"),
]

urlpatterns = [
    *draft_routes(REVIEW_PAGES),
]
