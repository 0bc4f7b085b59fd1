"""The rendered file of a draft: rendered once in the worker, then served from the cache."""

import pytest

from drafting.assembly.assemble import assemble
from drafting.questionnaire.answers import parse_answers
from drafting.renderers import UnknownFormatError
from drafting.rendering import service, worker
from drafting.rendering.worker import RenderFailed


@pytest.fixture
def store(settings, tmp_path):
    settings.RENDER_CACHE_DIR = tmp_path / "rendered"
    return settings.RENDER_CACHE_DIR


@pytest.fixture
def renders(monkeypatch):
    """Every call to the worker, as (document title, format)."""
    calls = []
    real = service.render_in_worker

    def counting(document, fmt, **kwargs):
        calls.append((document.title, fmt))
        return real(document, fmt, **kwargs)

    monkeypatch.setattr(service, "render_in_worker", counting)
    return calls


@pytest.fixture(scope="module", autouse=True)
def _stop_worker():
    yield
    worker.stop_worker()


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
    def failing(document, fmt, **kwargs):
        raise RenderFailed(worker.MSG_CRASHED, reason="crashed")

    monkeypatch.setattr(service, "render_in_worker", failing)
    document = assemble(minimal_answers, library)
    with pytest.raises(RenderFailed, match="stopped unexpectedly"):
        service.document_file(document=document, fmt="pdf")
    assert not any(path.is_file() for path in store.rglob("*"))
