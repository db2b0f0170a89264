"""Deterministic synthetic jurisdictions for scale tests and benchmarks.

Jurisdictions are coded S01, S02, ... and live under <id/synthetic/sNN>, so they
can never be mistaken for real states; they are written to a folder of the
user's choice, never into graph_data/. Each has a statute code of M sections in
chapters, cross-references with a realistic fan-out (mostly within a chapter,
some to other chapters, a few ranges), transfers, offenses, protections with
scopes, and a report card whose numbers agree with the framework's rules, so
the entries validate.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from statgraph.atomic import write_atomically
from statgraph.errors import InputError
from statgraph.kg.base import KnowledgeGraph

PREFIXES = """@base <https://w3id.org/statgraph/id/> .
@prefix sg:      <https://w3id.org/statgraph/ontology#> .
@prefix eli:     <http://data.europa.eu/eli/ontology#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""
SOURCE = "dcterms:source <synthetic/source>"
STATUSES = ("FullyMet", "PartiallyMet", "NotMet")
CATEGORIES = ("ChildSexTrafficking", "CSEC", "OtherOffense")
PROTECTION_KINDS = ("HearsayException", "AlternativeTestimony", "IdentityProtection", "MandatoryRestitution",
                    "CivilRemedy")


@dataclass(frozen=True)
class Framework:
    iri: str  # relative to the id base
    goals: list[dict]
    bands: list[tuple[Decimal, str]]  # (minimum percent, letter), highest first
    max_points: Decimal
    safe_harbor: list[str]
    tiers: list[tuple[int, int]]  # (tier number, last rank it holds), in order


def framework_of(kg: KnowledgeGraph, identifier: str = "shi-2023") -> Framework:
    from statgraph.kg.names import ID_BASE
    goals = kg.run("framework-goals", {"framework": identifier}).records()
    bands = [(r["min_percent"], r["letter"]) for r in kg.run("grade-bands", {"framework": identifier}).records()]
    if not goals or not bands:
        raise InputError(f"framework {identifier!r} is not loaded")
    tiers = [(int(r["tier"]), int(r["last_rank"])) for r in kg.run("tiers", {"framework": identifier}).records()]
    return Framework(str(goals[0]["framework_iri"]).removeprefix(ID_BASE), goals, bands,
                     goals[0]["framework_max"], [g["goal"] for g in goals if g["safe_harbor"]], tiers)


def grade(bands: list[tuple[Decimal, str]], score: Decimal, maximum: Decimal) -> str:
    share = 100 * score / maximum
    return next(letter for threshold, letter in bands if share >= threshold)


