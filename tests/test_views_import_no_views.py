"""Views import services, selectors and page helpers, never another app's views."""

import ast
from pathlib import Path

import drafting

PACKAGE = Path(drafting.__file__).parent


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_no_views_module_imports_another_views_module():
    views = sorted({*PACKAGE.rglob("views.py"), *PACKAGE.rglob("*_views.py")})
    assert views, "no views modules found"
    offenders = {
        str(path.relative_to(PACKAGE.parent)): sorted(
            module
            for module in _imported_modules(path)
            # Our own views modules; Django's (auth's LoginView to subclass) are a library.
            if module.startswith("drafting.") and module.split(".")[-1] == "views"
        )
        for path in views
    }
    assert {path: found for path, found in offenders.items() if found} == {}
