"""The render cache: keys that change exactly when the file would, and an atomic file store."""

import os
import time

import pytest

from drafting.assembly.assemble import assemble
from drafting.questionnaire.answers import parse_answers
from drafting.rendering import cache, keys

pytestmark = pytest.mark.slow

ANSWERS = {"licensor": {"name": "Aberystwyth Speech Archive"}, "term": {"years": 3}}
VERSIONS = {"use.grant": 1, "term.duration": 2}


def key(**changes):
    arguments = {
        "answers_data": ANSWERS,
        "clause_versions": VERSIONS,
        "fmt": "pdf",
        "library_version": "1.0.0",
    }
    return keys.render_key(**(arguments | changes))


@pytest.fixture
def store(settings, tmp_path):
    settings.RENDER_CACHE_DIR = tmp_path / "rendered"
    return settings.RENDER_CACHE_DIR


def test_the_key_is_stable_for_the_same_inputs_in_any_order():
    reordered = {"term": {"years": 3}, "licensor": {"name": "Aberystwyth Speech Archive"}}
    assert key() == key()
    assert key() == key(answers_data=reordered, clause_versions=dict(reversed(VERSIONS.items())))
    assert len(key()) == 64


def test_the_key_changes_with_the_answers_the_clause_versions_the_library_and_the_format():
    distinct = {
        key(),
        key(answers_data={**ANSWERS, "term": {"years": 4}}),
        key(clause_versions={**VERSIONS, "use.grant": 2}),
        key(clause_versions={**VERSIONS, "extra.clause": 1}),
        key(library_version="1.1.0"),
        key(fmt="docx"),
        key(content_digest="0" * 64),
    }
    assert len(distinct) == 7


def test_the_key_changes_with_the_renderer_versions(monkeypatch):
    before = key()
    changed = {**keys.renderer_versions(), "weasyprint": "999.0"}
    monkeypatch.setattr(keys, "renderer_versions", lambda: changed)
    assert key() != before


def test_renderer_versions_name_the_libraries_and_a_digest_of_the_renderers():
    versions = keys.renderer_versions()
    assert set(versions) == {"cache", "renderers", "weasyprint", "python-docx", "django"}
    assert len(versions["renderers"]) == 16
    sources = {path.name for path in keys._renderer_sources()}
    assert {"pdf.py", "docx.py", "page.html", "print.css"} <= sources


def test_a_document_key_follows_the_answers_and_the_pinned_versions(library, minimal_data):
    document = assemble(parse_answers(minimal_data), library)
    again = assemble(parse_answers(minimal_data), library)
    assert keys.document_key(document, "pdf") == keys.document_key(again, "pdf")
    assert keys.document_key(document, "pdf") != keys.document_key(document, "docx")

    minimal_data["licensee"]["name"] = "Other Models Ltd"
    renamed = assemble(parse_answers(minimal_data), library)
    assert keys.document_key(renamed, "pdf") != keys.document_key(document, "pdf")

    clause = document.clauses()[0]
    pins = {**library.snapshot(), clause.id: clause.version}
    assert keys.document_key(assemble(parse_answers(minimal_data), library, pins), "pdf") == (
        keys.document_key(renamed, "pdf")
    )


def test_a_document_key_changes_when_clause_text_changes_without_a_new_version(
    library, minimal_answers
):
    document = assemble(minimal_answers, library)
    section = document.sections[0]
    first = section.clauses[0]
    edited = type(first)(**{**_fields(first), "summary": first.summary + " (edited)"})
    changed = type(document)(
        **{
            **_fields(document),
            "sections": (
                type(section)(**{**_fields(section), "clauses": (edited, *section.clauses[1:])}),
                *document.sections[1:],
            ),
        }
    )
    assert changed.clause_versions == document.clause_versions
    assert keys.document_key(changed, "pdf") != keys.document_key(document, "pdf")


def _fields(instance):
    return {name: getattr(instance, name) for name in instance.__dataclass_fields__}


