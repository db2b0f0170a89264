"""Where the bundled ontology, graph data and queries live.

In a wheel they are packaged under ``statgraph/_bundled``; in a source checkout
(or an editable install) they are the top-level folders of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .errors import EnvironmentFailure

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def bundled_root() -> Path:
    for candidate in (_PACKAGE_DIR / "_bundled", _PACKAGE_DIR.parents[1]):
        if (candidate / "ontology").is_dir() and (candidate / "queries").is_dir():
            return candidate
    raise EnvironmentFailure(
        "statgraph's bundled data is missing (no ontology/ or queries/ folder)",
        hint="reinstall with 'pip install .' from a full checkout",
    )


def ontology_dir() -> Path:
    return bundled_root() / "ontology"


def graph_data_dir() -> Path:
    return bundled_root() / "graph_data"


def queries_dir() -> Path:
    return bundled_root() / "queries"
