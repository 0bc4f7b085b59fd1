"""Link tokens never reach the logs: Django's request log, runserver's request lines and
gunicorn's access log all show ``/d/[redacted]/`` and ``/s/[redacted]/``."""

import datetime as dt
import io
import logging
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.core.servers.basehttp import WSGIRequestHandler
from gunicorn.config import Config

from drafting.logredact import RedactingGunicornLogger, RedactTokens, redact
from drafting.review.services import share_link_create, share_link_revoke
from tests.wizard_support import new_draft

pytestmark = pytest.mark.django_db


@contextmanager
def written_by(logger_name: str):
    """Collect what the handlers ``settings.LOGGING`` gave ``logger_name`` write."""
    handlers = [
        handler
        for handler in logging.getLogger(logger_name).handlers
        if isinstance(handler, logging.StreamHandler)
        and any(isinstance(f, RedactTokens) for f in handler.filters)
    ]
    assert handlers, f"no redacting handler configured for {logger_name!r}"
    out = io.StringIO()
    previous = [handler.setStream(out) for handler in handlers]
    try:
        yield out
    finally:
        for handler, stream in zip(handlers, previous, strict=True):
            handler.setStream(stream)


def test_redact_replaces_only_the_token_segment():
    line = 'GET /d/Abc-_123/step/use/?from=review HTTP/1.1 "http://x/s/Zz9_-/comments/"'
    assert redact(line) == (
        'GET /d/[redacted]/step/use/?from=review HTTP/1.1 "http://x/s/[redacted]/comments/"'
    )
    assert redact("/drafts/Abc123/review/ /static/css/app.css") == (
        "/drafts/Abc123/review/ /static/css/app.css"
    )


def test_django_request_log_shows_no_token(client):
    draft, access = new_draft()
    link, share_token = share_link_create(draft=draft, role="view")
    share_link_revoke(draft=draft, link_id=link.pk)
    with written_by("") as out:
        assert client.get(f"/d/{access.token[::-1]}/review/").status_code == 404
        assert client.get(f"/s/{share_token}/comments/").status_code == 410
    written = out.getvalue()
    assert "Not Found: /d/[redacted]/review/" in written
    assert "Gone: /s/[redacted]/comments/" in written
    assert access.token[::-1] not in written and share_token not in written


def test_runserver_request_lines_show_no_token():
    token = "kq3V9Yx_secret-token-0123456789abcdefghijkl"
    handler = WSGIRequestHandler.__new__(WSGIRequestHandler)
    handler.request = None
    handler.requestline = f"GET /d/{token}/step/parties/ HTTP/1.1"
    with written_by("django.server") as out:
        handler.log_request(200, 5120)
    assert '"GET /d/[redacted]/step/parties/ HTTP/1.1" 200 5120' in out.getvalue()
    assert token not in out.getvalue()


def test_gunicorn_access_log_shows_no_token(tmp_path):
    token = "kq3V9Yx_secret-token-0123456789abcdefghijkl"
    log_file = tmp_path / "access.log"
    config = Config()
    config.set("accesslog", str(log_file))
    config.set("access_log_format", '%(h)s "%(r)s" %(s)s "%(f)s" %(U)s %({location}o)s')
    logger = RedactingGunicornLogger(config)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/s/{token}/review/",
        "PATH_INFO": f"/s/{token}/review/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": f"https://example.org/s/{token}/",
    }
    response = SimpleNamespace(
        status="302 Found", sent=0, headers=[("Location", f"/d/{token}/step/use/")]
    )
    logger.access(response, SimpleNamespace(headers=[]), environ, dt.timedelta(seconds=0))
    for handler in logger.access_log.handlers:
        handler.flush()
    written = log_file.read_text()
    assert '"GET /s/[redacted]/review/ HTTP/1.1" 302' in written
    assert "https://example.org/s/[redacted]/" in written
    assert "/d/[redacted]/step/use/" in written
    assert token not in written
