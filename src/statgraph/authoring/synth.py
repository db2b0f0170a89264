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
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from statgraph.atomic import write_atomically
from statgraph.authoring import turtle as t
from statgraph.errors import InputError
from statgraph.kg import iris
from statgraph.kg.base import KnowledgeGraph

PREFIXES = t.prologue(("sg", "eli", "skos", "rdfs", "dcterms"))
SOURCE = f"dcterms:source {t.iri(iris.SYNTHETIC_SOURCE)}"
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
    goals = kg.run("framework-goals", {"framework": identifier}).records()
    bands = [(r["min_percent"], r["letter"]) for r in kg.run("grade-bands", {"framework": identifier}).records()]
    if not goals or not bands:
        raise InputError(f"framework {identifier!r} is not loaded")
    tiers = [(int(r["tier"]), int(r["last_rank"])) for r in kg.run("tiers", {"framework": identifier}).records()]
    return Framework(iris.relative(goals[0]["framework_iri"]), goals, bands,
                     goals[0]["framework_max"], [g["goal"] for g in goals if g["safe_harbor"]], tiers)


def grade(bands: list[tuple[Decimal, str]], score: Decimal, maximum: Decimal) -> str:
    share = 100 * score / maximum
    return next(letter for threshold, letter in bands if share >= threshold)


