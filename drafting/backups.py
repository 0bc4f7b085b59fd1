"""Backups: every draft with its revisions, share links, comments and published licence pages,
as JSON lines.

One line per draft, so a backup streams, diffs and splits well. Each line holds Django's
serialized objects for the draft and everything that hangs off it, plus the accounts it
refers to (by username, with their password hashes, so people can still sign in after a
restore). ``import_drafts`` reads such a file into any database, empty or not: every row gets
a new id there and its references are remapped, so nothing already stored is overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

from drafting.models import (
    Comment,
    Draft,
    DraftRevision,
    PublishedLicence,
    ShareLink,
    StatusChange,
    free_licence_slug,
)

FORMAT_VERSION = 1
MODELS = (Draft, DraftRevision, ShareLink, Comment, StatusChange, PublishedLicence)
# What a backup line may hold: the drafting models and the accounts they refer to, nothing else.
USER_MODEL = "auth.user"
CHILD_MODELS = (
    "drafting.draftrevision",
    "drafting.sharelink",
    "drafting.comment",
    "drafting.statuschange",
    "drafting.publishedlicence",
)
# Account fields restored as they are; anything granting rights (staff, superuser, groups,
# permissions) is dropped, so a backup can never make an administrator.
USER_FIELDS = ("username", "password", "email", "first_name", "last_name", "is_active")
USER_TIMES = ("date_joined", "last_login")
USER_RIGHTS = ("is_staff", "is_superuser", "groups", "user_permissions")
USER_REFERENCES = ("owner", "author", "created_by", "published_by")


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
    user_ids.update(draft.publications.values_list("published_by_id", flat=True))
    known = {user_id for user_id in user_ids if user_id is not None}
    return list(get_user_model().objects.filter(pk__in=known).order_by("pk"))


def draft_record(draft: Draft) -> dict:
    """Return one draft's backup record: ``{"format": 1, "draft": public id, "objects": [...]}``.

    ``objects`` is Django's "python" serialization (JSON-ready) of the accounts the draft
    refers to, the draft, its revisions, share links, comments, status changes and published
    licence pages, in an order that loads.
    """
    objects: Iterable = [
        *_users(draft),
        draft,
        *draft.revisions.order_by("number"),
        *draft.share_links.order_by("pk"),
        *draft.comments.order_by("pk"),
        *draft.status_changes.order_by("pk"),
        *draft.publications.order_by("pk"),
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


@dataclass
class ImportResult:
    """What :func:`import_drafts` did: ``restored`` drafts added, ``skipped`` one message per
    draft already here with the same revisions, ``notes`` one per account restored without
    the rights its backup gave it and one per public licence page restored at another
    address (its own was taken here)."""

    restored: int = 0
    skipped: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _check_record(number: int, record: dict) -> tuple[dict, list[dict], list[dict]]:
    """Return the record's draft object, its accounts and its other objects, in file order.

    Raises :class:`BackupError` for any other model, a second draft, a row that belongs to
    another draft or an account none of the draft's rows names.
    """
    objects = record.get("objects")
    if not isinstance(record.get("draft"), str) or not isinstance(objects, list):
        raise BackupError(f"line {number}: not a License Drafter backup record")
    drafts, users, children = [], [], []
    for item in objects:
        model = item.get("model") if isinstance(item, dict) else None
        if not isinstance(item.get("fields") if model else None, dict):
            raise BackupError(f"line {number}: an object without a model and fields")
        if model == "drafting.draft":
            drafts.append(item)
        elif model == USER_MODEL:
            users.append(item)
        elif model in CHILD_MODELS:
            children.append(item)
        else:
            raise BackupError(f"line {number}: {model!s:.60} is not allowed in a draft backup")
    if len(drafts) != 1 or drafts[0]["fields"].get("public_id") != record["draft"]:
        raise BackupError(f"line {number}: must hold exactly the draft {record['draft']}")
    draft = drafts[0]
    if any(child["fields"].get("draft") != draft["pk"] for child in children):
        raise BackupError(f"line {number}: a row refers to a draft other than {record['draft']}")
    named = {
        tuple(value)
        for item in (draft, *children)
        for key in USER_REFERENCES
        if isinstance(value := item["fields"].get(key), list)
    }
    for user in users:
        if (user["fields"].get("username"),) not in named:
            name = str(user["fields"].get("username"))[:150]
            raise BackupError(f"line {number}: account {name!r} is not named by the draft")
    return draft, users, children


def _revision_facts(items: Iterable[dict]) -> list[dict]:
    return [
        {k: v for k, v in item["fields"].items() if k != "draft"}
        for item in items
        if item["model"] == "drafting.draftrevision"
    ]


def _same_revisions(existing: Draft, children: list[dict]) -> bool:
    """Whether ``existing`` has exactly the backup's revisions (numbers, answers, authors...)."""
    here = json.loads(json.dumps(draft_record(existing), cls=_Encoder))["objects"]
    return _revision_facts(here) == _revision_facts(children)


