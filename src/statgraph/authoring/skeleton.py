"""A Turtle skeleton for a new jurisdiction's report card, for an analyst to fill in.

Titles come from the loaded framework, which --data may replace: they reach the
file only as comments written by statgraph.authoring.turtle, so a title cannot
add a statement."""

from __future__ import annotations

import re

from statgraph.authoring import turtle as t
from statgraph.errors import InputError
from statgraph.kg import iris
from statgraph.kg.base import KnowledgeGraph
from statgraph.kg.terms import cell_text


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
    slug = iris.jurisdiction(code)
    card = iris.report_card(slug, year)
    framework_iri = iris.relative(goals[0]["framework_iri"])  # written against the file's @base
    section = iris.provision(slug, "code", "100.010")
    out = [
        t.comment(f"Draft entry: {code}'s {year} report card under the {framework} framework."),
        t.comment(f"Written by `statgraph new-state --state {code} --year {year}`. Fill in what the comments"),
        t.comment("ask, then check it with `statgraph validate THIS-FILE` until it reports no violations."),
        t.comment("Record facts with their place in the report (dcterms:source, sg:lineStart); write"),
        t.comment("summaries in your own words, not the report's sentences."),
        "",
        t.prologue(("sg", "eli", "skos", "dcterms", "rdfs", "xsd")),
        t.comment('The jurisdiction. Add its name:  rdfs:label "State name" .'),
        f"{t.iri(slug)} a sg:Jurisdiction ; sg:code {t.literal(code)} .",
        "",
        t.comment("Statutes the assessments rest on: declare the code once, then each chapter and"),
        t.comment("section (title exactly as the report gives it), for example:"),
        t.comment(f'  {t.iri(iris.statute_code(slug, "code"))} a sg:Code ; eli:jurisdiction {t.iri(slug)} ;'
                  ' sg:citation "..." .'),
        t.comment(f'  {t.iri(iris.chapter(slug, "code", "100"))} a sg:Chapter ; eli:number "100" ;'
                  ' sg:citation "chapter 100" ;'),
        t.comment(f'      eli:is_part_of {t.iri(iris.statute_code(slug, "code"))} .'),
        t.comment(f'  {t.iri(section)} a sg:Section ; eli:number "100.010" ; sg:citation "100.010" ;'),
        t.comment(f'      eli:is_part_of {t.iri(iris.chapter(slug, "code", "100"))} ; eli:title "..." .'),
        "",
        t.comment("The report card. When the report is in hand, add:"),
        t.comment(f'  sg:publishedTotal 59.5 ; sg:publishedGrade "F" ; sg:publishedTier'
                  f' {t.iri(iris.tier(framework_iri, 2))} ;'),
        t.comment('  sg:publishedRank 20 ; sg:rankTied false ; sg:legislationAsOf "2023-07-01"^^xsd:date ;'),
        t.comment("  dcterms:source <source/...> ; sg:lineStart 1 ."),
        f"{t.iri(card)} a sg:ReportCard ; sg:jurisdiction {t.iri(slug)} ; sg:framework {t.iri(framework_iri)} ;",
        f"    sg:year {t.integer(year)} .",
        "",
        t.comment('Issue-area results: add sg:publishedScore (a decimal such as 13.5) and sg:publishedGrade "C".'),
    ]
    issues = {}
    for goal in goals:
        issues.setdefault(goal["issue"], goal)
    for issue, row in issues.items():
        out.append(f"{t.iri(iris.issue_result(card, issue))} a sg:IssueAreaResult ; sg:reportCard {t.iri(card)} ;"
                   f" sg:issueArea {t.iri(iris.relative(row['issue_iri']))} ."
                   + t.note(f"{row['issue_title']}, out of {cell_text(row['issue_max'])}"))
    out += [
        "",
        t.comment("Assessments, one per goal. For each, add:"),
        t.comment("  sg:status sg:FullyMet | sg:PartiallyMet | sg:NotMet ;"),
        t.comment("  sg:restsOn <...statute...> (the statutes the finding relies on) ;"),
        t.comment('  sg:gapSummary "what remains, in one line of your own" ;'),
        t.comment(f"  sg:recommendation {t.iri(iris.recommendation(card, 'N.N.1'))} (for goals not fully met) ;"),
        t.comment("  dcterms:source <source/...> ; sg:lineStart N ."),
        t.comment(f"and describe each recommendation:  {t.iri(iris.recommendation(card, 'N.N.1'))}"
                  " a sg:Recommendation ;"),
        t.comment('  skos:notation "N.N.1" ; sg:summary "..." .'),
    ]
    current = None
    for goal in goals:
        if goal["issue"] != current:
            current = goal["issue"]
            out += ["", t.comment(f"{current} {goal['issue_title']}")]
        out.append(f"{t.iri(iris.assessment(card, goal['goal']))} a sg:Assessment ; sg:reportCard {t.iri(card)} ;"
                   f" sg:goal {t.iri(iris.relative(goal['goal_iri']))} ." + t.note(goal["title"]))
    return "\n".join(out) + "\n"
