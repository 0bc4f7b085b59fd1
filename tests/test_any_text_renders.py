"""Any text in any text answer renders (Hypothesis): whatever characters a licensor types,
controls, surrogates, non-characters, markup, combining marks, other scripts, the answers
parse, assemble and render to HTML, PDF and DOCX without an exception, and HTML (escaped) and
DOCX show the text literally. Bidi override and embedding characters are the one thing
refused, by design, with their own message.

Each example fills every text answer at once (with the answers that make each one apply), so
a few PDF examples still put many random strings through WeasyPrint.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from docx import Document as open_word_document
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import (
    BIDI_CONTROLS,
    MAX_TEXT_CHARS,
    MSG_BAD_EMAIL,
    MSG_BIDI,
    AnswersError,
    nest,
    parse_answers,
)
from drafting.questionnaire.definition import get_questionnaire
from drafting.renderers.docx import render_docx
from drafting.renderers.html import render_html
from drafting.renderers.pdf import render_pdf
from tests.conftest import RIGHTS_FLAT

pytestmark = pytest.mark.slow

QUESTIONS = get_questionnaire().questions
TEXT_KEYS = tuple(key for key, q in QUESTIONS.items() if q.type in ("text", "longtext"))
EMAIL_KEYS = tuple(key for key, q in QUESTIONS.items() if q.type == "email")
# Answers under which every conditional text question applies; arbitration and the courts
# exclude each other as the final forum, so there are two sets.
APPLY_ALL = {
    **RIGHTS_FLAT,
    "licensor.jurisdiction": "GB",
    "licensee.jurisdiction": "IE",
    "use.model_scope": "specific_models_or_products",
    "use.activities": ["training", "fine_tuning"],
    "use.model_definition": "trained_weights",
    "use.territory": "listed_countries",
    "attribution.required": True,
    "value.models": ["flat_fee", "usage_based", "non_monetary"],
    "value.flat_fee": {"amount": "25000.00", "currency": "GBP"},
    "value.usage_metric": "custom",
    "value.usage_rate": {"amount": "1.00", "currency": "GBP"},
    "value.benefits": ["community_access", "other"],
    "value.benefits_enforcer": "community_body",
    "ethics.prohibited_uses": ["other"],
    "counsel.engaged": True,
    "wider.exclusivity": "exclusive",
    "wider.exclusive_period": {"value": 2, "unit": "years"},
    "security.level": "specified",
}
FORUMS = {
    "courts": {**APPLY_ALL, "law.dispute_steps": ["negotiation", "courts"]},
    "arbitration": {
        **APPLY_ALL,
        "law.dispute_steps": ["negotiation", "mediation", "arbitration"],
        "law.arbitration_body": "other",  # its name and rules are text answers
        "law.mediation_provider": "other",
    },
}
# Text answers the licence itself does not print (counsel's name is for the drafting notes
# the licensor keeps, not the parties' document).
NOT_PRINTED = frozenset({"counsel.name"})

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
# Characters worth trying more often than a uniform draw would: controls the cleaning turns
# into spaces, line ends, non-characters, markup and template syntax, invisible and combining
# characters, right-to-left letters, emoji.
AWKWARD = [
    *"\x00\x01\x08\x0b\x0c\x1b\x7f\x85\x9f\t\n\r",
    "\r\n",
    "\ufffe",
    "\uffff",
    "\ufeff",
    "\u200b",
    "\u200d",
    "\u00ad",
    "\u0301",
    "\u2028",
    "\ud800",
    "\udfff",
    *"<>&\"'{}%#\\",
    "{{ x }}",
    "{% if %}",
    "</p>",
    "&amp;",
    "مرحبا",
    "数据",
    "👍🏽",
    "\U0001f3f4\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f",
]
ANY_CHARACTER = st.characters(exclude_categories=(), exclude_characters=BIDI)
TEXT_PIECE = st.one_of(ANY_CHARACTER, st.sampled_from(AWKWARD))
VISIBLE = st.characters(categories=("L", "N", "P", "S"), exclude_characters=BIDI)


def any_text(*, max_pieces: int, required: bool) -> st.SearchStrategy[str]:
    """Text of any characters but bidi controls; a required answer keeps one visible one."""
    text = st.lists(TEXT_PIECE, max_size=max_pieces).map("".join)
    if not required:
        return text
    return st.tuples(text, VISIBLE, text).map("".join)


def texts_for(keys, *, max_pieces: int) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries(
        {
            key: any_text(
                max_pieces=min(max_pieces, (QUESTIONS[key].max or MAX_TEXT_CHARS) // 8),
                required=QUESTIONS[key].required,
            )
            for key in keys
        }
    )


def active_text_keys(forum: str) -> tuple[str, ...]:
    answers = parse_answers(nest(FORUMS[forum]), complete=False)
    return tuple(key for key in TEXT_KEYS if answers.is_active(key))


def forum_and_texts(max_pieces: int):
    """``(forum, {text key: text})`` with every text question that applies filled in."""
    return st.sampled_from(sorted(FORUMS)).flatmap(
        lambda forum: st.tuples(
            st.just(forum), texts_for(active_text_keys(forum), max_pieces=max_pieces)
        )
    )


# A plain answer to every text question, for tests that vary one of them.
PLAIN_TEXTS = {key: f"Answer to {key}" for key in TEXT_KEYS}


def parsed(forum: str, texts: dict[str, str]):
    return parse_answers(nest({**FORUMS[forum], **PLAIN_TEXTS, **texts}))


def cleaned(raw: str) -> str | None:
    """What the answers keep of ``raw`` (the documented cleaning): line ends become newlines,
    controls other than tab and newline become spaces, lone surrogates U+FFFD; stripped;
    None when nothing is left."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f]", " ", text)
    text = re.sub("[\ud800-\udfff]", "\ufffd", text).strip()
    return text or None


