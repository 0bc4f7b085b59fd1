"""The sandboxed Jinja2 environment for clause conditions and bodies, and what they read.

Clause files are the only templates ever compiled. Answers enter as context data, are
autoescaped into the body's markup and never reach the compiler, so ``{{ 7*7 }}`` typed as a
dataset name stays those eight characters. Undefined names fail loudly (``StrictUndefined``),
and so does printing a None (a clause must test an optional answer before printing it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from jinja2 import StrictUndefined, nodes
from jinja2.exceptions import UndefinedError
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.meta import find_undeclared_variables
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

from drafting import formatting
from drafting.english import DEFAULT_ENGLISH, spell
from drafting.questionnaire.definition import get_questionnaire


def _finalize(value: Any) -> Any:
    if value is None:
        raise UndefinedError("a clause printed an empty answer; test it with {% if %} first")
    return value


def label(key: str, value: Any) -> str:
    """Return the wizard's label for option ``value`` of question ``key``, as written there."""
    return get_questionnaire().questions[key].option_label(value)


def lines(value: str | None) -> Markup:
    """Escape multi-line text and keep its line breaks as ``<br>`` (addresses, descriptions)."""
    if not value:
        return Markup("")
    return Markup("<br>").join(escape(line) for line in value.split("\n"))


def join_and(items: Iterable[str], conjunction: str = "and") -> str:
    """Join ``["a", "b", "c"]`` as ``"a, b and c"`` (``conjunction`` may be ``"or"``)."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


FILTERS = {
    "money": formatting.money,
    "date": formatting.date,
    "duration": formatting.duration,
    "period": formatting.period,
    "percent": formatting.percent,
    "number": formatting.number,
    "count": formatting.count,
    "spelled": formatting.spelled,
    "region": formatting.region_name,
    "lines": lines,
    "join_and": join_and,
}
GLOBALS = {"label": label}


def american_label(key: str, value: Any) -> str:
    """:func:`label` in American spelling (the labels are British, as the library is)."""
    return spell(label(key, value), "american")


class AmericanSpelling(Extension):
    """Respell the literal text of a template in American English (``drafting/english.py``).

    Only the template's own text changes: its ``data`` tokens, and string literals with a
    space in them (prose a template picks with an expression). Answers printed with ``{{ }}``
    and one-word strings (answer values compared in conditions) do not.
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        for token in stream:
            if token.type == "data" or (token.type == "string" and " " in token.value):
                yield Token(token.lineno, token.type, spell(token.value, "american"))
            else:
                yield token


# Names assembly adds to every render's context besides the answers and ``facts``.
ASSEMBLY_GLOBALS = frozenset({"see", "present"})


@cache
def clause_environment(english: str = DEFAULT_ENGLISH) -> SandboxedEnvironment:
    """Return the sandboxed environment for clause conditions and bodies in the ``english``
    variant (``"british"``, the library's own text, or ``"american"``, respelt as it is
    compiled; see :class:`AmericanSpelling`). Raises ``ValueError`` for another variant."""
    if english not in ("british", "american"):
        raise ValueError(f"unknown English variant {english!r}")
    env = SandboxedEnvironment(
        extensions=[AmericanSpelling] if english == "american" else [],
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(FILTERS)
    env.globals.update(GLOBALS)
    if english == "american":
        env.globals["label"] = american_label
    return env


def _chain(node: nodes.Node) -> list[str] | None:
    """Return ``["use", "commercial"]`` for ``use.commercial`` / ``use['commercial']``."""
    if isinstance(node, nodes.Name):
        return [node.name]
    if isinstance(node, nodes.Getattr):
        base = _chain(node.node)
        return None if base is None else [*base, node.attr]
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _chain(node.node)
        return None if base is None else [*base, str(node.arg.value)]
    return None


def referenced_paths(source: str, *, expression: bool = False) -> tuple[str, ...]:
    """Return every dotted path a template (or an ``expression``) reads from its context.

    Only paths rooted at names the template does not define itself (loop variables and
    ``set`` targets are skipped) count; the longest chain wins, so ``value.flat_fee.amount``
    is reported as written. Raises ``jinja2.TemplateSyntaxError`` on a syntax error.
    """
    env = clause_environment()
    source = f"{{{{ {source} }}}}" if expression else source
    tree = env.parse(source)
    free = find_undeclared_variables(tree) - set(GLOBALS) - ASSEMBLY_GLOBALS
    paths: set[str] = set()
    inner: set[int] = set()
    for node in tree.find_all((nodes.Getattr, nodes.Getitem)):
        if id(node) in inner:
            continue
        chain = _chain(node)
        if chain and chain[0] in free:
            paths.add(".".join(chain))
            sub = node.node  # type: ignore[attr-defined]  # Getattr and Getitem have .node
            while isinstance(sub, nodes.Getattr | nodes.Getitem):
                inner.add(id(sub))
                sub = sub.node
    # Getattr nodes are visited outermost first, so inner chains were skipped above; a bare
    # name used on its own (``{{ use }}``) is reported as itself.
    bare = {
        node.name
        for node in tree.find_all(nodes.Name)
        if node.name in free and not any(path.split(".")[0] == node.name for path in paths)
    }
    return tuple(sorted(paths | bare))
