"""Compare citeurl, eyecite and statgraph.authoring.citations on the Missouri source.

Counts, for each parser, the distinct Missouri sections it finds against the
65 sections of the curated entry, what it misses, and what it reports that is
not a section (policy-goal numbers read as sections, for instance). The two
libraries are not statgraph dependencies; install them to run this:

    pip install citeurl markdown eyecite     # citeurl imports markdown without declaring it
    python benchmarks/citation_libraries.py [REPORT.md]

The README's "Citation parsing" section records the figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from statgraph.authoring.citations import parse
from statgraph.resources import graph_data_dir

REPO = Path(__file__).resolve().parents[1]
DEFAULT_REPORT = REPO.parent / "shared" / "sources" / "missouri-2023-report-card.md"


def curated_sections() -> set[str]:
    store = ox.Store()
    store.load(path=str(graph_data_dir() / "jurisdictions" / "us-mo" / "statutes.ttl"), format=ox.RdfFormat.TURTLE)
    rows = store.query("PREFIX sg: <https://w3id.org/statgraph/ontology#> "
                       "PREFIX eli: <http://data.europa.eu/eli/ontology#> "
                       "SELECT ?n WHERE { ?s a sg:Section ; eli:number ?n }")
    return {row["n"].value for row in rows}


def statgraph_sections(text: str) -> set[str]:
    found = set()
    for cite in parse(text):
        if cite.jurisdiction == "us-mo" and cite.kind in ("section", "section-range"):
            found.add(cite.section)
            if cite.range_end:
                found.add(cite.range_end)
            if cite.transferred_to:
                found.add(cite.transferred_to.section)
    return found


def citeurl_sections(text: str) -> set[str] | str:
    try:
        from citeurl import Citator
    except ImportError as error:
        return f"not installed ({error.name})"
    return {f"{c.tokens['chapter']}.{c.tokens['section']}" for c in Citator().list_cites(text)
            if c.template.name == "Missouri Revised Statutes"}


def eyecite_sections(text: str) -> set[str] | str:
    try:
        import eyecite
    except ImportError as error:
        return f"not installed ({error.name})"
    return {c.groups["section"] for c in eyecite.get_citations(text)
            if type(c).__name__ == "FullLawCitation" and c.groups.get("reporter", "").startswith("Mo.")}


def main() -> int:
    report = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_REPORT
    if not report.is_file():
        print(f"citation_libraries: {report}: no such file", file=sys.stderr)
        return 2
    text = report.read_text(encoding="utf-8")
    curated = curated_sections()
    print(f"Missouri sections in the curated entry: {len(curated)}\n")
    print(f"{'parser':22} {'found':>6} {'missed':>7} {'not sections':>13}")
    details = []
    for name, finder in (("statgraph.authoring.citations", statgraph_sections), ("citeurl", citeurl_sections),
                         ("eyecite", eyecite_sections)):
        found = finder(text)
        if isinstance(found, str):
            print(f"{name:22} {found}")
            continue
        missed, extra = sorted(curated - found), sorted(found - curated)
        print(f"{name:22} {len(found & curated):>6} {len(missed):>7} {len(extra):>13}")
        details.append(f"{name}: missed {', '.join(missed) or 'none'}; not sections: {', '.join(extra) or 'none'}")
    print("\n" + "\n".join(details))
    return 0


if __name__ == "__main__":
    sys.exit(main())
