"""DOCX cross-references are Word REF fields to bookmarks on the clause numbers: each shows the
Document's number as its result, points at a bookmark on the paragraph Word numbers so, and
LibreOffice shows the right numbers, also after counsel inserts a clause."""

import io
import re
import zipfile

import pytest
from lxml import etree
from pypdf import PdfReader

from drafting.assembly.document import ListBlock, Paragraph, Run
from drafting.assembly.markup import parse_blocks, reference
from drafting.renderers import common
from tests.conftest import example_paths
from tests.pdf_support import libreoffice_pdf
from tests.test_render_docx import rendered  # noqa: F401 - the fixture ``bodies`` reads

pytestmark = pytest.mark.slow

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
REF = re.compile(r"^REF (_Ref\d+) \\w \\h$")


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def bodies(request):
    """{example name: (Document, DOCX bytes, the body's lxml element)} for every example."""
    examples = request.getfixturevalue("rendered")  # test_render_docx's, rendered once
    return {name: (doc, data, word.element.body) for name, (doc, data, word) in examples.items()}


def example_names():
    return [path.name for path in example_paths()]


def fields(paragraph):
    """The complex fields of a ``w:p`` as ``(instruction, shown result)``, in order."""
    out, state, instruction, shown = [], None, "", ""
    for run in paragraph.iter(q("r")):
        char = run.find(q("fldChar"))
        if char is not None:
            kind = char.get(q("fldCharType"))
            if kind == "begin":
                state, instruction, shown = "instr", "", ""
            elif kind == "separate":
                state = "shown"
            elif kind == "end":
                out.append((instruction.strip(), shown))
                state = None
            continue
        if state == "instr":
            instruction += "".join(node.text or "" for node in run.iter(q("instrText")))
        elif state == "shown":
            shown += "".join(node.text or "" for node in run.iter(q("t")))
    return out


def word_numbers(body) -> dict[str, str]:
    """What Word shows as the number of each bookmarked paragraph of the clause list: the
    level-0 headings count 1, 2, 3... and the level-1 paragraphs 1.1, 1.2 under them."""
    clause_num = None
    section, paragraph_count = 0, 0
    numbers = {}
    for p in body.iter(q("p")):
        num = p.find("w:pPr/w:numPr", NS)
        if num is None:
            continue
        level = int(num.find(q("ilvl")).get(q("val")))
        num_id = num.find(q("numId")).get(q("val"))
        if level == 0 and p.find("w:pPr/w:pStyle", NS) is not None:
            clause_num = clause_num or num_id
        if num_id != clause_num:
            continue
        if level == 0:
            section, paragraph_count = section + 1, 0
            number = str(section)
        elif level == 1:
            paragraph_count += 1
            number = f"{section}.{paragraph_count}"
        else:
            continue
        for start in p.iter(q("bookmarkStart")):
            numbers[start.get(q("name"))] = number
    return numbers


def reference_runs(document):
    """Every cross-reference run of the Document's clauses, in document order."""

    def runs_of(block):
        if isinstance(block, Paragraph):
            yield from block.runs
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from item.runs
                if item.children:
                    yield from runs_of(item.children)

    return [
        run for clause in document.clauses() for block in clause.blocks for run in runs_of(block)
    ]


def test_see_writes_a_reference_run_with_the_anchor_and_number():
    blocks = parse_blocks(f"<p>As {reference('section-term', '15')} (Term) says.</p>")
    assert blocks[0].runs == (
        Run("As clause "),
        Run("15", ref="section-term"),
        Run(" (Term) says."),
    )


@pytest.mark.parametrize("name", example_names())
def test_every_cross_reference_is_a_ref_field_to_a_bookmark_showing_the_right_number(bodies, name):
    document, _data, body = bodies[name]
    numbers = common.reference_numbers(document)
    shown_by_word = word_numbers(body)
    refs = [run for run in reference_runs(document) if run.ref]
    assert refs, "every example cites another clause"
    glance = [
        item.clause_id
        for item in document.glance
        if common.clause_numbers(document).get(item.clause_id)
    ]
    found = [field for p in body.iter(q("p")) for field in fields(p) if field[0].startswith("REF")]
    assert len(found) == len(refs) + len(glance)
    bookmarks = {start.get(q("name")) for start in body.iter(q("bookmarkStart"))}
    ends = {end.get(q("id")) for end in body.iter(q("bookmarkEnd"))}
    assert {start.get(q("id")) for start in body.iter(q("bookmarkStart"))} == ends
    for instruction, shown in found:
        match = REF.match(instruction)
        assert match, instruction
        assert match.group(1) in bookmarks, instruction
        # Word computes the same number the field shows until it is updated.
        assert shown_by_word[match.group(1)] == shown, instruction
    # The Document's cross-references, in order, show their targets' numbers.
    body_shown = [shown for _i, shown in found]
    for run in refs:
        assert run.text == numbers[run.ref]
    assert sorted(body_shown) == sorted(
        [run.text for run in refs]
        + [common.clause_numbers(document)[clause_id] for clause_id in glance]
    )


