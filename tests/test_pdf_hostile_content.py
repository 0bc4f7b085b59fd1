"""A PDF made from hostile answers holds no fetched content and no embedded file.

Every text answer carries HTML and CSS that would make a browser or WeasyPrint fetch a local
file, a loopback URL or a data: URL, or attach a file. The PDF must hold them as text only:
no embedded file, no file attachment, no image but those of our own stylesheets, no request
to the loopback port (a real socket listens there), and our fetcher asked for nothing but our
static files. The fetcher itself refuses every scheme but ``file:`` under ``static/``, even for
our own assets (``tests/test_render_pdf.py`` has the basic refusals; these add the rest).
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
import socket
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.questionnaire.answers import nest, parse_answers
from drafting.questionnaire.definition import get_questionnaire
from drafting.renderers import common
from drafting.renderers.html import render_html
from drafting.renderers.pdf import FetchRefusedError, StaticOnlyFetcher, html_to_pdf, render_pdf
from tests.pdf_support import SpyFetcher
from tests.test_any_text_renders import FORUMS, TEXT_KEYS, active_text_keys

pytestmark = pytest.mark.slow

# A 1x1 PNG: a real image, so that anything fetching it would embed an image XObject.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a4ed0000000049454e44ae426082"
    )
).decode()
PASSWD = Path("/etc/passwd")


@pytest.fixture(scope="module")
def listener():
    """A socket listening on a loopback port: a connection to it would be a fetch."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        server.setblocking(False)
        yield server


def hostile_text(port: int) -> str:
    """HTML and CSS that fetch or attach, if anything ever read them as markup."""
    return (
        f'<img src="file:///etc/passwd"> <link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">'
        f' <style>@import url("http://127.0.0.1:{port}/i.css"); body {{ background: '
        f"url(data:image/png;base64,{PNG}) }}</style>"
        f' <p style="background: url(data:image/png;base64,{PNG})">styled</p>'
        f' url(data:image/png;base64,{PNG}) url("file:///etc/passwd")'
        f' <link rel="attachment" href="file:///etc/passwd"> <a rel="attachment"'
        f' href="http://127.0.0.1:{port}/a.bin">attach</a> <object data="file:///etc/passwd">'
        f' <iframe src="http://127.0.0.1:{port}/f"></iframe> <svg><image href="file:///etc/passwd"/></svg>'
    )


def hostile_answers(forum: str, port: int):
    """The forum's answers with every text answer that applies set to the hostile text (cut
    to the question's length limit)."""
    text = hostile_text(port)
    questions = get_questionnaire().questions
    texts = {key: text[: questions[key].max or len(text)] for key in active_text_keys(forum)}
    return parse_answers(nest({**FORUMS[forum], **texts}))


@pytest.fixture(scope="module")
def rendered(listener):
    """``{forum: (pdf bytes, spy fetcher, html)}`` for the hostile answers of each forum."""
    port = listener.getsockname()[1]
    out = {}
    for forum in FORUMS:
        document = assemble(hostile_answers(forum, port), get_library())
        spy = SpyFetcher()
        out[forum] = (render_pdf(document, fetcher=spy), spy, render_html(document))
    return out


def resolved(dictionary: DictionaryObject, key: str, default):
    """``dictionary[key]`` with an indirect reference followed (``dict.get`` would not)."""
    return dictionary[key] if key in dictionary else default  # noqa: SIM401


def pdf_objects(data: bytes) -> list[DictionaryObject]:
    """Every dictionary (and stream) reachable from the PDF's trailer, each once."""
    reader = PdfReader(io.BytesIO(data))
    seen: set[tuple[int, int]] = set()
    found: list[DictionaryObject] = []
    stack = [reader.trailer]
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            found.append(item)
            stack.extend(value for key, value in item.items() if key != "/Parent")
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    return found


def images(data: bytes) -> list[tuple]:
    """``(width, height, SHA-256 of the pixels)`` of every image XObject in the PDF."""
    return sorted(
        (obj.get("/Width"), obj.get("/Height"), hashlib.sha256(obj.get_data()).hexdigest())
        for obj in pdf_objects(data)
        if obj.get("/Subtype") == "/Image"
    )


def our_own_images(html: str) -> list[tuple]:
    """The images a PDF of our page gets from our stylesheets alone (the watermark...): the
    same page head, a body of one word."""
    page = re.sub(r"<body.*</body>", "<body><p>Baseline</p></body>", html, flags=re.S)
    return images(html_to_pdf(page))


def pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_every_text_answer_holds_the_hostile_markup(rendered):
    assert set().union(*(active_text_keys(forum) for forum in FORUMS)) == set(TEXT_KEYS)
    for _data, _spy, html in rendered.values():
        assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
        assert '<img src="file' not in html and '<link rel="attachment"' not in html