def _statutes(rng: random.Random, base: str, code: str, sections: int) -> tuple[str, list[str], list[str]]:
    """Turtle for one statute code; returns it with the section and chapter IRIs."""
    ref = t.iri
    per_chapter = max(5, min(200, sections // 10 or 5))
    statute_code = iris.statute_code(base, "code")
    lines = [f"{ref(statute_code)} a sg:Code ; eli:jurisdiction {ref(base)} ; sg:citation {t.literal(code + ' Stat.')} ."]
    section_iris, chapter_iris, numbers = [], [], []
    for index in range(sections):
        chapter = 100 + index // per_chapter
        number = f"{chapter}.{10 * (index % per_chapter + 1):03d}"
        chapter_iri = iris.chapter(base, "code", str(chapter))
        if index % per_chapter == 0:
            chapter_iris.append(chapter_iri)
            lines.append(f"{ref(chapter_iri)} a sg:Chapter ; eli:number {t.literal(chapter)} ; "
                         f"sg:citation {t.literal(f'chapter {chapter}')} ; eli:is_part_of {ref(statute_code)} ; "
                         f"eli:title {t.literal(f'Synthetic chapter {chapter}')} .")
        iri = iris.provision(base, "code", number)
        section_iris.append(iri)
        numbers.append(number)
        lines.append(f"{ref(iri)} a sg:Section ; eli:number {t.literal(number)} ; sg:citation {t.literal(number)} ; "
                     f"eli:is_part_of {ref(chapter_iri)} ; eli:title {t.literal(f'Synthetic section {number}')} ;"
                     f" {SOURCE} .")
        if rng.random() < 0.3:
            lines.append(f"{ref(iris.provision(base, 'code', number, ('1',)))} a sg:Subsection ;"
                         f" eli:number \"1\" ; sg:citation {t.literal(f'{number}(1)')} ; eli:is_part_of {ref(iri)} .")
    # cross-references: mostly to nearby sections of the same chapter, some to other chapters
    for index, iri in enumerate(section_iris):
        for k in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            if rng.random() < 0.8:
                target = section_iris[max(0, min(len(section_iris) - 1, index + rng.randint(-10, 10)))]
            else:
                target = rng.choice(section_iris)
            if target != iri:
                lines.append(f"{ref(iris.under(iri, 'xref', k))} a sg:CrossReference ; sg:citingProvision {ref(iri)} ; "
                             f"sg:citedResource {ref(target)} ; sg:referenceKind sg:SectionReference ; {SOURCE} .")
        if rng.random() < 0.05:
            lines.append(f"{ref(iris.under(iri, 'xref', 'chapter'))} a sg:CrossReference ; sg:citingProvision {ref(iri)} ; "
                         f"sg:citedResource {ref(rng.choice(chapter_iris))} ; sg:referenceKind sg:ChapterReference ;"
                         f" {SOURCE} .")
        if rng.random() < 0.02 and index + 5 < len(section_iris):
            lines.append(f"{ref(iris.under(iri, 'xref', 'range'))} a sg:CrossReference ; sg:citingProvision {ref(iri)} ; "
                         f"sg:citedResource {ref(section_iris[index + 1])} ; sg:rangeEnd {ref(section_iris[index + 5])} ; "
                         f"sg:referenceKind sg:RangeReference ; {SOURCE} .")
    # transfers: a few sections renumbered to the next one, never in a loop
    for index in range(0, len(section_iris) - 1, 97):
        lines.append(f"{ref(section_iris[index])} sg:transferredTo {ref(section_iris[index + 1])} ; "
                     f"eli:in_force eli:InForce-notInForce .")
    # offenses and protections
    for index in range(0, len(section_iris), 10):
        lines.append(f"{ref(iris.under(base, 'offense', numbers[index]))} a sg:Offense ;"
                     f" rdfs:label {t.literal(f'synthetic offense {numbers[index]}')} ; "
                     f"sg:definedBy {ref(section_iris[index])} ; sg:offenseCategory {t.name('sg:' + rng.choice(CATEGORIES))} ;"
                     f" {SOURCE} .")
    for k in range(5):
        scope = (f"sg:scopeChapter {ref(rng.choice(chapter_iris))}" if k % 2 == 0 else
                 "sg:scopeSection " + t.iris(rng.sample(section_iris, min(4, len(section_iris)))))
        lines.append(f"{ref(iris.under(base, 'protection', k))} a sg:Protection ;"
                     f" rdfs:label {t.literal(f'synthetic protection {k}')} ; "
                     f"sg:protectionKind {t.name('sg:' + PROTECTION_KINDS[k % len(PROTECTION_KINDS)])} ; "
                     f"sg:establishedBy {ref(rng.choice(section_iris))} ; {scope} ; {SOURCE} .")
    return "\n".join(lines) + "\n", section_iris, chapter_iris


def _report_card(rng: random.Random, base: str, year: int, framework: Framework,
                 section_iris: list[str]) -> tuple[str, Decimal]:
    ref = t.iri
    card = iris.report_card(base, year)
    lines, statuses, by_issue = [], {}, {}
    for goal in framework.goals:
        status = rng.choice(STATUSES)
        statuses[goal["goal"]] = status
        points = {"FullyMet": goal["max"], "NotMet": Decimal(0)}.get(status)
        if points is None:  # partially met: a half point strictly between 0 and the maximum
            points = Decimal(rng.randint(1, int(goal["max"] * 2) - 1)) / 2
        issue = by_issue.setdefault(goal["issue"], [Decimal(0), goal["issue_max"]])
        issue[0] += points
        rests = " ; sg:restsOn " + t.iris(rng.sample(section_iris, min(2, len(section_iris))))
        rec = ""
        if status != "FullyMet":
            recommendation = iris.recommendation(card, f"{goal['goal']}.1")
            rec = f" ; sg:recommendation {ref(recommendation)}"
            lines.append(f"{ref(recommendation)} a sg:Recommendation ; skos:notation {t.literal(goal['goal'] + '.1')} ;"
                         f' sg:summary "Synthetic recommendation." ; {SOURCE} .')
        lines.append(f"{ref(iris.assessment(card, goal['goal']))} a sg:Assessment ; sg:reportCard {ref(card)} ; "
                     f"sg:goal {ref(iris.relative(goal['goal_iri']))} ; "
                     f"sg:status {t.name('sg:' + status)}{rests}{rec} ; {SOURCE} .")
    total = Decimal(0)
    for issue, (score, maximum) in by_issue.items():
        total += score
        lines.append(f"{ref(iris.issue_result(card, issue))} a sg:IssueAreaResult ; sg:reportCard {ref(card)} ; "
                     f"sg:issueArea {ref(iris.issue_area(framework.iri, issue))} ; sg:publishedScore {t.decimal(score)} ; "
                     f"sg:publishedGrade {t.literal(grade(framework.bands, score, maximum))} ; {SOURCE} .")
    extra = Decimal(rng.randint(0, 4))
    if extra:
        lines.append(f"{ref(iris.extra_credit_award(card, 'youth'))} a sg:ExtraCreditAward ; sg:reportCard {ref(card)} ; "
                     f"sg:extraCreditCategory {ref(iris.extra_credit_category(framework.iri, 'youth'))} ;"
                     f" sg:publishedScore {t.decimal(extra)} ; {SOURCE} .")
    total += extra
    for goal in framework.safe_harbor:
        lines.append(f"{ref(iris.safe_harbor_row(card, goal))} a sg:SafeHarborRow ; sg:reportCard {ref(card)} ; "
                     f"sg:goal {ref(iris.goal(framework.iri, goal))} ; sg:publishedStatus {t.name('sg:' + statuses[goal])} ;"
                     f" {SOURCE} .")
    head = (f"{ref(card)} a sg:ReportCard ; sg:jurisdiction {ref(base)} ; sg:framework {ref(framework.iri)} ; "
            f"sg:year {t.integer(year)} ; sg:publishedTotal {t.decimal(total)} ; "
            f"sg:publishedGrade {t.literal(grade(framework.bands, total, framework.max_points))} ; {SOURCE} .")
    return "\n".join([head] + lines) + "\n", total


def planned_files(out: Path, states: int, year: int = 2023) -> list[Path]:
    """The files :func:`synthesise` writes for ``states`` jurisdictions under ``out``."""
    return [out / f"s{number:02d}" / name for number in range(1, states + 1)
            for name in ("statutes.ttl", f"report-card-{year}.ttl")]


def synthesise(kg: KnowledgeGraph, states: int, sections: int, out: Path, seed: int = 1,
               year: int = 2023, progress=None) -> list[Path]:
    """Write ``states`` synthetic entries of ``sections`` sections each under ``out``."""
    if not 1 <= states <= 999:
        raise InputError("--states must be between 1 and 999")
    if sections < 5:
        raise InputError("--sections must be at least 5")
    if out.exists() and not out.is_dir():
        raise InputError(f"-o {out} is a file; synth writes a folder of entries",
                         hint="give a new folder, or one synth wrote before")
    framework = framework_of(kg)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot make the folder {out}: {error.strerror}") from None
    written, totals = [], {}
    for number in range(1, states + 1):
        code = f"S{number:02d}"
        base = iris.synthetic_jurisdiction(code)
        rng = random.Random(f"{seed}:{code}")
        folder = out / code.lower()
        if folder.exists() and not folder.is_dir():
            raise InputError(f"{folder} is a file; synth writes a folder per jurisdiction there")
        folder.mkdir(exist_ok=True)
        statutes, section_iris, _ = _statutes(rng, base, code, sections)
        card, totals[code] = _report_card(rng, base, year, framework, section_iris)
        jurisdiction = (f"{t.iri(base)} a sg:Jurisdiction ; sg:code {t.literal(code)} ;"
                        f" rdfs:label {t.literal(f'Synthetic {code}')} .\n"
                        f"{t.iri(iris.SYNTHETIC_SOURCE)} a sg:SourceDocument ;"
                        f" rdfs:label {t.literal(f'statgraph synth, seed {seed}')} .\n")
        for name, body in (("statutes.ttl", jurisdiction + statutes), (f"report-card-{year}.ttl", card)):
            path = folder / name
            data = (PREFIXES + "\n" + body).encode("utf-8")
            write_atomically(path, lambda handle, data=data: handle.write(data))
            written.append(path)
        if progress:
            progress(f"{number}/{states} jurisdictions")
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
        card = iris.report_card(iris.synthetic_jurisdiction(code), year)
        addition = (f"{t.iri(card)} sg:publishedRank {t.integer(rank)} ; sg:rankTied {t.boolean(tied)} ; "
                    f"sg:publishedTier {t.iri(iris.tier(framework.iri, tier))} .\n").encode("utf-8")
        data = path.read_bytes() + addition
        write_atomically(path, lambda handle, data=data: handle.write(data))
