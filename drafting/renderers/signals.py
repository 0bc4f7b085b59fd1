"""Web signals for a licensor that also serves the data from its own site.

Three files, each saying which version of its specification it follows (the mapping is data,
``signals.yaml``, since these specifications are drafts that change):

- ``.well-known/tdmrep.json`` (W3C TDMRep): text and data mining rights are reserved, and the
  ``tdm-policy`` (``.well-known/tdm-policy.jsonld``, an ODRL offer in the TDMRep profile,
  context inline) says for which purpose a licence can be had and from whom;
- ``content-usage.txt``: the IETF AI-preferences ``Content-Usage`` header line;
- ``robots.txt``: the lines to add to the site's robots.txt.

:func:`render_signals` returns them in a ZIP with a ``README.txt``.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from drafting.assembly.document import Document
from drafting.english import spell
from drafting.renderers.common import xml_safe
from drafting.renderers.json import json_text
from drafting.renderers.odrl import CONTEXT as ODRL_CONTEXT
from drafting.renderers.odrl import policy_ids
from drafting.renderers.terms import LicenceTerms, Publication, licence_terms

MAPPING_FILE = Path(__file__).with_name("signals.yaml")
ZIP_DATE = (2000, 1, 1, 0, 0, 0)  # a fixed timestamp: the same licence gives the same bytes


@cache
def signals_mapping() -> dict[str, Any]:
    """Return the mapping of ``signals.yaml`` (specification versions and values)."""
    return yaml.safe_load(MAPPING_FILE.read_text(encoding="utf-8"))


def policy_location(terms: LicenceTerms) -> str:
    """Return the ``tdm-policy`` URL: beside the public page when the revision has one
    (``<page>tdm-policy.jsonld``), otherwise the site-relative path of the policy file."""
    tdmrep = signals_mapping()["tdmrep"]
    if terms.publication.link:
        return terms.publication.link.rstrip("/") + "/tdm-policy.jsonld"
    return "/" + tdmrep["policy_file"]


def tdm_policy(terms: LicenceTerms) -> dict[str, Any]:
    """Return the TDMRep policy: an ODRL Offer in the TDMRep profile permitting mining for the
    licence's purpose, with the duty to obtain the licensor's licence first."""
    tdmrep = signals_mapping()["tdmrep"]
    ids = policy_ids(terms)
    context = dict(ODRL_CONTEXT, tdm=tdmrep["namespace"])
    assigner: dict[str, Any] = {"uid": ids["licensor"], "name": terms.licensor}
    email = terms.answers.get("licensor.contact_email")
    if email:
        assigner["http://www.w3.org/2006/vcard/ns#hasEmail"] = {"@id": f"mailto:{email}"}
    return {
        "@context": context,
        "uid": ids["policy"] + "-tdm",
        "type": "Offer",
        "profile": tdmrep["profile"],
        "title": f"Text and data mining of {terms.dataset_name}",
        "comment": f"Mining is licensed only under {terms.title}; "
        + spell("the licence text governs.", terms.document.english),
        "assigner": assigner,
        "permission": [
            {
                "target": ids["dataset"],
                "action": "tdm:" + tdmrep["mine_action"],
                "constraint": [
                    {
                        "leftOperand": "purpose",
                        "operator": "eq",
                        "rightOperand": {"@id": "tdm:" + tdmrep["purposes"][terms.purpose]},
                    }
                ],
                "duty": [{"action": "obtainConsent"}],
            }
        ],
    }


def tdmrep_json(terms: LicenceTerms) -> list[dict[str, Any]]:
    """Return the ``tdmrep.json`` rules: one for the whole site, reserved, with the policy."""
    tdmrep = signals_mapping()["tdmrep"]
    robots = signals_mapping()["robots"]
    return [
        {
            "location": robots["path"] + "*" if robots["path"].endswith("/") else robots["path"],
            "tdm-reservation": tdmrep["reservation"],
            "tdm-policy": policy_location(terms),
        }
    ]


def content_usage(terms: LicenceTerms) -> str:
    """Return the AI-preferences header line: ``Content-Usage: train-ai=n, ai-use=n``."""
    aipref = signals_mapping()["aipref"]
    values = ", ".join(f"{key}={value}" for key, value in aipref["preferences"].items())
    return f"{aipref['field']}: {values}"


def robots_snippet(terms: LicenceTerms) -> str:
    """Return the lines to add to robots.txt, with comments naming the licence."""
    mapping = signals_mapping()
    robots, aipref = mapping["robots"], mapping["aipref"]
    values = ", ".join(f"{key}={value}" for key, value in aipref["preferences"].items())
    where = terms.publication.link or terms.licence_id
    return "\n".join(
        [
            f"# {_comment(terms.dataset_name)} is licensed under {_comment(terms.title)}",
            f"# ({where}); "
            + spell("AI training only under that licence.", terms.document.english),
            f"# Follows {robots['spec']}.",
            f"User-Agent: {robots['user_agent']}",
            f"{aipref['field']}: {robots['path']} {values}",
            "",
        ]
    )


def _comment(text: str) -> str:
    return xml_safe(" ".join(text.split()))


def signals_files(terms: LicenceTerms) -> dict[str, str]:
    """Return ``{path in the ZIP: text}`` for every signal file and the README."""
    mapping = signals_mapping()
    tdmrep, aipref, robots = mapping["tdmrep"], mapping["aipref"], mapping["robots"]
    readme = "\n".join(
        [
            f"Web signals for {_comment(terms.dataset_name)} under {_comment(terms.title)}.",
            spell(
                "Serve these from the site that hosts the data; the licence text governs.",
                terms.document.english,
            ),
            "",
            f"{tdmrep['well_known']}: {tdmrep['spec']}, {tdmrep['version']}.",
            f"{tdmrep['policy_file']}: its TDM policy (ODRL, TDMRep profile), at "
            f"{policy_location(terms)}.",
            f"content-usage.txt: the {aipref['field']} HTTP header line, {aipref['spec']}, "
            f"{aipref['version']}. " + spell(aipref["note"], terms.document.english),
            f"robots.txt: lines to add to robots.txt, {robots['spec']}.",
            "",
        ]
    )
    return {
        tdmrep["well_known"]: json.dumps(tdmrep_json(terms), indent=2) + "\n",
        tdmrep["policy_file"]: json_text(tdm_policy(terms)),
        "content-usage.txt": content_usage(terms) + "\n",
        "robots.txt": robots_snippet(terms),
        "README.txt": readme,
    }


def zip_files(files: Mapping[str, bytes | str]) -> bytes:
    """Return a deterministic ZIP (fixed timestamps, deflated) of ``{name: content}``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            data = content.encode("utf-8") if isinstance(content, str) else content
            archive.writestr(info, data)
    return buffer.getvalue()


def render_signals(document: Document, publication: Publication | None = None) -> bytes:
    """Return the web signals of ``document`` as ZIP bytes (see the module docstring)."""
    return zip_files(signals_files(licence_terms(document, publication)))
