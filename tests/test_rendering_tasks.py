"""Rendering ahead: the render task fills the cache with a draft's newest revision only, saves
queue it (first when the author goes to the review page next), and queueing follows the
settings."""

import runpy

import pytest
from django.db import connection, transaction
from django.tasks import TaskResultStatus, default_task_backend
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from drafting.drafts import tasks
from drafting.drafts.forms import StepForm
from drafting.drafts.selectors import draft_document
from drafting.drafts.services import draft_create, draft_save_step
from drafting.drafts.steps import stored_values
from drafting.drafts.tasks import queue_render, render_revision_task
from drafting.models import Draft
from drafting.questionnaire.definition import get_questionnaire
from drafting.rendering import cache, keys, runner, service, worker
from drafting.rendering.worker import RenderFailed
from tests.conftest import ROOT
from tests.wizard_support import SCENARIO, form_data, new_draft, submit

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SETTINGS = str(ROOT / "drafting" / "settings.py")
DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
LAST_STEP = get_questionnaire().step_keys[-1]


@pytest.fixture
def store(settings, tmp_path):
    settings.RENDER_IN_WORKER = False  # the worker has its own tests; keep this file fast
    settings.RENDER_CACHE_DIR = tmp_path / "rendered"
    return settings.RENDER_CACHE_DIR


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
def draft(minimal_data):
    """A draft holding the smallest complete answers, at revision 0."""
    draft, _token = draft_create(document=minimal_data)
    return draft


def files(store):
    return [path for path in store.rglob("*") if path.is_file()]


def save(draft, step_key, changes=None, **options):
    """Save ``step_key`` as its form would post it, with ``changes``."""
    step = get_questionnaire().step(step_key)
    form = StepForm(
        form_data(draft, step_key, changes),
        step=step,
        stored=stored_values(draft.answers),
        revision=draft.revision,
    )
    assert form.is_valid(), form.errors
    return draft_save_step(
        draft=draft,
        step_key=step_key,
        data=form.answers(),
        author=None,
        base_revision=draft.revision,
        **options,
    )


def test_a_task_for_the_current_revision_fills_the_cache_the_download_reads(client, store, renders):
    draft, access = new_draft()
    assert submit(client, access, "parties", SCENARIO["parties"]).status_code == 302
    draft.refresh_from_db()
    result = render_revision_task.enqueue(
        draft_id=draft.public_id, revision=draft.revision, fmt="docx"
    )
    assert result.status == TaskResultStatus.SUCCESSFUL
    key = result.return_value["key"]
    assert result.return_value == {
        "draft": draft.public_id,
        "revision": draft.revision,
        "format": "docx",
        "skipped": None,
        "key": key,
        "bytes": len(cache.cache_get(key)),
        "cached": False,
    }
    assert renders == ["docx"]

    # The download assembles the draft the same way, so it is a file read.
    assert key == keys.document_key(draft_document(draft), "docx")
    assert service.render_document(document=draft_document(draft), fmt="docx").cached
    response = client.get(access.url("download", fmt="docx"))
    assert response.status_code == 200
    assert response.content == cache.cache_get(key)
    assert renders == ["docx"]

    again = render_revision_task.enqueue(
        draft_id=draft.public_id, revision=draft.revision, fmt="docx"
    )
    assert again.return_value["cached"] is True
    assert renders == ["docx"]


def test_a_task_for_a_superseded_revision_skips_for_one_query_and_no_render(
    store, renders, draft, django_assert_num_queries
):
    queued = draft.revision
    saved = save(draft, "parties", {"dataset.name": "Welsh Voices II"})
    assert saved.revision == queued + 1

    with django_assert_num_queries(1):
        result = render_revision_task.enqueue(draft_id=draft.public_id, revision=queued, fmt="docx")
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == {
        "draft": draft.public_id,
        "revision": queued,
        "format": "docx",
        "skipped": "superseded",
        "current_revision": queued + 1,
    }
    assert renders == []
    assert files(store) == []


