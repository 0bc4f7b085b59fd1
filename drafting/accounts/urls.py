"""Account URLs: ``signup`` plus Django's ``login``, ``logout`` and ``password_reset*``."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from drafting.accounts import views
from drafting.drafts.http import same_origin_csrf

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    # "Sign out" is also posted from private-link pages (Referrer-Policy: no-referrer).
    path("logout/", same_origin_csrf(auth_views.LogoutView.as_view()), name="logout"),
    path("", include("django.contrib.auth.urls")),
]
