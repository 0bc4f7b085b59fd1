"""Shared by the PDF tests: a URL fetcher that records what WeasyPrint asked for."""

from drafting.renderers.pdf import StaticOnlyFetcher


class SpyFetcher(StaticOnlyFetcher):
    """The real static-only fetcher, recording every URL WeasyPrint asks for in ``asked``."""

    def __init__(self):
        super().__init__()
        self.asked: list[str] = []

    def fetch(self, url, headers=None):
        self.asked.append(url)
        return super().fetch(url, headers)


# Reading a tagged PDF back: which marked content the structure tree reaches.

TEXT_OPERATORS = frozenset({b"Tj", b"TJ", b"'", b'"'})


def structure_elements(reader):
    """Yield every structure element reachable from the catalog's ``/StructTreeRoot``
    (depth first), as pypdf dictionaries."""
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    pending = [root]
    while pending:
        node = pending.pop()
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids]
        for kid in reversed(kids):
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if hasattr(kid, "get") and kid.get("/Type") not in ("/MCR", "/OBJR"):
                pending.append(kid)
        if node is not root:
            yield node


def tagged_mcids(reader) -> dict[int, set[int]]:
    """Map each page index to the marked-content ids the structure tree reaches on it."""
    page_index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    found: dict[int, set[int]] = {i: set() for i in range(len(reader.pages))}
    for element in structure_elements(reader):
        page = element.raw_get("/Pg").idnum if "/Pg" in element else None
        kids = element.get("/K")
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(kid, int):
                found[page_index[page]].add(int(kid))
            elif hasattr(kid, "get") and kid.get("/Type") == "/MCR":
                where = kid.raw_get("/Pg").idnum if "/Pg" in kid else page
                found[page_index[where]].add(int(kid["/MCID"]))
    return found


def _marked_stack_entry(operands, op):
    tag = str(operands[0])
    mcid = None
    if op == b"BDC" and hasattr(operands[1], "get"):
        mcid = operands[1].get("/MCID")
    return tag, None if mcid is None else int(mcid)


def page_operations(reader, page):
    """Yield ``(operator, operands, stack)`` for each operation of ``page``'s content, where
    ``stack`` is the list of open marked-content sequences as ``(tag, mcid or None)``."""
    from pypdf.generic import ContentStream

    stack: list[tuple[str, int | None]] = []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op in (b"BDC", b"BMC"):
            stack.append(_marked_stack_entry(operands, op))
        elif op == b"EMC" and stack:
            stack.pop()
        yield op, operands, list(stack)


def tagged_page_texts(data: bytes) -> list[str]:
    """The text of each page of the PDF ``data``, keeping only what lies in marked content
    the structure tree reaches: what a screen reader following the tags gets.

    pypdf's text extraction reports each operator before it runs and each piece of text as
    it is written out; the text belongs to the marked content open at that moment."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    reached = tagged_mcids(reader)
    texts = []
    for index, page in enumerate(reader.pages):
        stack: list[tuple[str, int | None]] = []
        pieces: list[str] = []

        def before(op, operands, _cm, _tm, stack=stack):
            if op in (b"BDC", b"BMC"):
                stack.append(_marked_stack_entry(operands, op))
            elif op == b"EMC" and stack:
                stack.pop()

        def text(piece, *_args, stack=stack, pieces=pieces, index=index):
            if any(mcid in reached[index] for _, mcid in stack):
                pieces.append(piece)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        texts.append("".join(pieces))
    return texts


def libreoffice_pdf(source, folder):
    """Convert the office file ``source`` to PDF with LibreOffice (a profile of its own in
    ``folder``) and return the PDF's path; skip the test when LibreOffice is not installed."""
    import shutil
    import subprocess

    import pytest

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        )
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(folder / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return folder / (source.stem + ".pdf")
