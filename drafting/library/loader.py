"""Loading ``clauses/``: one file per clause version, front matter in YAML, body in Jinja2.

A clause file ``clauses/<section>/<id>.v<version>.j2`` looks like::

    ---
    id: use.grant
    version: 1
    area: use
    section: grant
    order: 10
    title: Grant of licence
    condition: "true"
    summary: What the licensee may do, in one sentence.
    drafting_note: What counsel should look at.
    changelog: First version.
    glance:
      - {item: Train AI models, status: allowed}
    ---
    <p>The Licensor grants ...</p>

See ``docs/clause-authoring.md`` for the markup and the rules.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

from drafting.library.environment import referenced_paths
from drafting.library.model import ClauseVersion, GlanceSpec, Library, SectionSpec

LIBRARY_FILE = "library.yaml"
LOCK_FILE = "clauses.lock.json"
CLAUSE_SUFFIX = ".j2"
FILE_NAME = re.compile(r"^(?P<id>[a-z0-9_.]+)\.v(?P<version>[1-9][0-9]*)\.j2$")
REQUIRED_FIELDS = (
    "id",
    "version",
    "area",
    "section",
    "order",
    "title",
    "summary",
    "drafting_note",
    "changelog",
)


class ClauseFileError(ValueError):
    """A clause file cannot be parsed; the message names the file."""


def file_hash(path: Path) -> str:
    """Return the SHA-256 hex digest of a clause file, line endings normalised to ``\\n``."""
    data = path.read_bytes().replace(b"\r\n", b"\n")
    return hashlib.sha256(data).hexdigest()


def parse_clause_file(path: Path) -> ClauseVersion:
    """Parse one clause file into a :class:`ClauseVersion`.

    Raises :class:`ClauseFileError` naming the file when the front matter is missing or
    malformed, a required field is absent, or the file name does not match id and version.
    Template syntax errors also surface here, as ``ClauseFileError``.
    """
    text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    match = re.match(r"^---\n(.*?)\n---\n(.*)$", text, re.DOTALL)
    if not match:
        raise ClauseFileError(f"{path}: no front matter between --- lines")
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as error:
        raise ClauseFileError(f"{path}: front matter is not valid YAML: {error}") from None
    missing = [name for name in REQUIRED_FIELDS if name not in (meta or {})]
    if missing:
        raise ClauseFileError(f"{path}: front matter lacks {', '.join(missing)}")
    name = FILE_NAME.match(path.name)
    if not name or name["id"] != meta["id"] or int(name["version"]) != meta["version"]:
        raise ClauseFileError(f"{path}: file name must be {meta['id']}.v{meta['version']}.j2")
    condition = str(meta.get("condition", "true"))
    body = match.group(2).strip()
    glance = tuple(
        GlanceSpec(item=row["item"], status=row["status"], note=row.get("note", ""))
        for row in meta.get("glance", ())
    )
    try:
        condition_keys = referenced_paths(condition, expression=True)
        body_keys = set(referenced_paths(body))
        for row in glance:
            body_keys.update(referenced_paths(row.note))
            if row.status not in ("allowed", "not_allowed", "conditional"):
                body_keys.update(referenced_paths(row.status, expression=True))
    except Exception as error:  # jinja2.TemplateSyntaxError and friends
        raise ClauseFileError(f"{path}: {error}") from None
    return ClauseVersion(
        id=meta["id"],
        version=int(meta["version"]),
        area=meta["area"],
        section=meta["section"],
        order=int(meta["order"]),
        title=str(meta["title"]),
        condition=condition,
        summary=str(meta["summary"]).strip(),
        drafting_note=str(meta["drafting_note"]).strip(),
        changelog=str(meta["changelog"]).strip(),
        body=body,
        glance=glance,
        condition_keys=condition_keys,
        body_keys=tuple(sorted(body_keys)),
        path=path,
        sha256=file_hash(path),
    )


def load_library(root: Path | None = None) -> Library:
    """Load every clause file below ``root`` (default: ``settings.CLAUSES_DIR``).

    Returns a :class:`Library`. Raises :class:`ClauseFileError` for the first file that cannot
    be parsed; deeper checks (unknown keys, coverage, the lock) are in
    :func:`drafting.library.validation.validate_library`.
    """
    root = Path(root or settings.CLAUSES_DIR)
    meta = yaml.safe_load((root / LIBRARY_FILE).read_text(encoding="utf-8"))
    sections = tuple(
        SectionSpec(id=row["id"], title=row["title"], kind=row["kind"]) for row in meta["sections"]
    )
    versions: dict[str, list[ClauseVersion]] = defaultdict(list)
    for path in sorted(root.rglob(f"*{CLAUSE_SUFFIX}")):
        clause = parse_clause_file(path)
        versions[clause.id].append(clause)
    lock_path = root / LOCK_FILE
    lock = (
        json.loads(lock_path.read_text(encoding="utf-8"))["clauses"] if lock_path.exists() else {}
    )
    return Library(
        root=root,
        version=str(meta["version"]),
        sections=sections,
        areas_without_clauses=frozenset(meta.get("areas_without_clauses", ())),
        versions={
            clause_id: tuple(sorted(found, key=lambda c: c.version))
            for clause_id, found in sorted(versions.items())
        },
        lock=lock,
    )


@cache
def get_library() -> Library:
    """Return the project's clause library, loaded once per process."""
    return load_library()


def write_lock(library: Library) -> list[str]:
    """Record every clause version not yet in the lock file; return the refs added.

    Never rewrites the hash of a version already released: a changed released version is a
    validation error to be fixed by restoring it and adding a new version.
    """
    lock = dict(library.lock)
    added = []
    for clause in library.all_versions():
        if clause.ref not in lock:
            lock[clause.ref] = clause.sha256
            added.append(clause.ref)
    document = {"library_version": library.version, "clauses": dict(sorted(lock.items()))}
    (library.root / LOCK_FILE).write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return added
