"""ODRL 2.2: the licence as a policy (an Offer for a draft, an Agreement once approved).

ODRL has no action for training a model, so the AI-training acts come from a small profile
documented in ``docs/odrl-profile.md`` under its own namespace (:data:`AI_PROFILE`). The
JSON-LD carries its ``@context`` inline, so it parses with no network. Every rule names the
clause that states it (``ai:clause``), and the policy names the SHA-256 of the legal text it
describes (``ai:textSha256``): the text governs.
"""

from __future__ import annotations

from typing import Any

from drafting.assembly.document import Document
from drafting.english import spell
from drafting.renderers.json import json_text
from drafting.renderers.terms import LicenceTerms, Publication, Rule, licence_terms

ODRL = "http://www.w3.org/ns/odrl/2/"
AI_PROFILE = "https://w3id.org/license-drafter/odrl-ai/1/"
POLICY_MEDIA_TYPE = "application/ld+json"

# Profile action name -> ODRL Common Vocabulary term, where ODRL has one.
ODRL_ACTIONS = {
    "distribute": "distribute",
    "commercialize": "commercialize",
    "sublicense": "grantUse",
    "attribute": "attribute",
    "delete": "delete",
    "use": "use",
}
# Rule constraint name -> (left operand, operator, how the right operand is written).
CONSTRAINTS = {
    "purpose": ("purpose", "eq", "ai"),
    "modelScope": ("ai:modelScope", "eq", "ai"),
    "excerptLimit": ("count", "lteq", "int"),
    "retentionPeriod": ("ai:retentionPeriod", "lteq", "days"),
    "takedownPeriod": ("ai:takedownPeriod", "lteq", "days"),
}
# Answer values -> profile term names (camelCase, as ODRL names its terms).
TERM_NAMES = {
    "non-commercial": "nonCommercial",
    "specific_models_or_products": "namedModels",
    "general_purpose_models": "generalPurposeModels",
    "internal_tools_only": "internalToolsOnly",
}

CONTEXT: dict[str, Any] = {
    "@vocab": ODRL,
    "odrl": ODRL,
    "ai": AI_PROFILE,
    "dct": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "uid": "@id",
    "type": "@type",
    "profile": {"@id": "odrl:profile", "@type": "@id"},
    "target": {"@id": "odrl:target", "@type": "@id"},
    "assigner": {"@id": "odrl:assigner", "@type": "@id"},
    "assignee": {"@id": "odrl:assignee", "@type": "@id"},
    "action": {"@id": "odrl:action", "@type": "@vocab"},
    "leftOperand": {"@id": "odrl:leftOperand", "@type": "@vocab"},
    "operator": {"@id": "odrl:operator", "@type": "@vocab"},
    "rightOperand": {"@id": "odrl:rightOperand"},
    "permission": {"@id": "odrl:permission", "@container": "@set"},
    "prohibition": {"@id": "odrl:prohibition", "@container": "@set"},
    "obligation": {"@id": "odrl:obligation", "@container": "@set"},
    "duty": {"@id": "odrl:duty", "@container": "@set"},
    "constraint": {"@id": "odrl:constraint", "@container": "@set"},
    "title": "dct:title",
    "name": "http://www.w3.org/2006/vcard/ns#fn",
    "comment": "http://www.w3.org/2000/01/rdf-schema#comment",
}


def _term(value: str) -> str:
    return "ai:" + TERM_NAMES.get(value, value)


def _action(rule: Rule) -> str:
    if rule.action in ODRL_ACTIONS:
        return ODRL_ACTIONS[rule.action]
    return "ai:" + rule.action


def _constraint(name: str, value: Any) -> dict[str, Any]:
    left, operator, kind = CONSTRAINTS[name]
    if kind == "ai":
        right: Any = {"@id": _term(value)}
    elif kind == "int":
        right = {"@value": int(value), "@type": "xsd:integer"}
    else:
        right = {"@value": f"P{int(value)}D", "@type": "xsd:duration"}
    return {"leftOperand": left, "operator": operator, "rightOperand": right}


def policy_ids(terms: LicenceTerms) -> dict[str, str]:
    """Return the IRIs the policy uses: ``policy``, ``dataset``, ``licensor``, ``licensee``.

    Under the public page's URL when the revision has one, otherwise URNs made from the
    hash of the text (stable for the same text, never fetched).
    """
    link = terms.publication.link
    base = link.rstrip("/") + "/" if link else f"urn:license-drafter:{terms.text_sha256}:"
    return {
        "policy": f"{base}#policy" if link else f"{base}policy",
        "dataset": f"{base}#dataset" if link else f"{base}dataset",
        "licensor": f"{base}#licensor" if link else f"{base}licensor",
        "licensee": f"{base}#licensee" if link else f"{base}licensee",
    }


def _rule(rule: Rule, ids: dict[str, str], agreement: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "target": ids["dataset"],
        "action": _action(rule),
        "assigner": ids["licensor"],
    }
    if agreement:
        data["assignee"] = ids["licensee"]
    constraints = [_constraint(name, value) for name, value in rule.constraints if value]
    if constraints:  # for an ethics prohibition (``use``), the purpose refused
        data["constraint"] = constraints
    data["comment"] = rule.label
    data["ai:clause"] = rule.clause_id
    if rule.clause_number:
        data["ai:clauseNumber"] = rule.clause_number
    return data


def odrl_policy(terms: LicenceTerms) -> dict[str, Any]:
    """Return the ODRL policy of ``terms`` as a JSON-LD mapping with its ``@context`` inline.

    Permissions carry the licensee's duties (``duty``: attribute, delete, remove on
    request...); prohibitions are the acts the licence refuses; an ``Agreement`` (approved
    revision) names the licensee as assignee, an ``Offer`` does not.
    """
    agreement = terms.publication.approved
    ids = policy_ids(terms)
    duties = [_rule(rule, ids, agreement) for rule in terms.obligations]
    for duty in duties:
        duty.pop("target")
        duty.pop("assigner")
        duty.pop("assignee", None)
    permissions = []
    for rule in terms.permissions:
        permission = _rule(rule, ids, agreement)
        if duties:
            permission["duty"] = duties
        permissions.append(permission)
    policy: dict[str, Any] = {
        "@context": CONTEXT,
        "uid": ids["policy"],
        "type": "Agreement" if agreement else "Offer",
        "profile": AI_PROFILE.rstrip("/"),
        "title": f"{terms.title}"
        + (
            f", revision {terms.publication.revision}"
            if terms.publication.revision is not None
            else ""
        ),
        "ai:textSha256": terms.text_sha256,
        "ai:licenceId": terms.licence_id,
        "assigner": ids["licensor"],
        "target": ids["dataset"],
        "permission": permissions,
        "prohibition": [_rule(rule, ids, agreement) for rule in terms.prohibitions],
    }
    if agreement:
        policy["assignee"] = ids["licensee"]
    if terms.unexpressed:
        policy["comment"] = (
            spell("The licence text governs. Not stated in this policy: ", terms.document.english)
            + "; ".join(terms.unexpressed)
            + "."
        )
    return policy


def render_odrl(document: Document, publication: Publication | None = None) -> str:
    """Return the ODRL 2.2 policy of ``document`` as JSON-LD text (2-space indent, a final
    newline). ``publication`` says which revision it is (see
    :class:`~drafting.renderers.terms.Publication`); without it, a draft's Offer."""
    policy = odrl_policy(licence_terms(document, publication))
    return json_text(policy)
