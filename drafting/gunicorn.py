"""gunicorn settings: ``gunicorn -c python:drafting.gunicorn drafting.wsgi``.

Each gunicorn worker starts its warm render child once it is ready, so the first PDF a
user asks for does not pay WeasyPrint's import (about a second). The render child is never
started in the master process: a fork server started there would break in forked workers.
Bind address, worker count and timeout come from the usual ``GUNICORN_CMD_ARGS`` or the
command line; the values here are defaults for a small server.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
timeout = 60
preload_app = False


def post_worker_init(worker) -> None:
    """Start this worker's warm render child (see :mod:`drafting.rendering.worker`)."""
    from drafting.rendering.runner import start_worker

    start_worker()
