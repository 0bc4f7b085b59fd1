"""The Django app: registers the clause-library system check, and under ``runserver`` starts
the render child with the server."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence

from django.apps import AppConfig


def serves_with_runserver(argv: Sequence[str], environ: Mapping[str, str]) -> bool:
    """Whether this process is the one ``manage.py runserver`` serves requests from.

    With the autoreloader that is the reloaded child (``RUN_MAIN=true``), not the parent
    that watches the files; with ``--noreload`` the process itself.
    """
    if len(argv) < 2 or argv[1] != "runserver":
        return False
    return environ.get("RUN_MAIN") == "true" or "--noreload" in argv


class DraftingConfig(AppConfig):
    """License Drafter's one Django app."""

    name = "drafting"
    verbose_name = "License Drafter"

    def ready(self) -> None:
        """Register the system check; under ``runserver``, start the render child now, so
        that the first PDF does not wait for it (gunicorn does the same in
        ``drafting/gunicorn.py``'s ``post_worker_init``)."""
        from drafting.library import checks  # noqa: F401  (registers the system check)

        if serves_with_runserver(sys.argv, os.environ):
            from drafting.rendering.runner import start_worker

            start_worker()
