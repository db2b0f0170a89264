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
from statgraph.safe_text import printable
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


def render_text(result: Comparison, limit: int = 50) -> str:
    out = [f"A: {result.a_name}", f"B: {result.b_name}", "",
           f"{'facts':34} {'both':>5} {'only A':>7} {'only B':>7}"]
    for kind, (title, _) in FACTS.items():
        out.append(f"{title:34} {result.both[kind]:>5} {len(result.only_a[kind]):>7} {len(result.only_b[kind]):>7}")
    for side, name, found in (("A", result.a_name, result.only_a), ("B", result.b_name, result.only_b)):
        for kind, (title, _) in FACTS.items():
            items = found[kind]
            if not items:
                continue
            out += ["", f"only in {side} — {title} ({len(items)}):"]
            out += [f"  {' → '.join(item)}" for item in items[:limit]]
            if len(items) > limit:
                out.append(f"  … and {len(items) - limit} more (--format json lists all)")
    return printable("\n".join(out) + "\n")


def render_json(result: Comparison) -> str:
    import json
    return json.dumps({
        "a": result.a_name, "b": result.b_name,
        "facts": {kind: {"title": title, "both": result.both[kind],
                         "only_a": [list(f) for f in result.only_a[kind]],
                         "only_b": [list(f) for f in result.only_b[kind]]}
                  for kind, (title, _) in FACTS.items()},
    }, indent=2, ensure_ascii=False) + "\n"


def render_csv(result: Comparison) -> str:
    """One row per fact one entry has and the other lacks: kind, side (A or B), the fact's keys."""
    from statgraph.publish.output import to_csv
    rows = [[kind, side, " → ".join(item)]
            for side, found in (("A", result.only_a), ("B", result.only_b))
            for kind in FACTS for item in found[kind]]
    return to_csv(["kind", "only_in", "fact"], rows)
