"""Sign up, and sign in with a limit on failures. Log out and password reset are Django's own
views (see ``urls.py``)."""

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from drafting import ratelimits
from drafting.accounts.forms import SignupForm


def _next_url(request) -> str:
    """Return the safe ``next`` address of the request, or the default after logging in."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


@require_http_methods(["GET", "POST"])
def signup(request):
    """Create an account, sign in with it and go on to ``next`` (a private link, say)."""
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect(_next_url(request))
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    return render(request, "registration/signup.html", {"form": form, "next": next_url})


class LimitedLoginView(LoginView):
    """Django's sign-in, where each failed attempt counts against the client's
    ``ratelimits.SIGN_IN`` limit; a client over it gets the 429 page, right password or not,
    until its window ends."""

    def post(self, request, *args, **kwargs):
        """Refuse with 429 when the client is over its limit, else sign in as Django does."""
        seconds = ratelimits.retry_after(request, ratelimits.SIGN_IN)
        if seconds is not None:
            return ratelimits.too_many_requests(request, ratelimits.SIGN_IN, seconds)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        """Count the failure, then show the form with its errors."""
        ratelimits.hit(self.request, ratelimits.SIGN_IN)
        return super().form_invalid(form)
