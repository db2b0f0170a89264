"""Where statgraph's own files live: the one place that finds them.

The ontology, graph data and queries are packaged under ``statgraph/_bundled``
in a wheel; in a source checkout (or an editable install) they are the
top-level folders of the repository. Templates and citation forms sit inside
the package beside the code that uses them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from statgraph.errors import EnvironmentFailure

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


def templates_dir() -> Path:
    """Jinja2 templates, the graph page, the site's style and script (statgraph.publish)."""
    return _PACKAGE_DIR / "publish" / "templates"


def citation_forms_dir() -> Path:
    """One TOML file of citation forms per jurisdiction (statgraph.authoring.citations)."""
    return _PACKAGE_DIR / "authoring" / "citation_forms"
