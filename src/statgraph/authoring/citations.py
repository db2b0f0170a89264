"""Statute citations as report-card analyses write them, parsed into structured values.

``parse(text)`` finds every citation in a text and returns one ``Citation`` per
provision cited: lists ("§ 491.075(1), (2)") and subsection ranges
("§ 210.1500(1)–(4)") are expanded; a section range ("sections 566.200 to
566.223") stays one citation with both ends, because the sections between are
not known. Each citation knows its jurisdiction, code, chapter, section,
subsection path, the title given after it, whether it was transferred, and the
graph IRI statgraph uses for it.

State citation forms come from ``citation_forms/*.toml`` (one file per state);
federal forms (U.S.C., public laws) are built in. Policy-goal and
recommendation numbers ("2.10", "1.1.1") never match a section: a section
needs the code's name, "§" or the word "section" before it, and the state's
section pattern after.

Why not citeurl or eyecite: on the Missouri source, citeurl finds all but one
cited section but also reads 39 goal numbers as sections, and neither library
expands lists and ranges, reads titles or transfers, or knows the
constitution form (README: "Citation parsing").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from statgraph.errors import InputError
from statgraph.kg import iris
from statgraph.resources import citation_forms_dir

FORMS_DIR = citation_forms_dir()

# A subsection label: a number, a letter or two, or a small roman numeral.
_LABEL = r"(?:\d{1,3}|[a-z]{1,2}|[ivx]{1,4})"
_GROUPS = rf"(?:\({_LABEL}\))+"
# Lists and ranges of subsections: "(1), (2)", "(1)–(4)", "(6)(1)–(10)".
_SUBSECTIONS = rf"{_GROUPS}(?:\s*(?:,|–|—|-)\s*{_GROUPS})*"
_DASHES = "–—-"


@dataclass(frozen=True)
class CitationForm:
    """One state's way of citing its code, read from a TOML file."""

    jurisdiction: str
    state: str
    name: str
    code: str
    code_names: tuple[str, ...]
    section: str
    chapter_of_section: str
    chapter: str
    constitution: str
    constitution_citation: str

    def chapter_of(self, section: str) -> str | None:
        match = re.match(self.chapter_of_section, section)
        return match.group(1) if match else None


@dataclass(frozen=True)
class Citation:
    """One cited provision.

    ``kind`` is ``section``, ``section-range``, ``chapter``, ``federal``,
    ``public-law`` or ``constitution``. ``bare`` is true for citations without
    the code's name or "§" ("section 573.010" inside quoted statutory text).
    """

    kind: str
    jurisdiction: str
    code: str
    section: str
    chapter: str | None = None
    subsection: tuple[str, ...] = ()
    title: str | None = None
    range_end: str | None = None
    transferred_to: Citation | None = None
    bare: bool = False
    code_name: str = field(default="", compare=False)  # how the code is cited ("Mo. Const.")
    text: str = field(default="", compare=False)
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)

    @property
    def iri(self) -> str:
        """The node's IRI relative to https://w3id.org/statgraph/id/ (statgraph.kg.iris)."""
        if self.kind == "chapter":
            return iris.chapter(self.jurisdiction, self.code, self.section)
        if self.kind == "public-law":
            return iris.public_law(self.section)
        if self.kind == "constitution":
            return iris.constitution(self.jurisdiction, self.section)
        if self.kind == "federal":
            return iris.us_code(self.chapter or "", self.section, self.subsection)
        return iris.provision(self.jurisdiction, self.code, self.section, self.subsection)

    @property
    def section_iri(self) -> str:
        """The IRI of the whole section (subsections dropped)."""
        return replace(self, subsection=()).iri

    def with_related(self):
        """This citation, the section its transfer note names, and both ends of a section range."""
        yield self
        if self.transferred_to is not None:
            yield self.transferred_to
        if self.kind == "section-range" and self.range_end:
            for section in (self.section, self.range_end):
                yield Citation("section", self.jurisdiction, self.code, section, self.chapter, bare=True)

    @property
    def label(self) -> str:
        """How statgraph writes the citation: 566.211(1), chapter 566, 22 U.S.C. § 7102."""
        subs = "".join(f"({s})" for s in self.subsection)
        if self.kind == "chapter":
            return f"chapter {self.section}"
        if self.kind == "section-range":
            return f"{self.section} to {self.range_end}"
        if self.kind == "federal":
            return f"{self.chapter} U.S.C. § {self.section}{subs}"
        if self.kind == "public-law":
            return f"Pub. L. No. {self.section}"
        if self.kind == "constitution":
            article, section = self.section.split("/")
            return f"{self.code_name} art. {article.removeprefix('art-')}, § {section.removeprefix('sec-')}"
        return self.section + subs


