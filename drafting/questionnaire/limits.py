"""Input limits of answers that the length caps alone do not give, and a safe file reader.

Two kinds of limit live here, apart from the parsing in ``answers.py``:

- the *shape* of one free-text answer (:func:`text_shape_problem`): at most so many line
  breaks and so many words, since an answer within its length cap made of 10,000 line breaks,
  or of ``". "`` 10,000 times, costs a PDF render far more than prose of the same length;
- the *size* of an answers file once parsed (:func:`read_answers_data`): at most
  :data:`MAX_FILE_NODES` values, counted with every YAML alias expanded, so a few hundred bytes
  of nested aliases cannot grow into gigabytes; and values a parser cannot build (an integer
  of 4,300 digits or more, the date 2024-02-30 or 0000-01-01) arrive as their text, so the
  question they answer reports them at its key like any other bad value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import yaml

MAX_FILE_NODES = 20_000
MSG_FILE_TOO_LARGE = "is nested too deeply or is too large to be an answers file"

# Per free-text answer: (line breaks, words), by question type. Prose of the longest answer
# allowed (20,000 characters) has about 3,500 words and a few dozen paragraphs.
TEXT_SHAPE_LIMITS = {"longtext": (300, 4_000), "text": (50, 2_000)}
MSG_TOO_MANY_LINES = "has more than {limit:,} line breaks; join some lines"
MSG_TOO_MANY_WORDS = "has more than {limit:,} words; shorten it"
WORD = re.compile(r"\S+")


def text_shape_limits(question_type: str) -> tuple[int, int]:
    """Return ``(line breaks, words)`` allowed in one answer of ``question_type``."""
    return TEXT_SHAPE_LIMITS.get(question_type, TEXT_SHAPE_LIMITS["text"])


def text_shape_problem(text: str, question_type: str) -> str | None:
    """Return why cleaned answer ``text`` has too many line breaks or words, or None.

    ``question_type`` is ``longtext`` or another text type (``text`` limits); the message
    is fit to show next to the field and names the limit.
    """
    max_lines, max_words = text_shape_limits(question_type)
    if text.count("\n") > max_lines:
        return MSG_TOO_MANY_LINES.format(limit=max_lines)
    for words, _word in enumerate(WORD.finditer(text), start=1):
        if words > max_words:
            return MSG_TOO_MANY_WORDS.format(limit=max_words)
    return None


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, but a timestamp or integer it cannot build stays text."""


def _or_text(construct: Callable[[Any, Any], Any]) -> Callable[[yaml.SafeLoader, Any], Any]:
    """Wrap a scalar constructor so that a value it cannot build is kept as its text."""

    def build(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError):
            return loader.construct_scalar(node)

    return build


for _tag, _construct in (
    ("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_timestamp),
    ("tag:yaml.org,2002:int", yaml.SafeLoader.construct_yaml_int),
):
    _Loader.add_constructor(_tag, _or_text(_construct))


def _json_int(digits: str) -> int | str:
    try:
        return int(digits)
    except ValueError:  # past Python's limit on digits: kept as text
        return digits


def count_nodes(data: Any, limit: int = MAX_FILE_NODES) -> int:
    """Return the number of values in ``data`` (mappings count keys and values; lists their
    items), every shared object counted each time it appears. Raises ``ValueError`` as soon
    as the count passes ``limit``; never recurses, so any depth is safe."""
    count, pending = 0, [data]
    while pending:
        node = pending.pop()
        count += 1
        if count > limit:
            raise ValueError(MSG_FILE_TOO_LARGE)
        if isinstance(node, dict):
            pending.extend(node.keys())
            pending.extend(node.values())
        elif isinstance(node, list | tuple):
            pending.extend(node)
    return count


def read_answers_data(text: str, *, json_format: bool = False) -> Any:
    """Parse answers-file text (YAML, or JSON when ``json_format``) into plain data.

    Returns the data (an empty YAML document gives ``{}``). Raises ``yaml.YAMLError`` or
    ``json.JSONDecodeError`` for syntax errors, and ``ValueError`` with
    :data:`MSG_FILE_TOO_LARGE` when the data is nested too deeply or holds more than
    :data:`MAX_FILE_NODES` values.
    """
    try:
        if json_format:
            data = json.loads(text, parse_int=_json_int)
        else:
            data = yaml.load(text, Loader=_Loader) or {}  # noqa: S506 (a SafeLoader)
    except RecursionError:
        raise ValueError(MSG_FILE_TOO_LARGE) from None
    count_nodes(data)
    return data