@pytest.mark.parametrize("forum", sorted(FORUMS))
def test_the_pdf_embeds_no_file_and_attaches_none(rendered, forum):
    data, _spy, _html = rendered[forum]
    reader = PdfReader(io.BytesIO(data))
    catalog = reader.trailer["/Root"]
    assert "/EmbeddedFiles" not in resolved(catalog, "/Names", {})
    assert "/AF" not in catalog
    for obj in pdf_objects(data):
        assert obj.get("/Type") not in ("/EmbeddedFile", "/Filespec")
        assert "/EF" not in obj
        assert obj.get("/Subtype") not in ("/FileAttachment", "/Movie", "/Sound", "/RichMedia")
    for page in reader.pages:
        for annotation in resolved(page, "/Annots", []):
            action = resolved(annotation.get_object(), "/A", {})
            assert action.get("/S") not in ("/Launch", "/GoToR", "/URI", "/JavaScript")


@pytest.mark.parametrize("forum", sorted(FORUMS))
def test_the_pdf_has_no_image_but_our_own(rendered, forum):
    data, _spy, html = rendered[forum]
    assert images(data) == our_own_images(html)


@pytest.mark.parametrize("forum", sorted(FORUMS))
def test_rendering_asked_only_for_our_static_files(rendered, forum):
    _data, spy, _html = rendered[forum]
    static = common.STATIC_DIR.resolve().as_uri() + "/"
    assert spy.asked and all(url.startswith(static) for url in spy.asked)
    assert spy.refused == []


def test_nothing_connected_to_the_loopback_port(rendered, listener):
    with pytest.raises(BlockingIOError):
        listener.accept()


@pytest.mark.parametrize("forum", sorted(FORUMS))
def test_the_pdf_shows_the_markup_as_text_and_no_local_file(rendered, forum):
    data, _spy, _html = rendered[forum]
    text = pdf_text(data)
    assert re.sub(r"\s+", "", '<img src="file:///etc/passwd">') in re.sub(r"\s+", "", text)
    if PASSWD.is_file():
        assert PASSWD.read_text().splitlines()[0] not in text


def test_a_page_with_hostile_markup_itself_gets_no_image_file_or_connection(listener):
    # The wall behind the escaping: the same markup as real HTML through our fetcher.
    port = listener.getsockname()[1]
    spy = SpyFetcher()
    data = html_to_pdf(f"<html><body><p>Page</p>{hostile_text(port)}</body></html>", spy)
    assert spy.asked and spy.refused == spy.asked
    assert images(data) == []
    assert not any("/EF" in obj or obj.get("/Type") == "/Filespec" for obj in pdf_objects(data))
    with pytest.raises(BlockingIOError):
        listener.accept()


def static_assets() -> list[Path]:
    return sorted(path for path in common.STATIC_DIR.rglob("*") if path.is_file())


@pytest.mark.parametrize(
    "asset", static_assets(), ids=lambda p: str(p.relative_to(common.STATIC_DIR))
)
def test_our_own_asset_is_served_only_as_a_local_file(asset):
    fetcher = StaticOnlyFetcher()
    assert fetcher.fetch(asset.resolve().as_uri()).read() == asset.read_bytes()
    relative = asset.relative_to(common.STATIC_DIR).as_posix()
    other_ways = [
        f"http://127.0.0.1:9/static/{relative}",
        f"https://127.0.0.1/static/{relative}",
        f"data:application/octet-stream;base64,{base64.b64encode(asset.read_bytes()[:64]).decode()}",
        f"file://127.0.0.1{asset.resolve()}",
    ]
    for url in other_ways:
        with pytest.raises(FetchRefusedError):
            fetcher.fetch(url)
    assert fetcher.refused == other_ways


@pytest.mark.parametrize(
    "url",
    [
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        "file:///proc/self/environ",
        "file:etc/passwd",
        "STATIC/../drafting/settings.py",
        "STATIC/document/print.css%00.png",
        "STATIC/document/%2F..%2F..%2Fdrafting%2Fsettings.py",
        "data:text/plain,hello",
        f"data:image/png;base64,{PNG}",
        "javascript:alert(1)",
        "http://[::1]:9/x.css",
        "https://localhost/static/document/print.css",
        "//127.0.0.1:9/x.css",
    ],
)
def test_the_fetcher_refuses_other_hostile_urls(url):
    url = url.replace("STATIC", common.STATIC_DIR.resolve().as_uri())
    fetcher = StaticOnlyFetcher()
    with pytest.raises(FetchRefusedError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_refuses_a_sibling_folder_whose_name_starts_like_static(tmp_path):
    root, sibling = tmp_path / "static", tmp_path / "static-evil"
    root.mkdir()
    sibling.mkdir()
    (sibling / "x.css").write_text("p { color: red }")
    with pytest.raises(FetchRefusedError):
        StaticOnlyFetcher(root).fetch((sibling / "x.css").as_uri())
