"""The render cache's keys: a SHA-256 over canonical JSON of everything a file depends on.

A Document's key (:func:`render_key`, :func:`document_key`) covers the answers with
defaults, the clause versions used, the library version, the format, the renderer versions
(:func:`renderer_versions`) and a digest of the assembled Document itself; the review's
files (:func:`redline_key`, :func:`commented_docx_key`, :func:`tracked_changes_key`) cover
the digests of the revisions they show and what else the file says. Keys are 64 lower-case
hex digits, the names :mod:`drafting.rendering.cache` stores files under.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import django

from drafting.assembly.document import Document

# Bump to drop every cached file at once (for a change the digests below cannot see).
RENDER_CACHE_VERSION = 1


def _renderer_sources() -> list[Path]:
    """The files a renderer's output depends on: its code, templates and stylesheets."""
    from drafting.renderers import common

    package = Path(common.__file__).parent
    folders = (package, common.ROOT / "templates" / "document", common.DOCUMENT_STATIC_DIR)
    # The redline PDF's diff is computed by its renderer, in the render child.
    diff = package.parent / "assembly" / "redline.py"
    return sorted(
        [
            *(
                path
                for folder in folders
                for path in folder.rglob("*")
                if path.is_file() and "__pycache__" not in path.parts
            ),
            diff,
        ]
    )


@cache
def renderer_versions() -> dict[str, str]:
    """Return the versions of everything that turns a Document into a file, read once.

    ``{"cache": RENDER_CACHE_VERSION, "renderers": SHA-256 prefix of drafting/renderers/,
    templates/document/, static/document/ and the redline's diff, "weasyprint": ...,
    "python-docx": ..., "django": ...}``: editing a renderer, its templates or styles, or
    upgrading a library, changes every key, so no stale file is ever served.
    """
    from drafting.renderers import common

    digest = hashlib.sha256()
    for path in _renderer_sources():
        digest.update(path.relative_to(common.ROOT).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return {
        "cache": str(RENDER_CACHE_VERSION),
        "renderers": digest.hexdigest()[:16],
        "weasyprint": metadata.version("weasyprint"),
        "python-docx": metadata.version("python-docx"),
        "django": django.get_version(),
    }


def _canonical(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return {"~": type(value).__name__} | {
            field.name: _canonical(getattr(value, field.name)) for field in fields
        }
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    if isinstance(value, Mapping):
        return {str(key): _canonical(item) for key, item in value.items()}
    return value


def _sha256_json(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def document_digest(document: Document) -> str:
    """Return a SHA-256 (64 hex digits) of everything ``document`` holds.

    Two Documents with the same digest render to the same file. It covers what the answers
    and clause versions alone do not: clause text edited without a new version (proposed
    clauses in development), changes to assembly, findings and placeholders.
    """
    return _sha256_json(_canonical(document))


def render_key(
    *,
    answers_data: Mapping[str, Any],
    clause_versions: Mapping[str, int],
    fmt: str,
    library_version: str | None = None,
    content_digest: str = "",
) -> str:
    """Return the cache key (64 lower-case hex digits) of one rendered file.

    ``answers_data`` is the JSON-ready answers document with defaults applied
    (``Document.answers``); ``clause_versions`` the ``{clause id: version}`` actually used
    (``Document.clause_versions``); ``fmt`` the format (``"pdf"``, ``"docx"``...);
    ``library_version`` the clause library's (default: the loaded library's);
    ``content_digest`` :func:`document_digest` of the Document, which
    :func:`document_key` always passes. :func:`renderer_versions` is always included.
    Key order in the mappings does not matter.
    """
    if library_version is None:
        from drafting.library.loader import get_library

        library_version = get_library().version
    return _sha256_json(
        {
            "answers": answers_data,
            "clause_versions": dict(clause_versions),
            "library_version": library_version,
            "format": fmt,
            "renderers": renderer_versions(),
            "content": content_digest,
        }
    )


def document_key(document: Document, fmt: str) -> str:
    """Return the cache key of ``document`` rendered as ``fmt`` (see :func:`render_key`)."""
    return render_key(
        answers_data=document.answers,
        clause_versions=document.clause_versions,
        fmt=fmt,
        library_version=document.library_version,
        content_digest=document_digest(document),
    )


def redline_key(old: Document, new: Document, heading: Any, answer_changes: Any) -> str:
    """Return the cache key of the redline PDF of ``old`` to ``new``: the two revisions'
    :func:`document_digest`, the ``heading`` and ``answer_changes`` the page shows (any
    dataclasses), and :func:`renderer_versions` (which include the diff's code)."""
    return _sha256_json(
        {
            "kind": "redline-pdf",
            "old": document_digest(old),
            "new": document_digest(new),
            "heading": _canonical(heading),
            "answer_changes": _canonical(answer_changes),
            "renderers": renderer_versions(),
        }
    )


def tracked_changes_key(old: Document, new: Document, heading: Any, authors: Any) -> str:
    """Return the cache key of the Word redline (tracked changes) of ``old`` to ``new``: the
    two revisions' :func:`document_digest`, the ``heading`` (a dataclass), the clause
    ``authors`` (``{clause id: author}``) and :func:`renderer_versions` (which include the
    diff's code)."""
    return _sha256_json(
        {
            "kind": "redline-docx",
            "old": document_digest(old),
            "new": document_digest(new),
            "heading": _canonical(heading),
            "authors": _canonical(authors),
            "renderers": renderer_versions(),
        }
    )


def commented_docx_key(document: Document, comments: Any) -> str:
    """Return the cache key of ``document`` as DOCX with ``comments`` (DocxComment items)."""
    return _sha256_json(
        {
            "kind": "docx-comments",
            "document": document_key(document, "docx"),
            "comments": _canonical(comments),
        }
    )
