"""Consistency findings: the spec's rules checked over a set of answers.

Each rule yields a :class:`~drafting.assembly.document.Finding` with its own code, message
and the wizard steps to visit. Findings never block rendering; they are listed on the review
page and in the draft's drafting notes. The rules are those of ``shared/spec/questionnaire.md``
("Consistency rules" and the rights-check warnings), numbered as there. The deal-level rules
(answers that together make a draft that does not work) are in
:mod:`drafting.assembly.deal_rules` and, for the licence's scope,
:mod:`drafting.assembly.scope_rules`; the completeness gate's blocking findings in
:mod:`drafting.assembly.completeness`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from drafting.assembly.deal_rules import DEAL_RULES
from drafting.assembly.document import Finding
from drafting.assembly.scope_rules import SCOPE_RULES

STEP_TITLES_FOR_DEFAULTS = (
    "rights",
    "use",
    "redistribution",
    "retention",
    "attribution",
    "audit",
    "value",
    "ip",
    "ethics",
    "law",
    "wider",
    "general",
    "risk",
)

# Messages, shared with the tests.
MSG_REVENUE_SHARE_NONCOMMERCIAL = (
    "The licence allows only {use} use, yet asks for a share of revenue. Non-commercial use "
    "earns no revenue to share: allow commercial use or choose another form of value."
)
MSG_OPEN_WEIGHTS_DERIVATIVES = (
    "Open-weight release is permitted, the weights are declared derivatives of the dataset, "
    "and sharing derived datasets is prohibited. Releasing derivative weights then looks like "
    "sharing a derivative: say which rule wins."
)
MSG_EVALUATION_COPY = (
    "The data must be deleted after training, but evaluation is also permitted. Say whether "
    "a held-out evaluation copy may be kept after training, and until when."
)
MSG_EXCLUSIVE_OPEN_RELEASE = (
    "The licence is exclusive and you plan a future open release. Check that the exclusive "
    "period ends before the open release starts, or the two promises collide."
)
MSG_RESALE_NOT_SUBLICENSING = (
    "Sublicensing is not allowed, but fine-tuned models may be sold. Make clear that selling "
    "a model is not a sublicence of the data (the draft says so; confirm that is intended)."
)
MSG_AUDIT_WITHOUT_RECORDS = (
    "You may audit, but the licensee need not keep records of its use. An audit would have "
    "little to inspect: require usage records."
)
MSG_CREDIT_IS_CONSENT = (
    "Credit is required, and the licensee may not use your name without consent. The draft "
    "treats the credit line as consent for that one use; confirm this."
)
MSG_DEFAULTS = "You accepted every default in \u201c{title}\u201d. Confirm they suit this deal."
MSG_UPSTREAM_COMMERCIAL = (
    "Part of the dataset comes from others, and their terms {how} commercial licensing. "
    "Check that you may license it at all before you sign."
)
MSG_CONTRIBUTORS = (
    "Contributors were not asked about AI training. Consult them, or remove their work, "
    "before licensing: a model trained on it cannot be untrained."
)
MSG_SPECIAL_CATEGORY = (
    "The dataset holds sensitive (special category) personal data. Training on it needs a "
    "specific lawful basis and strong safeguards; take data-protection advice first."
)
MSG_UPSTREAM_NC = (
    "An upstream licence is non-commercial, but this draft permits commercial use of the "
    "results. That material cannot be licensed for commercial use."
)
MSG_UPSTREAM_ND = (
    "An upstream licence forbids derivatives, but this draft permits {what}. Trained weights "
    "and derived datasets may count as derivatives of that material."
)
MSG_UPSTREAM_SA = (
    "An upstream licence is share-alike (for example CC-BY-SA or ODbL), but this draft is "
    "more restrictive than share-alike allows for adaptations of that material."
)
MSG_UPSTREAM_UNKNOWN = (
    "An upstream licence uses custom terms (LicenseRef-...). Read them: this tool cannot tell "
    "what they allow."
)
MSG_JOINT_MODEL = (
    "The models are to be jointly owned. Joint ownership of a model is rare and hard to "
    "exercise (who may license it, who may sue): take advice before agreeing to it."
)
MSG_EXCLUSIVE = (
    "The licence is exclusive. Exclusivity gate-keeps your data to one company; make sure the "
    "field and period are as narrow as the deal needs."
)

Rule = Callable[[Any, dict], Iterator[Finding]]


def _rule_1(answers, facts):
    use = answers.get("use.commercial")
    if use in ("research_only", "noncommercial_only") and "revenue_share" in (
        answers.get("value.models") or ()
    ):
        words = "research" if use == "research_only" else "non-commercial"
        yield Finding(
            "revenue_share_without_commercial_use",
            "contradiction",
            MSG_REVENUE_SHARE_NONCOMMERCIAL.format(use=words),
            ("use", "value"),
            "Is a revenue share enforceable when the licence forbids commercial use?",
        )


def _rule_2(answers, facts):
    if (
        answers.get("redistribution.open_weights") == "permitted"
        and answers.get("use.weights_are_derivatives")
        == "licensor_position_weights_are_derivatives"
        and answers.get("redistribution.derived_datasets") == "prohibited"
    ):
        yield Finding(
            "open_weights_vs_derivatives",
            "ambiguity",
            MSG_OPEN_WEIGHTS_DERIVATIVES,
            ("use", "redistribution"),
            "Does the open-weights permission override the ban on sharing derivatives?",
        )


def _rule_3(answers, facts):
    if answers.get("retention.delete_after_training") and "evaluation" in (
        answers.get("use.activities") or ()
    ):
        yield Finding(
            "evaluation_copy_after_deletion",
            "ambiguity",
            MSG_EVALUATION_COPY,
            ("retention", "use"),
            "Should a held-out evaluation set survive the deletion duty, and for how long?",
        )


def _rule_4(answers, facts):
    if answers.get("wider.exclusivity") in ("exclusive", "sole") and answers.get(
        "wider.future_open_release"
    ) not in (None, "none"):
        yield Finding(
            "exclusive_vs_open_release",
            "ambiguity",
            MSG_EXCLUSIVE_OPEN_RELEASE,
            ("wider",),
            "Does the exclusive period end before the planned open release?",
        )


def _rule_5(answers, facts):
    if answers.get("use.sublicensing") == "none" and answers.get("use.resale_of_finetuned_models"):
        yield Finding(
            "resale_is_not_sublicensing",
            "ambiguity",
            MSG_RESALE_NOT_SUBLICENSING,
            ("use",),
            "Is the line between selling fine-tuned models and sublicensing the data clear?",
        )


def _rule_6(answers, facts):
    if answers.get("rights.origin") != "created_by_licensor":
        permits = answers.get("rights.upstream_permits_commercial_licensing")
        if permits in ("no", "unsure"):
            how = "do not allow" if permits == "no" else "may not allow"
            yield Finding(
                "upstream_commercial_licensing",
                "warning",
                MSG_UPSTREAM_COMMERCIAL.format(how=how),
                ("rights",),
                "Do the sources' terms allow us to license this data for AI training?",
            )
    if answers.get("rights.contributors") == "contributors_not_consulted":
        yield Finding(
            "contributors_not_consulted",
            "warning",
            MSG_CONTRIBUTORS,
            ("rights",),
            "What rights do contributors keep, and must they consent to AI training?",
        )
    if answers.get("rights.personal_data") == "special_category":
        yield Finding(
            "special_category_data",
            "warning",
            MSG_SPECIAL_CATEGORY,
            ("rights",),
            "What lawful basis and safeguards does training on sensitive data need here?",
        )
    if facts["upstream_noncommercial"] and answers.get("use.commercial") == "commercial_permitted":
        yield Finding(
            "upstream_noncommercial",
            "warning",
            MSG_UPSTREAM_NC,
            ("rights", "use"),
            "Must the non-commercial material be removed before commercial licensing?",
        )
    derivative_uses = []
    if answers.get("redistribution.derived_datasets") in ("permitted", "permitted_internal_only"):
        derivative_uses.append("derived datasets")
    if answers.get("redistribution.open_weights") in ("permitted", "with_consent"):
        derivative_uses.append("release of model weights")
    if facts["upstream_no_derivatives"] and derivative_uses:
        yield Finding(
            "upstream_no_derivatives",
            "warning",
            MSG_UPSTREAM_ND.format(what=" and ".join(derivative_uses)),
            ("rights", "redistribution"),
            "Are trained weights or derived datasets derivatives under the upstream licence?",
        )
    restrictive = (
        answers.get("redistribution.derived_datasets") != "permitted"
        or answers.get("use.commercial") != "commercial_permitted"
        or answers.get("redistribution.raw_dataset") == "prohibited"
    )
    if facts["upstream_share_alike"] and restrictive:
        yield Finding(
            "upstream_share_alike",
            "warning",
            MSG_UPSTREAM_SA,
            ("rights", "redistribution"),
            "Does the share-alike condition apply to what the licensee makes from the data?",
        )
    if facts["upstream_unknown_terms"]:
        yield Finding(
            "upstream_unknown_terms",
            "warning",
            MSG_UPSTREAM_UNKNOWN,
            ("rights",),
            "What do the custom upstream terms allow?",
        )


def _rule_7(answers, facts):
    if answers.get("audit.third_party_audit") and not answers.get("audit.records"):
        yield Finding(
            "audit_without_records",
            "ambiguity",
            MSG_AUDIT_WITHOUT_RECORDS,
            ("audit",),
        )


def _rule_8(answers, facts):
    if (
        answers.get("attribution.required")
        and answers.get("attribution.publicity") == "no_use_of_licensor_name_without_consent"
    ):
        yield Finding("credit_line_is_consent", "confirm", MSG_CREDIT_IS_CONSENT, ("attribution",))


def _rule_9(answers, facts):
    questionnaire = answers.questionnaire
    for step_key in STEP_TITLES_FOR_DEFAULTS:
        if answers.step_uses_defaults(step_key):
            title = questionnaire.step(step_key).title
            yield Finding(
                f"defaults_accepted_{step_key}",
                "confirm",
                MSG_DEFAULTS.format(title=title),
                (step_key,),
            )


def _counsel_only(answers, facts):
    if answers.get("ip.model_ownership") == "joint":
        yield Finding(
            "joint_model_ownership",
            "warning",
            MSG_JOINT_MODEL,
            ("ip",),
            "How would joint ownership of the models work in practice, and is it wise?",
        )
    if answers.get("wider.exclusivity") in ("exclusive", "sole"):
        yield Finding(
            "exclusivity_gatekeeping",
            "warning",
            MSG_EXCLUSIVE,
            ("wider",),
            "Is the exclusive field and period no wider than the deal needs?",
        )


RULES: tuple[Rule, ...] = (
    _rule_1,
    _rule_2,
    _rule_3,
    _rule_4,
    _rule_5,
    _rule_6,
    _rule_7,
    _rule_8,
    *DEAL_RULES,
    *SCOPE_RULES,
    _counsel_only,
    _rule_9,
)


def check_consistency(answers, facts: dict) -> tuple[Finding, ...]:
    """Run every rule over ``answers`` and the derived ``facts``; return the findings in order.

    ``answers`` is an :class:`~drafting.questionnaire.answers.Answers`; ``facts`` comes from
    :func:`drafting.questionnaire.facts.derive_facts`.
    """
    return tuple(finding for rule in RULES for finding in rule(answers, facts))


STANDING_QUESTIONS = (
    "Is the governing law chosen enforceable against the licensee where it is established?",
    "Do the limitation of liability and warranty terms suit the value of this deal?",
)


def counsel_questions(answers, findings: tuple[Finding, ...]) -> tuple[str, ...]:
    """Return the questions for counsel: one per risky answer, then the standing ones."""
    asked = [finding.counsel_question for finding in findings if finding.counsel_question]
    if answers.get("use.weights_are_derivatives") != "silent":
        asked.append("Will the agreed position on model weights hold under the governing law?")
    # Asked exactly when the draft has the data-processing clause (its condition).
    if answers.get("rights.personal_data") in (
        "personal_data",
        "pseudonymised",
        "special_category",
    ):
        asked.append("Does the data-processing clause meet the data-protection law that applies?")
    return tuple(dict.fromkeys([*asked, *STANDING_QUESTIONS]))
