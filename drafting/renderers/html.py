"""HTML: the standalone draft page (download, and the source of the PDF) and the body fragment
the web app embeds in its live preview and review pages.

The templates live in ``templates/document/`` and run on a template engine of our own
(autoescaping, no project context processors), so the output depends on the Document alone.
Every text of the Document is literal data: it reaches the page only through autoescaped
variables, never through ``|safe``. The only markup marked safe is our own stylesheet.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from django.template import Context, Engine
from django.utils.safestring import mark_safe

from drafting.assembly.document import (
    Document,
    DocumentClause,
    ListBlock,
    Paragraph,
    Section,
    Table,
)
from drafting.english import spell
from drafting.renderers import common
from drafting.renderers.approval import approval_view

TEMPLATES_DIR = common.ROOT / "templates"


@cache
def _engine() -> Engine:
    return Engine(
        dirs=[str(TEMPLATES_DIR)],
        loaders=[
            ("django.template.loaders.cached.Loader", ["django.template.loaders.filesystem.Loader"])
        ],
        autoescape=True,
        debug=False,
        string_if_invalid="",
    )


@cache
def _stylesheet(name: str) -> str:
    return (common.DOCUMENT_STATIC_DIR / name).read_text(encoding="utf-8")


def _block_views(clause: DocumentClause, section: Section, document: Document) -> list[dict]:
    views: list[dict[str, Any]] = []
    for block in clause.blocks:
        if section.kind == "cover" and common.is_title_paragraph(block, document):
            continue
        if isinstance(block, Paragraph):
            # The clause title runs in after the number of the clause's first paragraph.
            runin = None
            if not views and block.number and section.kind == "numbered":
                runin = common.runin_title(clause.title)
            views.append({"kind": "paragraph", "block": block, "runin": runin})
        elif isinstance(block, ListBlock):
            views.append({"kind": "list", "block": block})
        elif isinstance(block, Table):
            views.append({"kind": "table", "block": block})
    return views


def _clause_view(clause: DocumentClause, section: Section, document: Document) -> dict:
    blocks = _block_views(clause, section, document)
    first_is_runin = bool(blocks) and bool(blocks[0].get("runin"))
    # A numbered clause that opens with a list or table still shows its title, on its own
    # line; an annex of several clauses titles each of them.
    numbered_untitled = section.kind == "numbered" and not first_is_runin
    annex_part = (
        section.kind == "annex" and len(section.clauses) > 1 and clause.title != section.title
    )
    heading = clause.title if numbered_untitled or annex_part else None
    return {
        "clause": clause,
        "anchor": common.clause_anchor(clause.id),
        "heading": heading,
        "heading_level": 4 if section.kind == "numbered" else 3,
        "blocks": blocks,
    }


def _section_view(section: Section, document: Document) -> dict:
    return {
        "section": section,
        "anchor": common.section_anchor(section.id),
        "clauses": [_clause_view(clause, section, document) for clause in section.clauses],
        "signature": None,
    }


def _context(document: Document) -> dict[str, Any]:
    sections = [_section_view(section, document) for section in common.body_sections(document)]
    signature = common.signature_block(document)
    if signature is not None:
        target = next((view for view in sections if view["section"].kind == "signature"), None)
        if target is None:
            target = {
                "section": Section("signature", common.SIGNATURE_HEADING, "signature", None, ()),
                "anchor": "section-signature",
                "clauses": [],
            }
            sections.append(target)
        target["signature"] = signature
    cover_section = Section("cover", "Cover", "cover", None, common.cover_clauses(document))
    numbers = common.clause_numbers(document)
    return {
        "document": document,
        "approval": approval_view(document.approval, document.english),
        "line_break": "\n",
        "cover_clauses": [
            _clause_view(clause, cover_section, document) for clause in cover_section.clauses
        ],
        "glance": {
            "heading": common.GLANCE_HEADING,
            "intro": spell(common.GLANCE_INTRO, document.english),
            "empty": common.GLANCE_EMPTY,
            "columns": [
                {
                    "status": status,
                    "heading": heading,
                    "symbol": symbol,
                    "items": [
                        {
                            "item": item,
                            "anchor": common.clause_anchor(item.clause_id),
                            "number": numbers.get(item.clause_id),
                        }
                        for item in items
                    ],
                }
                for status, heading, symbol, items in common.glance_columns(document)
            ],
        },
        "sections": sections,
        "notes": {
            "heading": common.NOTES_HEADING,
            "intro": spell(common.NOTES_INTRO, document.english),
            "findings_heading": common.FINDINGS_HEADING,
            "findings_empty": common.FINDINGS_EMPTY,
            "findings_header": common.FINDINGS_HEADER,
            "findings": [
                {
                    "severity": common.severity_text(finding),
                    "severity_key": finding.severity,
                    "message": finding.message,
                    "steps": common.steps_text(finding),
                }
                for finding in document.findings
            ],
            "counsel_heading": common.COUNSEL_HEADING,
            "counsel_questions": document.counsel_questions,
            "counsel_notes": {
                "heading": common.COUNSEL_NOTES_HEADING,
                "anchor": common.COUNSEL_NOTES_ANCHOR,
                "intro": common.COUNSEL_NOTES_INTRO,
                "header": common.COUNSEL_NOTES_HEADER,
                "rows": common.counsel_note_rows(document),
            },
            "clauses_heading": common.CLAUSES_HEADING,
            "clauses_header": common.CLAUSES_HEADER,
            "clauses": [
                {"anchor": common.clause_anchor(clause.id), "cells": cells}
                for clause, cells in zip(
                    document.clauses(), common.clauses_used_rows(document), strict=True
                )
            ],
        },
    }


def _contents(document: Document) -> dict | None:
    """The standalone page's table of contents (its page numbers come from print.css), or
    None for a short draft (:func:`~drafting.renderers.common.wants_contents`)."""
    if not common.wants_contents(document):
        return None
    return {
        "heading": common.CONTENTS_HEADING,
        "entries": [
            {"text": text, "anchor": anchor} for text, anchor in common.contents_entries(document)
        ],
    }


def render_html_fragment(document: Document, *, published: bool = False) -> str:
    """Return the draft's body as an HTML fragment: one ``<article class="ld-document">``.

    For embedding in the web app's preview and review pages, which link
    ``static/document/document.css``. Each clause is an element with
    ``id="clause-<id, dots as hyphens>"``, ``data-clause-id`` and ``data-clause-version``.
    ``published`` gives the text of a public licence page: without the "Draft" flag and
    without the drafting notes (findings, questions for counsel), which are for the parties.
    All Document text is escaped. Returns a ``str``; raises nothing for any Document text.
    """
    context = {**_context(document), "published": published}
    html = _engine().get_template("document/body.html").render(Context(context, autoescape=True))
    return common.xml_safe(html)


def render_html(document: Document) -> str:
    """Return the draft as a complete standalone HTML page (``str``, UTF-8 when written).

    The page inlines ``static/document/document.css`` and ``print.css`` (paged media for the
    PDF), and has a table of contents after the cover when the draft is long
    (:func:`~drafting.renderers.common.wants_contents`); it links nothing outside itself but
    the print watermark, which the PDF renderer resolves against ``static/document/``. All
    Document text is escaped.
    """
    context = _context(document)
    context["contents"] = _contents(document)
    context["stylesheet"] = mark_safe(_stylesheet("document.css"))  # noqa: S308 - our own file
    context["print_stylesheet"] = mark_safe(_stylesheet("print.css"))  # noqa: S308 - our own file
    html = _engine().get_template("document/page.html").render(Context(context, autoescape=True))
    return common.xml_safe(html)