def _restore_user(item: dict, result: ImportResult) -> None:
    """Create the account unless one of the same name exists (which is kept as it is)."""
    User = get_user_model()
    fields = item["fields"]
    if User.objects.filter(username=fields.get("username")).exists():
        return
    unknown = set(fields) - {*USER_FIELDS, *USER_TIMES, *USER_RIGHTS}
    if unknown:
        raise DeserializationError(f"account fields not restored: {', '.join(sorted(unknown))}")
    kept = {key: fields[key] for key in USER_FIELDS + USER_TIMES if key in fields}
    _save({"model": USER_MODEL, "pk": None, "fields": kept})
    if any(fields.get(key) for key in USER_RIGHTS):
        result.notes.append(
            f"account {kept.get('username')} restored without staff, superuser, group "
            "or permission rights"
        )


def _save(item: dict, **references: Any) -> Any:
    """Insert one serialized object as a new row (a new id), with ``references`` replaced."""
    item = {**item, "pk": None, "fields": {**item["fields"], **references}}
    for restored in serializers.deserialize("python", [item]):
        restored.save()
        return restored.object
    raise DeserializationError("nothing to restore")


def _restore_draft(draft: dict, children: list[dict], result: ImportResult) -> None:
    new_draft = _save(draft)
    threads: dict[Any, int] = {}
    slugs: dict[str, str] = {}
    for child in children:
        references: dict[str, Any] = {"draft": new_draft.pk}
        if child["model"] == "drafting.publishedlicence":
            old = str(child["fields"].get("slug"))
            if old not in slugs:
                slugs[old] = free_licence_slug(old)
                if slugs[old] != old:
                    result.notes.append(
                        f"draft {new_draft.public_id}: its public licence page /licences/{old}/ "
                        f"is another draft's here; restored at /licences/{slugs[old]}/"
                    )
            references["slug"] = slugs[old]
        if child["model"] == "drafting.comment" and child["fields"].get("thread") is not None:
            if child["fields"]["thread"] not in threads:
                raise DeserializationError("a reply to a comment that is not in the backup")
            references["thread"] = threads[child["fields"]["thread"]]
        restored = _save(child, **references)
        if child["model"] == "drafting.comment":
            threads[child["pk"]] = restored.pk


def import_drafts(stream: IO[str]) -> ImportResult:
    """Read a backup written by :func:`export_drafts` into this database; return what it did.

    All or nothing: one transaction. Every restored row gets a new id (references remapped),
    so no row already here is changed. Accounts that already exist (same username) are kept
    as they are; new ones never get staff, superuser, group or permission rights. A draft
    whose public id is already here with the same revisions is skipped (restoring a backup
    twice changes nothing); with other revisions it is refused. Raises :class:`BackupError`
    naming the line for that, for any model other than a draft's own rows and accounts, and
    for any line that is not a backup record.
    """
    result = ImportResult()
    with transaction.atomic():
        for number, record in _records(stream):
            draft, users, children = _check_record(number, record)
            existing = Draft.objects.filter(public_id=record["draft"]).first()
            if existing is not None:
                if not _same_revisions(existing, children):
                    raise BackupError(
                        f"line {number}: draft {record['draft']} already exists with different "
                        "revisions; nothing was imported (remove it or restore elsewhere)"
                    )
                result.skipped.append(
                    f"line {number}: draft {record['draft']} is already here with the same "
                    "revisions; skipped"
                )
                continue
            try:
                for user in users:
                    _restore_user(user, result)
                _restore_draft(draft, children, result)
            except (DeserializationError, IntegrityError, ValueError, TypeError) as error:
                raise BackupError(f"line {number}: {str(error)[:300]}") from None
            result.restored += 1
    return result
