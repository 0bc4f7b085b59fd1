"""Redline as Word tracked changes: two versions of a draft compared, every insertion a native
``w:ins`` and every deletion a native ``w:del``, so counsel can accept or reject each change
in Word or LibreOffice.

The comparison itself is :func:`drafting.assembly.redline.redline` (the same word diff the
compare page and the redline PDF show); this module only writes its segments as
WordprocessingML with python-docx's oxml (why no tracked-changes library:
docs/architecture.md).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from docx import Document as new_word_document
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml.etree import SubElement

from drafting.renderers import common

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NO_AUTHOR = "License Drafter"
STATUS_WORDS = {"added": "clause added", "removed": "clause removed"}


@dataclass(frozen=True, slots=True)
class TrackedChangesHeading:
    """What the redline says about itself: ``title`` (the first line), ``intro`` (one
    paragraph under it), ``default_author`` (the author of a change no clause author is
    known for) and ``when`` (the date of every change, timezone-aware)."""

    title: str
    intro: str
    default_author: str
    when: dt.datetime


def _text_element(run, tag: str, text: str) -> None:
    node = SubElement(run, qn(tag))
    node.text = common.xml_safe(text)
    node.set(XML_SPACE, "preserve")


class _TrackedWriter:
    def __init__(self, heading: TrackedChangesHeading):
        self.heading = heading
        self.word = new_word_document()
        self.word.styles["Normal"].font.size = Pt(10.5)
        self.ids = itertools.count(1)
        self.date = heading.when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")

    def paragraph(self, text: str = "", style: str | None = None):
        return self.word.add_paragraph(common.xml_safe(text), style=style)._p

    def segment(self, paragraph, kind: str, text: str, author: str) -> None:
        """Append ``text`` to ``paragraph``: plain for ``same``, inside ``w:ins`` / ``w:del``
        (written by ``author``) for ``ins`` / ``del``."""
        if not text:
            return
        if kind == "same":
            _text_element(SubElement(paragraph, qn("w:r")), "w:t", text)
            return
        change = SubElement(
            paragraph,
            qn("w:ins" if kind == "ins" else "w:del"),
            {
                qn("w:id"): str(next(self.ids)),
                qn("w:author"): common.xml_safe(author)[:255] or NO_AUTHOR,
                qn("w:date"): self.date,
            },
        )
        run = SubElement(change, qn("w:r"))
        _text_element(run, "w:t" if kind == "ins" else "w:delText", text)

    def clause(self, line, author: str) -> None:
        """One clause of the redline: its heading, then its text, a paragraph per line."""
        title = f"{line.number} {line.title}".strip()
        if line.status in STATUS_WORDS:
            title += f" ({STATUS_WORDS[line.status]})"
        self.paragraph(title, style="Heading 2")
        paragraph = self.paragraph()
        for segment in line.segments:
            pieces = segment.text.split("\n")
            for index, piece in enumerate(pieces):
                if index:
                    paragraph = self.paragraph()
                self.segment(paragraph, segment.kind, piece, author)

    def write(self, lines: Iterable, authors: Mapping[str, str]) -> bytes:
        self.paragraph(self.heading.title, style="Title")
        self.paragraph(self.heading.intro)
        for line in lines:
            self.clause(line, authors.get(line.id) or self.heading.default_author)
        properties = self.word.core_properties
        properties.title = common.xml_safe(self.heading.title)[:255]
        properties.author = properties.last_modified_by = NO_AUTHOR
        properties.created = properties.modified = self.heading.when.replace(microsecond=0)
        out = io.BytesIO()
        self.word.save(out)
        return out.getvalue()


def render_redline_docx(
    lines: Iterable,
    heading: TrackedChangesHeading,
    authors: Mapping[str, str] | None = None,
) -> bytes:
    """Return a ``.docx`` (bytes) of the clauses ``lines`` with their changes tracked.

    ``lines`` are :class:`~drafting.assembly.redline.ClauseRedline` items (all of a
    :func:`~drafting.assembly.redline.redline`, or only the changed ones); each ``ins`` segment
    becomes a ``w:ins`` and each ``del`` segment a ``w:del``, authored by ``authors[clause
    id]`` or else ``heading.default_author``, dated ``heading.when``. A line break in the
    clause text starts a new paragraph. Any text is written XML-safe; raises nothing for any
    text.
    """
    return _TrackedWriter(heading).write(lines, authors or {})
