"""From a report card analysis (Markdown or text from its PDF) to a draft entry.

``ingest(text)`` reads the report's structure: the policy-goal headings and
their status markers, the recommendations ("2.6.1 Recommendation: ..."), the
issue-area table, extra credit, the Safe Harbor rows, total, grade, tier and
rank, and footnotes (whose citations belong to the goal that refers to them,
wherever the page break put them). Citations come from statgraph.authoring.citations:
the code's own citations in a goal's text are the statutes it rests on; bare
"section N" citations inside quoted statutory text are cross-references made
by the provision last cited in full.

The result is a ``Draft``; statgraph.authoring.draft writes it as Turtle. Everything is
a draft for an analyst to review: the report's own sentences (gap text,
recommendations) are kept so they can be rewritten in the analyst's words.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from statgraph.authoring.citations import Citation, CitationParser, form_for
from statgraph.errors import InputError

STATUSES = {"FULLY MET": "FullyMet", "PARTIALLY MET": "PartiallyMet", "NOT MET": "NotMet"}

_GOAL_HEADING = re.compile(r"^[ \t]*(?:#+[ \t]*)?(?:\*\*)?[ \t]*Policy Goal[ \t]+(\d{1,2}\.\d{1,2})\b", re.M)
_ISSUE_HEADING = re.compile(r"^#+[ \t]*ISSUE[ \t]+(\d{1,2})\b", re.M)
_TOP_HEADING = re.compile(r"^#[ \t]+\S", re.M)
# A status line: "● FULLY MET", "❶ **PARTIALLY MET**", "#### **1 PARTIALLY MET**", "🟡 **NOT MET**".
_STATUS = re.compile(r"^[ \t]*(?:[^A-Za-z\s]{1,6}[ \t]*){0,3}(FULLY|PARTIALLY|NOT)[ \t]+MET\b", re.M | re.I)
_RECOMMENDATION = re.compile(r"^[^\S\n]*(?:-[^\S\n]*)?(\d{1,2}\.\d{1,2}\.\d{1,2})[^\S\n]+Recommendation:[^\S\n]*(.*)$", re.M)
_FOOTNOTE_DEF = re.compile(r"^<sup>(\d{1,3})</sup>", re.M)
_FOOTNOTE_REF = re.compile(r"(?<!^)<sup>(\d{1,3})</sup>", re.M)
_FOOTNOTE_END = re.compile(r"^(?:<sup>\d|---|#|[ \t]*(?:\*\*)?Policy Goal|[^\S\n]*(?:-[^\S\n]*)?\d+\.\d+\.\d+[^\S\n]+Recommendation)", re.M)
_ISSUE_ROW = re.compile(r"^[^\n\d]*?(\d)\.[ \t]+([^\t\n]+?)\t+([A-F][+-]?)\t+\$\\frac\{([\d.]+)\}\{([\d.]+)\}\$", re.M)
_EXTRA_ROW = re.compile(r"^(?:EXTRA CREDIT)?\t+([A-Z][A-Za-z ]+?)\t+(\d+(?:\.\d+)?)\t", re.M)
_OVERALL = re.compile(r"OVERALL GRADE.*?\*\*([A-F][+-]?)[ \t]+(\d+(?:\.\d+)?)\*\*", re.S)
_TIER = re.compile(r"^[ \t]*(?:\*\*)?TIER[ \t]+(I{1,3}|IV)\b", re.M)
_RANK = re.compile(r"ranked (\d+)(?:st|nd|rd|th) in the nation( \(tie\))?", re.I)
_SAFE_HARBOR_ROW = re.compile(r"<b>(Fully met|Partially met|Not met)</b>[^\n]*?Policy Goal (\d{1,2}\.\d{1,2})", re.I)
_HIGHLIGHTS = re.compile(r"^#+[ \t]*STATE HIGHLIGHTS:?[ \t]*\n(.*?)(?=^#)", re.M | re.S)
_EXTRA_HEADING = re.compile(r"^#+[ \t]*EXTRA CREDIT[ \t]*$", re.M)
_YEAR_HEADING = re.compile(r"^#+[ \t]*(\d{4}) Report Card", re.M)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass
class Located:
    """A value and the line of the report it was read from."""

    value: object
    line: int


@dataclass
class GoalEntry:
    notation: str
    line_start: int
    line_end: int
    status: Located | None = None
    gap_text: Located | None = None
    statutes: dict[str, Citation] = field(default_factory=dict)  # IRI -> first citation
    recommendations: list[str] = field(default_factory=list)


@dataclass
class RecommendationEntry:
    notation: str
    text: str
    line: int
    statutes: dict[str, Citation] = field(default_factory=dict)


@dataclass
class CrossReference:
    citing: Citation
    cited: Citation
    line: int


@dataclass
class TermEntry:
    term: str
    defined_in: Citation
    line: int


@dataclass
class Draft:
    state: str
    jurisdiction: str
    year: int
    goals: dict[str, GoalEntry] = field(default_factory=dict)
    recommendations: dict[str, RecommendationEntry] = field(default_factory=dict)
    issues: dict[str, Located] = field(default_factory=dict)  # number -> (title, grade, score, max)
    issue_statutes: dict[str, dict[str, Citation]] = field(default_factory=dict)
    extra_credit: dict[str, Located] = field(default_factory=dict)  # category label -> points
    extra_credit_goals: dict[str, set[str]] = field(default_factory=dict)
    extra_credit_statutes: dict[str, dict[str, Citation]] = field(default_factory=dict)
    safe_harbor: dict[str, Located] = field(default_factory=dict)  # goal -> status
    total: Located | None = None
    grade: Located | None = None
    tier: Located | None = None
    rank: Located | None = None
    highlights: list[Located] = field(default_factory=list)
    citations: list[tuple[Citation, int]] = field(default_factory=list)  # every citation, with line
    cross_references: list[CrossReference] = field(default_factory=list)
    terms: list[TermEntry] = field(default_factory=list)
    lines: int = 0

    @property
    def sections(self) -> set[str]:
        """The state sections cited anywhere, as section IRIs."""
        found = set()
        for cite, _ in self.citations:
            for c in cite.with_related():
                if c.kind in ("section", "section-range") and c.jurisdiction == self.jurisdiction:
                    found.add(c.section_iri)
        return found


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return end if end >= 0 else len(text)


class _Spans:
    """Which of several non-overlapping (key, start, end) stretches holds an offset, by bisection."""

    def __init__(self, spans: list[tuple[str, int, int]]):
        self.spans = sorted(spans, key=lambda span: span[1])
        self.starts = [span[1] for span in self.spans]

    def at(self, offset: int) -> str | None:
        index = bisect.bisect_right(self.starts, offset) - 1
        if index >= 0 and self.spans[index][1] <= offset < self.spans[index][2]:
            return self.spans[index][0]
        return None


class _Lines:
    """Offset -> 1-based line number."""

    def __init__(self, text: str):
        self.starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)


def _regions(text: str, pattern: re.Pattern, end_pattern: re.Pattern) -> list[tuple[str, int, int]]:
    """(key, start, end) for each match of ``pattern``, ending where ``end_pattern`` next matches."""
    regions = []
    for match in pattern.finditer(text):
        stop = end_pattern.search(text, match.end())
        regions.append((match.group(1), match.start(), stop.start() if stop else len(text)))
    return regions


def _footnote_regions(text: str) -> list[tuple[str, int, int]]:
    """A footnote is its first paragraph, or more when that paragraph ends by introducing a quotation."""
    regions = []
    for number, start, end in _regions(text, _FOOTNOTE_DEF, _FOOTNOTE_END):
        paragraph_end = text.find("\n\n", start, end)
        if paragraph_end >= 0 and not text[start:paragraph_end].rstrip().endswith((":", ",")):
            end = paragraph_end
        regions.append((number, start, end))
    return regions


def _state_section(cite: Citation, jurisdiction: str) -> bool:
    return cite.jurisdiction == jurisdiction and cite.kind in ("section", "constitution") and not cite.bare


def _full_section(cite: Citation, jurisdiction: str) -> bool:
    """A section of the state's code cited in full ("Mo. Rev. Stat. § ..."): quoted text's citing provision."""
    return _state_section(cite, jurisdiction) and cite.kind == "section"


def ingest(text: str, state: str, year: int | None = None,
           progress: Callable[[str], None] | None = None) -> Draft:
    """Read a report card analysis into a draft entry for ``state``."""
    form = form_for(state)
    line_of = _Lines(text)
    goal_heads = list(_GOAL_HEADING.finditer(text))
    if not goal_heads:
        raise InputError("no policy goals found: the text has no headings like 'Policy Goal 1.1'",
                         hint="give the Markdown or text converted from a report card analysis")
    if year is None:
        found = _YEAR_HEADING.search(text)
        if not found:
            raise InputError("the report does not say its year", hint="give --year")
        year = int(found.group(1))
    draft = Draft(form.state, form.jurisdiction, year, lines=len(line_of.starts))
    say = progress or (lambda message: None)

    say("reading citations")
    parser = CitationParser(form)
    citations = parser.parse(text)
    draft.citations = [(c, line_of(c.start)) for c in citations]

    # Where each goal's text runs, and where each footnote's text sits.
    issue_heads = list(_ISSUE_HEADING.finditer(text))
    boundaries = sorted([m.start() for m in goal_heads] + [m.start() for m in issue_heads]
                        + [m.start() for m in _TOP_HEADING.finditer(text) if m.start() > goal_heads[0].start()]
                        + [len(text)])
    goal_spans = []
    for head in goal_heads:
        end = boundaries[bisect.bisect_right(boundaries, head.start())]
        goal_spans.append((head.group(1), head.start(), end))
    footnotes = _footnote_regions(text)

    goal_at = _Spans(goal_spans).at
    issue_heading_at = _Spans([(head.group(1), head.start(), _line_end(text, head.start()))
                               for head in issue_heads]).at

    # A footnote belongs to where it is first referred to.
    footnote_owner: dict[str, tuple[str, str]] = {}
    for ref in _FOOTNOTE_REF.finditer(text):
        number = ref.group(1)
        if number in footnote_owner:
            continue
        if (issue := issue_heading_at(ref.start())) is not None:
            footnote_owner[number] = ("issue", issue)
        elif (goal := goal_at(ref.start())) is not None:
            footnote_owner[number] = ("goal", goal)
    footnote_spans = [(number, start, end) for number, start, end in footnotes]

    footnote_at = _Spans(footnote_spans).at

    def owner_of(offset: int) -> tuple[str, str] | None:
        note = footnote_at(offset)
        if note is not None:
            return footnote_owner.get(note)
        goal = goal_at(offset)
        return ("goal", goal) if goal else None

    # Goals: status, the gap text, the statutes their text cites.
    for index, (notation, start, end) in enumerate(goal_spans, 1):
        say(f"goal {notation} ({index}/{len(goal_spans)})")
        own = text[start:end]
        entry = draft.goals.setdefault(notation, GoalEntry(notation, line_of(start), line_of(end - 1)))
        status = _STATUS.search(own)
        if status is not None and entry.status is None:
            entry.status = Located(STATUSES[status.group(1).upper() + " MET"], line_of(start + status.start()))
            if entry.status.value != "FullyMet":
                line_end = text.find("\n", start + status.end())
                entry.gap_text = _first_paragraph(text, line_end if line_end >= 0 else len(text), line_of)

    extra_spans = []
    for heading in _EXTRA_HEADING.finditer(text):
        goal = goal_at(heading.start())
        stop = re.compile(r"^#|^[ \t]*\*\*Policy Goal", re.M).search(text, heading.end())
        extra_spans.append((goal, heading.end(), stop.start() if stop else len(text)))

    for cite in citations:
        if not _state_section(cite, form.jurisdiction):
            continue
        owner = owner_of(cite.start)
        if owner is None:
            continue
        kind, key = owner
        if kind == "issue":
            draft.issue_statutes.setdefault(key, {}).setdefault(cite.iri, cite)
        elif key in draft.goals:
            draft.goals[key].statutes.setdefault(cite.iri, cite)

    # Recommendations, wherever the page put them: the number names the goal.
    for match in _RECOMMENDATION.finditer(text):
        notation, words = match.group(1), match.group(2)
        words = re.sub(r"\s*\((?:\*)?See\b.*$", "", words).strip()
        recommendation = RecommendationEntry(notation, words, line_of(match.start()))
        for cite in parser.parse(words):
            if _state_section(cite, form.jurisdiction):
                recommendation.statutes.setdefault(cite.iri, cite)
        draft.recommendations[notation] = recommendation
        goal = notation.rsplit(".", 1)[0]
        if goal in draft.goals:
            draft.goals[goal].recommendations.append(notation)
            for iri, cite in recommendation.statutes.items():
                draft.goals[goal].statutes.setdefault(iri, cite)

    say("reading the tables")
    _read_tables(text, draft, line_of)
    for goal, start, end in extra_spans:
        for paragraph in re.finditer(r"\S[^\n]*", text[start:end]):
            words = paragraph.group(0)
            category = ("Child Labor Trafficking" if re.search(r"\blabor\b", words, re.I)
                        else "Youth" if re.search(r"\byouth\b", words, re.I) else None)
            if category is None or goal is None:
                continue
            draft.extra_credit_goals.setdefault(category, set()).add(goal)
            for cite in parser.parse(words):
                if _state_section(cite, form.jurisdiction):
                    draft.extra_credit_statutes.setdefault(category, {}).setdefault(cite.iri, cite)

    say("reading quoted statutory text")
    _cross_references(text, draft, citations, form.jurisdiction, line_of, footnote_at, goal_at)
    _definitions(text, draft, line_of, citations, form.jurisdiction)
    return draft


def _first_paragraph(text: str, offset: int, line_of) -> Located | None:
    match = re.compile(r"\S[^\n]*").search(text, offset)
    if match is None or match.group(0).startswith(("#", "-", "|")) or _RECOMMENDATION.match(match.group(0)):
        return None
    words = re.sub(r"<sup>\d+</sup>", "", match.group(0)).strip()
    return Located(words, line_of(match.start()))


def _read_tables(text: str, draft: Draft, line_of) -> None:
    for match in _ISSUE_ROW.finditer(text):
        number, title, grade, score, maximum = match.groups()
        draft.issues.setdefault(number, Located((title.strip(), grade, float(score), float(maximum)),
                                                line_of(match.start())))
    for match in _EXTRA_ROW.finditer(text):
        draft.extra_credit.setdefault(match.group(1).strip(), Located(float(match.group(2)), line_of(match.start())))
    if (overall := _OVERALL.search(text)) is not None:
        draft.grade = Located(overall.group(1), line_of(overall.start(1)))
        draft.total = Located(float(overall.group(2)), line_of(overall.start(2)))
    if (tier := _TIER.search(text)) is not None:
        draft.tier = Located(_ROMAN[tier.group(1)], line_of(tier.start()))
    if (rank := _RANK.search(text)) is not None:
        draft.rank = Located((int(rank.group(1)), bool(rank.group(2))), line_of(rank.start()))
    for match in _SAFE_HARBOR_ROW.finditer(text):
        draft.safe_harbor.setdefault(match.group(2), Located(STATUSES[match.group(1).upper()], line_of(match.start())))
    if (block := _HIGHLIGHTS.search(text)) is not None:
        for item in re.finditer(r"^[ \t]*[-*•][ \t]+(.+)$", block.group(1), re.M):
            draft.highlights.append(Located(item.group(1).strip(), line_of(block.start(1) + item.start())))


def _cross_references(text, draft, citations, jurisdiction, line_of, footnote_at, goal_at) -> None:
    """Bare citations are made by the provision last cited in full in the same stretch of text.

    A footnote is its own stretch; the goal's text resumes after it with the
    provision it had before the footnote.
    """
    citing: dict[tuple, list[Citation]] = {}  # region -> the citations of the last full citation
    seen = set()
    for cite in citations:
        region = (footnote_at(cite.start), goal_at(cite.start))
        if _full_section(cite, jurisdiction):
            group = citing.get(region)
            if group and group[0].start == cite.start:
                group.append(cite)  # "§ 210.1500(1)–(4)": one citation, four provisions
            else:
                citing[region] = [cite]
            continue
        if not (cite.bare or cite.kind == "federal") or not citing.get(region):
            continue
        group = citing[region]
        if cite.kind == "section" and cite.section == group[0].section:
            continue  # the section citing itself
        provision = _citing_provision(text, group, cite.start)
        key = (provision.iri, cite.iri)
        if key not in seen:
            seen.add(key)
            draft.cross_references.append(CrossReference(provision, cite, line_of(cite.start)))


def _citing_provision(text: str, group: list[Citation], offset: int) -> Citation:
    """Which of the cited provisions holds the reference: the numbered paragraph ("5. ...") it sits in."""
    first = group[0]
    numbered = None
    for line in re.finditer(r"^[ \t]*(?:-[ \t]*)?(\d{1,2})\.[ \t]", text[first.end:offset], re.M):
        numbered = line.group(1)
    if numbered is not None:
        for cite in group:
            if cite.subsection and cite.subsection[0] == numbered:
                return replace(cite, subsection=cite.subsection[:1]) if len(cite.subsection) > 1 else cite
        if not first.subsection:
            return replace(first, subsection=(numbered,))
    if len(group) == 1:
        return first
    return replace(first, subsection=())


_QUOTED = r"[“\"]([^”\"\n]{1,80})[”\"]"
_STOP_WORDS = {"a", "an", "the", "by", "under", "to", "be", "is", "as", "for", "in", "on", "with", "and", "or"}


def _definitions(text, draft, line_of, citations, jurisdiction) -> None:
    seen = set()

    def add(term: str, cite: Citation, offset: int) -> None:
        term = term.strip(" ,.;:")
        if term[:1].isupper() and term[1:2].islower():  # capitalised only because a sentence starts
            term = term[0].lower() + term[1:]
        key = (term.lower(), cite.iri)
        if term and key not in seen:
            seen.add(key)
            draft.terms.append(TermEntry(term, cite, line_of(offset)))

    for cite in citations:
        if _full_section(cite, jurisdiction):
            # "§ 566.200(5) (Definitions) defines “commercial sex act” as ..."
            defines = re.compile(rf"[ \t]*(?:\([^)]*\)[ \t]*)?defines[ \t]+{_QUOTED}").match(text, cite.end)
            if defines:
                add(defines.group(1), cite, defines.start(1))
        before = text[max(0, cite.start - 120):cite.start]
        # '“Crime” is defined under Mo. Rev. Stat. § 595.010(5)'
        if (passive := re.search(rf"{_QUOTED}[ \t]+is defined (?:under|in)[ \t]+$", before)):
            add(passive.group(1), cite, cite.start)
        # "... explicit sexual material as defined in section 573.010"
        if (cite.bare or cite.kind == "federal") and (named := re.search(
                r"([A-Za-z][\w'’ -]{0,60}?),?[ \t]+as[ \t]+(those terms are[ \t]+|that term is[ \t]+)?"
                r"defined[ \t]+(?:in|under)[ \t]+$", before)):
            phrases = re.split(r"\s+or\s+", named.group(1)) if named.group(2) else [named.group(1)]
            for index, phrase in enumerate(phrases):
                # In "victims of sex trafficking or severe forms of trafficking as those terms are
                # defined", the first term starts after "of"; the last may hold one.
                add(_term_from_phrase(phrase, cut_at_of=index == 0 and len(phrases) > 1), cite, cite.start)
    full = [c for c in citations if _full_section(c, jurisdiction)]
    full_starts = [c.start for c in full]
    # "As used in this section, the term “abuse” ...", "For purposes of this section, “sexual
    # offenses” include ...": terms of the provision last cited in full.
    for match in re.finditer(r"(?:As used in|For (?:the )?purposes of) this section,([^\n]*)", text):
        before = bisect.bisect_left(full_starts, match.start())
        if before == 0:
            continue
        owner = full[before - 1]
        for term in re.finditer(rf"(?:the term )?{_QUOTED}(?=[ \t]+(?:shall include|shall mean|means|"
                                rf"includes?|is not limited))", match.group(1)):
            add(term.group(1), owner, match.start(1) + term.start())


def _term_from_phrase(phrase: str, cut_at_of: bool = False) -> str:
    """The defined term at the end of a phrase: up to four words, after the last article or preposition."""
    stops = _STOP_WORDS | {"of"} if cut_at_of else _STOP_WORDS
    words = phrase.split()[-4:]
    for index in range(len(words) - 1, -1, -1):
        if words[index].lower() in stops:
            words = words[index + 1:]
            break
    while words and words[0].lower() in _STOP_WORDS | {"of"}:
        words = words[1:]
    return " ".join(words[-4:]) if len(words) <= 4 else " ".join(words[-3:])


def read_report(path) -> str:
    """The report's text; errors name the file and say what is wrong with it."""
    from pathlib import Path

    from statgraph import standard_input

    path = Path(path)
    if standard_input.is_stdin(path):
        path = Path(standard_input.NAME)
        raw = standard_input.data()
    elif path.is_dir():
        raise InputError(f"{path}: is a folder; give the report's Markdown or text file")
    try:
        raw = raw if path.name == standard_input.NAME else path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputError(f"{path}, line {line}: not UTF-8 text",
                         hint="convert the report to UTF-8 (e.g. iconv -f latin1 -t utf-8)") from None
    if not text.strip():
        raise InputError(f"{path}: file is empty", hint="give the text converted from the report's PDF")
    return text
