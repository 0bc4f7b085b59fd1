"""The licence's terms as data, read once from the assembled Document for every twin.

The machine-readable twins (ODRL, dataset card, Croissant, SPDX, web signals, calendar) all
describe the same draft. They read it through :func:`licence_terms`, which takes the
assembled :class:`~drafting.assembly.document.Document` and the answers it was assembled
from (parsed again from ``document.answers``, so the typed values are the ones the clauses
read) and names, for each permission, prohibition and duty, the clause that states it. No
twin decides a term for itself; none reads anything but this and the Document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from drafting import formatting
from drafting.assembly.document import Document
from drafting.english import spell
from drafting.questionnaire.answers import Answers, Duration, parse_answers
from drafting.renderers.limits import TwinLimit, limits_for, twin_limits


@dataclass(frozen=True, slots=True)
class Publication:
    """Which revision the twins describe and where its public page is.

    ``revision`` is the revision number (None for a draft rendered straight from an answers
    file); ``approved`` makes the ODRL policy an Agreement instead of an Offer; ``link`` is
    the absolute URL of the licence's public page (the card's ``license_link``), or empty.
    """

    revision: int | None = None
    approved: bool = False
    link: str = ""


@dataclass(frozen=True, slots=True)
class Rule:
    """One permission, prohibition or duty of the licence.

    ``action`` is a term of the ODRL AI-training profile (``train``, ``distribute``...);
    ``label`` says it in plain words; ``clause_id`` and ``clause_number`` name the clause of
    the Document that states it (number None in unnumbered sections); ``constraints`` maps
    a profile constraint name to its value (``{"purpose": "research"}``).
    """

    action: str
    label: str
    clause_id: str
    clause_number: str | None
    constraints: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True, slots=True)
class Duty:
    """A duty with a time in it: a fixed date, a repeating date, or a rule after an event.

    ``party`` is ``"licensee"``, ``"licensor"`` or ``"both"``; ``due`` is the first date
    (None when the duty hangs on an event not yet known, such as the end of training);
    ``repeat_months`` is the number of months between occurrences (0: once); ``until`` ends
    a repeating duty; ``rule`` states the timing in words (always set); ``period`` is the
    answer's duration, if any.
    """

    key: str
    summary: str
    party: str
    clause_id: str
    clause_number: str | None
    rule: str
    due: dt.date | None = None
    repeat_months: int = 0
    until: dt.date | None = None
    period: Duration | None = None


@dataclass(frozen=True, slots=True)
class LicenceTerms:
    """Everything the twins say, taken from one Document (see :func:`licence_terms`)."""

    document: Document
    answers: Answers
    publication: Publication
    title: str
    licence_id: str  # "LicenseRef-kernewek-speech-corpus-research-licence-r3"
    text_sha256: str  # hex SHA-256 of the Document's text, UTF-8
    dataset_name: str
    licensor: str
    licensee: str
    effective_date: dt.date | None
    purpose: str  # "research", "non-commercial" or "commercial"
    permissions: tuple[Rule, ...]
    prohibitions: tuple[Rule, ...]
    obligations: tuple[Rule, ...]  # duties attached to the permissions (attribute, delete...)
    duties: tuple[Duty, ...]
    attribution: str  # the credit line, or empty when no credit is required
    limits: tuple[TwinLimit, ...] = field(default=())  # terms some twins cannot state

    @property
    def unexpressed(self) -> tuple[str, ...]:
        """The terms the ODRL policy cannot state, in words (see :mod:`.limits`)."""
        return limits_for(self.limits, "odrl")

    @property
    def permitted_activities(self) -> tuple[Rule, ...]:
        """The permissions for the AI-training acts (train, fine-tune...), in answer order."""
        return tuple(rule for rule in self.permissions if rule.action in ACTIVITY_ACTIONS)


# Answer option -> profile action. The profile is documented in docs/odrl-profile.md.
ACTIVITY_ACTIONS = {
    "train": "training",
    "fineTune": "fine_tuning",
    "evaluate": "evaluation",
    "retrievalAugment": "retrieval_augmentation",
    "generateSyntheticData": "synthetic_data_generation",
}
ACTION_FOR_ACTIVITY = {option: action for action, option in ACTIVITY_ACTIONS.items()}
PURPOSES = {
    "research_only": "research",
    "noncommercial_only": "non-commercial",
    "commercial_permitted": "commercial",
}
UNIT_DAYS = {"days": 1, "months": 30, "years": 365}


def text_sha256(document: Document) -> str:
    """Return the hex SHA-256 of ``document.text()`` encoded as UTF-8 (a lone surrogate, which
    an answers file can carry, as its code point): the hash every twin and the agreement
    checkbox name."""
    return hashlib.sha256(document.text().encode("utf-8", "surrogatepass")).hexdigest()


def slug(text: str) -> str:
    """Return ``text`` as a lowercase ASCII slug of letters, digits and hyphens (at most 60
    characters; ``"licence"`` when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    return cleaned or "licence"


def licence_ref(document: Document, publication: Publication) -> str:
    """Return the SPDX-style custom licence id: ``LicenseRef-<title slug>-r<N>`` (``-draft``
    when the revision number is not known)."""
    suffix = f"r{publication.revision}" if publication.revision is not None else "draft"
    return f"LicenseRef-{slug(document.title)}-{suffix}"


def add_period(start: dt.date, period: Duration) -> dt.date:
    """Return ``start`` plus ``period``; months and years keep the day of the month, moved
    back to the month's last day when it has fewer days (31 Jan + 1 month is 28/29 Feb)."""
    if period.unit == "days":
        return start + dt.timedelta(days=period.value)
    months = period.value * (12 if period.unit == "years" else 1)
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    for day in range(start.day, 27, -1):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return dt.date(year, month, min(start.day, 28))


def period_days(period: Duration) -> int:
    """Return ``period`` in days, counting a month as 30 and a year as 365 (for the ODRL
    constraints, which compare numbers)."""
    return period.value * UNIT_DAYS[period.unit]


class _Builder:
    def __init__(self, document: Document, answers: Answers):
        self.document = document
        self.answers = answers

    def ref(self, *clause_ids: str) -> tuple[str, str | None]:
        """The first of ``clause_ids`` the Document includes, with its number."""
        for clause_id in clause_ids:
            clause = self.document.clause(clause_id)
            if clause is not None:
                return clause.id, clause.number
        return clause_ids[0], None

    def rule(self, action: str, label: str, *clause_ids: str, **constraints: Any) -> Rule:
        clause_id, number = self.ref(*clause_ids)
        return Rule(action, label, clause_id, number, tuple(constraints.items()))


def licence_terms(document: Document, publication: Publication | None = None) -> LicenceTerms:
    """Return the terms of ``document`` as data for the twins.

    ``document.answers`` is parsed again (``complete=False``: a draft in progress has
    placeholders, not missing answers) so that every value is typed as the clauses read it.
    Raises :class:`~drafting.questionnaire.answers.AnswersError` only if the Document was
    built from answers this questionnaire no longer accepts.
    """
    publication = publication or Publication()
    answers = parse_answers(document.answers, complete=False)
    get = answers.get
    build = _Builder(document, answers)
    purpose = PURPOSES[get("use.commercial")]
    scope = get("use.model_scope")

    permissions: list[Rule] = []
    labels = dict(answers.questionnaire.questions["use.activities"].options)
    for option in get("use.activities") or ():
        permissions.append(
            build.rule(
                ACTION_FOR_ACTIVITY[option],
                labels[option],
                "purpose.activities",
                "grant.scope",
                purpose=purpose,
                modelScope=scope,
            )
        )
    if get("use.publish_results"):
        permissions.append(
            build.rule("publishResults", "Publish results and benchmarks", "purpose.publication")
        )
    prohibitions: list[Rule] = []
    if purpose != "commercial":
        prohibitions.append(
            build.rule(
                "commercialize", "Commercial use of the data or the models", "purpose.commercial"
            )
        )
    if get("redistribution.raw_dataset") == "prohibited":
        prohibitions.append(
            build.rule(
                "distribute", "Passing on copies of the dataset", "redistribution.raw_copies"
            )
        )
    else:
        permissions.append(
            build.rule(
                "distribute", "Pass on unchanged copies with credit", "redistribution.raw_copies"
            )
        )
    if get("redistribution.open_datasets") == "prohibited":
        prohibitions.append(
            build.rule(
                "includeInOpenDataset",
                "Including the data in open datasets",
                "redistribution.open_datasets",
            )
        )
    open_weights = get("redistribution.open_weights")
    if open_weights == "prohibited":
        prohibitions.append(
            build.rule(
                "releaseWeights",
                "Releasing trained models as open weights",
                "redistribution.open_weights",
            )
        )
    elif open_weights == "permitted":
        permissions.append(
            build.rule(
                "releaseWeights",
                "Release trained models as open weights",
                "redistribution.open_weights",
            )
        )
    derived = get("redistribution.derived_datasets")
    if derived == "prohibited":
        prohibitions.append(
            build.rule(
                "shareDerivedData", "Sharing derived datasets", "redistribution.derived_datasets"
            )
        )
    elif derived == "permitted":
        permissions.append(
            build.rule(
                "shareDerivedData", "Share derived datasets", "redistribution.derived_datasets"
            )
        )
    if get("redistribution.excerpts_in_publications") == "limited":
        permissions.append(
            build.rule(
                "quoteExcerpts",
                "Show a few items in publications, with credit",
                "redistribution.excerpts",
                excerptLimit=get("redistribution.excerpt_limit"),
            )
        )
    else:
        prohibitions.append(
            build.rule("quoteExcerpts", "Showing items in publications", "redistribution.excerpts")
        )
    if get("use.sublicensing") == "none":
        prohibitions.append(build.rule("sublicense", "Sublicensing", "purpose.sublicensing"))
    ethics_labels = dict(answers.questionnaire.questions["ethics.prohibited_uses"].options)
    for use in get("ethics.prohibited_uses") or ():
        label = get("ethics.other_text") if use == "other" else ethics_labels[use]
        prohibitions.append(
            build.rule("use", label or ethics_labels[use], "ethics.restrictions", purpose=use)
        )

    obligations: list[Rule] = []
    attribution = ""
    if get("attribution.required"):
        attribution = answers.context()["attribution"]["text"]
        obligations.append(
            build.rule("attribute", f"Credit the dataset: {attribution}", "attribution.credit")
        )
    if get("retention.delete_after_training"):
        obligations.append(
            build.rule(
                "delete",
                "Delete the data after training",
                "retention.deletion_after_training",
                retentionPeriod=period_days(get("retention.deletion_deadline")),
            )
        )
    if get("retention.takedown_requests"):
        obligations.append(
            build.rule(
                "removeOnRequest",
                "Remove notified items",
                "retention.takedown",
                takedownPeriod=get("retention.takedown_days"),
            )
        )
    if get("redistribution.memorisation_safeguards"):
        obligations.append(
            build.rule(
                "preventMemorisation",
                "Take measures against word-for-word reproduction",
                "redistribution.memorisation",
            )
        )

    return LicenceTerms(
        document=document,
        answers=answers,
        publication=publication,
        title=document.title,
        licence_id=licence_ref(document, publication),
        text_sha256=text_sha256(document),
        dataset_name=get("dataset.name") or "[Dataset]",
        licensor=get("licensor.name") or "[Licensor]",
        licensee=get("licensee.name") or "[Licensee]",
        effective_date=get("effective_date"),
        purpose=purpose,
        permissions=tuple(permissions),
        prohibitions=tuple(prohibitions),
        obligations=tuple(obligations),
        duties=tuple(_duties(build)),
        attribution=attribution,
        limits=twin_limits(answers, document.english),
    )


def _duties(build: _Builder) -> list[Duty]:
    """Every duty with a time in it, from the effective date (see :class:`Duty`)."""
    get = build.answers.get
    start = get("effective_date")
    duties: list[Duty] = []

    def add(key, summary, party, clause_ids, rule, *, period=None, due=None, **extra):
        clause_id, number = build.ref(*clause_ids)
        duties.append(
            Duty(key, summary, party, clause_id, number, rule, due, period=period, **extra)
        )

    term = get("term.length")
    term_end = add_period(start, term) if start and isinstance(term, Duration) else None
    if isinstance(term, Duration):
        add(
            "term_end",
            spell("The licence ends", build.document.english),
            "both",
            ("term.duration",),
            f"{formatting.duration(term)} after the effective date",
            period=term,
            due=term_end,
        )
    period = get("retention.period")
    if isinstance(period, Duration):
        add(
            "retention_end",
            "Delete every copy of the dataset (retention period ends)",
            "licensee",
            ("retention.period",),
            f"{formatting.duration(period)} after the effective date",
            period=period,
            due=add_period(start, period) if start else None,
        )
    elif period == "until_training_complete":
        add(
            "retention_end",
            "Delete every copy of the dataset (training complete)",
            "licensee",
            ("retention.period",),
            "when the licensed training is complete",
        )
    if get("retention.delete_after_training"):
        deadline = get("retention.deletion_deadline")
        add(
            "deletion",
            "Delete the dataset after training",
            "licensee",
            ("retention.deletion_after_training",),
            f"within {formatting.duration(deadline)} after training completion",
            period=deadline,
        )
    if get("retention.verification") == "written_certificate":
        add(
            "deletion_certificate",
            "Give a signed certificate of deletion",
            "licensee",
            ("retention.verification",),
            "when the dataset is deleted",
        )
    backups = get("retention.backup_purge_within")
    if backups:
        add(
            "backup_purge",
            "Purge backup copies",
            "licensee",
            ("retention.backups",),
            f"within {formatting.duration(backups)} after deletion",
            period=backups,
        )
    if get("retention.takedown_requests"):
        days = get("retention.takedown_days")
        add(
            "takedown",
            "Remove items the licensor notifies",
            "licensee",
            ("retention.takedown",),
            f"within {formatting.count(days)} day{'s' if days != 1 else ''} of each notice",
            period=Duration(days, "days"),
        )
    confirmation = get("audit.usage_confirmation")
    if confirmation == "annually":
        add(
            "usage_report",
            "Confirm in writing how the data was used",
            "licensee",
            ("audit.usage_confirmation",),
            "within 30 days after each anniversary of the effective date",
            due=add_period(start, Duration(1, "years")) + dt.timedelta(days=30) if start else None,
            repeat_months=12,
            until=term_end,
        )
    elif confirmation == "on_request":
        add(
            "usage_report",
            "Confirm in writing how the data was used",
            "licensee",
            ("audit.usage_confirmation",),
            "when the licensor asks",
        )
    notice = get("audit.notice_period")
    if notice:
        add(
            "audit_notice",
            "Give notice before an audit",
            "licensor",
            ("audit.third_party_audit",),
            f"at least {formatting.duration(notice)} before the audit",
            period=notice,
        )
    models = get("value.models") or ()
    if "flat_fee" in models:
        fee = formatting.money(get("value.flat_fee"))
        instalments = get("value.instalments")
        add(
            "flat_fee",
            f"Pay the flat fee ({fee})"
            + (f" in {instalments} equal instalments" if instalments else ""),
            "licensee",
            ("fees.payment", "annex_fees.schedule"),
            "the first instalment on signature, the others on the dates in the fee annex"
            if instalments
            else "on signature",
        )
    reporting = get("value.reporting_period")
    if reporting:
        months = REPORT_MONTHS[reporting]
        add(
            "revenue_report",
            "Send the revenue statement for the period just ended",
            "licensee",
            ("fees.payment",),
            f"within 30 days after the end of each {REPORT_PERIODS[reporting]}",
            due=_first_report(start, months) if start else None,
            repeat_months=months,
            until=term_end,
        )
    if get("value.payment_terms_days") is not None:
        days = get("value.payment_terms_days")
        add(
            "invoice_payment",
            "Pay each invoice",
            "licensee",
            ("fees.payment",),
            f"within {formatting.count(days)} days of the invoice",
            period=Duration(days, "days"),
        )
    exclusive = get("wider.exclusive_period")
    if exclusive:
        add(
            "exclusivity_end",
            "Exclusivity ends",
            "licensor",
            ("grant.exclusivity",),
            f"{formatting.duration(exclusive)} after the effective date",
            period=exclusive,
            due=add_period(start, exclusive) if start else None,
        )
    release = get("wider.future_open_release_after")
    if release:
        add(
            "open_release",
            "The licensor may open the dataset to others",
            "licensor",
            ("future_release.open_release",),
            f"{formatting.duration(release)} after the effective date",
            period=release,
            due=add_period(start, release) if start else None,
        )
    return duties


REPORT_MONTHS = {"quarterly": 3, "semi_annually": 6, "annually": 12}
REPORT_PERIODS = {
    "quarterly": "calendar quarter",
    "semi_annually": "half-year (to 30 June or 31 December)",
    "annually": "calendar year",
}


def _first_report(start: dt.date, months: int) -> dt.date:
    """The first statement date: 30 days after the end of the first calendar period of
    ``months`` months (3, 6 or 12, aligned on 1 January) that ends after ``start``."""
    period_end_month = ((start.month - 1) // months + 1) * months  # 3, 6, 9, 12...
    next_month = dt.date(start.year + period_end_month // 12, period_end_month % 12 + 1, 1)
    return next_month - dt.timedelta(days=1) + dt.timedelta(days=30)
