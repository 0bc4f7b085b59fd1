"""Reads of the review: share links, comment threads against the current text, the
revision history, a revision's document, and what changed between two revisions."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass

from django.utils import timezone

from drafting.assembly.assemble import AssemblyError, assemble
from drafting.assembly.document import Document
from drafting.assembly.redline import AnswerChange
from drafting.drafts.display import display_answer
from drafting.drafts.selectors import DocumentUnavailable
from drafting.drafts.steps import load_answers, stored_values
from drafting.library.loader import get_library
from drafting.models import Comment, Draft, DraftRevision, ShareLink
from drafting.questionnaire.definition import get_questionnaire

THREAD_STATES = {
    "current": "Current",
    "outdated": "Outdated: the clause has changed since",
    "detached": "Detached: the clause is no longer in the draft",
}
_CACHE_SIZE = 64
_documents: OrderedDict[tuple[str, int], Document] = OrderedDict()


@dataclass(frozen=True)
class ShareLinkView:
    """A share link as its owner sees it: ``state`` is "active", "revoked" or "expired"."""

    link: ShareLink
    state: str


def share_links_for(draft: Draft) -> tuple[ShareLinkView, ...]:
    """Return every share link of ``draft``, oldest first, with its state."""
    today = timezone.now().date()
    views = []
    for link in draft.share_links.all():
        if link.revoked_at:
            state = "revoked"
        elif link.expires_on and link.expires_on < today:
            state = "expired"
        else:
            state = "active"
        views.append(ShareLinkView(link, state))
    return tuple(views)


@dataclass(frozen=True)
class ThreadView:
    """A comment thread: its first comment, the replies, and how it stands against the
    current draft. ``state`` is a key of :data:`THREAD_STATES`; ``clause_label`` names the
    clause ("4.1 Grant" or its id when detached)."""

    root: Comment
    replies: tuple[Comment, ...]
    state: str
    clause_label: str

    @property
    def state_label(self) -> str:
        """The state in words (never colour alone)."""
        return THREAD_STATES[self.state]

    @property
    def resolved(self) -> bool:
        """Whether the thread is resolved."""
        return self.root.resolved_at is not None


def clause_label(document: Document, clause_id: str) -> str:
    """Return "<number> <title>" of a clause of ``document`` (its title alone when
    unnumbered), or ``clause_id`` when the clause is not in it."""
    clause = document.clause(clause_id)
    if clause is None:
        return clause_id
    return f"{clause.number} {clause.title}" if clause.number else clause.title


def threads_for(draft: Draft, document: Document) -> tuple[ThreadView, ...]:
    """Return every comment thread of ``draft``, in reading order of their clauses
    (detached ones last), each marked current, outdated (the clause's ``text_hash``
    differs from the one commented on) or detached (the clause left ``document``)."""
    comments = list(Comment.objects.filter(draft=draft))
    replies: dict[int, list[Comment]] = {}
    for comment in comments:
        if comment.thread_id:
            replies.setdefault(comment.thread_id, []).append(comment)
    order = {clause.id: index for index, clause in enumerate(document.clauses())}
    threads = []
    for root in (comment for comment in comments if comment.thread_id is None):
        clause = document.clause(root.clause_id)
        if clause is None:
            state = "detached"
        elif clause.text_hash != root.text_hash:
            state = "outdated"
        else:
            state = "current"
        label = clause_label(document, root.clause_id)
        threads.append(ThreadView(root, tuple(replies.get(root.pk, ())), state, label))
    threads.sort(key=lambda thread: (order.get(thread.root.clause_id, len(order)),))
    return tuple(threads)


def clause_choices(document: Document) -> tuple[tuple[str, str], ...]:
    """Return ``(clause id, label)`` of every clause of ``document``, for a clause picker."""
    return tuple((clause.id, clause_label(document, clause.id)) for clause in document.clauses())


def revision_document(draft: Draft, revision: DraftRevision) -> Document:
    """Assemble ``draft`` as it was at ``revision``, with the draft's pinned clauses.

    The revision's stored answers are read exactly as the draft's are (hidden answers left
    out, ``complete=False``), so the newest revision renders as the draft does. Documents
    are kept in a small cache: revisions never change. Raises
    :class:`~drafting.drafts.selectors.DocumentUnavailable` on a clause-library fault.
    """
    key = (draft.public_id, revision.number)
    if key in _documents:
        _documents.move_to_end(key)
        return _documents[key]
    answers, _missing = load_answers(stored_values(revision.answers))
    try:
        document = assemble(answers, get_library(), draft.pins or None)
    except (AssemblyError, KeyError) as error:
        raise DocumentUnavailable(str(error)) from error
    _documents[key] = document
    if len(_documents) > _CACHE_SIZE:
        _documents.popitem(last=False)
    return document


def answer_changes(old: DraftRevision, new: DraftRevision) -> tuple[AnswerChange, ...]:
    """Return each question whose stored answer differs between ``old`` and ``new``, in
    questionnaire order, with both values in words (``""`` when empty)."""
    before, after = stored_values(old.answers), stored_values(new.answers)
    questionnaire = get_questionnaire()
    typed_before = load_answers(before)[0].values
    typed_after = load_answers(after)[0].values
    return tuple(
        AnswerChange(
            key,
            question.label,
            display_answer(question, typed_before.get(key)),
            display_answer(question, typed_after.get(key)),
        )
        for key, question in questionnaire.questions.items()
        if before.get(key) != after.get(key)
    )


@dataclass(frozen=True)
class HistoryRow:
    """One revision on the history page: who and when, the questions changed (labels) and
    the clause versions that came, went or changed (``"grant.scope v1"`` strings)."""

    revision: DraftRevision
    author: str
    questions: tuple[str, ...]
    clauses_added: tuple[str, ...]
    clauses_removed: tuple[str, ...]


NOT_RECORDED = "Not recorded"  # a revision saved before names were kept, without an account
# Attributing each change to the revision that made it assembles every revision in between;
# past this many revisions the changes are attributed to the newer revision's author.
MAX_ATTRIBUTED_REVISIONS = 30


def revision_author(revision: DraftRevision) -> str:
    """Return who saved ``revision`` as recorded (``author_name``: an account's username, or
    a link holder's name with the link's label), else the account's username, else
    :data:`NOT_RECORDED`."""
    if revision.author_name:
        return revision.author_name
    return revision.author.get_username() if revision.author else NOT_RECORDED


def change_authors(draft: Draft, old: DraftRevision, new: DraftRevision) -> dict[str, str]:
    """Map each clause whose text differs between ``old`` and ``new`` to the author of the
    last revision in between (``old`` excluded, ``new`` included) that changed it.

    Walks the revisions in order comparing each clause's text hash (a clause that leaves the
    draft counts as changed by the revision that removed it). With more than
    :data:`MAX_ATTRIBUTED_REVISIONS` in between, or ``new`` not after ``old``, every change
    is the newer revision's author's. Raises
    :class:`~drafting.drafts.selectors.DocumentUnavailable` like :func:`revision_document`.
    """
    low, high = sorted((old.number, new.number))
    between = list(
        draft.revisions.select_related("author")
        .filter(number__gt=low, number__lte=high)
        .order_by("number")
    )
    if new.number <= old.number or len(between) > MAX_ATTRIBUTED_REVISIONS:
        return {}
    authors: dict[str, str] = {}
    previous = {c.id: c.text_hash for c in revision_document(draft, old).clauses()}
    for revision in between:
        current = {c.id: c.text_hash for c in revision_document(draft, revision).clauses()}
        for clause_id in previous.keys() | current.keys():
            if previous.get(clause_id) != current.get(clause_id):
                authors[clause_id] = revision_author(revision)
        previous = current
    return authors


def history_rows(draft: Draft) -> tuple[HistoryRow, ...]:
    """Return ``draft``'s revisions, newest first, each with what changed from the one
    before (the first revision lists every clause it selected as added)."""
    questions = get_questionnaire().questions
    revisions = list(draft.revisions.select_related("author").order_by("number"))
    rows = []
    previous: dict = {}
    for revision in revisions:
        current = revision.clause_versions or {}
        added = tuple(
            f"{cid} v{version}" for cid, version in current.items() if previous.get(cid) != version
        )
        removed = tuple(
            f"{cid} v{version}" for cid, version in previous.items() if current.get(cid) != version
        )
        labels = tuple(
            questions[key].label if key in questions else key for key in revision.changed_keys
        )
        rows.append(HistoryRow(revision, revision_author(revision), labels, added, removed))
        previous = current
    return tuple(reversed(rows))
