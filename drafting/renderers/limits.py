"""What the machine-readable twins cannot say: terms of the licence no twin format can state.

Each format has a vocabulary, and some terms of a licence fall outside it: ODRL (and so
Croissant's ``usageInfo``, which is the ODRL policy) has no way to say "only with our written
consent each time"; the Hugging Face gate lets anyone who fills in the form download the
data. :func:`twin_limits` lists, from the answers, each such term with the twins that cannot
state it; the twins say so in their own metadata (the ODRL ``comment``, the card's body, the
SPDX licence's ``comment``, the web signals' README) and :func:`twin_findings` turns them
into findings for the review page, so the user knows the licence text governs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from drafting.assembly.document import Finding
from drafting.english import DEFAULT_ENGLISH, spell
from drafting.questionnaire.values import Duration

Twin = Literal["odrl", "card", "croissant", "spdx", "signals"]
TWIN_NAMES: dict[str, str] = {
    "odrl": "the ODRL policy",
    "card": "the Hugging Face dataset card's gate",
    "croissant": "the Croissant record's usage policy",
    "spdx": "the SPDX document",
    "signals": "the web signals",
}
POLICY_TWINS: tuple[Twin, ...] = ("odrl", "croissant")  # Croissant's usageInfo is the policy


@dataclass(frozen=True, slots=True)
class TwinLimit:
    """One term of the licence that some twins cannot state.

    ``code`` names the rule (``"twin.open_weights_consent"``); ``text`` says the term in a
    phrase that reads after "Not stated in this policy:"; ``twins`` are the twin formats that
    cannot state it; ``steps`` the questionnaire steps whose answers bring it in.
    """

    code: str
    text: str
    twins: tuple[Twin, ...]
    steps: tuple[str, ...]


def twin_limits(
    answers: Mapping[str, Any], english: str = DEFAULT_ENGLISH
) -> tuple[TwinLimit, ...]:
    """Return the terms of the licence that some twins cannot state, in questionnaire order
    (empty when every twin can say everything it carries).

    ``answers`` is the assembled Document's ``values`` (question key to typed value or None).
    The limits' ``text`` is in the draft's ``english`` variant (``"british"`` or
    ``"american"``); answers printed into it are kept as typed.
    """
    get = answers.get

    def say(text: str) -> str:
        return spell(text, english)

    limits: list[TwinLimit] = []
    if get("licensee.name"):
        limits.append(
            TwinLimit(
                "twin.named_licensee",
                say("the licence is granted to ")
                + str(get("licensee.name"))
                + " only; the gate by itself does not limit who may download the data",
                ("card",),
                ("parties",),
            )
        )
    if get("use.model_scope") == "specific_models_or_products":
        limits.append(
            TwinLimit(
                "twin.named_models",
                say("the models covered are named in words, not identifiers"),
                POLICY_TWINS,
                ("use",),
            )
        )
    if get("use.sublicensing") not in (None, "none"):
        limits.append(
            TwinLimit(
                "twin.sublicensing_conditions",
                say("sublicensing is allowed only on the licence's conditions"),
                POLICY_TWINS,
                ("use",),
            )
        )
    if get("redistribution.open_weights") == "with_consent":
        limits.append(
            TwinLimit(
                "twin.open_weights_consent",
                say("releasing open weights needs the licensor's written consent"),
                POLICY_TWINS,
                ("redistribution",),
            )
        )
    if get("redistribution.derived_datasets") == "permitted_internal_only":
        limits.append(
            TwinLimit(
                "twin.derived_internal",
                say("derived datasets may be shared only inside the licensee"),
                POLICY_TWINS,
                ("redistribution",),
            )
        )
    deadline = get("retention.deletion_deadline")
    if (
        get("retention.delete_after_training")
        and isinstance(deadline, Duration)
        and deadline.unit != "days"
    ):
        limits.append(
            TwinLimit(
                "twin.approximate_period",
                say(
                    f"the deletion period of {deadline.value} {deadline.unit} is counted in "
                    "days (a month as 30, a year as 365); the calendar and the text keep it exact"
                ),
                POLICY_TWINS,
                ("retention",),
            )
        )
    return tuple(limits)


def limits_for(limits: tuple[TwinLimit, ...], twin: Twin) -> tuple[str, ...]:
    """Return the ``text`` of each of ``limits`` that ``twin`` cannot state."""
    return tuple(limit.text for limit in limits if twin in limit.twins)


def twin_findings(
    limits: tuple[TwinLimit, ...], english: str = DEFAULT_ENGLISH
) -> tuple[Finding, ...]:
    """Return one ``info`` finding per limit, naming the twins that leave the term to the
    licence text and the steps whose answers bring it in (never blocking); the message is in
    the ``english`` variant (``"british"`` or ``"american"``)."""
    return tuple(
        Finding(
            code=limit.code,
            severity="info",
            message=(
                "Not stated in "
                + _join([TWIN_NAMES[twin] for twin in limit.twins])
                + f": {limit.text}. "
                + spell("The licence text governs; the file says so.", english)
            ),
            steps=limit.steps,
        )
        for limit in limits
    )


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
