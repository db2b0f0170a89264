"""Write an ingested ``Draft`` as a Turtle entry an analyst can load, validate and finish."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from statgraph.authoring.citations import Citation, form_for
from statgraph.authoring.ingest import Draft
from statgraph.errors import InputError
from statgraph.kg.base import KnowledgeGraph
from statgraph.kg.names import ID_BASE

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def literal(text: str) -> str:
    """A Turtle string literal (escaping is all the report's text needs)."""
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in text) + '"'


def _number(value: float) -> str:
    return f"{value:.1f}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "term"


def _id(cite: Citation) -> str:
    """566.211/1 -> 566.211-1: one path segment for node names built from a citation."""
    return cite.iri.split("/", 2)[2].replace("/", "-") if cite.jurisdiction != "us" else cite.iri.replace("/", "-")


class _Writer:
    def __init__(self, draft: Draft, source_name: str, sha256: str, goal_iris: dict[str, str],
                 framework_iri: str):
        self.draft, self.goal_iris, self.framework = draft, goal_iris, framework_iri
        self.slug = draft.jurisdiction
        self.card = f"{self.slug}/{draft.year}"
        self.source = f"source/draft/{self.slug}-{draft.year}"
        self.source_name, self.sha256 = source_name, sha256
        self.lines: list[str] = []

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    def where(self, line: int) -> str:
        return f"dcterms:source <{self.source}> ; sg:lineStart {line}"

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
        used += [(t.defined_in, t.line) for t in draft.terms]
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

        code = f"{self.slug}/{form.code}"
        self.emit(f"<{self.slug}> a sg:Jurisdiction ; sg:code {literal(draft.state)} ;"
                  f" rdfs:label {literal(form.name)} .",
                  f"<{code}> a sg:Code ; eli:jurisdiction <{self.slug}> ;"
                  f" sg:citation {literal(_preferred(form))} .", "")
        self.emit("# --- Chapters", "")
        for number, (cite, line) in sorted(chapters.items(), key=lambda kv: int(kv[0])):
            title = f" ;\n    eli:title {literal(cite.title)} ; {self.where(line)}" if cite and cite.title else ""
            self.emit(f"<{code}/chapter/{number}> a sg:Chapter ; eli:number {literal(number)} ;"
                      f" sg:citation {literal('chapter ' + number)} ;\n    eli:is_part_of <{code}>{title} .")
        self.emit("", "# --- Sections: titles as the report gives them (check typos against the code)", "")
        for iri, (cite, line) in sorted(sections.items()):
            title = f"\n    eli:title {literal(cite.title)} ;" if cite.title else \
                "\n    # no title in the report: add eli:title from the code"
            self.emit(f"<{iri}> a sg:Section ; eli:number {literal(cite.section)} ;"
                      f" sg:citation {literal(cite.section)} ;\n    eli:is_part_of <{code}/chapter/{cite.chapter}> ;"
                      f"{title}\n    {self.where(line)} .")
        for iri, sub in sorted(subsections.items()):
            parent = Citation(sub.kind, sub.jurisdiction, sub.code, sub.section, sub.chapter, sub.subsection[:-1])
            self.emit(f"<{iri}> a sg:Subsection ; eli:number {literal(sub.subsection[-1])} ;"
                      f" sg:citation {literal(sub.label)} ; eli:is_part_of <{parent.iri}> .")
        if externals:
            self.emit("", "# --- Cited law outside the state code", "")
        for iri, (cite, line) in sorted(externals.items()):
            if cite.jurisdiction == "us":  # federal law belongs to the reference data, not to a state's entry
                self.emit(f"# <{iri}> {cite.label} (line {line}): declared in graph_data/reference/, "
                          "not here (an entry states facts about its own jurisdiction only)")
                continue
            jurisdiction = self.slug
            title = f" ;\n    eli:title {literal(cite.title)}" if cite.title else ""
            self.emit(f"<{iri}> a sg:ExternalLegalResource ; eli:jurisdiction <{jurisdiction}> ;"
                      f" sg:citation {literal(cite.label)}{title} ;\n    {self.where(line)} .")
        if transfers:
            self.emit("", "# --- Transfers (bracketed notes in the report)", "")
        for iri, (old, new, line) in sorted(transfers.items()):
            self.emit(f"<{iri}> sg:transferredTo <{new.section_iri}> ; eli:in_force eli:InForce-notInForce .",
                      f"<{self.slug}/transfer/{old.section}> a rdf:Statement ; rdf:subject <{iri}> ;"
                      f" rdf:predicate sg:transferredTo ; rdf:object <{new.section_iri}> ; {self.where(line)} .")

    def cross_references(self) -> None:
        if not self.draft.cross_references:
            return
        self.emit("", "# --- Cross-references in the quoted statutory text", "")
        kinds = {"section": "SectionReference", "chapter": "ChapterReference",
                 "section-range": "RangeReference", "constitution": "ExternalReference",
                 "federal": "ExternalReference", "public-law": "ExternalReference"}
        for ref in self.draft.cross_references:
            node = f"{self.slug}/xref/{_id(ref.citing)}/{_id(ref.cited)}"
            end = f" sg:rangeEnd <{self.slug}/{ref.cited.code}/{ref.cited.range_end}> ;" \
                if ref.cited.kind == "section-range" else ""
            self.emit(f"<{node}> a sg:CrossReference ;\n    sg:citingProvision <{ref.citing.iri}> ;"
                      f" sg:citedResource <{ref.cited.iri}> ; sg:referenceKind sg:{kinds[ref.cited.kind]} ;{end}"
                      f"\n    {self.where(ref.line)} .")

    def terms(self) -> None:
        if not self.draft.terms:
            return
        self.emit("", "# --- Defined terms", "")
        for term in self.draft.terms:
            owner = term.defined_in
            if owner.jurisdiction != self.draft.jurisdiction:
                continue  # federal definitions belong to graph_data/reference, not a state entry
            base = self.slug
            node = f"{base}/term/{_id(owner)}/{_slug(term.term)}"
            self.emit(f"<{node}> a sg:DefinedTerm ; sg:term {literal(term.term)} ;"
                      f" sg:definedIn <{owner.iri}> ; {self.where(term.line)} .")

    # -- the report card

    def report_card(self) -> None:
        draft, card = self.draft, self.card
        self.emit("", "# --- The report card", "")
        facts = [f"<{card}> a sg:ReportCard ; rdfs:label {literal(f'{form_for(draft.state).name} {draft.year} report card')} ;",
                 f"    sg:jurisdiction <{self.slug}> ; sg:framework <{self.framework}> ; sg:year {draft.year} ;"]
        if draft.total:
            facts.append(f"    sg:publishedTotal {_number(draft.total.value)} ;  # line {draft.total.line}")
        if draft.grade:
            facts.append(f"    sg:publishedGrade {literal(draft.grade.value)} ;  # line {draft.grade.line}")
        if draft.tier:
            facts.append(f"    sg:publishedTier <{self.framework}/tier/{draft.tier.value}> ;  # line {draft.tier.line}")
        if draft.rank:
            rank, tied = draft.rank.value
            facts.append(f"    sg:publishedRank {rank} ; sg:rankTied {'true' if tied else 'false'} ;"
                         f"  # line {draft.rank.line}")
        facts.append(f"    {self.where(1)} .")
        self.emit(*facts)
        for number, found in sorted(draft.issues.items()):
            _, grade, score, _ = found.value
            statutes = draft.issue_statutes.get(number, {})
            rests = f"\n    sg:restsOn {_objects(statutes)} ;" if statutes else ""
            self.emit(f"<{card}/issue/{number}> a sg:IssueAreaResult ; sg:reportCard <{card}> ;"
                      f" sg:issueArea <{self.framework}/issue/{number}> ;\n    sg:publishedScore {_number(score)} ;"
                      f" sg:publishedGrade {literal(grade)} ;{rests} {self.where(found.line)} .")
        for label, found in draft.extra_credit.items():
            category = _slug(label)
            goals = sorted(draft.extra_credit_goals.get(label, ()), key=_goal_key)
            extends = f"\n    sg:extendsGoal {', '.join(f'<{self.goal_iris[g]}>' for g in goals if g in self.goal_iris)} ;" \
                if goals else ""
            statutes = draft.extra_credit_statutes.get(label, {})
            rests = f"\n    sg:restsOn {_objects(statutes)} ;" if statutes else ""
            self.emit(f"<{card}/extra-credit/{category}> a sg:ExtraCreditAward ; sg:reportCard <{card}> ;"
                      f"\n    sg:extraCreditCategory <{self.framework}/extra-credit/{category}> ;"
                      f" sg:publishedScore {_number(found.value)} ;{extends}{rests}\n    {self.where(found.line)} .")
        for goal, found in sorted(draft.safe_harbor.items(), key=lambda kv: _goal_key(kv[0])):
            if goal in self.goal_iris:
                self.emit(f"<{card}/safe-harbor/{goal}> a sg:SafeHarborRow ; sg:reportCard <{card}> ;"
                          f" sg:goal <{self.goal_iris[goal]}> ;\n    sg:publishedStatus sg:{found.value} ;"
                          f" {self.where(found.line)} .")
        for index, highlight in enumerate(draft.highlights, 1):
            self.emit(f"<{card}/highlight/{index}> a sg:Highlight ; sg:reportCard <{card}> ;"
                      f"\n    rdfs:label {literal(highlight.value)} ;  # the report's words: rewrite"
                      f"\n    {self.where(highlight.line)} .")

    def assessments(self) -> None:
        draft, card = self.draft, self.card
        self.emit("", "# --- Assessments and recommendations (gap and recommendation text is the report's:",
                  "# rewrite it in your own words before the entry joins graph_data/)", "")
        for notation, goal in sorted(draft.goals.items(), key=lambda kv: _goal_key(kv[0])):
            if notation not in self.goal_iris:
                self.emit(f"# Policy Goal {notation} (line {goal.line_start}) is not in the framework: skipped", "")
                continue
            parts = [f"<{card}/goal/{notation}> a sg:Assessment ;",
                     f"    sg:reportCard <{card}> ; sg:goal <{self.goal_iris[notation]}> ;"]
            if goal.status is not None:
                parts.append(f"    sg:status sg:{goal.status.value} ;  # line {goal.status.line}")
            else:
                parts.append("    # no status marker found: add sg:status")
            if goal.statutes:
                parts.append(f"    sg:restsOn {_objects(goal.statutes)} ;")
            if goal.gap_text is not None:
                parts.append(f"    sg:gapSummary {literal(goal.gap_text.value)} ;  # line {goal.gap_text.line}")
            if goal.recommendations:
                parts.append("    sg:recommendation " + ", ".join(
                    f"<{card}/recommendation/{r}>" for r in goal.recommendations) + " ;")
            parts.append(f"    {self.where(goal.line_start)} ; sg:lineEnd {goal.line_end} .")
            self.emit(*parts)
            for notation_r in goal.recommendations:
                rec = draft.recommendations[notation_r]
                targets = f"\n    sg:targetsStatute {_objects(rec.statutes)} ;" if rec.statutes else ""
                self.emit(f"<{card}/recommendation/{notation_r}> a sg:Recommendation ; skos:notation {literal(notation_r)} ;"
                          f"\n    sg:summary {literal(rec.text)} ;{targets}\n    {self.where(rec.line)} .")
            self.emit("")

    def header(self) -> None:
        self.emit(
            f"# Draft entry for {self.draft.state} {self.draft.year}, written by `statgraph ingest` from",
            f"# {self.source_name}. Review every statement against the report: statuses, the",
            "# statutes each goal rests on, cross-references and terms are read by patterns and",
            "# can be wrong or missing. Offenses, penalties and protections are not extracted:",
            "# add them by hand. Gap, recommendation and highlight text is the report's own;",
            "# rewrite it in your words before the entry joins graph_data/.",
            "# Check with:  statgraph validate THIS-FILE --data THIS-FILE",
            "",
            f"@base <{ID_BASE}> .",
            "@prefix sg:      <https://w3id.org/statgraph/ontology#> .",
            "@prefix eli:     <http://data.europa.eu/eli/ontology#> .",
            "@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .",
            "@prefix dcterms: <http://purl.org/dc/terms/> .",
            "@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
            "@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .",
            "",
            f"<{self.source}> a sg:SourceDocument ; dcterms:identifier {literal(self.source_name)} ;",
            f"    sg:sha256 {literal(self.sha256)} .",
            "")


