"""Page fragments rendered with Jinja2 on every wizard request: a step's own content (its
questions, error summary and form) and the section map.

These fragments are most of a wizard page's markup. In Django's template language they
cost about 2 ms a page on the development machine (a node costs a few microseconds, and a
step has several hundred); Jinja2 compiles templates to Python and renders the same markup
in a fraction of that (docs/performance.md, "Wizard steps"). The templates live in
``templates/jinja2/`` and are rendered by the ``jinja2`` engine of ``settings.TEMPLATES``
(autoescaping on, undefined names an error). They get only what is passed here (and, for the
step, Django's ``csrf_input`` from the request), no context processors, and the pages insert
the result as it is.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from drafting.drafts.forms import StepForm
from drafting.drafts.layout import question_views
from drafting.drafts.selectors import Progress

ENGINE = "jinja2"
QUESTIONS_TEMPLATE = "wizard/questions.html"
STEP_BODY_TEMPLATE = "wizard/step_body.html"
SECTION_MAP_TEMPLATE = "wizard/section_map.html"


def _render(template_name: str, context: dict, request: HttpRequest | None = None) -> SafeString:
    # Jinja2's autoescaping escaped every value that came from data (labels, answers,
    # messages, URLs); the only markup passed in was built with format_html.
    html = render_to_string(template_name, context, request=request, using=ENGINE)
    return mark_safe(html)  # noqa: S308


def render_questions(form: StepForm) -> SafeString:
    """Return the HTML of the questions of ``form`` (a :class:`StepForm`, bound or not,
    after ``add_problems``): one ``div.question`` per question, in page order."""
    return _render(QUESTIONS_TEMPLATE, {"questions": question_views(form)})


def render_step_body(request: HttpRequest, context: dict) -> SafeString:
    """Return the HTML of a wizard step's own content, inside the draft frame: its title,
    introduction, error summary, conflict panel and form around :func:`render_questions`.

    ``context`` is the step page's context (``drafting.drafts.views``): ``step``, ``form``
    (after ``add_problems``), ``progress``, ``label``, ``conflict_rows``, ``return_to``,
    ``previous_url``, ``previous_title``, ``step_self_url``, ``preview_url``, ``review_url``
    and the two datalists. The request gives the CSRF input.
    Raises ``jinja2.UndefinedError`` when a name the template uses is missing.
    """
    questions = render_questions(context["form"])
    return _render(STEP_BODY_TEMPLATE, {**context, "questions_html": questions}, request)


def render_section_map(
    progress: Progress, *, can_edit: bool, review_url: str, on_review: bool
) -> SafeString:
    """Return the HTML of the section map: every step of ``progress`` with its state, linked
    when ``can_edit``, then the link to the review page (``review_url``), marked as the
    current page when ``on_review``."""
    return _render(
        SECTION_MAP_TEMPLATE,
        {
            "progress": progress,
            "can_edit": can_edit,
            "review_url": review_url,
            "on_review": on_review,
        },
    )
