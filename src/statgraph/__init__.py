"""statgraph: state statutes and policy report cards as a knowledge graph.

Library entry points (the CLI is a thin layer over these)::

    import statgraph
    kg = statgraph.load()                         # bundled data, or load(["my-state.ttl"])
    kg.run("goal-status", {"state": "MO"}).rows
    statgraph.gap_report(kg, "MO").issues
"""

from statgraph.kg.store import KnowledgeGraph, Result, load

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "Result", "load", "__version__"]
