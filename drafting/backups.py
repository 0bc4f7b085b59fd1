"""Backups: every draft with its revisions, share links and comments, as JSON lines.

One line per draft, so a backup streams, diffs and splits well. Each line holds Django's
serialized objects for the draft and everything that hangs off it, plus the accounts it
refers to (by username, with their password hashes, so people can still sign in after a
restore). ``import_drafts`` reads such a file into a database — typically an empty one — and
resets the primary-key sequences so new rows do not collide with restored ones (PostgreSQL).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from typing import IO

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction

from drafting.models import Comment, Draft, DraftRevision, ShareLink

FORMAT_VERSION = 1
MODELS = (Draft, DraftRevision, ShareLink, Comment)


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but keeping timestamps to the microsecond (it cuts them to ms)."""

    def default(self, o):
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(ValueError):
    """A backup line cannot be read; the message gives the line number."""


def _users(draft: Draft) -> list:
    user_ids = {draft.owner_id}
    user_ids.update(draft.revisions.values_list("author_id", flat=True))
    user_ids.update(draft.share_links.values_list("created_by_id", flat=True))
    user_ids.update(draft.comments.values_list("author_id", flat=True))
    known = {user_id for user_id in user_ids if user_id is not None}
    return list(get_user_model().objects.filter(pk__in=known).order_by("pk"))


def draft_record(draft: Draft) -> dict:
    """Return one draft's backup record: ``{"format": 1, "draft": public id, "objects": [...]}``.

    ``objects`` is Django's "python" serialization (JSON-ready) of the accounts the draft
    refers to, the draft, its revisions, share links and comments, in an order that loads.
    """
    objects: Iterable = [
        *_users(draft),
        draft,
        *draft.revisions.order_by("number"),
        *draft.share_links.order_by("pk"),
        *draft.comments.order_by("pk"),
    ]
    data = serializers.serialize("python", objects, use_natural_foreign_keys=True)
    for item in data:
        if item["model"] == "auth.user":
            item["fields"]["groups"] = []
            item["fields"]["user_permissions"] = []
    return {"format": FORMAT_VERSION, "draft": draft.public_id, "objects": data}


def export_drafts(stream: IO[str]) -> int:
    """Write every draft to ``stream`` as JSON lines; return the number of drafts written."""
    count = 0
    for draft in Draft.objects.order_by("pk").iterator(chunk_size=200):
        stream.write(json.dumps(draft_record(draft), cls=_Encoder, ensure_ascii=False))
        stream.write("\n")
        count += 1
    return count


def _records(stream: IO[str]) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise BackupError(f"line {number}: not JSON ({error})") from None
        if not isinstance(record, dict) or record.get("format") != FORMAT_VERSION:
            raise BackupError(f"line {number}: not a License Drafter backup record")
        yield number, record


def import_drafts(stream: IO[str]) -> int:
    """Read a backup written by :func:`export_drafts`; return the number of drafts restored.

    All or nothing: one transaction. Accounts that already exist (same username) are kept
    as they are. A draft whose public id already exists is an error, as is any line that is
    not a backup record: raises :class:`BackupError` naming the line.
    """
    User = get_user_model()
    count = 0
    with transaction.atomic():
        for number, record in _records(stream):
            if Draft.objects.filter(public_id=record["draft"]).exists():
                raise BackupError(f"line {number}: draft {record['draft']} already exists")
            for item in record["objects"]:
                if item["model"] == "auth.user":
                    if User.objects.filter(username=item["fields"]["username"]).exists():
                        continue  # an account of the same name is kept as it is
                    item = {**item, "pk": None}  # ids are local; references use usernames
                try:
                    for restored in serializers.deserialize("python", [item]):
                        restored.save()
                except (DeserializationError, IntegrityError) as error:
                    raise BackupError(f"line {number}: {error}") from None
            count += 1
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), [User, *MODELS]):
                cursor.execute(statement)
    return count
