"""The publication bundle: one ZIP per revision with the licence and every twin, hashed.

The ZIP holds the PDF, the DOCX, the JSON export and every machine-readable twin (ODRL,
dataset card, Croissant, SPDX, calendar, web signals), and ``SHA256SUMS`` listing the
SHA-256 of each file in the ``sha256sum`` format (``<hex>  <name>``). Its PDF is PDF/A-3b
with the answers (JSON) and the ODRL policy attached as associated files, so the legal text
carries its own machine-readable terms.
"""

from __future__ import annotations

import hashlib
import json

from drafting.assembly.document import Document
from drafting.renderers.terms import Publication, licence_terms, slug

PDF_VARIANT = "pdf/a-3b"
MANIFEST = "SHA256SUMS"


def bundle_pdf(document: Document, publication: Publication | None = None) -> bytes:
    """Return the licence as a PDF/A-3b with two associated files: ``answers.json`` (the
    answers document, relationship ``Source``) and ``licence.odrl.jsonld`` (the ODRL
    policy, relationship ``Data``)."""
    from weasyprint import Attachment

    from drafting.renderers.odrl import render_odrl
    from drafting.renderers.pdf import render_pdf

    answers = json.dumps(document.answers, ensure_ascii=True, indent=2, default=str)
    attachments = [
        Attachment(
            string=answers,
            name="answers.json",
            description="The questionnaire answers this licence was drafted from",
            relationship="Source",
        ),
        Attachment(
            string=render_odrl(document, publication),
            name="licence.odrl.jsonld",
            description="The licence's terms as an ODRL 2.2 policy; the text governs",
            relationship="Data",
        ),
    ]
    return render_pdf(document, pdf_variant=PDF_VARIANT, attachments=attachments)


def bundle_files(document: Document, publication: Publication | None = None) -> dict[str, bytes]:
    """Return ``{name in the ZIP: bytes}``: the licence files, the twins and ``SHA256SUMS``."""
    from drafting.renderers import render

    terms = licence_terms(document, publication)
    stem = slug(terms.licence_id.removeprefix("LicenseRef-"))
    files = {
        f"{stem}.pdf": bundle_pdf(document, publication),
        f"{stem}.docx": render(document, "docx"),
        f"{stem}.json": render(document, "json"),
        "README.md": render(document, "card", publication),
        f"{stem}.odrl.jsonld": render(document, "odrl", publication),
        f"{stem}.croissant.jsonld": render(document, "croissant", publication),
        f"{stem}.spdx3.json": render(document, "spdx", publication),
        f"{stem}.ics": render(document, "ics", publication),
        f"{stem}.signals.zip": render(document, "signals", publication),
    }
    manifest = "".join(
        f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in files.items()
    )
    files[MANIFEST] = manifest.encode("utf-8")
    return files


def render_bundle(document: Document, publication: Publication | None = None) -> bytes:
    """Return the publication bundle of ``document`` as ZIP bytes (see the module docstring)."""
    from drafting.renderers.signals import zip_files

    return zip_files(bundle_files(document, publication))
