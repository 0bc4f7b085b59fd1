"""Page fragments rendered with Jinja2 on every wizard request: a step's questions and the
section map.

These two fragments are most of a wizard page's markup. In Django's template language they
cost about 2 ms a page on the development machine (a node costs a few microseconds, and a
step has several hundred); Jinja2 compiles templates to Python and renders the same markup
in a fraction of that (docs/performance.md, "Wizard steps"). The templates live in
``templates/jinja2/`` and are rendered by the ``jinja2`` engine of ``settings.TEMPLATES``
(autoescaping on, undefined names an error). They get only what is passed here, no context
processors, and the pages insert the result as it is.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from drafting.drafts.forms import StepForm
from drafting.drafts.layout import question_views
from drafting.drafts.selectors import Progress

ENGINE = "jinja2"
QUESTIONS_TEMPLATE = "wizard/questions.html"
SECTION_MAP_TEMPLATE = "wizard/section_map.html"


def _render(template_name: str, context: dict) -> SafeString:
    # Jinja2's autoescaping escaped every value that came from data (labels, answers,
    # messages, URLs); the only markup passed in was built with format_html.
    return mark_safe(render_to_string(template_name, context, using=ENGINE))  # noqa: S308


def render_questions(form: StepForm) -> SafeString:
    """Return the HTML of the questions of ``form`` (a :class:`StepForm`, bound or not,
    after ``add_problems``): one ``div.question`` per question, in page order."""
    return _render(QUESTIONS_TEMPLATE, {"questions": question_views(form)})


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