def _statutes(rng: random.Random, base: str, code: str, sections: int) -> tuple[str, list[str], list[str]]:
    """Turtle for one statute code; returns it with the section and chapter IRIs."""
    per_chapter = max(5, min(200, sections // 10 or 5))
    lines = [f'<{base}/code> a sg:Code ; eli:jurisdiction <{base}> ; sg:citation "{code} Stat." .']
    section_iris, chapter_iris, numbers = [], [], []
    for index in range(sections):
        chapter = 100 + index // per_chapter
        number = f"{chapter}.{10 * (index % per_chapter + 1):03d}"
        if index % per_chapter == 0:
            chapter_iris.append(f"{base}/code/chapter/{chapter}")
            lines.append(f'<{base}/code/chapter/{chapter}> a sg:Chapter ; eli:number "{chapter}" ; '
                         f'sg:citation "chapter {chapter}" ; eli:is_part_of <{base}/code> ; '
                         f'eli:title "Synthetic chapter {chapter}" .')
        iri = f"{base}/code/{number}"
        section_iris.append(iri)
        numbers.append(number)
        lines.append(f'<{iri}> a sg:Section ; eli:number "{number}" ; sg:citation "{number}" ; '
                     f'eli:is_part_of <{base}/code/chapter/{chapter}> ; eli:title "Synthetic section {number}" ; {SOURCE} .')
        if rng.random() < 0.3:
            lines.append(f'<{iri}/1> a sg:Subsection ; eli:number "1" ; sg:citation "{number}(1)" ; '
                         f'eli:is_part_of <{iri}> .')
    # cross-references: mostly to nearby sections of the same chapter, some to other chapters
    for index, iri in enumerate(section_iris):
        for k in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            if rng.random() < 0.8:
                target = section_iris[max(0, min(len(section_iris) - 1, index + rng.randint(-10, 10)))]
            else:
                target = rng.choice(section_iris)
            if target != iri:
                lines.append(f'<{iri}/xref/{k}> a sg:CrossReference ; sg:citingProvision <{iri}> ; '
                             f'sg:citedResource <{target}> ; sg:referenceKind sg:SectionReference ; {SOURCE} .')
        if rng.random() < 0.05:
            lines.append(f'<{iri}/xref/chapter> a sg:CrossReference ; sg:citingProvision <{iri}> ; '
                         f'sg:citedResource <{rng.choice(chapter_iris)}> ; sg:referenceKind sg:ChapterReference ; {SOURCE} .')
        if rng.random() < 0.02 and index + 5 < len(section_iris):
            lines.append(f'<{iri}/xref/range> a sg:CrossReference ; sg:citingProvision <{iri}> ; '
                         f'sg:citedResource <{section_iris[index + 1]}> ; sg:rangeEnd <{section_iris[index + 5]}> ; '
                         f'sg:referenceKind sg:RangeReference ; {SOURCE} .')
    # transfers: a few sections renumbered to the next one, never in a loop
    for index in range(0, len(section_iris) - 1, 97):
        lines.append(f'<{section_iris[index]}> sg:transferredTo <{section_iris[index + 1]}> ; '
                     f'eli:in_force eli:InForce-notInForce .')
    # offenses and protections
    for index in range(0, len(section_iris), 10):
        lines.append(f'<{base}/offense/{numbers[index]}> a sg:Offense ; rdfs:label "synthetic offense {numbers[index]}" ; '
                     f'sg:definedBy <{section_iris[index]}> ; sg:offenseCategory sg:{rng.choice(CATEGORIES)} ; {SOURCE} .')
    for k in range(5):
        scope = (f"sg:scopeChapter <{rng.choice(chapter_iris)}>" if k % 2 == 0 else
                 "sg:scopeSection " + ", ".join(f"<{s}>" for s in rng.sample(section_iris, min(4, len(section_iris)))))
        lines.append(f'<{base}/protection/{k}> a sg:Protection ; rdfs:label "synthetic protection {k}" ; '
                     f'sg:protectionKind sg:{PROTECTION_KINDS[k % len(PROTECTION_KINDS)]} ; '
                     f'sg:establishedBy <{rng.choice(section_iris)}> ; {scope} ; {SOURCE} .')
    return "\n".join(lines) + "\n", section_iris, chapter_iris


def _report_card(rng: random.Random, base: str, year: int, framework: Framework,
                 section_iris: list[str]) -> tuple[str, Decimal]:
    card = f"{base}/{year}"
    lines, statuses, by_issue = [], {}, {}
    for goal in framework.goals:
        status = rng.choice(STATUSES)
        statuses[goal["goal"]] = status
        points = {"FullyMet": goal["max"], "NotMet": Decimal(0)}.get(status)
        if points is None:  # partially met: a half point strictly between 0 and the maximum
            points = Decimal(rng.randint(1, int(goal["max"] * 2) - 1)) / 2
        issue = by_issue.setdefault(goal["issue"], [Decimal(0), goal["issue_max"]])
        issue[0] += points
        rests = " ; sg:restsOn " + ", ".join(f"<{s}>" for s in rng.sample(section_iris, min(2, len(section_iris))))
        rec = ""
        if status != "FullyMet":
            rec = f" ; sg:recommendation <{card}/recommendation/{goal['goal']}.1>"
            lines.append(f'<{card}/recommendation/{goal["goal"]}.1> a sg:Recommendation ; '
                         f'skos:notation "{goal["goal"]}.1" ; sg:summary "Synthetic recommendation." ; {SOURCE} .')
        lines.append(f'<{card}/goal/{goal["goal"]}> a sg:Assessment ; sg:reportCard <{card}> ; '
                     f'sg:goal <{goal["goal_iri"].removeprefix("https://w3id.org/statgraph/id/")}> ; '
                     f'sg:status sg:{status}{rests}{rec} ; {SOURCE} .')
    total = Decimal(0)
    for issue, (score, maximum) in by_issue.items():
        total += score
        lines.append(f'<{card}/issue/{issue}> a sg:IssueAreaResult ; sg:reportCard <{card}> ; '
                     f'sg:issueArea <{framework.iri}/issue/{issue}> ; sg:publishedScore {score:.1f} ; '
                     f'sg:publishedGrade "{grade(framework.bands, score, maximum)}" ; {SOURCE} .')
    extra = Decimal(rng.randint(0, 4))
    if extra:
        lines.append(f'<{card}/extra-credit/youth> a sg:ExtraCreditAward ; sg:reportCard <{card}> ; '
                     f'sg:extraCreditCategory <{framework.iri}/extra-credit/youth> ; sg:publishedScore {extra:.1f} ; {SOURCE} .')
    total += extra
    for goal in framework.safe_harbor:
        lines.append(f'<{card}/safe-harbor/{goal}> a sg:SafeHarborRow ; sg:reportCard <{card}> ; '
                     f'sg:goal <{framework.iri}/goal/{goal}> ; sg:publishedStatus sg:{statuses[goal]} ; {SOURCE} .')
    head = (f'<{card}> a sg:ReportCard ; sg:jurisdiction <{base}> ; sg:framework <{framework.iri}> ; '
            f'sg:year {year} ; sg:publishedTotal {total:.1f} ; '
            f'sg:publishedGrade "{grade(framework.bands, total, framework.max_points)}" ; {SOURCE} .')
    return "\n".join([head] + lines) + "\n", total


def synthesise(kg: KnowledgeGraph, states: int, sections: int, out: Path, seed: int = 1,
               year: int = 2023, progress=None) -> list[Path]:
    """Write ``states`` synthetic entries of ``sections`` sections each under ``out``."""
    if not 1 <= states <= 999:
        raise InputError("--states must be between 1 and 999")
    if sections < 5:
        raise InputError("--sections must be at least 5")
    framework = framework_of(kg)
    out.mkdir(parents=True, exist_ok=True)
    written, totals = [], {}
    for number in range(1, states + 1):
        code = f"S{number:02d}"
        base = f"synthetic/{code.lower()}"
        rng = random.Random(f"{seed}:{code}")
        folder = out / code.lower()
        folder.mkdir(exist_ok=True)
        statutes, section_iris, _ = _statutes(rng, base, code, sections)
        card, totals[code] = _report_card(rng, base, year, framework, section_iris)
        jurisdiction = (f'<{base}> a sg:Jurisdiction ; sg:code "{code}" ; rdfs:label "Synthetic {code}" .\n'
                        f'<synthetic/source> a sg:SourceDocument ; rdfs:label "statgraph synth, seed {seed}" .\n')
        for name, body in (("statutes.ttl", jurisdiction + statutes), (f"report-card-{year}.ttl", card)):
            path = folder / name
            data = (PREFIXES + "\n" + body).encode("utf-8")
            write_atomically(path, lambda handle, data=data: handle.write(data))
            written.append(path)
        if progress:
            progress(number, states)
    _write_tiers(out, totals, year, framework)
    return written


def _write_tiers(out: Path, totals: dict[str, Decimal], year: int, framework: Framework) -> None:
    """Rank the synthetic states by total and append rank and tier, as the report publishes them."""
    if not framework.tiers:
        return
    ordered = sorted(totals.items(), key=lambda item: -item[1])
    for position, (code, total) in enumerate(ordered, start=1):
        rank = 1 + sum(1 for _, other in ordered if other > total)
        tied = sum(1 for _, other in ordered if other == total) > 1
        # the framework's tiers hold fixed runs of positions (2023: 10, 31 and 10 of 51)
        tier = next((number for number, last in framework.tiers if position <= last), framework.tiers[-1][0])
        path = out / code.lower() / f"report-card-{year}.ttl"
        addition = (f'<synthetic/{code.lower()}/{year}> sg:publishedRank {rank} ; '
                    f'sg:rankTied {"true" if tied else "false"} ; '
                    f'sg:publishedTier <{framework.iri}/tier/{tier}> .\n').encode("utf-8")
        data = path.read_bytes() + addition
        write_atomically(path, lambda handle, data=data: handle.write(data))


def print_progress(done: int, total: int) -> None:
    if sys.stderr.isatty() or total >= 10:
        end = "\n" if done == total else "\r"
        print(f"synth: {done}/{total} jurisdictions", end=end, file=sys.stderr, flush=True)

