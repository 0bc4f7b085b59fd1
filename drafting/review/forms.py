"""Forms of the review pages: plain Django forms, bound and validated in the views."""

from __future__ import annotations

from django import forms

from drafting.drafts.actors import NAME_MAX
from drafting.models import ShareLink
from drafting.questionnaire.answers import BIDI_CONTROLS, MSG_BIDI
from drafting.review.services import BODY_MAX, LABEL_MAX


def refuse_bidi_controls(value: str) -> None:
    """Refuse text holding a bidi control character, as answers are refused
    (:data:`~drafting.questionnaire.answers.BIDI_CONTROLS`): comments become Word comments
    and labels approver names, which must read as they are. Raises ``ValidationError``."""
    if BIDI_CONTROLS.search(value or ""):
        raise forms.ValidationError(f"This text {MSG_BIDI}.", code="bidi")


class ShareLinkForm(forms.Form):
    """A new share link: its role, a label for the owner, and an optional last day."""

    role = forms.ChoiceField(choices=ShareLink.Role.choices, initial=ShareLink.Role.COMMENT)
    label = forms.CharField(
        max_length=LABEL_MAX,
        required=False,
        help_text='For example "for counsel".',
        validators=[refuse_bidi_controls],
    )
    expires_on = forms.DateField(
        required=False,
        label="Last day the link works",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for a link that works until you revoke it.",
    )


NOTIFY_HELP = "Optional. Only used to tell you of replies to this thread."


def notify_email_field() -> forms.EmailField:
    """The optional address where a comment's author hears of replies."""
    return forms.EmailField(
        label="Your email for replies",
        required=False,
        max_length=254,
        help_text=NOTIFY_HELP,
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}),
    )


class CommentForm(forms.Form):
    """A new comment thread on a clause chosen from the draft's clauses."""

    clause_id = forms.ChoiceField(label="Clause")
    body = forms.CharField(
        label="Comment",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[refuse_bidi_controls],
    )
    notify_email = notify_email_field()

    def __init__(self, *args, clauses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clause_id"].choices = [("", "Choose a clause"), *clauses]


class ReplyForm(forms.Form):
    """A reply to a thread."""

    body = forms.CharField(
        label="Reply",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[refuse_bidi_controls],
    )
    notify_email = notify_email_field()


class CompareForm(forms.Form):
    """Two revision numbers to compare (``from`` is read as ``old``)."""

    old = forms.IntegerField(min_value=0)
    new = forms.IntegerField(min_value=0)


class DisplayNameForm(forms.Form):
    """The name a visitor without an account gives, shown on their comments and changes."""

    name = forms.CharField(
        label="Your name",
        max_length=NAME_MAX,
        help_text=(
            f"At most {NAME_MAX} characters. It is shown with the link's label on what you "
            "comment, change or approve, so the draft's owner knows who did it."
        ),
        validators=[refuse_bidi_controls],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
