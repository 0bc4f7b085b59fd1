"""Deal-level rules about the licence's scope (issue 11, section 3): answers on models,
outputs, exclusivity and benefits that each look fine but together leave a gap or a promise
that cannot be kept.

Each rule is a function ``(answers, facts) -> Iterator[Finding]``, run with the other deal
rules by :func:`drafting.assembly.findings.check_consistency`; the messages are constants the
tests reuse.
"""

from __future__ import annotations

from collections.abc import Iterator

from drafting.assembly.document import Finding

MSG_DISTILLATION_ESCAPES = (
    "Outputs of the models may be used to train other models without restriction, yet the "
    "licence {limits}. A model distilled from those outputs would escape that limit: choose "
    "that models trained on outputs are bound by this licence, or forbid it (Permitted uses)."
)
MSG_FREE_SUPPLY_ONLY = (
    "Fine-tuned models may be supplied to others, but models may not be commercialised. The "
    "draft lets the licensee supply them only free of charge: confirm that, or let it "
    "commercialise models (Permitted uses)."
)
MSG_REVENUE_WITHOUT_SALES = (
    "You ask for a share of revenue, yet the licensee may commercialise neither the models "
    "nor their outputs, so it earns no revenue from them to share: let it commercialise one "
    "of them, or choose another form of value (Permitted uses, Fair value exchange)."
)
MSG_BENEFITS_OUTLIVE_MODELS = (
    "The benefits continue after the licence ends, and they include {benefits}, yet models "
    "must be taken out of use when it ends. There would be nothing to give access to: let "
    "the models be kept, or let those benefits end with the licence."
)
MSG_EXCLUSIVITY_FOR_NOTHING = (
    "The licence is exclusive and shuts you out of the field too, yet no money is paid and "
    "there is no minimum payment. You give up your own use of the data for benefits in kind "
    "only: set a minimum payment, keep your own use, or make it a sole licence (The wider "
    "world)."
)

ACCESS_BENEFITS = {
    "free_access_to_resulting_tools": "free access to the tools built with the data",
    "community_access": "community access to the models",
}
SCOPE_LIMITS = {
    "specific_models_or_products": "covers only the models and products it names",
    "internal_tools_only": "covers only tools used inside the licensee's organisation",
}


def distillation_escapes_limits(answers, facts) -> Iterator[Finding]:
    """Unrestricted training on outputs while the licence limits which models it covers or
    how they may be used."""
    if answers.get("use.outputs_for_training") != "permitted":
        return
    limits = []
    if answers.get("use.model_scope") in SCOPE_LIMITS:
        limits.append(SCOPE_LIMITS[answers.get("use.model_scope")])
    if answers.get("use.commercial") != "commercial_permitted":
        limits.append("forbids commercial use")
    if answers.get("redistribution.open_weights") == "prohibited":
        limits.append("forbids open-weights releases")
    if limits:
        yield Finding(
            "distillation_escapes_limits",
            "ambiguity",
            MSG_DISTILLATION_ESCAPES.format(limits=" and ".join(limits)),
            ("use", "redistribution"),
            "Should models distilled from the outputs be bound by the licence's limits?",
        )


def supply_without_commercialisation(answers, facts) -> Iterator[Finding]:
    """Fine-tuned models may be supplied, but models may not be commercialised."""
    if (
        answers.get("use.commercial") == "commercial_permitted"
        and answers.get("use.resale_of_finetuned_models")
        and answers.get("use.commercialise_models") is False
    ):
        yield Finding(
            "supply_without_commercialisation",
            "confirm",
            MSG_FREE_SUPPLY_ONLY,
            ("use",),
        )


def revenue_without_commercialisation(answers, facts) -> Iterator[Finding]:
    """A revenue share when neither models nor outputs may be commercialised."""
    if (
        answers.get("use.commercial") == "commercial_permitted"
        and "revenue_share" in (answers.get("value.models") or ())
        and answers.get("use.commercialise_models") is False
        and answers.get("use.commercialise_outputs") is False
    ):
        yield Finding(
            "revenue_without_commercialisation",
            "contradiction",
            MSG_REVENUE_WITHOUT_SALES,
            ("use", "value"),
        )


def benefits_outlive_models(answers, facts) -> Iterator[Finding]:
    """Access benefits that survive the licence while the models must be retired at its end."""
    chosen = answers.get("value.benefits") or ()
    benefits = [text for key, text in ACCESS_BENEFITS.items() if key in chosen]
    if (
        benefits
        and answers.get("value.benefits_survive")
        and answers.get("retention.trained_models") == "models_must_be_retired"
    ):
        yield Finding(
            "benefits_outlive_models",
            "contradiction",
            MSG_BENEFITS_OUTLIVE_MODELS.format(benefits=" and ".join(benefits)),
            ("value", "retention"),
        )


def exclusivity_for_nothing(answers, facts) -> Iterator[Finding]:
    """An exclusive licence that excludes the licensor itself, for no money at all."""
    if (
        answers.get("wider.exclusivity") == "exclusive"
        and not answers.get("wider.licensor_keeps_use")
        and not answers.get("wider.minimum_guarantee")
        and not facts.get("monetary")
    ):
        yield Finding(
            "exclusivity_for_nothing",
            "warning",
            MSG_EXCLUSIVITY_FOR_NOTHING,
            ("wider", "value"),
            "Is giving up the licensor's own use of the data in the field worth what it gets?",
        )


SCOPE_RULES = (
    distillation_escapes_limits,
    supply_without_commercialisation,
    revenue_without_commercialisation,
    benefits_outlive_models,
    exclusivity_for_nothing,
)