def test_a_task_for_a_deleted_draft_skips(store, renders, draft):
    public_id, revision = draft.public_id, draft.revision
    draft.delete()
    result = render_revision_task.enqueue(draft_id=public_id, revision=revision, fmt="docx")
    assert result.return_value["skipped"] == "superseded"
    assert result.return_value["current_revision"] is None
    assert renders == []
    assert files(store) == []


def test_many_saves_render_only_the_newest_revision(store, renders, draft):
    with override_settings(TASKS=DUMMY, RENDER_QUEUE_ON_SAVE=True):
        for number in range(3):
            draft = save(draft, "parties", {"dataset.name": f"Welsh Voices {number}"})
        queued = list(default_task_backend.results)
    assert [result.kwargs["revision"] for result in queued] == [1, 1, 2, 2, 3, 3]
    # What the worker does with them (DOCX only: PDF would take seconds and show the same).
    outcomes = [
        render_revision_task.call(**result.kwargs)
        for result in queued
        if result.kwargs["fmt"] == "docx"
    ]
    assert [outcome["skipped"] for outcome in outcomes] == ["superseded", "superseded", None]
    assert renders == ["docx"]
    assert outcomes[-1]["key"] == keys.document_key(draft_document(draft), "docx")


def test_an_incomplete_draft_renders_with_placeholders(store):
    draft, _access = new_draft()
    result = render_revision_task.enqueue(draft_id=draft.public_id, revision=0, fmt="docx")
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value["skipped"] is None


def test_a_failed_render_fails_the_task_leaves_nothing_cached_and_can_be_retried(
    store, draft, monkeypatch
):
    real = runner.run_in_process

    def killed(job, *args, label="job"):  # what a render child killed mid-render reports
        raise RenderFailed(worker.MSG_CRASHED, reason="crashed")

    arguments = {"draft_id": draft.public_id, "revision": draft.revision, "fmt": "docx"}
    monkeypatch.setattr(runner, "run_in_process", killed)
    failed = render_revision_task.enqueue(**arguments)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.errors[0].exception_class is RenderFailed
    assert files(store) == []

    monkeypatch.setattr(runner, "run_in_process", real)
    retried = render_revision_task.enqueue(**arguments)
    assert retried.status == TaskResultStatus.SUCCESSFUL


@override_settings(TASKS=DUMMY, RENDER_QUEUE_ON_SAVE=False)
def test_saving_queues_nothing_when_rendering_ahead_is_off(store, draft):
    save(draft, "parties", {"dataset.name": "Welsh Voices II"})
    assert default_task_backend.results == []
    assert queue_render(draft_id=draft.public_id, revision=1) == []


@override_settings(TASKS=DUMMY, RENDER_QUEUE_ON_SAVE=True)
@pytest.mark.parametrize(
    ("step_key", "return_to", "priority"),
    [
        ("parties", "", tasks.STEP_PRIORITY),
        ("parties", "review", tasks.REVIEW_PRIORITY),  # "Save and return to review"
        (LAST_STEP, "", tasks.REVIEW_PRIORITY),  # the last step leads to the review page
    ],
)
def test_a_save_that_leads_to_the_review_page_queues_its_renders_first(
    client, store, step_key, return_to, priority
):
    draft, access = new_draft()
    data = form_data(draft, step_key, SCENARIO[step_key]) | {"return_to": return_to}
    response = client.post(access.step_url(step_key), data)
    assert response.status_code == 302
    assert (response["Location"] == access.url("review")) is (priority == tasks.REVIEW_PRIORITY)
    queued = default_task_backend.results
    assert [(result.kwargs["fmt"], result.task.priority) for result in queued] == [
        ("pdf", priority),
        ("docx", priority),
    ]
    assert {result.kwargs["draft_id"] for result in queued} == {draft.public_id}
    assert {result.kwargs["revision"] for result in queued} == {1}
    assert tasks.REVIEW_PRIORITY > tasks.STEP_PRIORITY


