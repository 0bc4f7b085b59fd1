"""The licence's terms as data, read once from the assembled Document for every twin.

The machine-readable twins (ODRL, dataset card, Croissant, SPDX, web signals, calendar) all
describe the same draft. They read it through :func:`licence_terms`, which takes the
assembled :class:`~drafting.assembly.document.Document` (its typed answer ``values``, the
labels of the chosen options and the credit line, all resolved at assembly) and names, for
each permission, prohibition and duty, the clause that states it; the duties with a time in
them are :mod:`drafting.renderers.duties`. No twin decides a term for itself; none reads
anything but this and the Document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from drafting.assembly.document import Document
from drafting.questionnaire.values import Duration
from drafting.renderers.duties import Duty, clause_ref, licence_duties
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


class AnswerValues(Protocol):
    """The Document's answer ``values`` as the twins read them: ``get(key)`` is the typed
    value of question ``key``, None when it does not apply."""

    def get(self, key: str, /) -> Any: ...


@dataclass(frozen=True, slots=True)
class LicenceTerms:
    """Everything the twins say, taken from one Document (see :func:`licence_terms`)."""

    document: Document
    answers: AnswerValues  # the Document's values: {question key: typed value or None}
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
MSG_NO_VALUES = "the Document carries no answer values: make it with assemble()"


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


def period_days(period: Duration) -> int:
    """Return ``period`` in days, counting a month as 30 and a year as 365 (for the ODRL
    constraints, which compare numbers)."""
    return period.value * UNIT_DAYS[period.unit]


class _Builder:
    def __init__(self, document: Document):
        self.document = document

    def rule(self, action: str, label: str, *clause_ids: str, **constraints: Any) -> Rule:
        clause_id, number = clause_ref(self.document, *clause_ids)
        return Rule(action, label, clause_id, number, tuple(constraints.items()))


def licence_terms(document: Document, publication: Publication | None = None) -> LicenceTerms:
    """Return the terms of ``document`` as data for the twins.

    Reads the answer values, option labels and credit line the Document carries (see
    :class:`~drafting.assembly.document.Document`). Raises ``ValueError`` for a Document
    that carries no answer values (one not made by
    :func:`~drafting.assembly.assemble.assemble`).
    """
    publication = publication or Publication()
    values = document.values
    if not values:
        raise ValueError(MSG_NO_VALUES)
    get: Callable[[str], Any] = values.get
    build = _Builder(document)
    purpose = PURPOSES[get("use.commercial")]
    scope = get("use.model_scope")

    permissions: list[Rule] = []
    labels = document.option_labels.get("use.activities", {})
    for option in get("use.activities") or ():
        permissions.append(
            build.rule(
                ACTION_FOR_ACTIVITY[option],
                labels.get(option, option),
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
    ethics_labels = document.option_labels.get("ethics.prohibited_uses", {})
    for use in get("ethics.prohibited_uses") or ():
        named = ethics_labels.get(use, use)
        label = get("ethics.other_text") if use == "other" else named
        prohibitions.append(build.rule("use", label or named, "ethics.restrictions", purpose=use))

    obligations: list[Rule] = []
    attribution = ""
    if get("attribution.required"):
        attribution = document.attribution
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
        answers=values,
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
        duties=tuple(licence_duties(document)),
        attribution=attribution,
        limits=twin_limits(values, document.english),
    )
