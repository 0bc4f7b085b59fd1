"""The clause library as typed, frozen objects: clause versions, sections, the library."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class GlanceSpec:
    """A key-terms-at-a-glance row a clause contributes when selected.

    ``status`` is ``allowed``, ``not_allowed`` or ``conditional``, or a Jinja expression that
    evaluates to one of them; ``note`` is a Jinja template (autoescaped like the body).
    """

    item: str
    status: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class ClauseVersion:
    """One released (or proposed) version of a clause, parsed from one file in ``clauses/``.

    ``condition`` is a Jinja expression over the answers (``"true"`` when always included);
    ``body`` is the Jinja template of the clause text in the library's markup (see
    ``docs/clause-authoring.md``). ``condition_keys`` and ``body_keys`` are the dotted context
    paths each reads, found by static analysis of the template. ``sha256`` hashes the file.
    """

    id: str
    version: int
    area: str
    section: str
    order: int
    title: str
    condition: str
    summary: str
    drafting_note: str
    changelog: str
    body: str
    glance: tuple[GlanceSpec, ...]
    condition_keys: tuple[str, ...]
    body_keys: tuple[str, ...]
    path: Path
    sha256: str

    @property
    def ref(self) -> str:
        """``"use.grant@2"``: the id and version, as the lock file and drafting notes name it."""
        return f"{self.id}@{self.version}"


@dataclass(frozen=True, slots=True)
class SectionSpec:
    """A section of the draft as the library orders it (``clauses/library.yaml``)."""

    id: str
    title: str
    kind: str


@dataclass(frozen=True)
class Library:
    """Every clause version in ``clauses/``, with the library's version and sections.

    ``versions`` maps clause id to its versions, oldest first. ``lock`` maps a released
    ``id@version`` to the SHA-256 recorded when it was released.
    """

    root: Path
    version: str
    sections: tuple[SectionSpec, ...]
    areas_without_clauses: frozenset[str]
    versions: Mapping[str, tuple[ClauseVersion, ...]]
    lock: Mapping[str, str] = field(default_factory=dict)

    def latest(self, clause_id: str) -> ClauseVersion:
        """Return the newest version of ``clause_id``; raises ``KeyError`` if unknown."""
        return self.versions[clause_id][-1]

    def get(self, clause_id: str, version: int) -> ClauseVersion:
        """Return version ``version`` of ``clause_id``; raises ``KeyError`` if absent."""
        for candidate in self.versions[clause_id]:
            if candidate.version == version:
                return candidate
        raise KeyError(f"{clause_id}@{version}")

    def snapshot(self) -> dict[str, int]:
        """Return ``{clause id: newest version}`` for every clause: a pin set for a draft."""
        return {clause_id: found[-1].version for clause_id, found in self.versions.items()}

    def pinned(self, pins: Mapping[str, int] | None = None) -> tuple[ClauseVersion, ...]:
        """Return the clause versions a draft assembles from, in document order.

        With ``pins`` (a :meth:`snapshot` taken earlier), exactly those versions are used and
        clauses added since are left out, so an old draft reproduces its text. Raises
        ``KeyError`` when a pinned version is no longer in the library.
        """
        if pins is None:
            chosen = [found[-1] for found in self.versions.values()]
        else:
            chosen = [self.get(clause_id, version) for clause_id, version in pins.items()]
        order = {section.id: index for index, section in enumerate(self.sections)}
        return tuple(sorted(chosen, key=lambda c: (order[c.section], c.order, c.id)))

    def all_versions(self) -> tuple[ClauseVersion, ...]:
        """Every version of every clause."""
        return tuple(version for found in self.versions.values() for version in found)
