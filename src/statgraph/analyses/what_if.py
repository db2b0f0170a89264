"""A report card's total, grade, rank and tier if recommendations were enacted."""

from __future__ import annotations

from dataclasses import dataclass

from statgraph.analyses.gaps import resolve_card
from statgraph.errors import InputError
from statgraph.kg.base import KnowledgeGraph, natural_key


@dataclass
class WhatIf:
    record: dict[str, object]
    name: str


def what_if(kg: KnowledgeGraph, state: str, recommendations: list[str], year: int | None = None,
            card: dict[str, object] | None = None) -> WhatIf:
    """``card``: the report-card row (``resolve_card``) when the caller has it, so it is not asked twice."""
    card = card if card is not None else resolve_card(kg, state, year)
    params = {"state": str(card["state"]), "year": str(card["year"])}
    if recommendations:  # names are checked against the card's gaps only when some are given
        known = [r["recommendation"] for r in kg.run("gaps", params).records() if r["recommendation"]]
        unknown = [r for r in recommendations if r not in known]
        if unknown:
            raise InputError(f"no recommendation {', '.join(unknown)} in {card['state']} {card['year']}",
                             hint=f"its recommendations: {', '.join(sorted(known, key=natural_key))}")
        params["recommendations"] = ",".join(recommendations)
    rows = kg.run("what-if", params).records()
    if not rows:
        raise InputError(f"{card['state']} {card['year']} has no published total to start from")
    return WhatIf(rows[0], str(card["name"] or card["state"]))
