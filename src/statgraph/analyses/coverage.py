"""Which protections reach which child sex trafficking and CSEC offenses, derived from their scope."""

from __future__ import annotations

from statgraph.errors import InputError
from statgraph.kg.base import KnowledgeGraph, Result, natural_key


def coverage(kg: KnowledgeGraph, state: str, chapters: list[str] | None = None) -> Result:
    """Protections x child sex trafficking and CSEC offenses, optionally for some chapters only."""
    state = kg.require_state(state)
    result = kg.run("coverage", {"state": state})
    if chapters:
        wanted = {f"chapter {c.strip().removeprefix('chapter').strip()}" for c in chapters if c.strip()}
        present = {r["offense_chapter"] for r in result.records()}
        missing = sorted(wanted - present, key=natural_key)
        if missing:
            raise InputError(f"no child sex trafficking or CSEC offense in {', '.join(missing)} of {state}",
                             hint=f"chapters with such offenses: {', '.join(sorted(present, key=natural_key))}")
        index = result.columns.index("offense_chapter")
        result = Result(result.columns, [r for r in result.rows if r[index] in wanted])
    return result
