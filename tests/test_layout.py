"""The house rules of the code, checked: who may import whom, and where SPARQL lives."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "statgraph"
TOP = {"errors", "atomic", "resources", "bounded", "limits", "progress", "safe_text", "standard_input"}
# Each room, and the rooms (besides itself and the top-level helpers) it may import.
MAY_IMPORT = {
    "kg": set(),
    "analyses": {"kg"},
    "authoring": {"kg"},
    "publish": {"kg", "analyses", "authoring"},
    "cli": {"kg", "analyses", "authoring", "publish", "api"},
    "api": {"kg", "analyses", "authoring", "publish"},
    "__init__": {"kg", "api"},
    "__main__": {"cli"},
    "top": set(),
}


def room_of(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    if len(parts) > 1:
        return parts[0]
    return parts[0] if parts[0] in ("api", "__init__", "__main__") else "top"


def statgraph_imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("statgraph"):
            names = [node.module] if node.module != "statgraph" else [f"statgraph.{a.name}" for a in node.names]
            found += [(node.lineno, n) for n in names]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("statgraph")]
    return found


MODULES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(SRC).as_posix())
def test_each_room_imports_only_what_it_may(path):
    room = room_of(path)
    wrong = []
    for line, module in statgraph_imports(path):
        parts = module.split(".")
        target = parts[1] if len(parts) > 1 else "__init__"
        if target in TOP or target == "__version__" or target == room:
            continue
        if target not in MAY_IMPORT[room]:
            wrong.append(f"line {line}: {module}")
    assert not wrong, f"{room}/ may import only {sorted(MAY_IMPORT[room] | TOP)}: " + "; ".join(wrong)


# Query syntax, not words about it: a help text may say "INSERT DATA", a query says "INSERT DATA {".
SPARQL = re.compile(r"\b(SELECT\s+(DISTINCT\s+)?[?$*(]|CONSTRUCT\s*\{|ASK\s*\{|INSERT\s+DATA\s*\{"
                    r"|DELETE\s+(DATA|WHERE)\s*\{|DROP\s+(SILENT\s+)?GRAPH\s*[<?{]|WHERE\s*\{)", re.I)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(SRC).as_posix())
def test_no_sparql_text_outside_queries(path):
    """Every query is a file in queries/: no SPARQL in Python strings (docstrings and comments aside)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    found = [f"line {node.lineno}: {node.value.strip()[:60]!r}" for node in ast.walk(tree)
             if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
             and SPARQL.search(node.value)]
    assert not found, "SPARQL text belongs in queries/: " + "; ".join(found)
