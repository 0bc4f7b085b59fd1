"""The rendered file of a draft: rendered once in the worker, by one process at a time, then
served from the cache."""

import subprocess
import sys
import threading
import time

import pytest
from filelock import SoftFileLock

from drafting.assembly.assemble import assemble
from drafting.questionnaire.answers import parse_answers
from drafting.renderers import UnknownFormatError
from drafting.rendering import cache, keys, runner, service, worker
from drafting.rendering.worker import RenderFailed

pytestmark = pytest.mark.slow


@pytest.fixture
def store(settings, tmp_path):
    settings.RENDER_CACHE_DIR = tmp_path / "rendered"
    return settings.RENDER_CACHE_DIR


@pytest.fixture
def renders(monkeypatch):
    """Every call to the worker, as (document title, format)."""
    calls = []
    real = service.run_in_worker

    def counting(job, document, fmt, *args, **kwargs):
        calls.append((document.title, fmt))
        return real(job, document, fmt, *args, **kwargs)

    monkeypatch.setattr(service, "run_in_worker", counting)
    return calls


@pytest.fixture(scope="module", autouse=True)
def _stop_worker():
    yield
    runner.stop_worker()


def test_a_second_download_of_an_unchanged_draft_costs_no_render(
    store, renders, library, minimal_answers
):
    first = service.rendered_file(answers=minimal_answers, library=library, pins=None, fmt="docx")
    assert first.startswith(b"PK")
    assert len(renders) == 1  # in this process's warm worker (RENDER_IN_WORKER is on)

    pins = library.snapshot()
    again = service.rendered_file(answers=minimal_answers, library=library, pins=pins, fmt="docx")
    assert again == first
    assert len(renders) == 1
    assert len(list(store.rglob("*"))) == 2  # one folder, one file


def test_a_changed_draft_or_another_format_is_rendered_again(
    settings, store, renders, library, minimal_data
):
    settings.RENDER_IN_WORKER = False
    service.rendered_file(
        answers=parse_answers(minimal_data), library=library, pins=None, fmt="docx"
    )
    minimal_data["dataset"]["name"] = "Welsh Voices II"
    answers = parse_answers(minimal_data)
    document = assemble(answers, library)
    rendered = service.render_document(document=document, fmt="docx")
    assert not rendered.cached
    assert service.render_document(document=document, fmt="docx").cached
    assert len(renders) == 2


def test_html_and_json_are_rendered_in_process_and_not_cached(
    store, renders, library, minimal_answers
):
    document = assemble(minimal_answers, library)
    assert service.document_file(document=document, fmt="json").startswith(b"{")
    assert b"Welsh Voices" in service.document_file(document=document, fmt="html")
    assert renders == []
    assert not store.exists()
    with pytest.raises(UnknownFormatError):
        service.document_file(document=document, fmt="rtf")


def test_a_cache_that_cannot_be_written_does_not_stop_the_download(
    settings, tmp_path, renders, library, minimal_answers
):
    settings.RENDER_IN_WORKER = False
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.RENDER_CACHE_DIR = blocker
    document = assemble(minimal_answers, library)
    assert service.document_file(document=document, fmt="docx").startswith(b"PK")
    assert service.document_file(document=document, fmt="docx").startswith(b"PK")
    assert len(renders) == 2


def test_a_failed_render_is_not_cached_and_is_tried_again(
    store, monkeypatch, library, minimal_answers
):
    def failing(job, document, fmt, **kwargs):
        raise RenderFailed(worker.MSG_CRASHED, reason="crashed")

    monkeypatch.setattr(service, "run_in_worker", failing)
    document = assemble(minimal_answers, library)
    with pytest.raises(RenderFailed, match="stopped unexpectedly"):
        service.document_file(document=document, fmt="pdf")
    assert not any(path.is_file() for path in store.rglob("*"))


# One render per file at a time: the others wait for it and read its file from the cache.


@pytest.fixture
def slow_renders(settings, monkeypatch):
    """Every render, counted; each takes at least 0.3 s so that callers overlap."""
    settings.RENDER_IN_WORKER = False
    calls = []
    real = service.run_in_worker

    def counting(job, document, fmt, **kwargs):
        calls.append(fmt)
        time.sleep(0.3)
        return real(job, document, fmt, **kwargs)

    monkeypatch.setattr(service, "run_in_worker", counting)
    return calls


