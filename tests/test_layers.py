"""The layers are a contract: no module under drafting/ imports from a layer above its own.

questionnaire < library < assembly < renderers < rendering < drafts < review, read from the
imports of every module (at module level, inside functions and under ``TYPE_CHECKING``;
``from . import x`` and other relative imports resolved). Renderers also read only the
assembled Document: of the layers below them they import only the Document's own modules.
A module may also import nothing that is not mapped to a layer, so a new package has to be
placed here first. Module size is part of the same contract: no module over 400 lines.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Mapping
from pathlib import Path

import drafting

PACKAGE = Path(drafting.__file__).parent
ROOT = "drafting"

# The layers, lowest first, each with the modules and packages (a name covers everything
# under it) that belong to it. A module may import from its own layer and the layers below.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # What every layer may use: the value types (Money, Duration), the formatting of values
    # for people (which types itself against them), and the data tables beside them: the
    # upstream licences, the governing laws' legal families and the English variants' word
    # table (every layer's own text follows the draft's spelling).
    # None of these import anything of the app above them; "drafting" is the package's
    # own __init__ alone.
    (
        "foundation",
        (
            "drafting",
            "drafting.questionnaire.values",
            "drafting.formatting",
            "drafting.upstream",
            "drafting.legal_families",
            "drafting.english",
        ),
    ),
    ("questionnaire", ("drafting.questionnaire",)),
    ("library", ("drafting.library",)),
    ("assembly", ("drafting.assembly",)),
    ("renderers", ("drafting.renderers",)),
    # Off the request path: render child, file cache, render service. It does not know
    # drafts exist (the render task that reads drafts is drafts/tasks.py).
    ("rendering", ("drafting.rendering",)),
    # What the web layers keep: the models and their migrations (database tables) and the
    # rate limits' counters (the shared cache). Below drafts, so storage knows no page.
    ("storage", ("drafting.models", "drafting.migrations", "drafting.ratelimits")),
    # The wizard and a draft's pages; backups export and import drafts as services do.
    ("drafts", ("drafting.drafts", "drafting.backups")),
    ("review", ("drafting.review",)),
    # The project around the app: settings and URLs, the WSGI/gunicorn entry points, the
    # app config (registers the library's system check), the admin, accounts (sign-up uses
    # drafts' CSRF helper), the 400 page and upload handler named in settings, and the
    # management commands, which may call any layer.
    (
        "site",
        (
            "drafting.settings",
            "drafting.env",
            "drafting.urls",
            "drafting.wsgi",
            "drafting.gunicorn",
            "drafting.logredact",
            "drafting.apps",
            "drafting.admin",
            "drafting.errors",
            "drafting.uploads",
            "drafting.accounts",
            "drafting.management",
        ),
    ),
)
LAYER_NAMES = tuple(name for name, _ in LAYERS)

# Renderers read only the assembled Document (and the foundation): from assembly, the
# Document's types and the redline, the format-neutral comparison of two Documents that the
# redline renderers write out. Nothing of the questionnaire, the library or the assembly.
RENDERERS_MAY_IMPORT_BELOW = ("drafting.assembly.document", "drafting.assembly.redline")

MAX_LINES = 400
# Modules allowed over MAX_LINES for now, each naming why (none today).
LONG_MODULES_ALLOWED: dict[str, str] = {}


def _covers(pattern: str, module: str) -> bool:
    if pattern == ROOT:  # the package's __init__ only, not everything under it
        return module == ROOT
    return module == pattern or module.startswith(pattern + ".")


def layer_of(module: str) -> str | None:
    """Return the layer of a dotted module name (the longest pattern that covers it wins),
    or None when the mapping does not place it."""
    best: tuple[int, str] | None = None
    for name, patterns in LAYERS:
        for pattern in patterns:
            if _covers(pattern, module) and (best is None or len(pattern) > best[0]):
                best = (len(pattern), name)
    return best[1] if best else None


def package_modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Return ``{dotted module name: file}`` for every module of the package."""
    modules = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        modules[".".join(parts)] = path
    return modules