def _preferred(form) -> str:
    """The code's shortest common name without "Ann." (Mo. Rev. Stat.)."""
    plain = [name for name in form.code_names if "Ann." not in name and "." in name]
    return plain[0] if plain else form.code_names[0]


def _objects(statutes: dict[str, Citation]) -> str:
    return ", ".join(f"<{iri}>" for iri in statutes)


def _goal_key(notation: str) -> tuple[int, ...]:
    return tuple(int(part) for part in notation.split("."))


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
    if progress is None and len(text) > 500_000:
        import sys
        progress = lambda message: print(f"statgraph: ingest: {message}", file=sys.stderr, flush=True)  # noqa: E731
    draft = ingest(text, state, year, progress)
    goal_iris = {g["goal"]: str(g["goal_iri"]).removeprefix(ID_BASE) for g in goals}
    framework_iri = str(goals[0]["framework_iri"]).removeprefix(ID_BASE)
    turtle = to_turtle(draft, report.name, hashlib.sha256(text.encode("utf-8")).hexdigest(), goal_iris, framework_iri)
    _check_turtle(turtle)
    return DraftedEntry(turtle, draft)


def _check_turtle(turtle: str) -> None:
    import pyoxigraph as ox
    try:
        ox.Store().load(turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
    except SyntaxError as error:
        raise RuntimeError(f"the draft written by ingest is not valid Turtle: {error}") from error
