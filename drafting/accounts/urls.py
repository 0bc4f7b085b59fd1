"""Account URLs: ``signup``, ``login`` (Django's, with a limit on failed attempts), plus
Django's ``logout`` and ``password_reset*``."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from drafting.accounts import views
from drafting.drafts.http import same_origin_csrf

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.LimitedLoginView.as_view(), name="login"),
    # "Sign out" is also posted from private-link pages (Referrer-Policy: no-referrer).
    path("logout/", same_origin_csrf(auth_views.LogoutView.as_view()), name="logout"),
    path("", include("django.contrib.auth.urls")),
]