def imported_modules(module: str, source: str, known: Iterable[str], *, is_package=False):
    """Return the modules of the app that ``source`` (module ``module``) imports, with the
    line of each import: ``[(line, dotted name)]``.

    Every ``import``/``from ... import`` in the tree counts, in functions too. Relative
    imports are resolved against the module's package; ``from package import name`` names
    the submodule ``package.name`` when there is one (``known``), else ``package``.
    """
    known = set(known)
    package = module.split(".") if is_package else module.split(".")[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package[: len(package) - (node.level - 1)]
                base = ".".join([*base_parts, *([node.module] if node.module else [])])
            else:
                base = node.module or ""
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.append((node.lineno, candidate if candidate in known else base))
    ours = (item for item in found if item[1] == ROOT or item[1].startswith(ROOT + "."))
    return list(dict.fromkeys(ours))  # one entry per (line, module)


def violations(sources: Mapping[str, str], known: Iterable[str], packages=frozenset()):
    """Return one line per broken rule over ``sources`` (``{module: source text}``): an
    import from a higher layer, a renderer importing below the Document, a module or an
    import the mapping does not place. ``packages`` names the modules that are packages
    (an ``__init__``), for resolving their relative imports."""
    known = set(known) | set(sources)
    rank = {name: index for index, name in enumerate(LAYER_NAMES)}
    problems = []
    for module, source in sorted(sources.items()):
        own = layer_of(module)
        if own is None:
            problems.append(f"{module}: not in any layer of LAYERS")
            continue
        imports = imported_modules(module, source, known, is_package=module in packages)
        for line, target in imports:
            where = f"{module}:{line} imports {target}"
            theirs = layer_of(target)
            if theirs is None:
                problems.append(f"{where}, which is not in any layer of LAYERS")
            elif rank[theirs] > rank[own]:
                problems.append(f"{where}: {own} may not import from {theirs}, a layer above")
            elif (
                own == "renderers"
                and theirs not in ("renderers", "foundation")
                and not any(_covers(p, target) for p in RENDERERS_MAY_IMPORT_BELOW)
            ):
                problems.append(f"{where}: renderers read only the Document ({theirs})")
    return problems


def _real_sources() -> tuple[dict[str, str], set[str]]:
    modules = package_modules()
    sources = {name: path.read_text(encoding="utf-8") for name, path in modules.items()}
    packages = {name for name, path in modules.items() if path.name == "__init__.py"}
    return sources, packages


def test_no_module_imports_from_a_layer_above_its_own():
    sources, packages = _real_sources()
    assert len(sources) > 50
    assert violations(sources, sources, packages) == []


def test_every_layer_of_the_contract_holds_modules():
    sources, _ = _real_sources()
    placed = {layer_of(module) for module in sources}
    assert placed == set(LAYER_NAMES)


def test_the_checker_reports_an_upward_import_at_any_depth():
    known = set(_real_sources()[0])
    source = (
        "from drafting.assembly.document import Document\n"
        "def render(document):\n"
        "    from drafting.drafts.selectors import draft_document\n"
        "    return draft_document\n"
    )
    problems = violations({"drafting.renderers.fake": source}, known)
    assert problems == [
        "drafting.renderers.fake:3 imports drafting.drafts.selectors: "
        "renderers may not import from drafts, a layer above"
    ]


def test_the_checker_resolves_relative_imports():
    known = set(_real_sources()[0])
    sources = {
        # from ..drafts import selectors: the module drafting.drafts.selectors
        "drafting.rendering.fake": "from ..drafts import selectors\n",
        # from . import x in a package's __init__: relative to the package itself
        "drafting.library": "from . import loader\nfrom ..review import services\n",
    }
    problems = violations(sources, known, packages={"drafting.library"})
    assert problems == [
        "drafting.library:2 imports drafting.review.services: "
        "library may not import from review, a layer above",
        "drafting.rendering.fake:1 imports drafting.drafts.selectors: "
        "rendering may not import from drafts, a layer above",
    ]


def test_the_checker_keeps_renderers_to_the_document():
    known = set(_real_sources()[0])
    source = (
        "from drafting import formatting\n"
        "from drafting.assembly.document import Document\n"
        "from drafting.questionnaire.answers import parse_answers\n"
    )
    problems = violations({"drafting.renderers.fake": source}, known)
    assert problems == [
        "drafting.renderers.fake:3 imports drafting.questionnaire.answers: "
        "renderers read only the Document (questionnaire)"
    ]


def test_the_checker_reports_modules_the_mapping_does_not_place():
    problems = violations({"drafting.newthing": "import os\n"}, ())
    assert problems == ["drafting.newthing: not in any layer of LAYERS"]


def _line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def long_modules(modules: Mapping[str, Path], limit: int = MAX_LINES) -> dict[str, int]:
    """Return ``{module: lines}`` for the modules over ``limit`` lines, migrations aside."""
    return {
        name: lines
        for name, path in modules.items()
        if layer_of(name) is not None
        and not name.startswith("drafting.migrations")
        and (lines := _line_count(path)) > limit
    }


def test_no_module_is_over_400_lines():
    too_long = long_modules(package_modules())
    assert {name: n for name, n in too_long.items() if name not in LONG_MODULES_ALLOWED} == {}


def test_the_allow_list_names_only_modules_still_too_long():
    too_long = long_modules(package_modules())
    assert {name for name in LONG_MODULES_ALLOWED if name not in too_long} == set()


def test_the_line_limit_can_fail(tmp_path):
    package = tmp_path / "drafting"
    (package / "migrations").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "formatting.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (package / "migrations" / "0001_big.py").write_text("x = 1\n" * (MAX_LINES + 1))
    (package / "models.py").write_text("x = 1\n" * MAX_LINES)
    assert long_modules(package_modules(package)) == {"drafting.formatting": MAX_LINES + 1}