def squash(text: str) -> str:
    """Text without white space (paragraphs and line breaks fall where the format puts them)
    and with the characters no XML file can hold as U+FFFD, as every renderer writes them."""
    return re.sub("[\ufffe\uffff]", "\ufffd", re.sub(r"\s+", "", text))


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def html_text(page: str) -> str:
    parser = _TextOf()
    parser.feed(page)
    parser.close()
    return "".join(parser.parts)


def docx_text(data: bytes) -> str:
    body = open_word_document(io.BytesIO(data)).element.body
    return "".join(node.text or "" for node in body.iter(qn("w:t")))


FAST = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SLOW = settings(FAST, max_examples=5)


def test_the_answer_sets_make_every_text_question_apply():
    applying = set().union(*(active_text_keys(forum) for forum in FORUMS))
    assert applying == set(TEXT_KEYS), "extend APPLY_ALL so the new text question applies"


def test_every_text_answer_but_the_notes_only_ones_is_printed(library):
    for forum in FORUMS:
        keys = active_text_keys(forum)
        marks = {key: f"Mark{index:02d}q" for index, key in enumerate(keys)}
        document = assemble(parsed(forum, marks), library)
        page, word = html_text(render_html(document)), docx_text(render_docx(document))
        printed = {key for key, mark in marks.items() if mark in page and mark in word}
        assert printed == set(keys) - NOT_PRINTED


@FAST
@given(forum_and_texts(max_pieces=40))
def test_any_text_in_any_text_answer_renders_literally_in_html_and_docx(case):
    forum, texts = case
    answers = parsed(forum, texts)
    document = assemble(answers, get_library())
    page, word = squash(html_text(render_html(document))), squash(docx_text(render_docx(document)))
    for key, raw in texts.items():
        kept = answers.get(key)
        assert kept == cleaned(raw)
        if kept and key not in NOT_PRINTED:
            assert squash(kept) in page, key
            assert squash(kept) in word, key


@SLOW
@given(forum_and_texts(max_pieces=30))
def test_any_text_in_any_text_answer_renders_to_pdf(case):
    forum, texts = case
    data = render_pdf(assemble(parsed(forum, texts), get_library()))
    assert data.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(data)).pages) > 1


@FAST
@given(
    key=st.sampled_from(TEXT_KEYS + EMAIL_KEYS),
    before=any_text(max_pieces=10, required=False),
    bidi=st.sampled_from(BIDI),
    after=any_text(max_pieces=10, required=False),
)
def test_a_bidi_control_anywhere_in_a_text_answer_is_refused(key, before, bidi, after):
    with pytest.raises(AnswersError) as refused:
        parsed("courts", {key: before + bidi + after})
    assert (key, MSG_BIDI) in [(p.key, p.message) for p in refused.value.problems]


@FAST
@given(key=st.sampled_from(EMAIL_KEYS), text=any_text(max_pieces=20, required=True))
def test_any_text_in_an_email_answer_is_refused_as_not_an_email_or_renders(key, text):
    try:
        answers = parsed("courts", {key: text})
    except AnswersError as error:
        assert [(p.key, p.message) for p in error.problems] == [
            (key, MSG_BAD_EMAIL.format(value=cleaned(text)))
        ]
        return
    document = assemble(answers, get_library())
    render_html(document)
    render_docx(document)


@pytest.mark.parametrize("blank", ["", "  ", "\x00", "\r\n"])
def test_a_blank_document_title_renders_as_the_default_title(library, blank):
    document = assemble(parsed("courts", {"document.title": blank}), library)
    page, word = html_text(render_html(document)), docx_text(render_docx(document))
    default = QUESTIONS["document.title"].default
    assert default in page and default in word


# Required text answers the clause library prints without a placeholder: an incomplete draft
# (an imported file may be one) without them cannot be assembled, so its review page shows
# "a clause printed an empty answer" and its downloads answer 503. Remove a key once its
# clause tests the answer or its question has a placeholder.
def required_text_keys():
    for key in TEXT_KEYS:
        if QUESTIONS[key].required:
            yield pytest.param(key, id=key)


@pytest.mark.parametrize("key", list(required_text_keys()))
def test_an_incomplete_draft_without_a_required_text_answer_still_renders(library, key):
    forum = next(forum for forum in sorted(FORUMS) if key in active_text_keys(forum))
    texts = {k: v for k, v in PLAIN_TEXTS.items() if k != key}
    document = assemble(parse_answers(nest({**FORUMS[forum], **texts}), complete=False), library)
    assert render_html(document) and render_docx(document)


def test_bidi_characters_are_exactly_the_ones_the_answers_refuse():
    everything = map(chr, range(0x110000))
    assert {c for c in everything if BIDI_CONTROLS.search(c)} == set(BIDI)
