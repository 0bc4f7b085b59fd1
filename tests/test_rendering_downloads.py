"""Downloads with a task worker: a PDF is never rendered in the web process. One not yet
rendered answers 202 with a page that asks again, and its render is queued first in line."""

import os

import pytest
from django.core.cache import cache as django_cache
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from drafting.drafts import tasks
from drafting.drafts.selectors import draft_document
from drafting.drafts.tasks import render_revision_task
from drafting.rendering import cache, keys, service
from tests.wizard_support import SCENARIO, new_draft, submit

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def store(settings, tmp_path):
    settings.RENDER_IN_WORKER = False  # the worker has its own tests; keep this file fast
    settings.RENDER_CACHE_DIR = tmp_path / "rendered"
    django_cache.clear()  # no "asked already" marks from other tests
    yield settings.RENDER_CACHE_DIR
    django_cache.clear()


@pytest.fixture
def renders(monkeypatch):
    """Every render the service asks for, as its format; the real render still runs."""
    calls = []
    real = service.run_in_worker

    def counting(job, document, fmt, *args, **kwargs):
        calls.append(fmt)
        return real(job, document, fmt, *args, **kwargs)

    monkeypatch.setattr(service, "run_in_worker", counting)
    return calls


@pytest.fixture
def saved(client):
    """A draft with its first step saved through the wizard (nothing queued: no worker)."""
    draft, access = new_draft()
    assert submit(client, access, "parties", SCENARIO["parties"]).status_code == 302
    draft.refresh_from_db()
    return draft, access


def queued_downloads():
    return [
        (row.args_kwargs["kwargs"]["fmt"], row.priority)
        for row in DBTaskResult.objects.filter(status="READY").order_by("enqueued_at")
    ]


@override_settings(TASKS=DATABASE, RENDER_QUEUE_ON_SAVE=True)
def test_a_pdf_not_rendered_yet_answers_202_and_queues_its_render_first(client, store, saved):
    draft, access = saved
    url = access.url("download", fmt="pdf")
    response = client.get(url)
    assert response.status_code == 202
    assert response["Retry-After"] == "2"
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Preparing the PDF" in html and 'http-equiv="refresh"' in html
    assert queued_downloads() == [("pdf", tasks.REVIEW_PRIORITY)]

    # Asking again while it waits queues nothing more.
    assert client.get(url).status_code == 202
    assert queued_downloads() == [("pdf", tasks.REVIEW_PRIORITY)]

    # The worker renders it; the next ask gets the file, from the cache.
    row = DBTaskResult.objects.get(status="READY")
    kwargs = row.args_kwargs["kwargs"]
    assert kwargs == {"draft_id": draft.public_id, "revision": draft.revision, "fmt": "pdf"}
    render_revision_task.call(**kwargs)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    key = keys.document_key(draft_document(draft), "pdf")
    assert response.content == cache.cache_get(key)


@override_settings(TASKS=DATABASE, RENDER_QUEUE_ON_SAVE=True)
def test_nothing_is_queued_while_a_render_of_the_file_holds_its_lock(client, store, saved):
    draft, access = saved
    key = keys.document_key(draft_document(draft), "pdf")
    with cache.render_lock(key) as held:
        assert held and cache.is_locked(key)
        assert client.get(access.url("download", fmt="pdf")).status_code == 202
    assert not cache.is_locked(key)
    assert queued_downloads() == []


@override_settings(TASKS=DATABASE, RENDER_QUEUE_ON_SAVE=True)
def test_a_docx_is_rendered_on_the_spot_even_with_a_worker(client, store, saved, renders):
    _draft, access = saved
    response = client.get(access.url("download", fmt="docx"))
    assert response.status_code == 200
    assert response.content[:2] == b"PK"
    assert renders == ["docx"]
    assert queued_downloads() == []


def test_without_a_worker_the_pdf_is_rendered_on_the_spot(client, store, saved, renders):
    _draft, access = saved
    response = client.get(access.url("download", fmt="pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert renders == ["pdf"]


def test_a_lock_file_left_by_a_dead_process_does_not_count(store, saved):
    draft, _access = saved
    key = keys.document_key(draft_document(draft), "pdf")
    path = cache.lock_path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("")
    assert cache.is_locked(key)
    old = path.stat().st_mtime - cache.stale_lock_seconds() - 1
    os.utime(path, (old, old))
    assert not cache.is_locked(key)


@override_settings(TASKS=DATABASE, RENDER_QUEUE_ON_SAVE=True)
def test_asking_again_for_a_pdf_being_prepared_does_not_assemble_the_draft_again(
    client, store, saved, monkeypatch
):
    _draft, access = saved
    assembled = []
    real = tasks.draft_document

    def counting(draft, *args, **kwargs):
        assembled.append(draft.revision)
        return real(draft, *args, **kwargs)

    monkeypatch.setattr(tasks, "draft_document", counting)
    url = access.url("download", fmt="pdf")
    for _ in range(3):
        assert client.get(url).status_code == 202
    assert assembled == [1]
    # A new revision is a new file: its first ask assembles it.
    assert submit(client, access, "rights", SCENARIO["rights"]).status_code == 302
    assert client.get(url).status_code == 202
    assert assembled == [1, 2]
