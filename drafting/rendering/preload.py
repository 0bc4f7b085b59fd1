"""Imported once by the render fork server so that every render child starts warm.

Children forked from a server that already holds WeasyPrint, python-docx and the renderers do
not import them again (what that saves: docs/performance.md). Nothing here may raise: an
import error would stop the fork server, so a missing library is reported by the child when
it starts (:func:`drafting.rendering.child.serve`).
"""

try:
    import docx  # noqa: F401
    import weasyprint  # noqa: F401

    from drafting.renderers import docx as _docx  # noqa: F401
    from drafting.renderers import html as _html  # noqa: F401
    from drafting.renderers import json as _json  # noqa: F401
    from drafting.renderers import pdf as _pdf  # noqa: F401
    from drafting.renderers import redline as _redline  # noqa: F401
except Exception:  # noqa: S110 - the child reports it when it starts
    pass
