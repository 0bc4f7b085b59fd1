"""Rendering ahead: the render task fills the cache, and queueing follows the settings."""

import runpy

import pytest
from django.tasks import TaskResultStatus

from drafting.assembly.assemble import assemble
from drafting.drafts.steps import explicit_document, load_answers, stored_values
from drafting.rendering import cache, service, worker
from drafting.rendering.tasks import queue_render, render_revision_task
from drafting.rendering.worker import RenderFailed
from tests.conftest import MINIMAL_ANSWERS, ROOT

SETTINGS = str(ROOT / "drafting" / "settings.py")


@pytest.fixture
def store(settings, tmp_path):
    settings.RENDER_IN_WORKER = False  # the worker has its own tests; keep this file fast
    settings.RENDER_CACHE_DIR = tmp_path / "rendered"
    return settings.RENDER_CACHE_DIR


@pytest.fixture
def revision(library):
    """A draft revision as the save service has it: stored values and pins."""
    values = stored_values(MINIMAL_ANSWERS)
    return {"answers_data": explicit_document(values), "pins": library.snapshot()}


def test_the_task_runs_on_the_immediate_backend_and_fills_the_cache(store, revision):
    result = render_revision_task.enqueue(**revision, fmt="docx")
    assert result.status == TaskResultStatus.SUCCESSFUL
    key = result.return_value["key"]
    assert result.return_value == {
        "key": key,
        "format": "docx",
        "bytes": len(cache.cache_get(key)),
        "cached": False,
    }
    again = render_revision_task.enqueue(**revision, fmt="docx")
    assert again.return_value["cached"] is True


def test_the_task_warms_the_file_the_draft_download_asks_for(store, revision, library):
    # The download assembles what the draft pages show (load_answers of the stored values).
    answers, _missing = load_answers(stored_values(MINIMAL_ANSWERS))
    document = assemble(answers, library, revision["pins"])
    result = render_revision_task.enqueue(**revision, fmt="docx")
    assert result.return_value["key"] == cache.document_key(document, "docx")
    assert service.render_document(document=document, fmt="docx").cached


def test_an_incomplete_draft_renders_with_placeholders(store, library):
    result = render_revision_task.enqueue(
        answers_data={"licensor": {"name": "Only A Licensor"}}, pins={}, fmt="docx"
    )
    assert result.status == TaskResultStatus.SUCCESSFUL


def test_a_failed_render_fails_the_task_leaves_nothing_cached_and_can_be_retried(
    store, revision, monkeypatch
):
    real = worker.render_in_process

    def killed(document, fmt):  # what a render child killed mid-render reports
        raise RenderFailed(worker.MSG_CRASHED, reason="crashed")

    monkeypatch.setattr(worker, "render_in_process", killed)
    failed = render_revision_task.enqueue(**revision, fmt="docx")
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[0].exception_class is RenderFailed
    assert not any(path.is_file() for path in store.rglob("*"))

    monkeypatch.setattr(worker, "render_in_process", real)
    retried = render_revision_task.enqueue(**revision, fmt="docx")
    assert retried.status == TaskResultStatus.SUCCESSFUL


def test_saving_queues_nothing_when_rendering_ahead_is_off(settings, store, revision):
    settings.RENDER_QUEUE_ON_SAVE = False
    assert queue_render(**revision) == []
    assert not store.exists()


def test_saving_queues_a_pdf_and_a_docx_render_when_rendering_ahead_is_on(
    settings, store, revision
):
    settings.RENDER_QUEUE_ON_SAVE = True
    results = queue_render(**revision)
    assert [result.return_value["format"] for result in results] == ["pdf", "docx"]
    assert all(result.status == TaskResultStatus.SUCCESSFUL for result in results)
    assert len([path for path in store.rglob("*") if path.is_file()]) == 2


@pytest.mark.parametrize(
    ("backend", "queued"),
    [
        (None, False),
        ("django.tasks.backends.immediate.ImmediateBackend", False),
        ("django_tasks_db.DatabaseBackend", True),
    ],
)
def test_rendering_ahead_is_on_by_default_only_with_a_real_task_queue(monkeypatch, backend, queued):
    monkeypatch.delenv("LICENSE_DRAFTER_RENDER_QUEUE_ON_SAVE", raising=False)
    if backend:
        monkeypatch.setenv("DJANGO_TASKS_BACKEND", backend)
    else:
        monkeypatch.delenv("DJANGO_TASKS_BACKEND", raising=False)
    assert runpy.run_path(SETTINGS)["RENDER_QUEUE_ON_SAVE"] is queued
    monkeypatch.setenv("LICENSE_DRAFTER_RENDER_QUEUE_ON_SAVE", "1" if not queued else "0")
    assert runpy.run_path(SETTINGS)["RENDER_QUEUE_ON_SAVE"] is not queued


def test_only_pdf_and_docx_are_rendered_ahead(settings, revision):
    settings.RENDER_QUEUE_ON_SAVE = True
    with pytest.raises(ValueError, match="html"):
        queue_render(**revision, formats=("pdf", "html"))
