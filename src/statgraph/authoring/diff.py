"""What one entry states that another does not: goals, statuses, statutes, links, cross-references, terms.

Facts are compared as keys an analyst recognises (goal 2.5, section 566.211,
chapter 566), so a draft written by ``statgraph ingest`` can be held against a
curated entry whatever its node names. Subsections are folded into their
section for statutes, links and cross-references; ``goal-provision links``
keeps them, for the exact picture.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from statgraph.kg import iris, loader
from statgraph.kg.base import natural_key
from statgraph.kg.queries import internal


def _fact_queries() -> dict[str, tuple[str, object]]:
    """Each kind of fact (``links``) with its title and query, from ``queries/diff/N-kind.rq``."""
    return {query.name.split("/", 1)[1].split("-", 1)[1]: (query.title[0].lower() + query.title[1:], query)
            for query in internal("diff")}


FACTS = _fact_queries()


@dataclass(frozen=True)
class Comparison:
    """For each kind of fact: what only A has, what only B has, and how many both have."""

    a_name: str
    b_name: str
    only_a: dict[str, list[tuple[str, ...]]]
    only_b: dict[str, list[tuple[str, ...]]]
    both: dict[str, int]

    def precision_recall(self, kind: str) -> tuple[float | None, float | None]:
        """A judged against B (the reference): precision = shared / A's, recall = shared / B's."""
        shared, a_total, b_total = self.both[kind], self.both[kind] + len(self.only_a[kind]), \
            self.both[kind] + len(self.only_b[kind])
        return (shared / a_total if a_total else None, shared / b_total if b_total else None)


def entry_facts(paths: list[str | Path]) -> dict[str, set[tuple[str, ...]]]:
    """Every kind of fact in the entry files (or folders) given."""
    store = ox.Store()
    for source in loader.user_entry_files(paths):
        loader.read_into_oxigraph(source, store)
    facts = {}
    for kind, (_, query) in FACTS.items():
        rows = store.query(query.text, use_default_graph_as_union=True)
        names = [v.value for v in rows.variables]
        fold = kind != "provision-links"
        facts[kind] = {tuple(iris.citation_key(row[name].value, fold) for name in names) for row in rows}
    return facts


def compare(a: list[str | Path], b: list[str | Path]) -> Comparison:
    facts_a, facts_b = entry_facts(a), entry_facts(b)
    return Comparison(
        ", ".join(map(str, a)), ", ".join(map(str, b)),
        {k: sorted(facts_a[k] - facts_b[k], key=_natural) for k in FACTS},
        {k: sorted(facts_b[k] - facts_a[k], key=_natural) for k in FACTS},
        {k: len(facts_a[k] & facts_b[k]) for k in FACTS})


def _natural(fact: tuple[str, ...]) -> tuple:
    """Order 2.10 after 2.9: numbers compare as numbers, words as words."""
    return tuple(natural_key(value) for value in fact)
