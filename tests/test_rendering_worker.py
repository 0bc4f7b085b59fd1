"""The render worker: real files from a warm child, and clean failures the parent survives.

One worker serves the module (a child process costs about a second to warm up). The test
jobs below (_sleep, _allocate) are ordinary module-level functions the worker runs through
RenderWorker.call; production code sends only render_job.
"""

import io
import os
import pickle
import resource
import signal
import threading
import time

import docx
import pytest
from pypdf import PdfReader

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import parse_answers
from drafting.renderers import UnknownFormatError
from drafting.rendering import worker as worker_module
from drafting.rendering.runner import render_in_process
from drafting.rendering.worker import RenderFailed, RenderWorker
from tests.conftest import MINIMAL_ANSWERS

pytestmark = pytest.mark.slow


def _sleep(seconds):
    time.sleep(seconds)
    return b"slept"


def _allocate(size):
    return len(bytearray(size))


@pytest.fixture(scope="module")
def document():
    return assemble(parse_answers(MINIMAL_ANSWERS), get_library())


@pytest.fixture(scope="module")
def worker():
    worker = RenderWorker(timeout=20, memory_limit=1024**3, recycle_after=100)
    yield worker
    worker.stop()


def test_a_document_survives_the_trip_to_the_child(document):
    assert pickle.loads(pickle.dumps(document)) == document  # noqa: S301 - our own bytes


def test_the_worker_renders_a_pdf_and_a_docx_that_read_back(worker, document):
    pdf = PdfReader(io.BytesIO(worker.render(document, "pdf")))
    text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Aberystwyth Speech Archive" in text
    assert "Example Models Ltd" in text

    word = docx.Document(io.BytesIO(worker.render(document, "docx")))
    body = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "Welsh Voices" in body
    assert worker.pid not in (None, os.getpid())


def test_a_render_over_the_time_limit_fails_cleanly_and_the_next_one_succeeds(worker, document):
    worker.render(document, "docx")  # a ready child, so the limit times the render only
    before = worker.pid
    started = time.monotonic()
    with pytest.raises(RenderFailed) as failure:
        worker.render(document, "pdf", timeout=0.05)
    assert failure.value.reason == "timeout"
    assert str(failure.value) == worker_module.MSG_TIMEOUT.format(seconds=0.05)
    assert time.monotonic() - started < 5
    assert worker.pid != before  # killed and replaced
    assert worker.render(document, "docx").startswith(b"PK")


def test_a_child_killed_mid_render_gives_a_clean_failure_and_a_retry_succeeds(worker, document):
    worker.render(document, "docx")
    victim = worker.pid
    threading.Timer(0.5, os.kill, (victim, signal.SIGKILL)).start()
    with pytest.raises(RenderFailed) as failure:
        worker.call(_sleep, 30, label="test")
    assert failure.value.reason == "crashed"
    assert str(failure.value) == worker_module.MSG_CRASHED
    assert worker.render(document, "docx").startswith(b"PK")
    assert worker.pid != victim


def test_a_render_beyond_the_memory_limit_fails_cleanly_and_the_next_one_succeeds(worker, document):
    parent_limit = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(RenderFailed) as failure:
        worker.call(_allocate, 2 * worker.memory_limit, label="test")
    assert failure.value.reason == "memory"
    assert str(failure.value) == worker_module.MSG_MEMORY
    assert worker.call(_allocate, 1024) == 1024
    assert resource.getrlimit(resource.RLIMIT_AS) == parent_limit  # the child's limit only


def test_an_error_in_the_renderer_is_logged_and_reported_without_details(worker, document, caplog):
    with pytest.raises(RenderFailed) as failure:
        worker.call(_allocate, "not a size", label="test")
    assert failure.value.reason == "error"
    assert str(failure.value) == worker_module.MSG_ERROR
    assert "TypeError" in caplog.text
    with pytest.raises(UnknownFormatError):
        worker.render(document, "rtf")


def test_the_child_is_recycled_after_its_quota_of_renders(document):
    worker = RenderWorker(recycle_after=2)
    try:
        worker.render(document, "docx")
        first = worker.pid
        worker.render(document, "docx")
        assert worker.stats.recycles == 1
        assert worker.stats.retired_rss > 0
        assert worker.pid != first
        worker.render(document, "docx")
        assert worker.stats.renders == 3
    finally:
        worker.stop()


def test_a_child_that_cannot_start_reports_the_renderer_unavailable(document):
    worker = RenderWorker(memory_limit=16 * 1024**2)  # too small to set up Django
    try:
        with pytest.raises(RenderFailed) as failure:
            worker.render(document, "docx")
        assert failure.value.reason == "unavailable"
        assert str(failure.value) == worker_module.MSG_UNAVAILABLE
    finally:
        worker.stop()


def test_rendering_in_process_gives_the_same_kind_of_file(document):
    assert render_in_process(document, "docx").startswith(b"PK")
    assert render_in_process(document, "html").startswith(b"<!DOCTYPE html>")
