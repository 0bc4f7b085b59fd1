"""The Hugging Face dataset card: a ``README.md`` with the licence and a gated-access form.

The YAML front matter is what the Hub reads: ``license: other`` with ``license_name`` (the
``LicenseRef`` slug of the title and revision) and ``license_link``, and the gate a licensee
fills in before downloading: the key terms in plain words (``extra_gated_prompt``), name,
affiliation, country, the intended use chosen from the permitted activities, and a checkbox
naming the title, the revision and the SHA-256 of the licence text. The body gives the key
terms at a glance and the attribution line. Everything comes from
:func:`~drafting.renderers.terms.licence_terms`.
"""

from __future__ import annotations

import html
import re

import yaml

from drafting.assembly.document import Document
from drafting.english import spell
from drafting.renderers.common import GLANCE_COLUMNS, glance_columns
from drafting.renderers.limits import limits_for
from drafting.renderers.terms import LicenceTerms, Publication, licence_terms

DEFAULT_LICENSE_LINK = "LICENSE.pdf"  # the PDF beside the card when there is no public page
PURPOSE_WORDS = {
    "research": "for research only (no product and no paid service)",
    "non-commercial": "for non-commercial purposes only",
    "commercial": "including for commercial purposes",
}
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def markdown_text(text: str) -> str:
    """Return user text safe in a Markdown body: HTML escaped, Markdown's punctuation
    backslash-escaped, line breaks kept as spaces (one paragraph)."""
    flat = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def revision_words(terms: LicenceTerms) -> str:
    """Return ``"revision 3"``, or ``"draft"`` when the revision number is not known."""
    revision = terms.publication.revision
    return f"revision {revision}" if revision is not None else "draft"


def agreement_label(terms: LicenceTerms) -> str:
    """Return the gate's checkbox label: ``I agree to <title>, revision N, SHA-256 <hex>``."""
    return f"I agree to {terms.title}, {revision_words(terms)}, SHA-256 {terms.text_sha256}"


def gated_prompt(terms: LicenceTerms) -> str:
    """Return the key terms in plain words, for the gate's prompt."""
    activities = ", ".join(rule.label.lower() for rule in terms.permitted_activities)
    lines = [
        f"{terms.dataset_name} is licensed by {terms.licensor} under {terms.title} "
        f"({revision_words(terms)}). You may use it {PURPOSE_WORDS[terms.purpose]}: "
        f"{activities or 'no activity is permitted yet'}.",
    ]
    if terms.prohibitions:
        refused = "; ".join(rule.label for rule in terms.prohibitions)
        lines.append(f"Not allowed: {refused}.")
    if terms.obligations:
        duties = "; ".join(rule.label for rule in terms.obligations)
        lines.append(f"You must: {duties}.")
    lines.append(
        spell("The full licence text governs; read it before you agree.", terms.document.english)
    )
    return " ".join(lines)


def card_metadata(terms: LicenceTerms) -> dict:
    """Return the card's YAML front matter as a mapping (see the module docstring)."""
    activity_options = [rule.label for rule in terms.permitted_activities]
    fields: dict = {
        "Name": "text",
        "Affiliation": "text",
        "Country": "country",
    }
    if activity_options:
        fields["Intended use"] = {"type": "select", "options": activity_options}
    fields[agreement_label(terms)] = "checkbox"
    return {
        "license": "other",
        "license_name": terms.licence_id.removeprefix("LicenseRef-").lower(),
        "license_link": terms.publication.link or DEFAULT_LICENSE_LINK,
        "pretty_name": terms.dataset_name,
        "extra_gated_heading": f"Accept {terms.title} to access {terms.dataset_name}",
        "extra_gated_prompt": gated_prompt(terms),
        "extra_gated_fields": fields,
        "extra_gated_button_content": spell("I accept the licence", terms.document.english),
    }


def render_card(document: Document, publication: Publication | None = None) -> str:
    """Return the dataset card (``README.md`` text) of ``document``: YAML front matter, then
    a Markdown body with the licence, the key terms at a glance and the attribution line."""
    terms = licence_terms(document, publication)
    english = document.english
    front = yaml.safe_dump(
        card_metadata(terms), sort_keys=False, allow_unicode=True, width=100
    ).strip()
    link = terms.publication.link or DEFAULT_LICENSE_LINK
    lines = [
        "---",
        front,
        "---",
        "",
        f"# {markdown_text(terms.dataset_name)}",
        "",
        spell("## Licence", english),
        "",
        f"This dataset is licensed by {markdown_text(terms.licensor)} under "
        f"[{markdown_text(terms.title)}]({link}) ({revision_words(terms)}). "
        + spell("The licence text governs; this card summarises it.", english),
        "",
        spell("- Licence identifier: ", english) + f"`{terms.licence_id}`",
        spell("- SHA-256 of the licence text: ", english) + f"`{terms.text_sha256}`",
        "",
        "### Key terms at a glance",
        "",
    ]
    for (_, heading, symbol), (_, _, _, items) in zip(
        GLANCE_COLUMNS, glance_columns(document), strict=True
    ):
        lines.append(f"**{symbol} {heading}**")
        lines.append("")
        if not items:
            lines.append("- Nothing listed.")
        for item in items:
            note = f": {markdown_text(item.note)}" if item.note else ""
            lines.append(f"- {markdown_text(item.item)}{note}")
        lines.append("")
    lines.append("### Attribution")
    lines.append("")
    if terms.attribution:
        lines.append(f"Credit the dataset as: {markdown_text(terms.attribution)}")
    else:
        lines.append(spell("The licence does not require a credit line.", english))
    lines.append("")
    unstated = limits_for(terms.limits, "card")
    if unstated:
        lines += ["### What this card cannot say", ""]
        lines += [f"- {markdown_text(text)}" for text in unstated]
        lines += ["", spell("The licence text governs.", english), ""]
    return "\n".join(lines)
