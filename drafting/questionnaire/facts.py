"""Facts derived from the answers, which clause conditions and bodies read as ``facts.*``.

They spare every clause from repeating the same reasoning (is any fee payable? what do the
upstream licences demand?). The set of names is fixed: the clause library's validation
refuses a ``facts.`` name that is not in :data:`FACT_NAMES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from drafting.questionnaire.answers import Answers

from drafting.legal_families import (
    LAW_PLACEHOLDER,
    GoverningLawError,
    country_family,
    governing_law,
    governing_law_problem,
)
from drafting.legal_families.forums import ARBITRATION_BODIES, MEDIATION_PROVIDERS
from drafting.upstream import combined_properties, parse_upstream

MSG_NO_GOVERNING_LAW = "is required (or give licensor.jurisdiction)"
MSG_INHERITED_LAW = "is taken from the licensor's country, but {problem}"
MONETARY_MODELS = ("flat_fee", "usage_based", "revenue_share", "subscription")
FACT_NAMES = frozenset(
    {
        "arbitration_institution_name",
        "arbitration_rules_name",
        "common_law",
        "governing_law_name",
        "governing_law_place",
        "legal_family",
        "licensee_named",
        "mediation_provider_name",
        "monetary",
        "personal_data_present",
        "upstream_names",
        "upstream_expressions",
        "upstream_attribution",
        "upstream_noncommercial",
        "upstream_no_derivatives",
        "upstream_share_alike",
        "upstream_use_restrictions",
        "upstream_unknown_terms",
    }
)


def derive_facts(answers: Answers) -> dict[str, Any]:
    """Return the facts for ``answers`` (an :class:`~drafting.questionnaire.answers.Answers`).

    Keys are exactly :data:`FACT_NAMES`; values are bools, strings or tuples of strings (the
    name of a forum chosen by name is "" when none is).
    """
    expressions = answers.get("rights.upstream_licenses") or ()
    upstream = tuple(parse_upstream(expression) for expression in expressions)
    properties = combined_properties(upstream)
    names = tuple(dict.fromkeys(name for item in upstream for name in item.names))
    facts = {
        "licensee_named": bool(answers.get("licensee.name")),
        "monetary": any(model in (answers.get("value.models") or ()) for model in MONETARY_MODELS),
        "personal_data_present": answers.get("rights.personal_data")
        in ("pseudonymised", "personal_data", "special_category"),
        "upstream_names": names,
        "upstream_expressions": tuple(item.expression for item in upstream),
        "upstream_attribution": properties.by,
        "upstream_noncommercial": properties.nc,
        "upstream_no_derivatives": properties.nd,
        "upstream_share_alike": properties.sa,
        "upstream_use_restrictions": properties.rail,
        "upstream_unknown_terms": not properties.known,
    }
    law = answers.get("law.governing_law") or answers.get("licensor.jurisdiction")
    facts.update(_law_facts(law))
    institution, rules = ARBITRATION_BODIES.get(answers.get("law.arbitration_body") or "", ("", ""))
    facts["arbitration_institution_name"] = institution
    facts["arbitration_rules_name"] = rules
    facts["mediation_provider_name"] = MEDIATION_PROVIDERS.get(
        answers.get("law.mediation_provider") or "", ""
    )
    assert set(facts) == FACT_NAMES
    return facts


def _law_facts(code: str | None) -> dict[str, Any]:
    """The governing law's facts: its legal family (``common``, ``civil`` or ``mixed``), whether
    that is the common law, and the name and place the text uses. While the law cannot be
    named (missing, or a federal country without its state) the name and place are
    :data:`~drafting.legal_families.LAW_PLACEHOLDER`, and the family is the country's, or the
    civil law's neutral wording when even the country is unknown."""
    try:
        law = governing_law(code or "")
    except GoverningLawError:
        family = country_family(code or "") or "civil"
        name = place = LAW_PLACEHOLDER
    else:
        family, name, place = law.family, law.name, law.place
    return {
        "legal_family": family,
        "common_law": family == "common",
        "governing_law_name": name,
        "governing_law_place": place,
    }


def fill_derived_defaults(flat: dict[str, Any], is_active: Callable[[str], bool]) -> None:
    """Fill in, in place, the answers whose default is made from other answers: the
    attribution line (``attribution.text``, when it applies and is empty) from the dataset's
    and the licensor's names, the governing law from the licensor's jurisdiction, and, for
    the clause versions that print it, the arbitration rules of an institution chosen by
    name.

    ``flat`` maps every dotted question key to its effective value (None when empty or not
    applying); ``is_active(key)`` says whether a question applies.
    """
    if flat["attribution.text"] is None and is_active("attribution.text"):
        flat["attribution.text"] = f"{flat['dataset.name']}, provided by {flat['licensor.name']}"
    if not flat["law.governing_law"]:
        flat["law.governing_law"] = flat["licensor.jurisdiction"]
    # Clause versions before the institution was a choice print law.arbitration_institution
    # ("arbitration under ..."): give them the rules of the institution chosen by name.
    body = ARBITRATION_BODIES.get(flat["law.arbitration_body"] or "")
    if body and not flat["law.arbitration_institution"]:
        flat["law.arbitration_institution"] = body[1]


def derived_missing(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return ``(key, message)`` for what a complete answers document needs beyond each
    question's own "required": a governing law, given or taken from the licensor's
    jurisdiction, that the table of legal families can name (a federal country's state or
    province, not the country). ``values`` maps every dotted question key to its typed value."""
    if not values["law.governing_law"] and not values["licensor.jurisdiction"]:
        return [("law.governing_law", MSG_NO_GOVERNING_LAW)]
    given = values["law.governing_law"]
    problem = governing_law_problem(given or values["licensor.jurisdiction"])
    if problem and not given:
        problem = MSG_INHERITED_LAW.format(problem=problem)
    return [("law.governing_law", problem)] if problem else []
