"""Keep link tokens out of the logs.

A private link ``/d/<token>/...`` and a share link ``/s/<token>/...`` are capabilities: whoever
reads one in a log can open the draft. :class:`RedactTokens` is a logging filter (set on every
handler in ``settings.LOGGING``) that rewrites such paths in a record's message, as Django's
request and runserver logs write them; :class:`RedactingGunicornLogger` does the same for
every field of gunicorn's access log (request line, path, Referer, Location...).
"""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger

REDACTED = "[redacted]"
# A /d/ or /s/ path segment, wherever a path appears (a request line, a URL, a Referer).
TOKEN_IN_PATH = re.compile(r"(/[ds]/)[^/\s?#\"']+")


def redact(text: str) -> str:
    """Return ``text`` with the token of every ``/d/<token>`` and ``/s/<token>`` replaced by
    ``[redacted]``; other text is unchanged."""
    return TOKEN_IN_PATH.sub(rf"\g<1>{REDACTED}", text)


class RedactTokens(logging.Filter):
    """A logging filter that redacts link tokens from each record's formatted message.

    The record's ``msg`` becomes the redacted message and its ``args`` empty, so every
    handler and formatter after it sees no token. It never drops a record.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact ``record`` in place; return True (keep it)."""
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        return True


class RedactingGunicornLogger(Logger):
    """gunicorn's logger, with link tokens redacted from every access-log field."""

    def atoms(self, resp, req, environ, request_time) -> dict:
        """gunicorn's access-log fields, each string value passed through :func:`redact`."""
        atoms = super().atoms(resp, req, environ, request_time)
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