def test_a_stored_file_is_read_back_and_a_missing_one_is_none(store):
    assert cache.cache_get(key()) is None
    path = cache.cache_put(key(), b"%PDF-1.7 one")
    assert path == store / key()[:2] / key()
    assert cache.cache_get(key()) == b"%PDF-1.7 one"
    cache.cache_put(key(), b"%PDF-1.7 two")
    assert cache.cache_get(key()) == b"%PDF-1.7 two"
    assert [p.name for p in path.parent.iterdir()] == [key()]  # no temporary file left


def test_a_malformed_key_names_no_file(store):
    for bad in ("../../etc/passwd", key().upper(), key()[:-1], "", None):
        with pytest.raises(ValueError):
            cache.cache_path(bad)


def test_a_failed_write_leaves_neither_a_file_nor_a_temporary_file(store, monkeypatch):
    def refuse(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError, match="disk full"):
        cache.cache_put(key(), b"data")
    assert list(store.rglob("*")) == [store / key()[:2]]


def test_pruning_removes_the_least_recently_used_files_and_stale_temporary_files(store):
    now = time.time()
    keys = [key(fmt=f"f{number}") for number in range(4)]
    for age, name in enumerate(keys):
        path = cache.cache_put(name, b"x" * 100)
        os.utime(path, (now - 1000 * (4 - age), now - 1000 * (4 - age)))
    stale = store / keys[0][:2] / f"{cache.TEMP_PREFIX}dead"
    stale.write_bytes(b"partial")
    os.utime(stale, (now - 2 * cache.STALE_TEMP_SECONDS,) * 2)

    assert cache.cache_prune(max_bytes=300) == 3  # two oldest files and the stale one
    assert [cache.cache_get(name) is not None for name in keys] == [False, False, True, True]
    assert not stale.exists()
    assert cache.cache_prune(max_bytes=0) == 0


def test_the_render_lock_lies_beside_the_entry_and_goes_with_its_holder(store):
    path = cache.lock_path(key())
    assert path == store / key()[:2] / f"{key()}.lock"
    with cache.render_lock(key()) as held:
        assert held
        assert path.is_file()
        with cache.render_lock(key(), timeout=0.1) as second:
            assert not second  # not had in time: the caller renders anyway
        assert path.is_file()
    assert not path.exists()
    with pytest.raises(ValueError):
        cache.lock_path("../" + key())


def test_the_render_lock_waits_a_render_timeout_and_a_margin(settings, monkeypatch):
    settings.RENDER_TIMEOUT_SECONDS = 30
    assert cache.lock_timeout() == 30 + cache.LOCK_MARGIN_SECONDS
    assert cache.stale_lock_seconds() > 2 * cache.lock_timeout()
    settings.RENDER_TIMEOUT_SECONDS = 600
    assert cache.stale_lock_seconds() > 2 * cache.lock_timeout()


def test_a_store_that_cannot_hold_a_lock_file_yields_no_lock(settings, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.RENDER_CACHE_DIR = blocker
    with cache.render_lock(key(), timeout=1) as held:
        assert not held


def test_pruning_removes_lock_files_left_by_dead_holders_and_does_not_count_them(store):
    now = time.time()
    entry = cache.cache_put(key(), b"x" * 100)
    folder = entry.parent
    fresh = folder / f"{key(fmt='docx')}.lock"
    dead = folder / f"{key(fmt='f1')}.lock"
    broken = folder / f"{key(fmt='f2')}.lock.break.4242.0123abcd"
    stranger = folder / "README"
    for path in (fresh, dead, broken, stranger):
        path.write_bytes(b"1234\nhost\n" * 20)
    for path in (dead, broken, stranger):
        os.utime(path, (now - 2 * cache.stale_lock_seconds(),) * 2)

    assert cache.cache_prune(max_bytes=150) == 2  # the entry fits: only leftovers go
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [entry.name, fresh.name, stranger.name]
    )
    assert cache.cache_prune(max_bytes=0) == 0
    assert cache.cache_prune(max_bytes=50) == 1  # the entry, never a lock or another file
    assert sorted(path.name for path in folder.iterdir()) == sorted([fresh.name, stranger.name])
