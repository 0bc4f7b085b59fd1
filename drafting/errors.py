"""Error pages that explain themselves: a too-large request says what the limits are."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from drafting.questionnaire.answers import MAX_LONGTEXT_CHARS, MAX_TEXT_CHARS


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Answer 400 with the request-size and answer-length limits in force."""
    context = {
        "max_body_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        "max_fields": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        "max_text": MAX_TEXT_CHARS,
        "max_longtext": MAX_LONGTEXT_CHARS,
    }
    return render(request, "400.html", context, status=400)
