"""The noun in prose is "licence": the docs and the pages' own text (not the clauses, whose
English follows the draft) say "licence" and "licences". "License" stays as a verb ("to
license the data"), in the product name "License Drafter", and in identifiers, URLs and
quoted names (``LicenseRef-...``, ``license_link``, "Open Data Commons ... License")."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# A determiner or possessive right before "license(s)" makes it the noun.
NOUN = re.compile(
    r"\b(?:the|a|an|this|that|these|those|your|our|its|their|each|every|any|no|one|"
    r"which|whose|same|draft|other|upstream|open)\s+licen[sc]es?\b",
    re.IGNORECASE,
)
CODE = re.compile(r"`[^`]*`")  # inline code in Markdown: identifiers, paths, commands


def prose_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "CHANGELOG.md", *sorted((ROOT / "docs").glob("*.md"))]
    files += sorted(p for p in (ROOT / "templates").rglob("*") if p.suffix in {".html", ".txt"})
    files.append(ROOT / "drafting" / "questionnaire" / "questionnaire.yaml")  # help, labels
    return files


def american_nouns(text: str) -> list[str]:
    """Return each noun use of "license"/"licenses" in ``text`` (inline code left out)."""
    return [
        match.group(0)
        for line in text.splitlines()
        for match in NOUN.finditer(CODE.sub("", line).replace("License Drafter", "the app"))
        if "licens" in match.group(0).lower()
    ]


def test_the_noun_is_licence_in_docs_and_page_text():
    found = {
        str(path.relative_to(ROOT)): nouns
        for path in prose_files()
        if (nouns := american_nouns(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_check_tells_the_noun_from_the_verb_and_the_name():
    assert american_nouns("Download the license as PDF; each licenses page") == [
        "the license",
        "each licenses",
    ]
    text = "Yours to license. Your License Drafter account drafts the licence. `the license`"
    assert american_nouns(text) == []