def test_two_threads_asking_for_the_same_uncached_file_render_it_once(
    store, slow_renders, library, minimal_answers
):
    document = assemble(minimal_answers, library)
    start = threading.Barrier(2)
    results = []

    def download():
        start.wait()
        results.append(service.render_document(document=document, fmt="docx"))

    threads = [threading.Thread(target=download) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert slow_renders == ["docx"]
    assert len(results) == 2
    assert results[0].data == results[1].data
    assert results[0].data.startswith(b"PK")
    assert sorted(result.cached for result in results) == [False, True]
    assert not cache.lock_path(results[0].key).exists()


def test_a_download_waits_for_another_process_rendering_the_file_and_reads_it(
    store, slow_renders, library, minimal_answers
):
    document = assemble(minimal_answers, library)
    key = keys.document_key(document, "docx")
    path = cache.cache_path(key)
    # Another process (a task worker, say) holds the render lock, then stores its file.
    script = (
        "import os, sys, time\n"
        "from filelock import SoftFileLock\n"
        "lock_path, path = sys.argv[1:]\n"
        "with SoftFileLock(lock_path):\n"
        "    print('held', flush=True)\n"
        "    time.sleep(0.5)\n"
        "    with open(path + '.tmp', 'wb') as file:\n"
        "        file.write(b'PK rendered by the other process')\n"
        "    os.replace(path + '.tmp', path)\n"
    )
    path.parent.mkdir(parents=True)
    other = subprocess.Popen(
        [sys.executable, "-c", script, str(cache.lock_path(key)), str(path)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout.readline() == "held\n"
        rendered = service.render_document(document=document, fmt="docx")
    finally:
        other.wait(timeout=30)
    assert rendered.cached
    assert rendered.data == b"PK rendered by the other process"
    assert slow_renders == []


def test_a_lock_that_cannot_be_had_in_time_does_not_stop_the_download(
    settings, store, slow_renders, monkeypatch, library, minimal_answers
):
    settings.RENDER_TIMEOUT_SECONDS = 0.2
    monkeypatch.setattr(cache, "LOCK_MARGIN_SECONDS", 0.1)
    document = assemble(minimal_answers, library)
    key = keys.document_key(document, "docx")
    stuck = SoftFileLock(str(cache.lock_path(key)))  # a holder that never finishes
    stuck.acquire()
    try:
        started = time.monotonic()
        rendered = service.render_document(document=document, fmt="docx")
        waited = time.monotonic() - started
    finally:
        stuck.release()
    assert rendered.data.startswith(b"PK") and not rendered.cached
    assert slow_renders == ["docx"]
    assert 0.3 <= waited < 5
    assert cache.cache_get(key) == rendered.data


def test_a_failed_render_releases_the_lock_so_the_next_attempt_renders(
    store, monkeypatch, library, minimal_answers
):
    def failing(job, document, fmt, **kwargs):
        raise RenderFailed(worker.MSG_CRASHED, reason="crashed")

    monkeypatch.setattr(service, "run_in_worker", failing)
    document = assemble(minimal_answers, library)
    key = keys.document_key(document, "docx")
    with pytest.raises(RenderFailed):
        service.render_document(document=document, fmt="docx")
    assert not cache.lock_path(key).exists()
    with cache.render_lock(key, timeout=0) as held:
        assert held


def test_a_render_that_hit_its_limit_is_remembered_and_not_tried_again(
    store, monkeypatch, library, minimal_answers
):
    calls = []

    def timing_out(job, document, fmt, **kwargs):
        calls.append(fmt)
        raise RenderFailed(worker.MSG_TIMEOUT.format(seconds=30), reason="timeout")

    monkeypatch.setattr(service, "run_in_worker", timing_out)
    document = assemble(minimal_answers, library)
    with pytest.raises(RenderFailed):
        service.document_file(document=document, fmt="pdf")
    with pytest.raises(RenderFailed, match="not tried again"):
        service.document_file(document=document, fmt="pdf")
    assert calls == ["pdf"]
