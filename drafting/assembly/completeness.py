"""The completeness gate: every placeholder left in a draft becomes a blocking finding.

A placeholder is bracketed text such as ``[Licensee]`` or ``[postal address]`` that stands
where an answer is still missing. Each one a clause (or the questionnaire, for an empty text
answer) can write is registered here with the question whose answer removes it, so the
finding can say what to answer. A draft with a blocking finding can be downloaded, marked as
a draft, but not approved (see ``drafting.review.services``).

The gate reads the assembled text, not the answers, so it cannot disagree with what the
draft says: a placeholder in the text always has its finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from drafting.assembly.document import DocumentClause, Finding
from drafting.formatting import MISSING
from drafting.legal_families import LAW_PLACEHOLDER
from drafting.questionnaire.answers import Answers
from drafting.questionnaire.definition import Questionnaire

# Bracketed text on one line, without nested brackets: what a placeholder looks like.
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,120}\]")

# Placeholders written in clause bodies (not a question's own placeholder): the text and the
# answer key that removes it. Every bracketed text a clause can write must be listed here;
# the document check (drafting.assembly.checks) fails on one that is not.
CLAUSE_PLACEHOLDERS: dict[str, str] = {
    "[dates to be agreed]": "value.instalment_interval",
    "[amount to be agreed]": "liability.cap_floor",
    LAW_PLACEHOLDER: "law.governing_law",
    "[arbitration institution]": "law.arbitration_body",
    "[Licensor's postal address]": "licensor.address",
    "[Licensor's email address]": "licensor.contact_email",
    "[Licensee's postal address]": "licensee.address",
    "[Licensee's email address]": "licensee.contact_email",
    "[postal address]": "licensor.address",
    "[email address]": "licensor.contact_email",
    "[state where the credit must appear]": "attribution.forms",
    "[describe the field]": "wider.exclusive_field",
    "[version to be stated]": "dataset.version",
    "[size to be stated]": "dataset.size",
    "[to be stated]": "dataset.modalities",
    "[describe each model or product]": "use.named_models",
    "[list the permitted activities]": "use.activities",
    # definitions.model v2 wrote the question's placeholder with a straight apostrophe.
    "[the Licensee's pre-existing base models]": "use.base_models",
}
# Clause versions since library 1.2.0 write typographic apostrophes in their placeholders.
CLAUSE_PLACEHOLDERS.update(
    {text.replace("'", "\u2019"): key for text, key in CLAUSE_PLACEHOLDERS.items() if "'" in text}
)

MSG_PLACEHOLDER = (
    "The draft still says \u201c{placeholder}\u201d in {where}. Answer \u201c{label}\u201d "
    "(step \u201c{step}\u201d) so the text states it; the draft cannot be approved until then."
)
MSG_UNANSWERED = (
    "\u201c{label}\u201d (step \u201c{step}\u201d) is not answered yet, and the draft\u2019s text "
    "assumes an answer for it. Choose one; the draft cannot be approved until then."
)
MSG_UNKNOWN_PLACEHOLDER = (
    "The draft still says \u201c{placeholder}\u201d in {where}. Replace it with the agreed "
    "text; the draft cannot be approved until then."
)


def placeholder_questions(questionnaire: Questionnaire) -> dict[str, str]:
    """Return ``{placeholder text: answer key}`` for every placeholder a draft can show.

    Questions' own placeholders (``[Licensee]``) come first, then the clause bodies' ones.
    """
    mapping = {
        question.placeholder: key
        for key, question in questionnaire.questions.items()
        if question.placeholder and PLACEHOLDER.fullmatch(question.placeholder)
    }
    return {**mapping, **CLAUSE_PLACEHOLDERS}


def find_placeholders(text: str) -> list[str]:
    """Return the bracketed placeholders in ``text``, in order of first appearance."""
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def _where(clause: DocumentClause) -> str:
    if clause.number:
        return f"clause {clause.number} ({clause.title})"
    return f"\u201c{clause.title}\u201d"


def missing_questions(clause: DocumentClause, answers: Answers) -> list[str]:
    """The questions whose empty answer ``clause`` printed as ``[not yet answered]``: the
    answer keys its text reads (each path taken to the question it belongs to) that apply
    and have no answer, in questionnaire order."""
    questions = answers.questionnaire.questions
    keys = set()
    for path in clause.body_keys:
        parts = path.split(".")
        for end in range(len(parts), 1, -1):
            key = ".".join(parts[:end])
            if key in questions:
                keys.add(key)
                break
    return [
        key
        for key in questions
        if key in keys and answers.is_active(key) and answers.get(key) in (None, "", ())
    ]


def completeness_findings(
    clauses: Iterable[DocumentClause],
    questionnaire: Questionnaire,
    answers: Answers | None = None,
) -> tuple[Finding, ...]:
    """Return one blocking finding per distinct placeholder in ``clauses``' text.

    Each finding has severity ``"incomplete"``, ``blocking=True``, ``placeholder`` the text,
    and, when the placeholder is registered, ``question`` the answer key that removes it and
    ``steps`` that question's step. ``[not yet answered]`` (an empty answer a clause printed)
    gets one finding for each question of ``answers`` it stands for (see
    :func:`missing_questions`). An unregistered bracketed text still blocks (with no question
    to name); the document check reports it as a library fault.
    """
    known = placeholder_questions(questionnaire)
    findings: dict[str, Finding] = {}
    for clause in clauses:
        for placeholder in find_placeholders(clause.text):
            where = _where(clause)
            if placeholder == MISSING and answers is not None:
                empty = missing_questions(clause, answers)
                for question_key in empty:
                    if f"{placeholder} {question_key}" not in findings:
                        findings[f"{placeholder} {question_key}"] = _finding(
                            placeholder, question_key, where, questionnaire
                        )
                if empty:
                    continue
            if placeholder in findings:
                continue
            key = known.get(placeholder)
            if key is None:
                findings[placeholder] = Finding(
                    "incomplete_text",
                    "incomplete",
                    MSG_UNKNOWN_PLACEHOLDER.format(placeholder=placeholder, where=where),
                    (),
                    blocking=True,
                    placeholder=placeholder,
                )
                continue
            findings[placeholder] = _finding(placeholder, key, where, questionnaire)
    return tuple(findings.values())


def _finding(placeholder: str, key: str, where: str, questionnaire: Questionnaire) -> Finding:
    """The blocking finding for ``placeholder`` in ``where``, naming question ``key``."""
    question = questionnaire.questions[key]
    step = questionnaire.step(question.step)
    return Finding(
        f"incomplete_{key}",
        "incomplete",
        MSG_PLACEHOLDER.format(
            placeholder=placeholder, where=where, label=question.label, step=step.title
        ),
        (step.key,),
        blocking=True,
        question=key,
        placeholder=placeholder,
    )


def unanswered_findings(answers: Answers, covered: Iterable[Finding] = ()) -> tuple[Finding, ...]:
    """Return one blocking finding per required question of ``answers`` that applies and is
    still empty, in questionnaire order, leaving out questions a finding in ``covered``
    already names (a placeholder's finding).

    Required questions have no default (the rights check's origin, personal data and
    contributors among them: issue 10, "risky defaults"), so an unfinished draft's text falls
    back to wording that assumes an answer; the gate must still block its approval. Each
    finding has code ``incomplete_<key>``, severity ``"incomplete"``, ``blocking=True`` and
    ``question`` the key.
    """
    named = {finding.question for finding in covered if finding.question}
    questionnaire = answers.questionnaire
    findings = []
    for step in questionnaire.steps:
        for question in step.questions:
            key = question.key
            if not question.required or key in named or not answers.is_active(key):
                continue
            if answers.get(key) not in (None, "", ()):
                continue
            findings.append(
                Finding(
                    f"incomplete_{key}",
                    "incomplete",
                    MSG_UNANSWERED.format(label=question.label, step=step.title),
                    (step.key,),
                    blocking=True,
                    question=key,
                )
            )
    return tuple(findings)
