"""Answers no PDF can hold, values the parsers cannot build, and alias bombs: each is refused
with a message at its key (or at ``(file)``) in the wizard, the web import and
``render_draft`` alike, never with a 500 or a traceback."""

import copy
import datetime as dt

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from drafting.models import Draft
from drafting.questionnaire.answers import (
    AnswersError,
    Problem,
    load_answers_file,
    load_answers_text,
    parse_answers,
)
from drafting.questionnaire.limits import MSG_FILE_TOO_LARGE
from tests.conftest import MINIMAL_ANSWERS
from tests.wizard_support import form_data, new_draft, step_url

LINES = "a\n" * 10_000  # 20,000 characters: within the longtext cap
DOTS = ". " * 10_000  # likewise
SHAPES = [
    ("dataset.description", LINES, "has more than 300 line breaks"),
    ("dataset.description", DOTS, "has more than 4,000 words"),
    ("licensor.name", "a\n" * 60, "has more than 50 line breaks"),
]


def _with(key: str, value) -> dict:
    data = copy.deepcopy(MINIMAL_ANSWERS)
    group, name = key.split(".")
    data.setdefault(group, {})[name] = value
    return data


def _upload(client, name: str, content: bytes):
    return client.post("/drafts/import/", {"file": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize(("key", "text", "message"), SHAPES)
def test_an_answer_of_too_many_lines_or_words_is_refused_at_its_key(key, text, message):
    with pytest.raises(AnswersError) as raised:
        parse_answers(_with(key, text), complete=False)
    [problem] = raised.value.problems
    assert problem.key == key and problem.message.startswith(message)


def test_prose_as_long_as_the_length_cap_allows_is_accepted():
    paragraph = "The licensee keeps the recordings on servers in the European Union. " * 4
    text = "\n".join([paragraph.strip()] * 70)[:20_000]
    answers = parse_answers(_with("dataset.description", text), complete=False)
    assert answers.get("dataset.description") == text.strip()


@pytest.mark.django_db
def test_the_wizard_shows_the_words_limit_at_the_field(client):
    draft, access = new_draft()
    data = form_data(draft, "parties", {"dataset.description": DOTS, "licensor.name": "Kept"})
    response = client.post(step_url(access, "parties"), data)
    assert response.status_code == 200
    assert "has more than 4,000 words" in response.content.decode()
    assert "Kept" in response.content.decode()
    draft.refresh_from_db()
    assert draft.revision == 0


@pytest.mark.django_db
def test_the_web_import_refuses_an_answer_of_ten_thousand_lines(client):
    response = _upload(
        client, "a.yaml", yaml.safe_dump(_with("dataset.description", LINES)).encode()
    )
    assert response.status_code == 200
    assert "dataset.description" in response.content.decode()
    assert "more than 300 line breaks" in response.content.decode()
    assert Draft.objects.count() == 0


def test_render_draft_reports_an_answer_of_tiny_words_as_invalid(tmp_path):
    path = tmp_path / "dots.yaml"
    path.write_text(yaml.safe_dump(_with("dataset.description", DOTS)), encoding="utf-8")
    with pytest.raises(CommandError, match="has more than 4,000 words") as raised:
        call_command("render_draft", str(path), "-o", str(tmp_path / "out.pdf"))
    assert raised.value.returncode == 2


BIG = "9" * 4_400  # past Python's 4,300-digit limit on int() from text
UNBUILDABLE = [
    ("big.yaml", f"redistribution:\n  excerpt_limit: {BIG}\n", "redistribution.excerpt_limit"),
    (
        "big.json",
        f'{{"redistribution": {{"excerpt_limit": {BIG}}}}}',
        "redistribution.excerpt_limit",
    ),
    # Taken as its digits, then refused by the name's own length limit, at its key.
    ("big-name.json", f'{{"licensor": {{"name": {BIG}}}}}', "licensor.name"),
    ("feb30.yaml", "effective_date: 2024-02-30\n", "effective_date"),
    ("year0.yaml", "effective_date: 0000-01-01\n", "effective_date"),
    ("hour25.yaml", "effective_date: 2024-01-01 25:00:00\n", "effective_date"),
]


@pytest.mark.parametrize(("name", "text", "key"), UNBUILDABLE)
def test_a_value_the_parser_cannot_build_is_a_problem_at_its_key(tmp_path, name, text, key):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(AnswersError) as raised:
        load_answers_file(path)
    assert [problem.key for problem in raised.value.problems if problem.key == key] == [key]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "text", "key"), [c for c in UNBUILDABLE if c[2]])
def test_the_web_import_lists_an_unbuildable_value_by_key(client, name, text, key):
    response = _upload(client, name, text.encode())
    assert response.status_code == 200
    assert key in response.content.decode()
    assert Draft.objects.count() == 0


@pytest.mark.parametrize(("name", "text", "key"), [c for c in UNBUILDABLE if c[2]])
def test_render_draft_reports_an_unbuildable_value_with_exit_status_2(tmp_path, name, text, key):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=key) as raised:
        call_command("render_draft", str(path), "-o", str(tmp_path / "out.pdf"))
    assert raised.value.returncode == 2


def alias_bomb(levels: int) -> str:
    """YAML whose nested aliases expand to 9 ** ``levels`` values under a choice question."""
    lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]")
    lines.append(f"use: {{commercial: *l{levels - 1}}}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [5, 9])
def test_render_draft_refuses_an_alias_bomb_like_the_web_import(tmp_path, levels):
    path = tmp_path / "bomb.yaml"
    path.write_text(alias_bomb(levels), encoding="utf-8")
    if levels == 9:
        assert len(path.read_bytes()) < 600  # the 547 bytes, near enough
    with pytest.raises(CommandError, match="too large") as raised:
        call_command("render_draft", str(path), "-o", str(tmp_path / "out.pdf"))
    assert raised.value.returncode == 2
    with pytest.raises(AnswersError) as parsed:
        load_answers_file(path)
    assert parsed.value.problems == (Problem("(file)", MSG_FILE_TOO_LARGE),)


def test_render_draft_refuses_a_deeply_nested_file(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(CommandError, match="too large") as raised:
        call_command("render_draft", str(path), "-o", str(tmp_path / "out.pdf"))
    assert raised.value.returncode == 2


def test_dates_and_numbers_the_parsers_can_build_are_read_as_before():
    text = "effective_date: 2024-02-29\nredistribution: {excerpt_limit: 12}\n"
    assert load_answers_text(text) == {
        "effective_date": dt.date(2024, 2, 29),
        "redistribution": {"excerpt_limit": 12},
    }
    assert load_answers_text('{"a": [1, 2.5]}', json_format=True) == {"a": [1, 2.5]}
