"""URLs of the review: the share-link door ``/s/<token>/`` and the review pages of a draft
on each of its ways in (see :func:`drafting.drafts.urls.draft_routes`)."""

from django.urls import path

from drafting.drafts.urls import draft_routes
from drafting.review import comment_views, history_views, sharing_views, status_views

REVIEW_PAGES = [
    ("name/", sharing_views.display_name_view, "name"),
    ("sharing/", sharing_views.sharing, "sharing"),
    ("sharing/<int:link_id>/revoke/", sharing_views.sharing_revoke, "sharing-revoke"),
    ("comments/", comment_views.comments, "comments"),
    ("comments/new/", comment_views.comment_create, "comment-create"),
    ("comments/<int:thread_id>/reply/", comment_views.comment_reply, "comment-reply"),
    ("comments/<int:thread_id>/resolve/", comment_views.comment_resolve, "comment-resolve"),
    ("comments/docx/", comment_views.comments_docx, "comments-docx"),
    ("status/", status_views.status, "status"),
    ("activity/", status_views.activity_page, "activity"),
    ("history/", history_views.history, "history"),
    ("history/<int:number>/", history_views.revision, "revision"),
    ("history/<int:number>/restore/", history_views.revision_restore, "revision-restore"),
    ("compare/", history_views.compare, "compare"),
    ("compare/pdf/", history_views.compare_pdf, "compare-pdf"),
    ("compare/docx/", history_views.compare_docx, "compare-docx"),
]

urlpatterns = [
    path("s/<slug:token>/", sharing_views.share_open, name="share-open"),
    *draft_routes(REVIEW_PAGES),
]
