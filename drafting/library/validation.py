"""Validation of the clause library, run by the system check, ``check_clauses`` and a test.

Each problem has a stable code so that tests and deployments can refer to it:

=====  ==============================================================================
E001   a clause file cannot be parsed (front matter, file name, template syntax)
E002   a condition or glance status does not compile
E003   a clause reads a variable that is neither an answer key nor a known fact
E004   a clause names an unknown area or section
E005   an area of the questionnaire has no clause
E006   a released version's file changed (make a new version instead)
E007   a released version's file is missing
E008   a glance row has an invalid status
E009   versions of a clause are not numbered 1, 2, 3... without gaps
W001   a version is not yet released (run ``python manage.py lock_clauses``)
=====  ==============================================================================
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from drafting.library.environment import clause_environment
from drafting.library.loader import ClauseFileError, load_library
from drafting.library.model import Library
from drafting.questionnaire.definition import Questionnaire, get_questionnaire
from drafting.questionnaire.facts import FACT_NAMES

SUBFIELDS = {"money": {"amount", "currency"}, "duration": {"value", "unit"}}
GLANCE_LITERALS = {"allowed", "not_allowed", "conditional"}


@dataclass(frozen=True, slots=True)
class LibraryProblem:
    """One validation problem: its code (``E003``), the clause ref or file, and the message."""

    code: str
    where: str
    message: str

    @property
    def is_error(self) -> bool:
        """Errors start with E; warnings (W) do not stop the app."""
        return self.code.startswith("E")

    def __str__(self) -> str:
        return f"{self.code} {self.where}: {self.message}"


def path_is_known(path: str, questionnaire: Questionnaire) -> bool:
    """Return whether a dotted context path names an answer, a part of one, or a fact."""
    if path.startswith("facts."):
        return path.removeprefix("facts.") in FACT_NAMES
    if path in questionnaire.questions:
        return True
    parent, _, leaf = path.rpartition(".")
    question = questionnaire.questions.get(parent)
    if question is None:
        return False
    kind = "duration" if question.type == "duration_or_choice" else question.type
    return leaf in SUBFIELDS.get(kind, set())


def validate_library(
    library: Library | None = None, *, root: Path | None = None
) -> list[LibraryProblem]:
    """Validate ``library`` (or the one loaded from ``root``); return every problem found.

    Never raises for a broken library: a file that cannot be parsed becomes an E001 problem.
    """
    if library is None:
        try:
            library = load_library(root)
        except ClauseFileError as error:
            return [LibraryProblem("E001", "clauses/", str(error))]
    questionnaire = get_questionnaire()
    env = clause_environment()
    sections = {section.id for section in library.sections}
    problems: list[LibraryProblem] = []
    covered: set[str] = set()
    for clause_id, versions in library.versions.items():
        numbers = [clause.version for clause in versions]
        if numbers != list(range(1, len(numbers) + 1)):
            problems.append(LibraryProblem("E009", clause_id, f"versions are {numbers}"))
        for clause in versions:
            covered.add(clause.area)
            where = clause.ref
            if clause.area not in questionnaire.step_keys:
                problems.append(LibraryProblem("E004", where, f"unknown area {clause.area!r}"))
            if clause.section not in sections:
                problems.append(
                    LibraryProblem("E004", where, f"unknown section {clause.section!r}")
                )
            for expression in [clause.condition] + [
                row.status for row in clause.glance if row.status not in GLANCE_LITERALS
            ]:
                try:
                    env.compile_expression(expression)
                except Exception as error:
                    problems.append(LibraryProblem("E002", where, f"{expression!r}: {error}"))
            for row in clause.glance:
                if row.status not in GLANCE_LITERALS and "'" not in row.status:
                    problems.append(LibraryProblem("E008", where, f"status {row.status!r}"))
            for path in set(clause.condition_keys) | set(clause.body_keys):
                if not path_is_known(path, questionnaire):
                    problems.append(
                        LibraryProblem("E003", where, f"{path!r} is not an answer key or fact")
                    )
            locked = library.lock.get(clause.ref)
            if locked is None:
                problems.append(LibraryProblem("W001", where, "not yet released (lock_clauses)"))
            elif locked != clause.sha256:
                problems.append(
                    LibraryProblem(
                        "E006",
                        where,
                        "the text of a released version changed; restore it and add "
                        f"version {versions[-1].version + 1} instead",
                    )
                )
    present = {clause.ref for clause in library.all_versions()}
    for ref in sorted(set(library.lock) - present):
        problems.append(LibraryProblem("E007", ref, "released version's file is missing"))
    for step in questionnaire.step_keys:
        if step not in covered and step not in library.areas_without_clauses:
            problems.append(LibraryProblem("E005", step, "no clause covers this area"))
    return problems
