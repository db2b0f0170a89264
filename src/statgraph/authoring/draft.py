"""Write an ingested ``Draft`` as a Turtle entry an analyst can load, validate and finish."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from statgraph.authoring import turtle as t
from statgraph.authoring.citations import Citation, form_for
from statgraph.authoring.ingest import Draft
from statgraph.errors import InputError
from statgraph.kg import iris
from statgraph.kg.base import KnowledgeGraph, natural_key


def _number(value: float) -> str:
    return t.decimal(value, 1)


class _Writer:
    def __init__(self, draft: Draft, source_name: str, sha256: str, goal_iris: dict[str, str],
                 framework_iri: str):
        self.draft, self.goal_iris, self.framework = draft, goal_iris, framework_iri
        self.slug = draft.jurisdiction
        self.card = iris.report_card(self.slug, draft.year)
        self.source = iris.draft_source(self.slug, draft.year)
        self.source_name, self.sha256 = source_name, sha256
        self.lines: list[str] = []

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def where(self, line: int) -> str:
        return f"dcterms:source {t.iri(self.source)} ; sg:lineStart {t.integer(line)}"

    # -- statutes

    def statutes(self) -> None:
        draft, form = self.draft, form_for(self.draft.state)
        sections: dict[str, tuple[Citation, int]] = {}
        subsections: dict[str, Citation] = {}
        chapters: dict[str, tuple[Citation | None, int]] = {}
        externals: dict[str, tuple[Citation, int]] = {}
        transfers: dict[str, tuple[Citation, Citation, int]] = {}
        # Provisions named by cross-references and terms ("the paragraph 5. of 567.020") need nodes too.
        used = [(x.citing, x.line) for x in draft.cross_references] + [(x.cited, x.line) for x in draft.cross_references]
        used += [(term.defined_in, term.line) for term in draft.terms]
        for cite, line in [*draft.citations, *used]:
            for c in cite.with_related():
                if c.jurisdiction != draft.jurisdiction or c.kind in ("federal", "public-law"):
                    if c.kind in ("federal", "public-law"):
                        externals.setdefault(c.iri, (c, line))
                    continue
                if c.kind == "constitution":
                    known = externals.get(c.iri)
                    if known is None or (c.title and not known[0].title):
                        externals[c.iri] = (c, line)
                    continue
                if c.kind == "section-range":
                    continue  # its two ends come as sections
                if c.kind == "chapter":
                    known = chapters.get(c.section)
                    if known is None or (c.title and (known[0] is None or not known[0].title)):
                        chapters[c.section] = (c, line)
                    continue
                section = c.section_iri
                known = sections.get(section)
                if known is None or (c.title and not known[0].title):
                    sections[section] = (c, line)
                if c.chapter:
                    chapters.setdefault(c.chapter, (None, line))
                for depth in range(1, len(c.subsection) + 1):
                    sub = Citation(c.kind, c.jurisdiction, c.code, c.section, c.chapter, c.subsection[:depth])
                    subsections.setdefault(sub.iri, sub)
                if c.transferred_to is not None:
                    transfers.setdefault(c.section_iri, (c, c.transferred_to, line))

        code = iris.statute_code(self.slug, form.code)
        self.emit(f"{t.iri(self.slug)} a sg:Jurisdiction ; sg:code {t.literal(draft.state)} ;"
                  f" rdfs:label {t.literal(form.name)} .",
                  f"{t.iri(code)} a sg:Code ; eli:jurisdiction {t.iri(self.slug)} ;"
                  f" sg:citation {t.literal(_preferred(form))} .", "")
        self.emit(t.comment("--- Chapters"), "")
        for number, (cite, line) in sorted(chapters.items(), key=lambda kv: natural_key(kv[0])):
            title = f" ;\n    eli:title {t.literal(cite.title)} ; {self.where(line)}" if cite and cite.title else ""
            self.emit(f"{t.iri(iris.chapter(self.slug, form.code, number))} a sg:Chapter ;"
                      f" eli:number {t.literal(number)} ; sg:citation {t.literal('chapter ' + number)} ;"
                      f"\n    eli:is_part_of {t.iri(code)}{title} .")
        self.emit("", t.comment("--- Sections: titles as the report gives them (check typos against the code)"), "")
        for iri, (cite, line) in sorted(sections.items()):
            title = f"\n    eli:title {t.literal(cite.title)} ;" if cite.title else \
                "\n    " + t.comment("no title in the report: add eli:title from the code")
            chapter = iris.chapter(self.slug, form.code, cite.chapter)
            self.emit(f"{t.iri(iri)} a sg:Section ; eli:number {t.literal(cite.section)} ;"
                      f" sg:citation {t.literal(cite.section)} ;\n    eli:is_part_of {t.iri(chapter)} ;"
                      f"{title}\n    {self.where(line)} .")
        for iri, sub in sorted(subsections.items()):
            parent = Citation(sub.kind, sub.jurisdiction, sub.code, sub.section, sub.chapter, sub.subsection[:-1])
            self.emit(f"{t.iri(iri)} a sg:Subsection ; eli:number {t.literal(sub.subsection[-1])} ;"
                      f" sg:citation {t.literal(sub.label)} ; eli:is_part_of {t.iri(parent.iri)} .")
        if externals:
            self.emit("", t.comment("--- Cited law outside the state code"), "")
        for iri, (cite, line) in sorted(externals.items()):
            if cite.jurisdiction == "us":  # federal law belongs to the reference data, not to a state's entry
                self.emit(t.comment(f"{t.iri(iri)} {cite.label} (line {line}): declared in graph_data/reference/, "
                                    "not here (an entry states facts about its own jurisdiction only)"))
                continue
            title = f" ;\n    eli:title {t.literal(cite.title)}" if cite.title else ""
            self.emit(f"{t.iri(iri)} a sg:ExternalLegalResource ; eli:jurisdiction {t.iri(self.slug)} ;"
                      f" sg:citation {t.literal(cite.label)}{title} ;\n    {self.where(line)} .")
        if transfers:
            self.emit("", t.comment("--- Transfers (bracketed notes in the report)"), "")
        for iri, (old, new, line) in sorted(transfers.items()):
            self.emit(f"{t.iri(iri)} sg:transferredTo {t.iri(new.section_iri)} ; eli:in_force eli:InForce-notInForce .",
                      f"{t.iri(iris.transfer(self.slug, old.section))} a rdf:Statement ; rdf:subject {t.iri(iri)} ;"
                      f" rdf:predicate sg:transferredTo ; rdf:object {t.iri(new.section_iri)} ; {self.where(line)} .")

    def cross_references(self) -> None:
        if not self.draft.cross_references:
            return
        self.emit("", t.comment("--- Cross-references in the quoted statutory text"), "")
        kinds = {"section": "sg:SectionReference", "chapter": "sg:ChapterReference",
                 "section-range": "sg:RangeReference", "constitution": "sg:ExternalReference",
                 "federal": "sg:ExternalReference", "public-law": "sg:ExternalReference"}
        for ref in self.draft.cross_references:
            node = iris.cross_reference(self.slug, ref.citing.iri, ref.cited.iri)
            end = ""
            if ref.cited.kind == "section-range":
                end = f" sg:rangeEnd {t.iri(iris.provision(self.slug, ref.cited.code, ref.cited.range_end))} ;"
            self.emit(f"{t.iri(node)} a sg:CrossReference ;\n    sg:citingProvision {t.iri(ref.citing.iri)} ;"
                      f" sg:citedResource {t.iri(ref.cited.iri)} ; sg:referenceKind {t.name(kinds[ref.cited.kind])} ;"
                      f"{end}\n    {self.where(ref.line)} .")

    def terms(self) -> None:
        if not self.draft.terms:
            return
        self.emit("", t.comment("--- Defined terms"), "")
        for term in self.draft.terms:
            owner = term.defined_in
            if owner.jurisdiction != self.draft.jurisdiction:
                continue  # federal definitions belong to graph_data/reference, not a state entry
            node = iris.defined_term(self.slug, owner.iri, term.term)
            self.emit(f"{t.iri(node)} a sg:DefinedTerm ; sg:term {t.literal(term.term)} ;"
                      f" sg:definedIn {t.iri(owner.iri)} ; {self.where(term.line)} .")

    # -- the report card

    def report_card(self) -> None:
        draft, card = self.draft, self.card
        label = f"{form_for(draft.state).name} {draft.year} report card"
        self.emit("", t.comment("--- The report card"), "")
        facts = [f"{t.iri(card)} a sg:ReportCard ; rdfs:label {t.literal(label)} ;",
                 f"    sg:jurisdiction {t.iri(self.slug)} ; sg:framework {t.iri(self.framework)} ;"
                 f" sg:year {t.integer(draft.year)} ;"]
        if draft.total:
            facts.append(f"    sg:publishedTotal {_number(draft.total.value)} ;" + t.note(f"line {draft.total.line}"))
        if draft.grade:
            facts.append(f"    sg:publishedGrade {t.literal(draft.grade.value)} ;" + t.note(f"line {draft.grade.line}"))
        if draft.tier:
            facts.append(f"    sg:publishedTier {t.iri(iris.tier(self.framework, draft.tier.value))} ;"
                         + t.note(f"line {draft.tier.line}"))
        if draft.rank:
            rank, tied = draft.rank.value
            facts.append(f"    sg:publishedRank {t.integer(rank)} ; sg:rankTied {t.boolean(tied)} ;"
                         + t.note(f"line {draft.rank.line}"))
        facts.append(f"    {self.where(1)} .")
        self.emit(*facts)
        for number, found in sorted(draft.issues.items(), key=lambda kv: natural_key(kv[0])):
            _, grade, score, _ = found.value
            statutes = draft.issue_statutes.get(number, {})
            rests = f"\n    sg:restsOn {t.iris(statutes)} ;" if statutes else ""
            self.emit(f"{t.iri(iris.issue_result(card, number))} a sg:IssueAreaResult ; sg:reportCard {t.iri(card)} ;"
                      f" sg:issueArea {t.iri(iris.issue_area(self.framework, number))} ;"
                      f"\n    sg:publishedScore {_number(score)} ;"
                      f" sg:publishedGrade {t.literal(grade)} ;{rests} {self.where(found.line)} .")
        for label, found in draft.extra_credit.items():
            category = iris.slug(label)
            goals = sorted(draft.extra_credit_goals.get(label, ()), key=natural_key)
            extends = ""
            if goals:
                extends = f"\n    sg:extendsGoal {t.iris(self.goal_iris[g] for g in goals if g in self.goal_iris)} ;"
            statutes = draft.extra_credit_statutes.get(label, {})
            rests = f"\n    sg:restsOn {t.iris(statutes)} ;" if statutes else ""
            self.emit(f"{t.iri(iris.extra_credit_award(card, category))} a sg:ExtraCreditAward ;"
                      f" sg:reportCard {t.iri(card)} ;"
                      f"\n    sg:extraCreditCategory {t.iri(iris.extra_credit_category(self.framework, category))} ;"
                      f" sg:publishedScore {_number(found.value)} ;{extends}{rests}\n    {self.where(found.line)} .")
        for goal, found in sorted(draft.safe_harbor.items(), key=lambda kv: natural_key(kv[0])):
            if goal in self.goal_iris:
                self.emit(f"{t.iri(iris.safe_harbor_row(card, goal))} a sg:SafeHarborRow ; sg:reportCard {t.iri(card)} ;"
                          f" sg:goal {t.iri(self.goal_iris[goal])} ;\n    sg:publishedStatus {t.name('sg:' + found.value)} ;"
                          f" {self.where(found.line)} .")
        for index, highlight in enumerate(draft.highlights, 1):
            self.emit(f"{t.iri(iris.highlight(card, index))} a sg:Highlight ; sg:reportCard {t.iri(card)} ;"
                      f"\n    rdfs:label {t.literal(highlight.value)} ;" + t.note("the report's words: rewrite")
                      + f"\n    {self.where(highlight.line)} .")

    def assessments(self) -> None:
        draft, card = self.draft, self.card
        self.emit("", t.comment("--- Assessments and recommendations (gap and recommendation text is the report's:"),
                  t.comment("rewrite it in your own words before the entry joins graph_data/)"), "")
        for notation, goal in sorted(draft.goals.items(), key=lambda kv: natural_key(kv[0])):
            if notation not in self.goal_iris:
                self.emit(t.comment(f"Policy Goal {notation} (line {goal.line_start}) is not in the framework: skipped"),
                          "")
                continue
            parts = [f"{t.iri(iris.assessment(card, notation))} a sg:Assessment ;",
                     f"    sg:reportCard {t.iri(card)} ; sg:goal {t.iri(self.goal_iris[notation])} ;"]
            if goal.status is not None:
                parts.append(f"    sg:status {t.name('sg:' + goal.status.value)} ;" + t.note(f"line {goal.status.line}"))
            else:
                parts.append("    " + t.comment("no status marker found: add sg:status"))
            if goal.statutes:
                parts.append(f"    sg:restsOn {t.iris(goal.statutes)} ;")
            if goal.gap_text is not None:
                parts.append(f"    sg:gapSummary {t.literal(goal.gap_text.value)} ;" + t.note(f"line {goal.gap_text.line}"))
            if goal.recommendations:
                parts.append(f"    sg:recommendation {t.iris(iris.recommendation(card, r) for r in goal.recommendations)} ;")
            parts.append(f"    {self.where(goal.line_start)} ; sg:lineEnd {t.integer(goal.line_end)} .")
            self.emit(*parts)
            for notation_r in goal.recommendations:
                rec = draft.recommendations[notation_r]
                targets = f"\n    sg:targetsStatute {t.iris(rec.statutes)} ;" if rec.statutes else ""
                self.emit(f"{t.iri(iris.recommendation(card, notation_r))} a sg:Recommendation ;"
                          f" skos:notation {t.literal(notation_r)} ;"
                          f"\n    sg:summary {t.literal(rec.text)} ;{targets}\n    {self.where(rec.line)} .")
            self.emit("")

    def header(self) -> None:
        self.emit(
            t.comment(f"Draft entry for {self.draft.state} {self.draft.year}, written by `statgraph ingest` from"),
            t.comment(f"{self.source_name}. Review every statement against the report: statuses, the"),
            t.comment("statutes each goal rests on, cross-references and terms are read by patterns and"),
            t.comment("can be wrong or missing. Offenses, penalties and protections are not extracted:"),
            t.comment("add them by hand. Gap, recommendation and highlight text is the report's own;"),
            t.comment("rewrite it in your words before the entry joins graph_data/."),
            t.comment("Check with:  statgraph validate THIS-FILE --data THIS-FILE"),
            "",
            t.prologue(("sg", "eli", "skos", "dcterms", "rdf", "rdfs")),
            f"{t.iri(self.source)} a sg:SourceDocument ; dcterms:identifier {t.literal(self.source_name)} ;",
            f"    sg:sha256 {t.literal(self.sha256)} .",
            "")


def _preferred(form) -> str:
    """The code's shortest common name without "Ann." (Mo. Rev. Stat.)."""
    plain = [name for name in form.code_names if "Ann." not in name and "." in name]
    return plain[0] if plain else form.code_names[0]


