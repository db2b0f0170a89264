"""Everything that depends on a section, directly or through cross-references and transfers."""

from __future__ import annotations

from statgraph.errors import InputError
from statgraph.kg.base import KnowledgeGraph, Result


def impact(kg: KnowledgeGraph, state: str, section: str, year: int | None = None) -> Result:
    """What depends on a section of a state's statutes (with ``year``: only that report card's goals)."""
    state = kg.require_state(state)
    section = section.strip().removeprefix("§").strip()
    sections = [r[0] for r in kg.run("statutes", {"state": state}).rows]
    whole = section.split("(", 1)[0].strip()
    if section not in sections and whole != section and whole in sections:
        raise InputError(f"impact works on whole sections: {section} is part of {whole}",
                         hint=f"ask for {whole}; what depends on it includes what cites {section}")
    if section not in sections:
        close = [s for s in sections if s.split(".")[0] == section.split(".")[0]][:8]
        raise InputError(f"no section {section} of {state} in the graph",
                         hint=(f"sections of that chapter: {', '.join(close)}" if close else
                               "'statgraph query statutes --param state=" + state + "' lists them"))
    if year is not None:
        from statgraph.analyses.gaps import resolve_card
        resolve_card(kg, state, year)
    return kg.run("impact", state=state, section=section, year=year)
