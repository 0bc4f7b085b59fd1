"""Deal-level consistency rules: answers that each look fine but together make a draft that
does not work.

Each rule is a function ``(answers, facts) -> Iterator[Finding]`` run by
:func:`drafting.assembly.findings.check_consistency`; the messages are constants the tests
reuse. A rule says what to change, names the wizard steps to visit and, where the answer is a
legal judgement, a question for counsel.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from drafting.assembly.document import Finding
from drafting.formatting import duration as duration_words
from drafting.legal_families import FEDERAL_COUNTRIES

MSG_ILLUSORY_BENEFITS = (
    "In return for the data the licensee is to give {benefits}, but the licence allows only "
    "{use} use and does not let the licensee supply models to others. It could not deliver "
    "those benefits without breaching the licence: let it supply fine-tuned models free of "
    "charge (Permitted uses) or release open weights, or choose other benefits."
)
MSG_CAP_CONTINGENT = (
    "The liability cap is the fees paid in the previous 12 months, but the only fees are "
    "{fees}, which {why}. The cap could be worth nothing: set a minimum cap amount or a "
    "fixed cap (Risk allocation)."
)
MSG_COURTS_STATE_OR_FEDERAL = (
    "The licence is governed by the law of {law}, a part of a federal country, and names "
    "\u201cthe courts of {city}\u201d: that could mean the state or the federal courts "
    "sitting there. Say which (Governing law and disputes)."
)
MSG_RETENTION_SHORT = (
    "Copies of the data must be deleted {period} after the Effective Date, but {deal}. After "
    "that the licensee pays for, or holds, a licence it can no longer use: keep copies for "
    "the term, or shorten the term."
)
MSG_RETENTION_UPDATES = (
    "The subscription includes each new release of the dataset, but copies may be kept only "
    "until the licensed training is complete. Later releases could not be used: let copies "
    "be kept for the term, or leave new releases out of the subscription."
)
MSG_SECURE_RETRIEVAL = (
    "The data may be used only inside your secure environment, with nothing exported, but "
    "the licensee may use it as a retrieval source for a model's answers. Retrieval needs "
    "embeddings or an index of the data beside the deployed model: deliver a copy or by "
    "interface, or drop retrieval from the permitted activities."
)
MSG_SECURE_MODELS = (
    "The data may be used only inside your secure environment, yet models trained in it are "
    "to leave it ({how}). Models leave only after your check that they hold no items of the "
    "data: confirm you can make that check, and how quickly."
)
MSG_SECURE_COPIES = (
    "The data stays inside your secure environment, yet the draft has the licensee purge "
    "backups and certify deletion of copies it never holds. Confirm these duties are meant "
    "for the results it exports, or set backups and proof of deletion accordingly."
)
MSG_RELEASE_PERSONAL = (
    "The dataset holds {what}, yet {release}. Personal data cannot be opened to the public or "
    "to any researcher without a lawful basis for each new use: remove or anonymise it first, "
    "or drop the open release."
)
MSG_RELEASE_UPSTREAM = (
    "Part of the dataset is under {terms} terms, yet {release}. Those sources' terms may not "
    "allow it: remove that material before the release, or drop the release."
)
MSG_WEIGHTS_MEMORISATION = (
    "Open weights may be released, but the licensee need not stop models reproducing dataset "
    "items word for word. Once weights are public, memorised items are public too: require "
    "memorisation safeguards (Redistribution)."
)
MSG_NO_MODEL_TERMS = (
    "Only evaluation is permitted, so the licensee trains no model on the data, yet the "
    "answers ask for {terms}. Those terms would bind models that do not exist: set them to "
    "their neutral choice, or permit training."
)
MSG_MEDIA_NO_PERSONAL = (
    "The dataset holds {media}, and you said it holds no personal data. Voices and faces are "
    "personal data in most laws, even without names: check the recordings and say whether "
    "they identify people (Rights check)."
)
MSG_COLLECTED_NO_CONTRIBUTORS = (
    "The data was collected from others, yet you said there are no outside contributors. "
    "The people who made or appear in that material may have rights in it: say whether they "
    "consented (Rights check)."
)
MSG_PERPETUAL_UNPAID = (
    "The licence is free, for research, and lasts until ended for breach; neither side may "
    "end it for convenience. You could never withdraw the data without a breach: consider a "
    "fixed term or a right to end it on notice."
)

ACCESS_BENEFITS = {
    "free_access_to_resulting_tools": "free access to the tools it builds",
    "community_access": "community access to its models",
}
CONTINGENT_FEES = {"revenue_share": "a share of revenue", "usage_based": "usage-based fees"}
FIXED_FEES = {"flat_fee", "subscription"}
MEDIA = {"audio": "audio", "image": "images", "video": "video"}
DAYS = {"days": Decimal(1), "months": Decimal("30.44"), "years": Decimal("365.25")}


def _days(duration) -> Decimal:
    """Approximate length of a :class:`Duration` in days (months and years on average)."""
    return duration.value * DAYS[duration.unit]


def _duration_text(duration) -> str:
    return duration_words(duration)


def illusory_benefits(answers, facts) -> Iterator[Finding]:
    """Benefits that give access to what the licensee builds, which it may not supply."""
    benefits = [
        text
        for key, text in ACCESS_BENEFITS.items()
        if key in (answers.get("value.benefits") or ())
    ]
    use = answers.get("use.commercial")
    supply_barred = (
        not answers.get("use.resale_of_finetuned_models")
        and answers.get("redistribution.open_weights") != "permitted"
    )
    if benefits and use in ("research_only", "noncommercial_only") and supply_barred:
        yield Finding(
            "illusory_benefits",
            "contradiction",
            MSG_ILLUSORY_BENEFITS.format(
                benefits=" and ".join(benefits),
                use="research" if use == "research_only" else "non-commercial",
            ),
            ("value", "use", "redistribution"),
            "Can the promised access to tools and models be given without breaching the use "
            "restrictions?",
        )


def cap_worth_nothing(answers, facts) -> Iterator[Finding]:
    """A fee-based cap when the only fees are contingent (no floor). With no fee at all the
    draft shows a placeholder and the completeness gate blocks it instead."""
    if answers.get("liability.cap") != "fees_paid_12_months" or answers.get("liability.cap_floor"):
        return
    models = set(answers.get("value.models") or ())
    contingent = [text for key, text in CONTINGENT_FEES.items() if key in models]
    if not contingent or models & FIXED_FEES:
        return
    research = answers.get("use.commercial") != "commercial_permitted"
    if research and "revenue_share" in models:
        why = "cannot arise while the results may not be used commercially"
    else:
        why = "are nil until the licensee uses the data or earns from it"
    yield Finding(
        "cap_worth_nothing",
        "contradiction" if research and "revenue_share" in models else "warning",
        MSG_CAP_CONTINGENT.format(fees=" and ".join(contingent), why=why),
        ("risk", "value"),
        "What minimum liability cap suits the harm misuse of this data could cause?",
    )


def retention_shorter_than_deal(answers, facts) -> Iterator[Finding]:
    """Copies deleted before the term (or an updating subscription) ends."""
    period = answers.get("retention.period")
    term = answers.get("term.length")
    if period is not None and not isinstance(period, str):
        if isinstance(term, str):
            deal = "the licence runs until it is ended"
        elif term is not None and _days(term) > _days(period):
            deal = f"the licence lasts {_duration_text(term)}"
        else:
            deal = ""
        if deal:
            yield Finding(
                "retention_shorter_than_deal",
                "ambiguity",
                MSG_RETENTION_SHORT.format(period=_duration_text(period), deal=deal),
                ("retention", "general"),
            )
    elif period == "until_training_complete" and answers.get("value.includes_updates"):
        yield Finding(
            "retention_shorter_than_updates",
            "ambiguity",
            MSG_RETENTION_UPDATES,
            ("retention", "value"),
        )


def delivery_against_use(answers, facts) -> Iterator[Finding]:
    """A secure environment with no export while the activities need exported artefacts."""
    if answers.get("dataset.delivery") != "secure_environment":
        return
    if "retrieval_augmentation" in (answers.get("use.activities") or ()):
        yield Finding(
            "secure_environment_vs_retrieval",
            "contradiction",
            MSG_SECURE_RETRIEVAL,
            ("parties", "use"),
        )
    leaving = []
    if answers.get("use.resale_of_finetuned_models"):
        leaving.append("fine-tuned models may be supplied to others")
    if answers.get("redistribution.open_weights") == "permitted":
        leaving.append("open weights may be released")
    if leaving:
        yield Finding(
            "secure_environment_vs_models",
            "confirm",
            MSG_SECURE_MODELS.format(how="; ".join(leaving)),
            ("parties", "use", "redistribution"),
        )
    if (
        answers.get("retention.backups") == "purge_within"
        or answers.get("retention.verification") == "written_certificate"
    ):
        yield Finding(
            "secure_environment_vs_copies",
            "confirm",
            MSG_SECURE_COPIES,
            ("parties", "retention"),
        )


def _release(answers) -> str:
    """Words for the open release the answers allow, or ``""`` when there is none."""
    plans = {
        "public_domain_after": "you plan to dedicate the dataset to the public domain",
        "open_for_research_after": "you plan to open the dataset to researchers",
    }
    release = plans.get(answers.get("wider.future_open_release"), "")
    if answers.get("redistribution.open_datasets") == "permitted":
        release = release or "the licensee may put the data into open datasets"
    return release


def release_against_data(answers, facts) -> Iterator[Finding]:
    """An open release (or open weights) against personal data or restrictive sources."""
    release = _release(answers)
    personal = answers.get("rights.personal_data")
    what = {
        "personal_data": "personal data",
        "pseudonymised": "pseudonymised personal data",
        "special_category": "sensitive personal data",
    }.get(personal)
    if release and what:
        yield Finding(
            "release_vs_personal_data",
            "warning",
            MSG_RELEASE_PERSONAL.format(what=what, release=release),
            ("rights", "redistribution", "wider"),
            "Is there a lawful basis to open this personal data to others, and on what terms?",
        )
    terms = [
        name
        for name, present in (
            ("non-commercial", facts.get("upstream_noncommercial")),
            ("no-derivatives", facts.get("upstream_no_derivatives")),
            ("custom", facts.get("upstream_unknown_terms")),
        )
        if present
    ]
    if release and terms:
        yield Finding(
            "release_vs_upstream_terms",
            "warning",
            MSG_RELEASE_UPSTREAM.format(terms=" or ".join(terms), release=release),
            ("rights", "redistribution", "wider"),
            "Do the upstream licences allow the planned open release?",
        )
    if answers.get("redistribution.open_weights") == "permitted" and not answers.get(
        "redistribution.memorisation_safeguards"
    ):
        yield Finding(
            "open_weights_without_safeguards",
            "warning",
            MSG_WEIGHTS_MEMORISATION,
            ("redistribution",),
        )


def no_model_model_terms(answers, facts) -> Iterator[Finding]:
    """Evaluation-only deals with terms about models trained on the data."""
    activities = set(answers.get("use.activities") or ())
    if not activities or activities - {"evaluation"}:
        return
    terms = []
    if answers.get("retention.trained_models") == "models_must_be_retired":
        terms.append("retirement of trained models")
    if answers.get("redistribution.open_weights") == "permitted":
        terms.append("open-weight release")
    if answers.get("redistribution.memorisation_safeguards"):
        terms.append("memorisation safeguards")
    if answers.get("ip.model_ownership") not in (None, "licensee_owns_model"):
        terms.append("ownership of models")
    if terms:
        yield Finding(
            "model_terms_without_training",
            "ambiguity",
            MSG_NO_MODEL_TERMS.format(terms=", ".join(terms)),
            ("use", "retention", "redistribution", "ip"),
        )


def risky_defaults(answers, facts) -> Iterator[Finding]:
    """Answers that are often wrong and expose the licensor when they are."""
    modalities = answers.get("dataset.modalities") or ()
    media = [text for key, text in MEDIA.items() if key in modalities]
    if media and answers.get("rights.personal_data") == "none":
        yield Finding(
            "media_without_personal_data",
            "warning",
            MSG_MEDIA_NO_PERSONAL.format(media=" and ".join(media)),
            ("rights", "parties"),
            "Do the recordings or images identify people, and what does that require?",
        )
    if (
        answers.get("rights.origin") not in (None, "created_by_licensor")
        and answers.get("rights.contributors") == "none"
    ):
        yield Finding(
            "collected_without_contributors",
            "warning",
            MSG_COLLECTED_NO_CONTRIBUTORS,
            ("rights",),
        )


def perpetual_unpaid_research(answers, facts) -> Iterator[Finding]:
    """A note: a free research licence that only a breach can end."""
    if (
        answers.get("term.length") == "perpetual_until_terminated"
        and not facts.get("monetary")
        and answers.get("use.commercial") == "research_only"
    ):
        yield Finding(
            "perpetual_unpaid_research",
            "confirm",
            MSG_PERPETUAL_UNPAID,
            ("general",),
        )


def courts_state_or_federal(answers, facts) -> Iterator[Finding]:
    """Courts named only by city under the law of a state or province of a federal country."""
    if answers.get("law.court_system") != "ordinary":
        return
    code = answers.get("law.governing_law") or answers.get("licensor.jurisdiction") or ""
    if code.split("-", 1)[0] not in FEDERAL_COUNTRIES:
        return
    city = answers.get("law.courts") or facts["governing_law_place"]
    yield Finding(
        "courts_state_or_federal",
        "ambiguity",
        MSG_COURTS_STATE_OR_FEDERAL.format(law=facts["governing_law_name"], city=city),
        ("law",),
    )


DEAL_RULES = (
    illusory_benefits,
    cap_worth_nothing,
    retention_shorter_than_deal,
    delivery_against_use,
    release_against_data,
    no_model_model_terms,
    risky_defaults,
    perpetual_unpaid_research,
    courts_state_or_federal,
)