@override_settings(TASKS=DUMMY, RENDER_QUEUE_ON_SAVE=True, RENDER_STEP_DELAY_SECONDS=20)
def test_a_save_within_the_wizard_defers_its_renders_and_one_for_the_review_does_not(store):
    draft, _token = draft_create()
    before = timezone.now()
    save(draft, "parties", SCENARIO["parties"])
    save(draft, LAST_STEP, SCENARIO[LAST_STEP], about_to_review=True)
    step, _docx, review, _review_docx = default_task_backend.results
    assert step.task.run_after is not None
    assert 20 <= (step.task.run_after - before).total_seconds() < 25
    assert review.task.run_after is None


@override_settings(TASKS=DATABASE, RENDER_QUEUE_ON_SAVE=True, RENDER_STEP_DELAY_SECONDS=20)
def test_the_database_worker_leaves_deferred_renders_until_their_time(store, draft):
    save(draft, "parties", {"dataset.name": "Welsh Voices II"})
    assert DBTaskResult.objects.count() == 2
    assert not DBTaskResult.objects.ready().exists()


@override_settings(TASKS=DATABASE, RENDER_QUEUE_ON_SAVE=True, RENDER_STEP_DELAY_SECONDS=0)
def test_the_database_worker_takes_the_review_renders_first_pdf_before_docx(store, draft):
    other, _token = draft_create()
    save(draft, "parties", {"dataset.name": "Welsh Voices II"})  # queued first, lower priority
    save(other, LAST_STEP, SCENARIO[LAST_STEP], about_to_review=True)
    order = [
        (result.args_kwargs["kwargs"]["draft_id"], result.args_kwargs["kwargs"]["fmt"])
        for result in DBTaskResult.objects.ready()  # the order db_worker takes them in
    ]
    assert order == [
        (other.public_id, "pdf"),
        (other.public_id, "docx"),
        (draft.public_id, "pdf"),
        (draft.public_id, "docx"),
    ]
    assert DBTaskResult.objects.ready().get_locked().args_kwargs["kwargs"]["fmt"] == "pdf"


@override_settings(TASKS=DATABASE, RENDER_QUEUE_ON_SAVE=True)
def test_the_queued_renders_commit_and_roll_back_with_the_revision(store, draft):
    with pytest.raises(RuntimeError), transaction.atomic():
        save(draft, "parties", {"dataset.name": "Welsh Voices II"})
        assert DBTaskResult.objects.count() == 2
        raise RuntimeError("the request failed after the save")
    assert DBTaskResult.objects.count() == 0
    assert Draft.objects.get(pk=draft.pk).revision == 0


@override_settings(TASKS=DATABASE, RENDER_QUEUE_ON_SAVE=True)
def test_a_render_that_cannot_be_queued_does_not_lose_the_save(store, draft, monkeypatch):
    def broken(self, task, args, kwargs):
        with connection.cursor() as cursor:  # a database error inside the save's transaction
            cursor.execute("INSERT INTO no_such_table VALUES (1)")

    monkeypatch.setattr(DatabaseBackend, "_task_to_db_task", broken)
    saved = save(draft, "parties", {"dataset.name": "Welsh Voices II"})
    assert saved.revision == 1
    assert Draft.objects.get(pk=draft.pk).revision == 1
    assert DBTaskResult.objects.count() == 0


@override_settings(RENDER_QUEUE_ON_SAVE=True)
def test_with_the_immediate_backend_queueing_renders_at_once(store, renders, draft):
    results = queue_render(draft_id=draft.public_id, revision=draft.revision, formats=("docx",))
    assert [result.status for result in results] == [TaskResultStatus.SUCCESSFUL]
    assert renders == ["docx"]
    assert len(files(store)) == 1


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


def test_the_render_child_is_recycled_after_100_renders_by_default(monkeypatch):
    monkeypatch.delenv("LICENSE_DRAFTER_RENDER_RECYCLE_AFTER", raising=False)
    assert runpy.run_path(SETTINGS)["RENDER_RECYCLE_AFTER"] == 100


@override_settings(RENDER_QUEUE_ON_SAVE=True)
def test_only_pdf_and_docx_are_rendered_ahead(draft):
    with pytest.raises(ValueError, match="html"):
        queue_render(draft_id=draft.public_id, revision=0, formats=("pdf", "html"))
