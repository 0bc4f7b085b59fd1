"""Assembly: answers and the clause library in, a format-neutral :class:`Document` out.

A pure function of its inputs: the same answers, library and pins always give the same
document, and nothing here touches the database, the network or the file system.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from jinja2 import Template
from markupsafe import Markup

from drafting.assembly.completeness import completeness_findings, unanswered_findings
from drafting.assembly.document import (
    GLANCE_STATUSES,
    Block,
    Document,
    DocumentClause,
    GlanceItem,
    Paragraph,
    Section,
    block_text,
    section_anchor,
)
from drafting.assembly.explain import condition_answers
from drafting.assembly.findings import check_consistency, counsel_questions
from drafting.assembly.markup import parse_blocks, reference
from drafting.english import DEFAULT_ENGLISH, spell
from drafting.library.environment import clause_environment
from drafting.library.model import ClauseVersion, Library
from drafting.questionnaire.answers import Answers
from drafting.questionnaire.facts import derive_facts

NOTICE = (
    "DRAFT \u2014 NOT LEGAL ADVICE. This draft was prepared with License Drafter from the "
    "licensor's answers to a questionnaire. It is a starting point for negotiation, not a "
    "finished agreement: have a qualified lawyer review it before anyone signs."
)
NUMBERED_KINDS = ("definitions", "numbered")
DEFAULT_TITLE = "Dataset Licence for AI Training"
# The default title in either spelling (earlier releases wrote the American one): an answer
# equal to one of them is the default, and follows the draft's English variant.
DEFAULT_TITLES = frozenset({DEFAULT_TITLE, spell(DEFAULT_TITLE, "american")})


class AssemblyError(RuntimeError):
    """A clause failed to render (a library bug, not a user error); names the clause."""


@lru_cache(maxsize=4096)
def _template(source: str, english: str = DEFAULT_ENGLISH) -> Template:
    return clause_environment(english).from_string(source)


@lru_cache(maxsize=2048)
def _condition(source: str):
    return clause_environment().compile_expression(source, undefined_to_none=False)


def _render(template: Template, context: Mapping) -> str:
    """Render with ``context`` as the template's parent scope, without copying it.

    ``Template.render`` copies the whole context for every call; assembly renders about a
    hundred templates over one context, so it is shared (the template's own ``set`` variables
    still go to a fresh local scope; figures in docs/performance.md).
    """
    scope = template.new_context(context, shared=True)  # type: ignore[arg-type]  # read only
    return template.environment.concat(template.root_render_func(scope))


def _number_blocks(blocks: tuple[Block, ...], section_number: str | None, counter: list[int]):
    numbered = []
    for block in blocks:
        if isinstance(block, Paragraph) and section_number is not None:
            counter[0] += 1
            block = Paragraph(block.runs, number=f"{section_number}.{counter[0]}")
        numbered.append(block)
    return tuple(numbered)


def _render_clause(
    clause: ClauseVersion,
    context: Mapping,
    section_number: str | None,
    counter: list[int],
    labels: Mapping[str, str],
    answered: Mapping[str, str],
) -> tuple[DocumentClause, list[GlanceItem]]:
    english = context["document"]["english"]
    try:
        markup = _render(_template(clause.body, english), context)
        blocks = _number_blocks(parse_blocks(markup), section_number, counter)
        glance = []
        for row in clause.glance:
            status = row.status
            if status not in GLANCE_STATUSES:
                status = _condition(status)(**context)
                if status not in GLANCE_STATUSES:
                    raise AssemblyError(f"glance status {status!r} is not one of {GLANCE_STATUSES}")
            note_markup = _render(_template(row.note, english), context)
            note_blocks = parse_blocks(f"<p>{note_markup}</p>")
            note = " ".join(block_text(block) for block in note_blocks)
            glance.append(GlanceItem(spell(row.item, english), status, note, clause.id))
    except AssemblyError:
        raise
    except Exception as error:
        raise AssemblyError(f"{clause.ref} ({clause.path.name}): {error}") from error
    numbers = [block.number for block in blocks if isinstance(block, Paragraph) and block.number]
    text = "\n".join(block_text(block) for block in blocks)
    return (
        DocumentClause(
            id=clause.id,
            version=clause.version,
            title=spell(clause.title, english),
            number=numbers[0] if numbers else None,
            blocks=blocks,
            summary=spell(clause.summary, english),
            drafting_note=spell(clause.drafting_note, english),
            condition_keys=clause.condition_keys,
            body_keys=clause.body_keys,
            text_hash=hashlib.sha256(text.encode()).hexdigest(),
            condition_labels=tuple(labels.get(key, "") for key in clause.condition_keys),
            condition_answers=tuple(answered.get(key, "") for key in clause.condition_keys),
        ),
        glance,
    )


def _section_numbers(library: Library, by_section: Mapping[str, list]) -> dict[str, str]:
    """Number the numbered sections that have clauses in this draft: 1, 2, 3..."""
    numbers: dict[str, str] = {}
    for spec in library.sections:
        if spec.kind in NUMBERED_KINDS and by_section.get(spec.id):
            numbers[spec.id] = str(len(numbers) + 1)
    return numbers


def select_clauses(
    answers: Answers, library: Library, pins: Mapping[str, int] | None = None
) -> tuple[ClauseVersion, ...]:
    """Return the clause versions whose condition holds for ``answers``, in document order.

    ``pins`` (``{clause id: version}``) fixes the versions considered; see
    :meth:`~drafting.library.model.Library.pinned`. Raises :class:`AssemblyError` when a
    condition cannot be evaluated.
    """
    return _select(clause_context(answers), library, pins)


def _select(context: Mapping, library: Library, pins: Mapping[str, int] | None):
    selected = []
    for clause in library.pinned(pins):
        try:
            included = bool(_condition(clause.condition)(**context))
        except Exception as error:
            raise AssemblyError(f"{clause.ref}: condition failed: {error}") from error
        if included:
            selected.append(clause)
    return tuple(selected)


def clause_context(answers: Answers) -> dict:
    """Return the mapping clause templates render with: the nested answers plus ``facts``.

    The environment's globals (``label``, in the draft's English variant) are included, since
    assembly renders with the context as the templates' shared parent scope. An unanswered
    title (or one equal to the default in either spelling) is the default title in the
    draft's variant; a title the user typed is kept exactly.
    """
    nested = answers.context()
    document = dict(nested.get("document") or {})
    english = document.get("english") or DEFAULT_ENGLISH
    title = document.get("title") or DEFAULT_TITLE
    document.update(
        english=english, title=spell(DEFAULT_TITLE, english) if title in DEFAULT_TITLES else title
    )
    nested["document"] = document
    context = dict(clause_environment(english).globals)
    context.update(nested)
    context["facts"] = derive_facts(answers)
    return context


def answer_fields(
    answers: Answers, context: Mapping | None = None, english: str = "british"
) -> dict[str, Any]:
    """Return the fields of a :class:`Document` that carry ``answers``: ``answers`` (the
    JSON-ready document), ``values``, ``option_labels`` and ``attribution`` (see
    :class:`Document`). ``context`` is :func:`clause_context` of ``answers`` when the caller
    has it (it is made otherwise); the option labels are in the ``english`` variant
    (``"british"`` or ``"american"``)."""
    values = answers.effective()
    labels: dict[str, dict[str, str]] = {}
    for key, question in answers.questionnaire.questions.items():
        value = values[key]
        if not question.options or value is None:
            continue
        chosen = value if isinstance(value, tuple) else (value,)
        labels[key] = {
            str(option): spell(question.option_label(str(option)), english) for option in chosen
        }
    if context is None:
        context = answers.context()
    attribution = context["attribution"]["text"] if values["attribution.required"] else ""
    return {
        "answers": answers.to_data(),
        "values": values,
        "option_labels": labels,
        "attribution": attribution or "",
    }


def assemble(answers: Answers, library: Library, pins: Mapping[str, int] | None = None) -> Document:
    """Assemble the draft licence for ``answers`` from ``library``.

    ``pins`` (``{clause id: version}``, from :meth:`Library.snapshot`) reproduces a draft's
    text exactly after newer clause versions are added; without pins the newest versions are
    used. Returns a :class:`Document`. Raises :class:`AssemblyError` when a clause fails to
    render, which is a fault of the library (``check_clauses`` and the tests catch it first).
    """
    context = clause_context(answers)
    english = context["document"]["english"]
    selected = _select(context, library, pins)
    by_section: dict[str, list[ClauseVersion]] = {}
    for clause in selected:
        by_section.setdefault(clause.section, []).append(clause)
    numbers = _section_numbers(library, by_section)
    titles = {spec.id: spell(spec.title, english) for spec in library.sections}

    def see(section_id: str, titled: bool = True) -> Markup:
        """Cross-reference a numbered section: ``clause 15 (Term and termination)``, or
        ``clause 15`` with ``titled=False`` (where the title would use a term this draft
        does not define); the number is a run whose ``ref`` is the section's anchor
        (:func:`markup.reference`)."""
        if section_id not in numbers:
            raise AssemblyError(f"see({section_id!r}): that section is not in this draft")
        number = reference(section_anchor(section_id), numbers[section_id])
        if not titled:
            return number
        return number + Markup(" ({})").format(titles[section_id])

    def present(section_id: str) -> bool:
        """Whether the numbered section ``section_id`` is in this draft (test before ``see``)."""
        return section_id in numbers

    context["see"] = see
    context["present"] = present
    labels = {
        question.key: spell(question.label, english)
        for step in answers.questionnaire.steps
        for question in step.questions
    }
    answered = condition_answers(selected, answers, context["facts"])
    sections, glance = [], []
    for spec in library.sections:
        chosen = by_section.get(spec.id)
        if not chosen:
            continue
        number = numbers.get(spec.id)
        counter = [0]
        # Definitions are a list of terms, not numbered sub-clauses.
        paragraph_number = number if spec.kind == "numbered" else None
        clauses = []
        for clause in chosen:
            rendered, rows = _render_clause(
                clause, context, paragraph_number, counter, labels, answered
            )
            clauses.append(rendered)
            glance.extend(rows)
        sections.append(Section(spec.id, titles[spec.id], spec.kind, number, tuple(clauses)))  # type: ignore[arg-type]
    # The gate's blocking findings come first: they are what stands between the draft and
    # its approval.
    gaps = completeness_findings(
        (clause for section in sections for clause in section.clauses),
        answers.questionnaire,
        answers,
    )
    gaps += unanswered_findings(answers, gaps)
    step_titles = {step.key: spell(step.title, english) for step in answers.questionnaire.steps}
    findings = tuple(
        dataclasses.replace(
            finding,
            message=spell(finding.message, english),
            counsel_question=spell(finding.counsel_question, english),
            step_titles=tuple(step_titles.get(step, step) for step in finding.steps),
        )
        for finding in gaps + check_consistency(answers, context["facts"])
    )
    return Document(
        title=context["document"]["title"],
        notice=spell(NOTICE, english),
        library_version=library.version,
        sections=tuple(sections),
        glance=tuple(glance),
        findings=findings,
        counsel_questions=tuple(
            spell(question, english) for question in counsel_questions(answers, findings)
        ),
        clause_versions={clause.id: clause.version for clause in selected},
        english=english,
        **answer_fields(answers, context, english),
    )


__all__ = [
    "NOTICE",
    "AssemblyError",
    "answer_fields",
    "assemble",
    "clause_context",
    "select_clauses",
]
