"""Croissant 1.1: the dataset's metadata record with its licence and responsible-AI fields.

A JSON-LD ``sc:Dataset`` that conforms to ``http://mlcommons.org/croissant/1.1``, with the
Croissant context inline (as Croissant's own examples carry it, so it parses offline):
``license`` names the licence (the public page, or its ``LicenseRef`` id), ``usageInfo`` holds
the ODRL policy built from the same terms, and the Croissant RAI fields the answers inform
(``rai:dataUseCases``, ``rai:dataLimitations``, ``rai:personalSensitiveInformation``,
``rai:dataSocialImpact``, ``rai:dataBiases``). Record sets and files are the publisher's to
add: the licence does not describe the data's layout.
"""

from __future__ import annotations

from typing import Any

from drafting.assembly.document import Document
from drafting.english import spell
from drafting.renderers.json import json_text
from drafting.renderers.odrl import odrl_policy
from drafting.renderers.terms import LicenceTerms, Publication, licence_terms

CROISSANT_1_1 = "http://mlcommons.org/croissant/1.1"
CONTEXT: dict[str, Any] = {
    "@language": "en",
    "@vocab": "https://schema.org/",
    "arrayShape": "cr:arrayShape",
    "citeAs": "cr:citeAs",
    "column": "cr:column",
    "conformsTo": "dct:conformsTo",
    "containedIn": "cr:containedIn",
    "cr": "http://mlcommons.org/croissant/",
    "rai": "http://mlcommons.org/croissant/RAI/",
    "data": {"@id": "cr:data", "@type": "@json"},
    "dataType": {"@id": "cr:dataType", "@type": "@vocab"},
    "dct": "http://purl.org/dc/terms/",
    "description": {"@container": "@language"},
    "equivalentProperty": "cr:equivalentProperty",
    "examples": {"@id": "cr:examples", "@type": "@json"},
    "extract": "cr:extract",
    "field": "cr:field",
    "fileProperty": "cr:fileProperty",
    "fileObject": "cr:fileObject",
    "fileSet": "cr:fileSet",
    "format": "cr:format",
    "includes": "cr:includes",
    "isArray": "cr:isArray",
    "isLiveDataset": "cr:isLiveDataset",
    "jsonPath": "cr:jsonPath",
    "key": "cr:key",
    "md5": "cr:md5",
    "name": {"@container": "@language"},
    "parentField": "cr:parentField",
    "path": "cr:path",
    "recordSet": "cr:recordSet",
    "references": "cr:references",
    "regex": "cr:regex",
    "repeated": "cr:repeated",
    "replace": "cr:replace",
    "samplingRate": "cr:samplingRate",
    "sc": "https://schema.org/",
    "separator": "cr:separator",
    "source": "cr:source",
    "subField": "cr:subField",
    "transform": "cr:transform",
}
SENSITIVE_WORDS = {
    "none": "The licensor states that the dataset holds no personal data.",
    "anonymised": "The licensor states that the dataset is anonymised.",
    "pseudonymised": "The dataset holds pseudonymised personal data: re-identification is "
    "possible and the licence forbids attempting it.",
    "personal_data": "The dataset holds personal data; the licence's data protection terms apply.",
    "special_category": "The dataset holds special-category personal data (for example health "
    "or biometric data); the licence's data protection terms apply.",
}
# An unfinished draft may not answer the personal-data question yet (it has no default).
SENSITIVE_UNANSWERED = "The licensor has not yet stated whether the dataset holds personal data."


def _use_cases(terms: LicenceTerms) -> str:
    acts = "; ".join(rule.label for rule in terms.permitted_activities)
    return f"Licensed {terms.purpose} use: {acts or 'none yet'}."


def croissant_record(terms: LicenceTerms) -> dict[str, Any]:
    """Return the Croissant 1.1 JSON-LD record of ``terms`` as a mapping."""
    answers = terms.answers
    licence = terms.publication.link or terms.licence_id
    refused = "; ".join(rule.label for rule in terms.prohibitions)
    policy = odrl_policy(terms)
    record: dict[str, Any] = {
        "@context": CONTEXT,
        "@type": "sc:Dataset",
        "conformsTo": CROISSANT_1_1,
        "name": terms.dataset_name,
        "description": answers.get("dataset.description") or terms.dataset_name,
        "license": licence,
        "usageInfo": policy,
        "creator": {"@type": "sc:Organization", "name": terms.licensor},
        "rai:dataUseCases": _use_cases(terms),
        "rai:dataLimitations": (
            (answers.get("dataset.known_limitations") or "None stated by the licensor.")
            + (f" Not licensed: {refused}." if refused else "")
        ),
        "rai:personalSensitiveInformation": spell(
            SENSITIVE_WORDS.get(answers.get("rights.personal_data"), SENSITIVE_UNANSWERED),
            terms.document.english,
        ),
        "rai:dataSocialImpact": answers.get("wider.community_benefits")
        or "Not described by the licensor.",
    }
    if answers.get("dataset.known_limitations"):
        record["rai:dataBiases"] = answers.get("dataset.known_limitations")
    if answers.get("dataset.version"):
        record["version"] = answers.get("dataset.version")
    if terms.publication.link:
        record["url"] = terms.publication.link
    if terms.attribution:
        record["citeAs"] = terms.attribution
    return record


def render_croissant(document: Document, publication: Publication | None = None) -> str:
    """Return the Croissant 1.1 JSON-LD record of ``document`` as text (2-space indent, a
    final newline)."""
    return json_text(croissant_record(licence_terms(document, publication)))
