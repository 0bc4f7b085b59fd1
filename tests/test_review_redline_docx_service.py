"""The review's Word redline (tracked changes) takes the render service's road: rendered in
the render child under its limits, stored in the file cache under the revisions' digests,
and a failed render is the styled error page, never a 500."""

import io
from pathlib import Path

import pytest
from docx import Document as open_docx

from drafting.rendering import cache, keys, service, worker
from drafting.rendering.worker import RenderFailed
from drafting.review import selectors
from tests.test_review_comments import EXCLUSIVE
from tests.wizard_support import new_draft, submit

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

RENAMED = {"licensor.name": "Aberystwyth Speech Archive", "dataset.name": "Welsh Voices"}


@pytest.fixture
def store(settings):
    """The test's own cache folder (tests/conftest.py gives each test one)."""
    return Path(settings.RENDER_CACHE_DIR)


@pytest.fixture
def jobs(monkeypatch):
    """The names of the jobs sent to the render worker."""
    calls = []
    real = service.run_in_worker

    def counting(job, *args, **kwargs):
        calls.append(job.__name__)
        return real(job, *args, **kwargs)

    monkeypatch.setattr(service, "run_in_worker", counting)
    return calls


def entries(store):
    return sorted(path for path in store.rglob("*") if cache.KEY_PATTERN.fullmatch(path.name))


def test_the_second_request_is_served_from_the_cache(client, store, jobs):
    draft, access = new_draft()
    assert submit(client, access, "wider", EXCLUSIVE).status_code == 302
    first = client.get(access.url("compare-docx"), {"old": 0, "new": 1})
    assert first.status_code == 200
    assert jobs == ["tracked_changes_job"]
    [entry] = entries(store)
    assert entry.read_bytes() == first.content
    # The key names both revisions' Documents: their digests change it.
    old = selectors.revision_document(draft, draft.revisions.get(number=0))
    new = selectors.revision_document(draft, draft.revisions.get(number=1))
    assert keys.document_digest(old) != keys.document_digest(new)
    assert cache.cache_get(entry.name) == first.content
    text = "\n".join(p.text for p in open_docx(io.BytesIO(first.content)).paragraphs)
    assert "revision 0 to revision 1" in text

    # What the cache holds is what the second request gets, and no render is made.
    entry.write_bytes(b"PK the cached file")
    second = client.get(access.url("compare-docx"), {"old": 0, "new": 1})
    assert second.status_code == 200
    assert second.content == b"PK the cached file"
    assert jobs == ["tracked_changes_job"]


def test_another_pair_of_revisions_is_another_file(client, store, jobs):
    _draft, access = new_draft()
    assert submit(client, access, "wider", EXCLUSIVE).status_code == 302
    assert submit(client, access, "parties", RENAMED).status_code == 302
    client.get(access.url("compare-docx"), {"old": 0, "new": 1})
    client.get(access.url("compare-docx"), {"old": 0, "new": 2})
    assert jobs == ["tracked_changes_job", "tracked_changes_job"]
    assert len(entries(store)) == 2


def test_a_failed_render_is_the_styled_error_page_and_nothing_is_cached(client, store, monkeypatch):
    def crashed(job, *args, **kwargs):  # what a render child killed mid-render reports
        raise RenderFailed(worker.MSG_CRASHED, reason="crashed")

    monkeypatch.setattr(service, "run_in_worker", crashed)
    _draft, access = new_draft()
    assert submit(client, access, "wider", EXCLUSIVE).status_code == 302
    response = client.get(access.url("compare-docx"), {"old": 0, "new": 1})
    assert response.status_code == 503
    assert "drafts/preview.html" in [template.name for template in response.templates]
    assert worker.MSG_CRASHED in response.content.decode()
    assert entries(store) == []
