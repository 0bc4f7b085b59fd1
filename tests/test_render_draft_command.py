"""``manage.py render_draft``: answers file in, draft out; invalid answers exit 2 with every
problem and its key path, never a traceback."""

import json
import subprocess
import sys

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.conftest import MINIMAL_ANSWERS, ROOT, example_paths

pytestmark = pytest.mark.slow

MAGIC = {"pdf": b"%PDF-", "docx": b"PK\x03\x04", "html": b"<!DOCTYPE html>", "json": b"{"}
INVALID = {
    "licensor": {"name": "Archive", "jurisdiction": "GB"},
    "use": {"commercial": "sometimes", "activities": []},
    "value": {"models": ["flat_fee"], "flat_fee": {"amount": "lots", "currency": "EUR"}},
    "colour": "blue",
}


@pytest.fixture
def answers_file(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(yaml.safe_dump(MINIMAL_ANSWERS), encoding="utf-8")
    return path


@pytest.fixture
def invalid_file(tmp_path):
    path = tmp_path / "invalid.yaml"
    path.write_text(yaml.safe_dump(INVALID), encoding="utf-8")
    return path


def run_command(*args):
    return subprocess.run(
        [sys.executable, "manage.py", "render_draft", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "json"])
def test_it_writes_each_format(answers_file, tmp_path, fmt, capsys):
    out = tmp_path / f"draft.{fmt}"
    call_command("render_draft", str(answers_file), "--format", fmt, "-o", str(out))
    assert out.read_bytes().startswith(MAGIC[fmt])
    assert f"wrote {out}" in capsys.readouterr().out


def test_the_format_defaults_to_the_output_files_extension(answers_file, tmp_path):
    out = tmp_path / "draft.json"
    call_command("render_draft", str(answers_file), "-o", str(out))
    assert (
        json.loads(out.read_text(encoding="utf-8"))["answers"]["dataset"]["name"]
        == (MINIMAL_ANSWERS["dataset"]["name"])
    )


def test_an_output_name_without_a_known_extension_needs_a_format(answers_file, tmp_path):
    with pytest.raises(CommandError, match="--format") as error:
        call_command("render_draft", str(answers_file), "-o", str(tmp_path / "draft.out"))
    assert error.value.returncode == 1


def test_invalid_answers_raise_exit_status_2_with_every_key_path(invalid_file, tmp_path):
    out = tmp_path / "draft.pdf"
    with pytest.raises(CommandError) as error:
        call_command("render_draft", str(invalid_file), "-o", str(out))
    assert error.value.returncode == 2
    message = str(error.value)
    assert message.startswith(f"invalid answers in {invalid_file}:")
    for key in ("dataset.name", "use.commercial", "use.activities", "value.flat_fee", "colour"):
        assert f"  {key}: " in message
    assert not out.exists()


def test_the_command_line_exits_2_and_prints_problems_without_a_traceback(invalid_file, tmp_path):
    result = run_command(invalid_file, "--format", "pdf", "-o", tmp_path / "draft.pdf")
    assert result.returncode == 2
    assert f"invalid answers in {invalid_file}:" in result.stderr
    assert "use.commercial: 'sometimes' is not one of" in result.stderr
    assert "colour: is not a question of this questionnaire" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("content", "problem"),
    [(None, "(file): cannot read"), ("licensor: [unclosed", "(file): not valid YAML")],
)
def test_unreadable_files_are_invalid_answers_too(tmp_path, content, problem):
    path = tmp_path / "answers.yaml"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("render_draft", str(path), "-o", str(tmp_path / "draft.json"))
    assert error.value.returncode == 2 and problem in str(error.value)


def test_the_command_line_renders_an_example_and_exits_0(tmp_path):
    out = tmp_path / "example.json"
    result = run_command(example_paths()[0], "-o", out)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["clauses"]


def test_render_examples_writes_every_example_in_the_asked_formats(tmp_path):
    call_command("render_examples", "--out", str(tmp_path), "--format", "json", "--format", "html")
    written = sorted(path.name for path in tmp_path.iterdir())
    expected = sorted(
        f"{path.stem}{suffix}" for path in example_paths() for suffix in (".html", ".json")
    )
    assert written == expected
