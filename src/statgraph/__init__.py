"""statgraph: state statutes and policy report cards as a knowledge graph.

Library entry points (the CLI is a thin layer over these)::

    import statgraph
    kg = statgraph.load()                         # bundled data, or load(["my-state.ttl"])
    kg.run("goal-status", state="MO", year=2023).records()
    statgraph.gaps(kg, "MO").issues
"""

__version__ = "0.1.0"

from statgraph.kg.base import KnowledgeGraph, Result  # noqa: E402 (after __version__, which kg.cache reads)
from statgraph.kg.store import EmbeddedGraph, load  # noqa: E402
__all__ = ["EmbeddedGraph", "KnowledgeGraph", "Result", "load", "__version__"]
