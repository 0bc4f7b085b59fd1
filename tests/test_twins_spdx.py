"""The SPDX 3.0.1 twin: parsed by spdx-python-model (the SPDX 3.0.1 bindings) offline."""

import io

import pytest
from spdx_python_model import v3_0_1 as spdx

from drafting.renderers import Publication, render
from drafting.renderers.terms import licence_terms, text_sha256
from tests.twins_support import example_documents, no_network  # noqa: F401

pytestmark = pytest.mark.usefixtures("no_network")
DOCUMENTS = dict(example_documents())
TERMS = "https://spdx.org/rdf/3.0.1/terms/"


def parse(data: bytes) -> spdx.SHACLObjectSet:
    objects = spdx.SHACLObjectSet()
    spdx.JSONLDDeserializer().read(io.BytesIO(data), objects)
    assert objects.link() == set()  # every reference resolves inside the document
    spdx.JSONLDSerializer().write(objects, io.BytesIO())  # and it writes back as valid
    return objects


def only(objects, cls):
    (found,) = objects.foreach_type(cls)
    return found


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_the_dataset_package_declares_the_custom_licence(name):
    document = DOCUMENTS[name]
    terms = licence_terms(document)
    objects = parse(render(document, "spdx"))
    dataset = only(objects, spdx.dataset_DatasetPackage)
    licence = only(objects, spdx.expandedlicensing_CustomLicense)
    relationship = only(objects, spdx.Relationship)
    assert relationship.relationshipType == TERMS + "Core/RelationshipType/hasDeclaredLicense"
    assert relationship.from_ is dataset
    assert list(relationship.to) == [licence]
    assert licence.spdxId.endswith(terms.licence_id)
    assert terms.licence_id.startswith("LicenseRef-")
    assert licence.simplelicensing_licenseText == document.text()
    assert licence.verifiedUsing[0].hashValue == text_sha256(document)
    assert dataset.name == terms.dataset_name
    assert only(objects, spdx.SpdxDocument).rootElement[0] is dataset
    assert only(objects, spdx.CreationInfo).specVersion == "3.0.1"


def test_dataset_type_sensitivity_and_availability_come_from_the_answers():
    objects = parse(render(DOCUMENTS["research-community"], "spdx"))
    dataset = only(objects, spdx.dataset_DatasetPackage)
    kinds = TERMS + "Dataset/DatasetType/"
    assert sorted(dataset.dataset_datasetType) == [kinds + "audio", kinds + "text"]
    assert dataset.dataset_hasSensitivePersonalInformation == TERMS + "Core/PresenceType/yes"
    assert dataset.dataset_datasetAvailability == (
        TERMS + "Dataset/DatasetAvailabilityType/directDownload"
    )


def test_a_published_revision_uses_its_page_for_identifiers_and_names_the_revision():
    publication = Publication(revision=2, approved=True, link="https://x.example/licences/a/r2/")
    objects = parse(render(DOCUMENTS["commercial-news-archive"], "spdx", publication))
    licence = only(objects, spdx.expandedlicensing_CustomLicense)
    assert licence.spdxId.startswith("https://x.example/licences/a/r2/spdx/LicenseRef-")
    assert licence.spdxId.endswith("-r2")
    assert licence.name.endswith(", revision 2")


def test_the_parser_is_strict_so_the_check_means_something():
    text = render(DOCUMENTS["research-community"], "spdx").replace(
        b"hasDeclaredLicense", b"hasDeclaredLicence"
    )
    with pytest.raises(ValueError, match="not a valid value"):
        parse(text)
