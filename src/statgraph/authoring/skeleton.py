"""A Turtle skeleton for a new jurisdiction's report card, for an analyst to fill in."""

from __future__ import annotations

import re

from statgraph.errors import InputError
from statgraph.kg.terms import cell_text
from statgraph.kg.base import KnowledgeGraph
from statgraph.kg.names import ID_BASE


def jurisdiction_slug(code: str) -> str:
    """us-xx for a state code XX: the IRI segment every node of the entry starts with."""
    return "us-" + code.lower()


def skeleton(kg: KnowledgeGraph, code: str, year: int, framework: str = "shi-2023") -> str:
    code = code.strip().upper()
    if not re.fullmatch(r"[A-Z][A-Z0-9]{1,5}", code):
        raise InputError(f"not a jurisdiction code: {code!r}", hint="use capital letters or digits, e.g. KS")
    if not 1990 <= year <= 2100:
        raise InputError(f"not a report-card year: {year}")
    goals = kg.run("framework-goals", {"framework": framework}).records()
    if not goals:
        raise InputError(f"no framework {framework!r} is loaded",
                         hint="'statgraph query framework-goals' lists the frameworks' goals")
    if code in kg.jurisdictions():
        raise InputError(f"{code} is already loaded", hint="pick a new code, or edit the existing entry")
    slug, card = jurisdiction_slug(code), f"{jurisdiction_slug(code)}/{year}"

    def relative(iri) -> str:  # written against the file's @base
        return str(iri).removeprefix(ID_BASE)

    framework_iri = relative(goals[0]["framework_iri"])
    out = [
        f"# Draft entry: {code}'s {year} report card under the {framework} framework.",
        f"# Written by `statgraph new-state {code} --year {year}`. Fill in what the comments ask,",
        "# then check it with `statgraph validate THIS-FILE` until it reports no violations.",
        "# Record facts with their place in the report (dcterms:source, sg:lineStart); write",
        "# summaries in your own words, not the report's sentences.",
        "",
        "@base <https://w3id.org/statgraph/id/> .",
        "@prefix sg:      <https://w3id.org/statgraph/ontology#> .",
        "@prefix eli:     <http://data.europa.eu/eli/ontology#> .",
        "@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .",
        "",
        "# The jurisdiction. Add its name:  rdfs:label \"State name\" .",
        f"<{slug}> a sg:Jurisdiction ; sg:code \"{code}\" .",
        "",
        "# Statutes the assessments rest on: declare the code once, then each chapter and",
        "# section (title exactly as the report gives it), for example:",
        f"#   <{slug}/code> a sg:Code ; eli:jurisdiction <{slug}> ; sg:citation \"...\" .",
        f"#   <{slug}/code/chapter/100> a sg:Chapter ; eli:number \"100\" ; sg:citation \"chapter 100\" ;",
        f"#       eli:is_part_of <{slug}/code> .",
        f"#   <{slug}/code/100.010> a sg:Section ; eli:number \"100.010\" ; sg:citation \"100.010\" ;",
        f"#       eli:is_part_of <{slug}/code/chapter/100> ; eli:title \"...\" .",
        "",
        "# The report card. When the report is in hand, add:",
        f"#   sg:publishedTotal 59.5 ; sg:publishedGrade \"F\" ; sg:publishedTier <{framework_iri}/tier/2> ;",
        "#   sg:publishedRank 20 ; sg:rankTied false ; sg:legislationAsOf \"2023-07-01\"^^xsd:date ;",
        "#   dcterms:source <source/...> ; sg:lineStart 1 .",
        f"<{card}> a sg:ReportCard ; sg:jurisdiction <{slug}> ; sg:framework <{framework_iri}> ;",
        f"    sg:year {year} .",
        "",
        "# Issue-area results: add sg:publishedScore (a decimal such as 13.5) and sg:publishedGrade \"C\".",
    ]
    issues = {}
    for goal in goals:
        issues.setdefault(goal["issue"], goal)
    for issue, row in issues.items():
        out.append(f"<{card}/issue/{issue}> a sg:IssueAreaResult ; sg:reportCard <{card}> ;"
                   f" sg:issueArea <{relative(row['issue_iri'])}> .  # {row['issue_title']}, "
                   f"out of {cell_text(row['issue_max'])}")
    out += [
        "",
        "# Assessments, one per goal. For each, add:",
        "#   sg:status sg:FullyMet | sg:PartiallyMet | sg:NotMet ;",
        "#   sg:restsOn <...statute...> (the statutes the finding relies on) ;",
        "#   sg:gapSummary \"what remains, in one line of your own\" ;",
        f"#   sg:recommendation <{card}/recommendation/N.N.1> (for goals not fully met) ;",
        "#   dcterms:source <source/...> ; sg:lineStart N .",
        f"# and describe each recommendation:  <{card}/recommendation/N.N.1> a sg:Recommendation ;",
        "#   skos:notation \"N.N.1\" ; sg:summary \"...\" .",
    ]
    current = None
    for goal in goals:
        if goal["issue"] != current:
            current = goal["issue"]
            out += ["", f"# {current} {goal['issue_title']}"]
        out.append(f"<{card}/goal/{goal['goal']}> a sg:Assessment ; sg:reportCard <{card}> ;"
                   f" sg:goal <{relative(goal['goal_iri'])}> .  # {goal['title']}")
    return "\n".join(out) + "\n"