def to_turtle(draft: Draft, source_name: str, sha256: str, goal_iris: dict[str, str],
              framework_iri: str) -> str:
    """The draft as Turtle; ``goal_iris`` maps goal notations to the framework's goal IRIs."""
    writer = _Writer(draft, source_name, sha256, goal_iris, framework_iri)
    writer.header()
    writer.statutes()
    writer.cross_references()
    writer.terms()
    writer.report_card()
    writer.assessments()
    return "\n".join(writer.lines) + "\n"


@dataclass
class DraftedEntry:
    """A draft entry written from a report: its Turtle and what was found."""

    turtle: str
    draft: Draft

    def summary(self) -> str:
        draft = self.draft
        return (f"{len(draft.goals)} goals ({sum(g.status is not None for g in draft.goals.values())} with a "
                f"status), {len(draft.sections)} sections, {len(draft.cross_references)} cross-references, "
                f"{len(draft.terms)} terms")


def draft_from_report(kg: KnowledgeGraph, report: Path, state: str, year: int | None = None,
                      framework: str = "shi-2023", progress=None) -> DraftedEntry:
    """Read a report card analysis and write a draft entry for ``state`` under ``framework``.

    The framework's goals come from ``kg``; the draft names the report by file name and
    SHA-256, and is parsed back before it is returned (a draft that does not parse is a bug)."""
    import hashlib

    from statgraph.authoring.ingest import ingest, read_report
    text = read_report(report)
    goals = kg.run("framework-goals", framework=framework).records()
    if not goals:
        raise InputError(f"no framework {framework!r} is loaded",
                         hint="'statgraph query framework-goals' lists the frameworks' goals")
    if progress is None and len(text) > 500_000:  # long enough that a log should show it
        from statgraph.progress import reporter
        progress = reporter("ingest", always=True)
    draft = ingest(text, state, year, progress)
    goal_iris = {g["goal"]: iris.relative(g["goal_iri"]) for g in goals}
    framework_iri = iris.relative(goals[0]["framework_iri"])
    from statgraph import standard_input
    name = standard_input.NAME if standard_input.is_stdin(report) else Path(report).name
    turtle = to_turtle(draft, name, hashlib.sha256(text.encode("utf-8")).hexdigest(), goal_iris, framework_iri)
    _check_turtle(turtle)
    return DraftedEntry(turtle, draft)


def _check_turtle(turtle: str) -> None:
    import pyoxigraph as ox
    try:
        ox.Store().load(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    except SyntaxError as error:
        raise RuntimeError(f"the draft written by ingest is not valid Turtle: {error}") from error
