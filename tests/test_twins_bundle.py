"""The publication bundle: every file hashed; its PDF is PDF/A-3b carrying answers and ODRL."""

import hashlib
import io
import json
import zipfile

import pytest
import rdflib
from pypdf import PdfReader

from drafting.renderers import render
from drafting.renderers.odrl import ODRL
from drafting.renderers.terms import licence_terms
from tests.twins_support import example_documents, no_network  # noqa: F401

pytestmark = pytest.mark.usefixtures("no_network")


@pytest.fixture(scope="module")
def bundle():
    name, document = example_documents()[-1]
    assert name == "research-community"
    archive = zipfile.ZipFile(io.BytesIO(render(document, "bundle")))
    return document, {name: archive.read(name) for name in archive.namelist()}


def test_the_manifest_hashes_every_file_of_the_bundle(bundle):
    document, files = bundle
    stem = licence_terms(document).licence_id.removeprefix("LicenseRef-")
    expected = {
        f"{stem}.{extension}"
        for extension in (
            "pdf",
            "docx",
            "json",
            "odrl.jsonld",
            "croissant.jsonld",
            "spdx3.json",
            "ics",
            "signals.zip",
        )
    } | {"README.md", "SHA256SUMS"}
    assert set(files) == expected
    lines = files["SHA256SUMS"].decode().splitlines()
    listed = dict(reversed(line.split("  ", 1)) for line in lines)
    assert set(listed) == expected - {"SHA256SUMS"}
    for name, digest in listed.items():
        assert hashlib.sha256(files[name]).hexdigest() == digest
    assert files["README.md"] == render(document, "card")


def test_the_pdf_is_pdf_a_3b_with_the_answers_and_the_policy_as_associated_files(bundle):
    document, files = bundle
    (pdf_name,) = [name for name in files if name.endswith(".pdf")]
    reader = PdfReader(io.BytesIO(files[pdf_name]))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    metadata = rdflib.Graph()
    metadata.parse(data=xmp[xmp.index("<rdf:RDF") : xmp.index("</rdf:RDF>") + 10], format="xml")
    pdfaid = rdflib.Namespace("http://www.aiim.org/pdfa/ns/id/")
    assert {str(value) for value in metadata.objects(None, pdfaid.part)} == {"3"}
    assert {str(value) for value in metadata.objects(None, pdfaid.conformance)} == {"B"}
    associated = {
        str(spec.get_object()["/F"]): str(spec.get_object()["/AFRelationship"])
        for spec in reader.trailer["/Root"]["/AF"]
    }
    assert associated == {"answers.json": "/Source", "licence.odrl.jsonld": "/Data"}
    attached = {name: contents[0] for name, contents in reader.attachments.items()}
    assert json.loads(attached["answers.json"]) == document.answers
    graph = rdflib.Graph()
    graph.parse(data=attached["licence.odrl.jsonld"].decode(), format="json-ld")
    actions = {
        str(row.a)
        for row in graph.query(
            f"PREFIX odrl: <{ODRL}> "
            "SELECT ?a WHERE { ?p odrl:prohibition ?x . ?x odrl:action ?a }"
        )
    }
    assert ODRL + "commercialize" in actions
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Kernewek Speech Corpus" in text
