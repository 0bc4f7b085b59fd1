"""The redline of two Documents as a PDF: each changed clause with its insertions
underlined and deletions struck through, after the answers that changed.

The diff itself is :func:`drafting.assembly.redline.redline` (bounded for any text); the page
is ``templates/document/redline.html`` on the renderers' own template engine, laid out by
WeasyPrint with the static-only URL fetcher. Run it in the render child (its limits apply):
:func:`drafting.rendering.service.redline_file`.
"""

from __future__ import annotations

from django.template import Context

from drafting.assembly.document import Document
from drafting.assembly.redline import AnswerChange, RedlineHeading, changed_only, redline
from drafting.renderers.html import _engine
from drafting.renderers.pdf import breakable_words, html_to_pdf

TEMPLATE = "document/redline.html"


def redline_html(
    old: Document,
    new: Document,
    heading: RedlineHeading,
    answer_changes: tuple[AnswerChange, ...] = (),
) -> str:
    """Return the redline page of ``old`` to ``new`` as HTML (every text escaped)."""
    lines = redline(old, new)
    changed = changed_only(lines)
    context = {
        "label": heading.label,
        "old_number": heading.old_number,
        "new_number": heading.new_number,
        "lines": changed,
        "unchanged": len(lines) - len(changed),
        "answer_changes": answer_changes,
    }
    return _engine().get_template(TEMPLATE).render(Context(context))


def render_redline_pdf(
    old: Document,
    new: Document,
    heading: RedlineHeading,
    answer_changes: tuple[AnswerChange, ...] = (),
) -> bytes:
    """Return the redline of ``old`` to ``new`` as A4 PDF bytes (see :func:`redline_html`);
    very long words get invisible break opportunities first, as in the draft's PDF."""
    page = redline_html(breakable_words(old), breakable_words(new), heading, answer_changes)
    return html_to_pdf(page)