@cache
def citation_forms(folder: Path = FORMS_DIR) -> tuple[CitationForm, ...]:
    forms = []
    for path in sorted(folder.glob("*.toml")):
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
            form = CitationForm(
                jurisdiction=raw["jurisdiction"], state=raw["state"].upper(), name=raw["name"],
                code=raw["code"],
                code_names=tuple(sorted(raw["code_names"], key=len, reverse=True)),
                section=raw["section"], chapter_of_section=raw["chapter_of_section"],
                chapter=raw["chapter"], constitution=raw.get("constitution", "Constitution"),
                constitution_citation=raw.get("constitution_citation", "Const."))
            for pattern in (form.section, form.chapter_of_section, form.chapter, form.constitution):
                re.compile(pattern)
        except (tomllib.TOMLDecodeError, KeyError, re.error) as error:
            raise InputError(f"{path}: not a usable citation form: {error}",
                             hint="compare it with citation_forms/us-mo.toml") from error
        forms.append(form)
    return tuple(forms)


def form_for(state: str, folder: Path = FORMS_DIR) -> CitationForm:
    for form in citation_forms(folder):
        if form.state == state.upper() or form.jurisdiction == state.lower():
            return form
    known = ", ".join(f.state for f in citation_forms(folder)) or "none"
    raise InputError(f"no citation form for state {state!r} (known: {known})",
                     hint=f"add a TOML file like us-mo.toml to {folder}")


# --- subsection lists and ranges ----------------------------------------------

def expand_subsections(written: str) -> list[tuple[str, ...]]:
    """'(1), (2)' -> [(1,), (2,)]; '(6)(1)–(10)' -> [(6,1), ..., (6,10)]; '' -> [()]."""
    if not written:
        return [()]
    pieces = re.split(r"\s*([,–—-])\s*", written.strip())
    paths: list[tuple[str, ...]] = []
    separator = ","
    for piece in pieces:
        if piece in (",", *_DASHES):
            separator = piece
            continue
        labels = tuple(re.findall(rf"\(({_LABEL})\)", piece))
        if not paths:
            paths.append(labels)
            continue
        # A later group replaces the last len(labels) levels of the previous path.
        base = paths[-1][:len(paths[-1]) - len(labels)] if len(labels) <= len(paths[-1]) else ()
        if separator in _DASHES and labels[-1].isdigit() and paths[-1][-1].isdigit():
            first, last = int(paths[-1][-1]), int(labels[-1])
            if first < last <= first + 200:
                paths.extend(base + labels[:-1] + (str(n),) for n in range(first + 1, last + 1))
                continue
        paths.append(base + labels)
    return paths


# --- titles and bracketed notes after a citation --------------------------------

def _balanced(text: str, start: int, opening: str, closing: str) -> int | None:
    """Index just past the bracket that closes the one at ``start``, or None."""
    depth = 0
    for index in range(start, min(len(text), start + 600)):
        if text[index] == opening:
            depth += 1
        elif text[index] == closing:
            depth -= 1
            if depth == 0:
                return index + 1
    return None


def _clean(title: str) -> str:
    return re.sub(r"\s+", " ", title).strip()


def _looks_like_title(inner: str) -> bool:
    return bool(inner) and inner[0].isupper() and not re.match(r"(?i)see\b|id\.", inner)


def _following(text: str, end: int, opening: str, closing: str) -> tuple[str, int] | None:
    """The bracketed text right after ``end`` (spaces allowed before it), and where it ends."""
    match = re.compile(r"[ \t]*(?:\n[ \t]*){0,2}").match(text, end)
    start = match.end()
    if start >= len(text) or text[start] != opening:
        return None
    close = _balanced(text, start, opening, closing)
    if close is None:
        return None
    return text[start + 1:close - 1], close


# --- the parser -----------------------------------------------------------------

