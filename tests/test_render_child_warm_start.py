"""The render child starts with the server, runserver included, not on the first download."""

import pytest
from django.apps import apps

from drafting.apps import serves_with_runserver
from drafting.rendering import runner


@pytest.mark.parametrize(
    ("argv", "environ", "serves"),
    [
        (["manage.py", "runserver"], {"RUN_MAIN": "true"}, True),  # the reloaded server
        (["manage.py", "runserver"], {}, False),  # the parent that watches files
        (["manage.py", "runserver", "--noreload"], {}, True),
        (["manage.py", "migrate"], {"RUN_MAIN": "true"}, False),
        (["pytest"], {}, False),
    ],
)
def test_only_the_process_runserver_serves_from_counts(argv, environ, serves):
    assert serves_with_runserver(argv, environ) is serves


def test_runserver_starts_the_render_child_when_the_app_is_ready(monkeypatch, settings):
    settings.RENDER_IN_WORKER = True
    monkeypatch.setattr("sys.argv", ["manage.py", "runserver", "--noreload"])
    monkeypatch.setattr(runner, "_worker", None)  # a fresh process's state
    try:
        apps.get_app_config("drafting").ready()
        started = runner._worker
        assert started is not None and started.pid is not None  # spawned, before any render
    finally:
        runner.stop_worker()
