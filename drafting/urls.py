"""URL configuration: each concern's views are included from its own module."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("drafting.accounts.urls")),
    path("", include("drafting.drafts.urls")),
    path("", include("drafting.review.urls")),
]

handler400 = "drafting.errors.bad_request"
