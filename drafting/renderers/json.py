"""JSON: the draft for machines: its answers (defaults applied) and the clauses it used.

The shape is stable and deterministic: the same Document always gives the same text.
``answers`` is the answers document ``render_draft`` reads, so a JSON export can be turned
back into the same draft (together with ``library_version`` and the clause versions).
"""

from __future__ import annotations

import json
import re
from typing import Any

from drafting.assembly.document import Document

# A lone surrogate (which a JSON answers file can carry) cannot be encoded as UTF-8; written
# as a \uXXXX escape it stays valid JSON and reads back as the same string.
_SURROGATE = re.compile("[\ud800-\udfff]")


def document_data(document: Document) -> dict[str, Any]:
    """Return the JSON-ready mapping :func:`render_json` writes.

    Keys: ``title``, ``notice``, ``library_version``, ``answers``, ``clauses`` (each ``id``,
    ``version``, ``title``, ``number`` or null, ``condition_keys``), ``findings`` (each
    ``code``, ``severity``, ``blocking`` (true when it keeps the draft from being approved),
    ``question`` (the answer key that resolves a blocking finding, or null), ``message``,
    ``steps``, ``counsel_question``),
    ``counsel_questions`` and ``obligations``: every duty with a time in it, as the
    obligations calendar has them (see
    :func:`drafting.renderers.calendar.obligations_data`).
    """
    from drafting.renderers.calendar import obligations_data
    from drafting.renderers.terms import licence_terms

    return {
        "title": document.title,
        "notice": document.notice,
        "library_version": document.library_version,
        "answers": document.answers,
        "clauses": [
            {
                "id": clause.id,
                "version": clause.version,
                "title": clause.title,
                "number": clause.number,
                "condition_keys": list(clause.condition_keys),
            }
            for clause in document.clauses()
        ],
        "findings": [
            {
                "code": finding.code,
                "severity": finding.severity,
                "blocking": finding.blocking,
                "question": finding.question or None,
                "message": finding.message,
                "steps": list(finding.steps),
                "counsel_question": finding.counsel_question,
            }
            for finding in document.findings
        ],
        "counsel_questions": list(document.counsel_questions),
        "obligations": obligations_data(licence_terms(document)),
    }


def render_json(document: Document) -> str:
    """Return the draft as pretty-printed JSON text (2-space indent, UTF-8 characters kept
    as they are, a final newline). See :func:`document_data` for the keys. Deterministic:
    key and list order follow the Document."""
    return json_text(document_data(document))


def json_text(data: Any) -> str:
    """Return ``data`` as pretty-printed JSON text (2-space indent, UTF-8 characters kept,
    lone surrogates escaped, a final newline); values JSON cannot hold are written with
    ``str``."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return _SURROGATE.sub(lambda match: f"\\u{ord(match.group()):04x}", text) + "\n"
