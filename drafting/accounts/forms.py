"""Account forms: sign up with a user name, an email address (for password resets) and a
password checked by the project's password validators."""

from django import forms
from django.contrib.auth.forms import BaseUserCreationForm


class SignupForm(BaseUserCreationForm):
    """Create an account. The email address is required: it is how a password is reset."""

    email = forms.EmailField(
        label="Email address",
        help_text="Used only to send you a link if you forget your password.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(BaseUserCreationForm.Meta):
        fields = ("username", "email")
