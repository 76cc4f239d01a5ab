"""Portal views reach data only through portal queries that take the signed-in principal: no
workspace query module, no model manager, in the portal's view modules."""

from __future__ import annotations

import ast
from pathlib import Path

import portico.portal.views as views

PORTAL_VIEW_MODULES = ["portal.py", "portal_api.py"]


def test_portal_views_import_no_other_queries_and_touch_no_manager():
    for name in PORTAL_VIEW_MODULES:
        tree = ast.parse((Path(views.__file__).parent / name).read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.endswith("queries"):
                assert node.module == "portico.portal.queries", f"{name} imports {node.module}"
            if isinstance(node, ast.Attribute) and node.attr == "objects":
                raise AssertionError(f"{name}:{node.lineno} reads a model manager directly")
