"""Importing an answers file (YAML or JSON) starts a new draft; problems are listed by key
path and nothing is created."""

import json

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.models import Draft
from drafting.questionnaire.answers import parse_answers
from drafting.renderers import render
from tests.conftest import EXAMPLES, MINIMAL_ANSWERS

pytestmark = pytest.mark.django_db


def upload(client, name, content: bytes):
    return client.post("/drafts/import/", {"file": SimpleUploadedFile(name, content)})


def test_a_yaml_file_starts_a_draft_and_opens_its_review(client):
    response = upload(client, "answers.yaml", yaml.safe_dump(MINIMAL_ANSWERS).encode())
    assert response.status_code == 302 and response["Location"].endswith("/review/")
    draft = Draft.objects.get()
    assert draft.answers["licensor"]["name"] == "Aberystwyth Speech Archive"
    assert draft.answers["value"]["flat_fee"] == {"amount": "25000.00", "currency": "GBP"}
    assert set(draft.completed_steps) == {"parties", "rights", "value"}
    review = client.get(response["Location"])
    assert "Keep this link" in review.content.decode()


def test_a_json_file_starts_a_draft_owned_by_the_signed_in_user(client, django_user_model):
    user = django_user_model.objects.create_user("steward")
    client.force_login(user)
    response = upload(client, "answers.json", json.dumps(MINIMAL_ANSWERS).encode())
    draft = Draft.objects.get()
    assert draft.owner == user and draft.link_token_hash is None
    assert response["Location"] == f"/drafts/{draft.public_id}/review/"


def test_problems_are_listed_by_key_path_and_nothing_is_created(client):
    bad = {**MINIMAL_ANSWERS, "use": {"commercial": "sometimes"}, "colour": "blue"}
    response = upload(client, "answers.yaml", yaml.safe_dump(bad).encode())
    html = response.content.decode()
    assert response.status_code == 200
    assert "<code>use.commercial</code>" in html and "<code>colour</code>" in html
    assert 'role="alert"' in html
    assert Draft.objects.count() == 0


def test_a_file_that_is_not_yaml_is_refused_with_the_parser_position(client):
    response = upload(client, "answers.yaml", b"licensor: [unclosed")
    assert "not valid YAML" in response.content.decode()
    assert Draft.objects.count() == 0


def test_a_file_that_is_not_utf8_is_refused(client):
    response = upload(client, "answers.yaml", "licensor: {name: \xe9}".encode("latin-1"))
    assert "UTF-8" in response.content.decode()


def test_an_alias_bomb_is_refused(client):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 8):
        previous = chr(ord("a") + level - 1)
        name = chr(ord("a") + level)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    lines.append("dataset: {modalities: *h}")
    response = upload(client, "bomb.yaml", "\n".join(lines).encode())
    assert "too large" in response.content.decode()
    assert Draft.objects.count() == 0


def test_a_deeply_nested_json_file_is_refused(client):
    response = upload(client, "deep.json", b"[" * 100_000 + b"]" * 100_000)
    assert response.status_code == 200
    assert Draft.objects.count() == 0


def test_the_apps_own_json_download_imports_as_it_is(client):
    path = EXAMPLES / "research-community.yaml"
    document = assemble(parse_answers(yaml.safe_load(path.read_text())), get_library())
    download = render(document, "json")
    response = upload(client, "download.json", download)
    assert response.status_code == 302
    draft = Draft.objects.get()
    assert draft.answers["dataset"]["name"] == document.answers["dataset"]["name"]
