"""The English variant of a draft: British ("licence", the library's own) or American
("license").

The clause library, the questionnaire's labels and the app's fixed text are written in
British English. A draft whose answers choose American English gets that text respelt with
the word table in ``drafting/english.yaml`` (British to American, whole words, the case of
each word kept). Only text the library or the app writes passes through :func:`spell`;
answers are data and are never respelt (assembly applies the table to the literal text of
clause templates, not to the answers printed into them).

The noun is what the document check watches: :func:`foreign_nouns` finds the spellings of
"licence" that do not belong to a variant.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal, get_args

import yaml

English = Literal["british", "american"]
ENGLISH_VARIANTS: tuple[English, ...] = get_args(English)
DEFAULT_ENGLISH: English = "british"
WORD_TABLE = Path(__file__).with_name("english.yaml")

# The noun in each variant. British "licence" is never anything but the noun; American
# "license" is also the verb in both variants ("may license it"), so in a British draft it
# counts as the noun only where a noun stands: capitalised mid-sentence (the defined term),
# after a determiner or adjective, or before a noun it qualifies.
BRITISH_NOUN = re.compile(r"\b(?:[Ss]ub)?[Ll]icences?\b")
_DETERMINERS = (
    "a|an|the|this|that|these|those|any|each|every|its|their|our|your|no|such|one|"
    "exclusive|non-exclusive|perpetual|open|separate|new|upstream|data|dataset|written"
)
# A capitalised "License" after a capitalised word is part of a name ("Open Database License
# 1.0", "License Drafter") and is left alone.
AMERICAN_NOUN = re.compile(
    r"(?:\b[a-z]+[,;]? (?P<term>(?:Sub)?Licenses?)\b(?! Drafter)"
    rf"|\b(?P<noun>(?i:{_DETERMINERS}) (?:[Ss]ub)?[Ll]icenses?)\b"
    r"|\b(?P<qualifier>(?:sub)?licenses? (?:fee|fees|grant|terms|text|agreement|holder))\b)"
)


@cache
def _table() -> dict[str, str]:
    data = yaml.safe_load(WORD_TABLE.read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for british, american in data["british_to_american"].items():
        table[british] = american
        table[british.capitalize()] = american.capitalize()
        table[british.upper()] = american.upper()
    return table


@cache
def _pattern() -> re.Pattern[str]:
    words = sorted(_table(), key=len, reverse=True)
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b")


def spell(text: str, english: str = DEFAULT_ENGLISH) -> str:
    """Return ``text`` (British English, as the library writes it) in the ``english`` variant.

    ``english`` is ``"british"`` (``text`` is returned unchanged) or ``"american"``; any other
    value raises ``ValueError``. Only whole words of the table change, so ``licence_terms``
    or ``License Drafter`` stay as they are.
    """
    if english == "british":
        return text
    if english != "american":
        raise ValueError(f"unknown English variant {english!r}; use one of {ENGLISH_VARIANTS}")
    table = _table()
    return _pattern().sub(lambda match: table[match.group(0)], text)


def foreign_nouns(text: str, english: str = DEFAULT_ENGLISH) -> list[str]:
    """Return the spellings of the noun "licence" in ``text`` that belong to the other variant
    than ``english`` (each distinct match once, in order): "licence" in an American draft;
    "license" used as a noun in a British draft (see the module's note on the verb)."""
    if english == "american":
        found = [match.group(0) for match in BRITISH_NOUN.finditer(text)]
    else:
        found = [
            next(group for group in match.groups() if group)
            for match in AMERICAN_NOUN.finditer(text)
        ]
    return list(dict.fromkeys(found))
