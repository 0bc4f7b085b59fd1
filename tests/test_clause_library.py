"""The clause library: validation of the real clauses/, immutability, pins, sandboxing."""

import re
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from jinja2.exceptions import SecurityError

from drafting.assembly.assemble import assemble
from drafting.library.environment import clause_environment, referenced_paths
from drafting.library.loader import load_library, write_lock
from drafting.library.validation import validate_library
from drafting.questionnaire.definition import get_questionnaire


@pytest.fixture
def library_copy(tmp_path, settings):
    """A writable copy of the real library, used as settings.CLAUSES_DIR."""
    root = tmp_path / "clauses"
    shutil.copytree(settings.CLAUSES_DIR, root)
    settings.CLAUSES_DIR = root
    return root


def test_the_real_library_has_no_problems_at_all(library):
    assert [str(p) for p in validate_library(library)] == []


def test_every_area_of_the_questionnaire_has_a_clause(library):
    areas = {clause.area for clause in library.all_versions()}
    for step in get_questionnaire().step_keys:
        assert step in areas or step in library.areas_without_clauses


def test_clause_ids_and_versions_are_unique(library):
    refs = [clause.ref for clause in library.all_versions()]
    assert len(refs) == len(set(refs))


def test_the_check_clauses_command_passes_on_the_real_library(capsys):
    call_command("check_clauses", "--strict", "--samples", "40")
    out = capsys.readouterr().out
    assert (
        "valid" in out
        and "The drafts of 40 generated answer sets, finished and unfinished, pass" in out
    )


def test_changing_a_released_version_is_an_error(library_copy):
    released = next(library_copy.rglob("*.v1.j2"))
    released.write_text(released.read_text() + "\n<p>Sneaky change.</p>\n")
    problems = validate_library(load_library(library_copy))
    assert any(p.code == "E006" and p.where.endswith("@1") for p in problems)
    with pytest.raises(CommandError):
        call_command("check_clauses")


def test_deleting_a_released_version_is_an_error(library_copy):
    next(library_copy.rglob("*.v1.j2")).unlink()
    assert any(p.code == "E007" for p in validate_library(load_library(library_copy)))


def test_a_variable_that_is_not_an_answer_is_an_error(library_copy):
    (library_copy / "general" / "general.typo.v1.j2").write_text(
        "---\nid: general.typo\nversion: 1\narea: general\nsection: general\norder: 999\n"
        "title: Typo\nsummary: s\ndrafting_note: d\nchangelog: First version.\n---\n"
        "<p>{{ licensor.nmae }}</p>\n"
    )
    problems = validate_library(load_library(library_copy))
    assert any(p.code == "E003" and "licensor.nmae" in p.message for p in problems)


def test_a_condition_that_does_not_compile_is_an_error(library_copy):
    (library_copy / "general" / "general.broken.v1.j2").write_text(
        "---\nid: general.broken\nversion: 1\narea: general\nsection: general\norder: 999\n"
        'title: Broken\ncondition: "use.commercial =="\nsummary: s\ndrafting_note: d\n'
        "changelog: First version.\n---\n<p>x</p>\n"
    )
    problems = validate_library(root=library_copy)
    assert problems and problems[0].code == "E001"


def test_a_new_version_is_unreleased_until_locked(library_copy):
    original = next(library_copy.rglob("*.v1.j2"))
    clause_id = original.name.removesuffix(".v1.j2")
    latest = load_library(library_copy).latest(clause_id).version
    original = original.with_name(f"{clause_id}.v{latest}.j2")
    newer = original.with_name(f"{clause_id}.v{latest + 1}.j2")
    newer.write_text(
        original.read_text().replace(f"version: {latest}", f"version: {latest + 1}", 1)
    )
    library = load_library(library_copy)
    added = f"{clause_id}@{latest + 1}"
    assert [(p.code, p.where) for p in validate_library(library)] == [("W001", added)]
    assert write_lock(library) == [added]
    assert validate_library(load_library(library_copy)) == []


def test_pinned_versions_reproduce_the_text_after_newer_versions_are_added(
    library_copy, minimal_answers
):
    before_library = load_library(library_copy)
    pins = before_library.snapshot()
    before = assemble(minimal_answers, before_library, pins).text()
    latest = before_library.latest("grant.scope").version
    grant = next(library_copy.rglob(f"grant.scope.v{latest}.j2"))
    newer = grant.with_name(f"grant.scope.v{latest + 1}.j2")
    text = re.sub(r"(?ms)^changelog: .*?(?=^glance:)", "changelog: Reworded.\n", grant.read_text())
    newer.write_text(
        text.replace(f"version: {latest}", f"version: {latest + 1}", 1)
        + "\n<p>A sentence only the newest version has.</p>\n"
    )
    after_library = load_library(library_copy)
    assert "only the newest version has" in assemble(minimal_answers, after_library).text()
    assert assemble(minimal_answers, after_library, pins).text() == before


def test_a_document_records_the_exact_versions_and_the_keys_each_condition_read(
    library, minimal_answers
):
    document = assemble(minimal_answers, library)
    for clause in document.clauses():
        assert document.clause_versions[clause.id] == clause.version
        source = library.get(clause.id, clause.version)
        assert clause.condition_keys == source.condition_keys


def test_templates_cannot_reach_python_internals():
    env = clause_environment()
    with pytest.raises(SecurityError):
        env.from_string("{{ ''.__class__.__mro__[1].__subclasses__() }}").render()


def test_static_analysis_finds_dotted_keys_but_not_loop_variables():
    paths = referenced_paths(
        "{% for m in value.models %}{{ m }}{% endfor %}{{ value.flat_fee.amount }}"
        "{% if 'training' in use.activities %}x{% endif %}"
    )
    assert paths == ("use.activities", "value.flat_fee.amount", "value.models")


def test_the_system_check_reports_library_errors(library_copy):
    from drafting.library.checks import check_clause_library

    next(library_copy.rglob("*.v1.j2")).unlink()
    messages = check_clause_library()
    assert any(message.id == "drafting.E007" for message in messages)
