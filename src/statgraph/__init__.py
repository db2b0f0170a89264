"""statgraph: state statutes and policy report cards as a knowledge graph.

The library (the CLI is a thin layer over it)::

    import statgraph
    kg = statgraph.load()                              # bundled data, or load(["my-state.ttl"])
    report = statgraph.gaps(kg, "MO")                  # data: report.card, report.issues
    statgraph.coverage(kg, "MO", chapters=["567"]).records()
    kg.run("goal-status", state="MO", year=2023).records()   # any named query

See statgraph.api for every function.
"""

__version__ = "0.1.0"

from statgraph.api import (connect, coverage, criteria, dependencies, gaps, impact, load,  # noqa: E402
                           report, validate, what_if)
from statgraph.kg.base import KnowledgeGraph, Result  # noqa: E402
from statgraph.kg.store import EmbeddedGraph  # noqa: E402

__all__ = ["EmbeddedGraph", "KnowledgeGraph", "Result", "__version__", "connect", "coverage", "criteria",
           "dependencies", "gaps", "impact", "load", "report", "validate", "what_if"]