class CitationParser:
    """Finds citations of one state's code (and federal law) in text."""

    def __init__(self, form: CitationForm):
        self.form = form
        sec, ch = form.section, form.chapter
        names = "|".join(re.escape(name) for name in form.code_names)
        self._full = re.compile(
            rf"(?:{names})\s*§§?\s*(?P<sec>{sec})(?![\d.]*\d)(?P<subs>{_SUBSECTIONS})?")
        self._sign = re.compile(rf"§§?\s*(?P<sec>{sec})(?![\d.]*\d)(?P<subs>{_SUBSECTIONS})?")
        self._bare = re.compile(
            rf"\b[Ss]ections?\s+(?:\.\s?\.\s?\.\s*)?(?P<sec>{sec})(?![\d.]*\d)(?P<subs>{_SUBSECTIONS})?"
            rf"(?:\s+(?:to|through)\s+(?P<end>{sec})(?![\d.]*\d))?")
        self._path = re.compile(
            rf"\bparagraph \((?P<p>[a-z])\) of subdivision \((?P<d>\d+)\) of "
            rf"(?:subsection \((?P<s>\d+)\) of )?section (?P<sec>{sec})(?![\d.]*\d)")
        self._chapter = re.compile(rf"\b[Cc]hapters?\s+(?P<ch>{ch})\b(?!\.\d)")
        self._list_item = re.compile(
            rf"\s*(?:,\s*(?:\\?\*\s*)?(?:(?:or|and)\s+)?|\s+(?:or|and)\s+)(?P<sec>{sec})(?![\d.]*\d)"
            rf"(?P<subs>{_SUBSECTIONS})?")
        self._chapter_item = re.compile(rf"\s*(?:,\s*(?:(?:or|and)\s+)?|\s+(?:or|and)\s+)(?P<ch>{ch})\b(?!\.\d)")
        self._usc = re.compile(
            rf"(?P<title>\d{{1,2}})\s+U\.\s?S\.\s?C\.(?:\s+\d+)?\s*(?:§§?|Section)\s*(?P<sec>\d+[a-z]?)"
            rf"(?P<subs>{_SUBSECTIONS})?")
        self._public_law = re.compile(r"Pub\.\s?L\.\s?(?:No\.\s?)?(?P<num>\d{2,3}-\d{1,4})")
        self._constitution = re.compile(
            rf"\b[Ss]ection (?P<sec>\d+) of [Aa]rticle (?P<art>[IVXLC]+) of the {form.constitution}")

    # Each finder yields (start, end, [citations]); overlapping finds keep the earliest, longest.
    def parse(self, text: str) -> list[Citation]:
        found: list[tuple[int, int, list[Citation]]] = []
        for finder in (self._find_full, self._find_path, self._find_bare, self._find_sign,
                       self._find_chapters, self._find_federal, self._find_constitution):
            found.extend(finder(text))
        found.sort(key=lambda item: (item[0], -item[1]))
        citations, covered_until = [], -1
        for start, end, items in found:
            if start < covered_until:
                continue
            citations.extend(items)
            covered_until = end
        return citations

    # -- state sections

    def _section(self, section: str, subs: str, start: int, end: int, text: str,
                 bare: bool) -> list[Citation]:
        chapter = self.form.chapter_of(section)
        return [Citation("section", self.form.jurisdiction, self.form.code, section, chapter, path,
                         bare=bare, text=text[start:end], start=start, end=end)
                for path in expand_subsections(subs or "")]

    def _with_note(self, text: str, cites: list[Citation], end: int) -> tuple[list[Citation], int]:
        """Attach the title in (...) or [...] after a citation, or a [transferred to § X] note."""
        for opening, closing in (("(", ")"), ("[", "]")):
            following = _following(text, end, opening, closing)
            if following is None:
                continue
            inner, close = following
            transfer = re.match(r"\s*transferred to\s+", inner)
            if transfer and opening == "[":
                sign = self._sign.match(inner, transfer.end())
                if sign is not None:
                    target = self._section(sign["sec"], "", sign.start(), sign.end(), inner, bare=True)
                    target, _ = self._with_note(inner, target, sign.end())
                    moved = replace(target[0], start=end, end=close)
                    return [replace(c, transferred_to=moved) for c in cites], close
            if _looks_like_title(inner):
                # The report writes "Chapter 566 (Sexual offenses)" in its own prose; quoted
                # statutory text gets its titles in [brackets].
                prose = opening == "(" and all(c.kind == "chapter" for c in cites)
                return [replace(c, title=_clean(inner), bare=c.bare and not prose) for c in cites], close
            return cites, end
        return cites, end

    def _find_full(self, text: str):
        for match in self._full.finditer(text):
            yield self._full_or_sign(text, match, bare=False)

    def _find_sign(self, text: str):
        for match in self._sign.finditer(text):
            if re.search(r"transferred to\s*$", text[max(0, match.start() - 20):match.start()]):
                continue  # a transfer note cut off from its section by a page break
            yield self._full_or_sign(text, match, bare=False)

    def _full_or_sign(self, text, match, bare):
        cites = self._section(match["sec"], match["subs"], match.start(), match.end(), text, bare)
        cites, end = self._with_note(text, cites, match.end())
        return match.start(), end, cites

    def _find_bare(self, text: str):
        for match in self._bare.finditer(text):
            start = match.start()
            if match["end"]:
                cite = Citation("section-range", self.form.jurisdiction, self.form.code, match["sec"],
                                self.form.chapter_of(match["sec"]), range_end=match["end"], bare=True,
                                text=match[0], start=start, end=match.end())
                note = _following(text, match.end(), "[", "]")
                yield start, (note[1] if note else match.end()), [cite]
                continue
            cites = self._section(match["sec"], match["subs"], start, match.end(), text, bare=True)
            cites, end = self._with_note(text, cites, match.end())
            # "section 566.203 [...], 566.206 [...], or 566.215 [...]": the list goes on.
            while (item := self._list_item.match(text, end)) is not None:
                more = self._section(item["sec"], item["subs"], item.start("sec"), item.end(), text, True)
                more, end = self._with_note(text, more, item.end())
                cites.extend(more)
            yield start, end, cites

    def _find_path(self, text: str):
        for match in self._path.finditer(text):
            path = tuple(x for x in (match["s"], match["d"], match["p"]) if x)
            cite = Citation("section", self.form.jurisdiction, self.form.code, match["sec"],
                            self.form.chapter_of(match["sec"]), path, bare=True,
                            text=match[0], start=match.start(), end=match.end())
            cites, end = self._with_note(text, [cite], match.end())
            yield match.start(), end, cites

    # -- chapters

    def _chapter_cite(self, number: str, text: str, start: int, end: int) -> list[Citation]:
        return [Citation("chapter", self.form.jurisdiction, self.form.code, number, number,
                         bare=True, text=text[start:end], start=start, end=end)]

    def _find_chapters(self, text: str):
        for match in self._chapter.finditer(text):
            cites = self._chapter_cite(match["ch"], text, match.start(), match.end())
            cites, end = self._with_note(text, cites, match.end())
            while (item := self._chapter_item.match(text, end)) is not None:
                more = self._chapter_cite(item["ch"], text, item.start("ch"), item.end())
                more, end = self._with_note(text, more, item.end())
                cites.extend(more)
            yield match.start(), end, cites

    # -- federal law and the constitution

    def _find_federal(self, text: str):
        for match in self._usc.finditer(text):
            cites = [Citation("federal", "us", "usc", match["sec"], match["title"], path,
                              text=match[0], start=match.start(), end=match.end())
                     for path in expand_subsections(match["subs"] or "")]
            cites, end = self._with_note(text, cites, match.end())
            yield match.start(), end, cites
        for match in self._public_law.finditer(text):
            yield match.start(), match.end(), [Citation(
                "public-law", "us", "pl", match["num"], text=match[0], start=match.start(), end=match.end())]

    def _find_constitution(self, text: str):
        for match in self._constitution.finditer(text):
            cite = Citation("constitution", self.form.jurisdiction, "const",
                            f"art-{match['art']}/sec-{match['sec']}",
                            bare=match[0][0].islower(), code_name=self.form.constitution_citation,
                            text=match[0], start=match.start(), end=match.end())
            cites, end = self._with_note(text, [cite], match.end())
            yield match.start(), end, cites


def parse(text: str, state: str = "MO") -> list[Citation]:
    """Every citation in ``text``, for the state whose citation form is configured."""
    return CitationParser(form_for(state)).parse(text)