@pytest.mark.parametrize("name", example_names())
def test_no_clause_number_is_typed_in_the_licence(bodies, name):
    _document, _data, body = bodies[name]
    typed = re.compile(r"\bclauses? \(?\d")
    checked = 0
    for p in body.iter(q("p")):
        text = "".join(node.text or "" for node in p.iter(q("t")))
        style = p.find("w:pPr/w:pStyle", NS)
        if text == common.NOTES_HEADING and style is not None:
            break  # the drafting notes are not part of the licence
        without_fields = "".join(
            node.text or ""
            for run in p.iter(q("r"))
            if not in_field_result(run)
            for node in run.iter(q("t"))
        )
        checked += 1
        assert not typed.search(without_fields), without_fields
    assert checked > 100


def in_field_result(run) -> bool:
    """Whether ``run`` is between a field's separate and end marks in its paragraph."""
    state = None
    for other in run.getparent().iter(q("r")):
        char = other.find(q("fldChar"))
        if char is not None:
            state = {"separate": "shown", "end": None}.get(char.get(q("fldCharType")), state)
        if other is run:
            return state == "shown" and char is None
    return False


@pytest.fixture(scope="module")
def libreoffice(bodies, tmp_path_factory):
    """The largest example's DOCX, as LibreOffice exports it to PDF, as it is and after a
    numbered clause heading is inserted before the first numbered section."""
    name = max(bodies, key=lambda key: len(reference_runs(bodies[key][0])))
    document, data, _body = bodies[name]
    folder = tmp_path_factory.mktemp("libreoffice-refs")
    (folder / "draft.docx").write_bytes(data)
    (folder / "inserted.docx").write_bytes(insert_heading(data))
    texts = {}
    for stem in ("draft", "inserted"):
        libreoffice_pdf(folder / f"{stem}.docx", folder)
        reader = PdfReader(folder / f"{stem}.pdf")
        # Without the running header and footer, which may fall inside a reference.
        running = (squash(common.RUNNING_HEADER), squash(document.title))
        pages = []
        for page in reader.pages:
            text = re.sub(r"Page\d+of\d+", "", squash(page.extract_text()))
            for words in running:
                text = text.replace(words, "")
            pages.append(text)
        texts[stem] = "".join(pages)
    return document, texts


def insert_heading(data: bytes) -> bytes:
    """``data`` with a new numbered heading before the first numbered section, as counsel
    would insert a clause in Word: every section after it moves up by one."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/document.xml":
                root = etree.fromstring(content)
                heading = next(
                    p
                    for p in root.iter(q("p"))
                    if p.find("w:pPr/w:pStyle", NS) is not None
                    and p.find("w:pPr/w:numPr/w:ilvl", NS) is not None
                    and p.find("w:pPr/w:numPr/w:ilvl", NS).get(q("val")) == "0"
                )
                num_id = heading.find("w:pPr/w:numPr/w:numId", NS).get(q("val"))
                heading.addprevious(
                    etree.fromstring(
                        f'<w:p xmlns:w="{W}"><w:pPr><w:pStyle w:val="Heading1"/><w:numPr>'
                        f'<w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>'
                        "<w:r><w:t>Inserted by counsel</w:t></w:r></w:p>"
                    )
                )
                content = etree.tostring(root, xml_declaration=True, standalone=True)
            target.writestr(item, content)
    return out.getvalue()


def section_references(document):
    """(section number, section title) of every cross-reference to a numbered section."""
    sections = {common.section_anchor(s.id): s for s in document.sections if s.number}
    return [
        (sections[run.ref].number, sections[run.ref].title)
        for run in reference_runs(document)
        if run.ref in sections
    ]


def test_libreoffice_shows_the_cross_references_numbers(libreoffice):
    document, texts = libreoffice
    cited = section_references(document)
    assert cited
    for number, title in cited:
        assert squash(f"clause {number} ({title})") in texts["draft"], (number, title)


def test_libreoffice_renumbers_the_cross_references_after_a_clause_is_inserted(libreoffice):
    document, texts = libreoffice
    assert squash("1. Inserted by counsel") in texts["inserted"]
    for number, title in section_references(document):
        assert squash(f"clause {int(number) + 1} ({title})") in texts["inserted"], title
        assert squash(f"clause {number} ({title})") not in texts["inserted"], title
    glance = [
        common.clause_numbers(document)[item.clause_id]
        for item in document.glance
        if item.clause_id in common.clause_numbers(document)
    ]
    for number in glance:
        section, _, paragraph = number.partition(".")
        assert squash(f"(clause {int(section) + 1}.{paragraph})") in texts["inserted"], number


def test_html_cross_references_link_to_the_section_they_cite(bodies):
    from drafting.renderers.html import render_html_fragment

    document = next(iter(bodies.values()))[0]
    html = render_html_fragment(document)
    for run in reference_runs(document):
        if run.ref:
            assert f'<a class="ld-xref" href="#{run.ref}">{run.text}</a>' in html
            assert f'id="{run.ref}"' in html
