"""Every IRI statgraph mints, built and read back in one place.

Data IRIs share one base, ``https://w3id.org/statgraph/id/``, and read like
citations. Builders return the part after the base (``us-mo/rsmo/566.211/1``),
which is what the Turtle statgraph writes uses against its ``@base``;
:func:`absolute` adds the base. Each path segment is percent-encoded where it
holds a character an IRI path segment may not, so no value (a title, a
notation read from a report) can end an IRI early or add a segment.

The patterns::

    us-mo                                   a jurisdiction (us-XX for a state code XX)
    us-mo/rsmo                              its statute code
    us-mo/rsmo/chapter/566                  a chapter
    us-mo/rsmo/566.211, …/566.211/1/a       a section, a subsection
    us-mo/const/art-ix/sec-7                a constitution provision
    us/usc/22/7102/9, us/pl/114-22          federal law (the reference data)
    us-mo/xref/566.211-1/566.210            a cross-reference (citing, cited)
    us-mo/term/566.200-5/child              a defined term (provision, term)
    us-mo/transfer/566.212                  the statement of a transfer
    framework/2023                          a framework edition, with under it
      …/goal/2.5, …/issue/2, …/tier/2, …/extra-credit/youth
    us-mo/2023                              a report card, with under it
      …/goal/2.5 (assessment), …/issue/2 (issue-area result), …/recommendation/2.5.1,
      …/extra-credit/youth, …/safe-harbor/2.5, …/highlight/1
    source/draft/us-mo-2023                 the report a draft was read from
    synthetic/s01, synthetic/source         synthetic jurisdictions (statgraph synth)
"""

from __future__ import annotations

import re
from urllib.parse import quote

from statgraph.kg.names import ID_BASE

# Characters kept as they are in a segment: RFC 3987 unreserved ones (ASCII and beyond) and the
# sub-delimiters that read well in citations; everything else, '/' included, is percent-encoded.
_SAFE = "-._~!$&'()*+,;=:@"
_PLAIN = re.compile(r"[A-Za-z0-9._~()-]+")


def segment(text: object) -> str:
    """One path segment: ``566.211`` stays as it is, ``a/b c`` becomes ``a%2Fb%20c``."""
    text = str(text)
    if _PLAIN.fullmatch(text):
        return text
    if not text:
        raise ValueError("an IRI segment cannot be empty")
    return "".join(ch if ch.isalnum() and ord(ch) > 127 and ch.isprintable() else quote(ch, safe=_SAFE)
                   for ch in text)


def _join(*segments: object) -> str:
    return "/".join(segment(s) for s in segments)


def absolute(relative: str) -> str:
    """The full IRI of a path built here."""
    return ID_BASE + relative


def relative(iri: object) -> str:
    """The path below the base of one of statgraph's IRIs; other IRIs come back unchanged."""
    return str(iri).removeprefix(ID_BASE)


def under(parent: object, *segments: object) -> str:
    """A path below another one, which may be given in full or relative to the base."""
    return "/".join([relative(parent), _join(*segments)])


# --- jurisdictions and their law ---------------------------------------------------------

def jurisdiction(code: str) -> str:
    """``us-mo`` for the state code MO."""
    return _join("us-" + str(code).strip().lower())


def statute_code(jurisdiction_path: str, code: str) -> str:
    return under(jurisdiction_path, code)


def chapter(jurisdiction_path: str, code: str, number: str) -> str:
    return under(jurisdiction_path, code, "chapter", number)


def provision(jurisdiction_path: str, code: str, section: str, subsections: tuple[str, ...] = ()) -> str:
    """A section (no subsections) or one of its subsections, at any depth."""
    return under(jurisdiction_path, code, section, *subsections)


def constitution(jurisdiction_path: str, part: str) -> str:
    """``us-mo/const/art-ix/sec-7``: ``part`` is ``art-ix/sec-7``."""
    return under(jurisdiction_path, "const", *part.split("/"))


def us_code(title: str, section: str, subsections: tuple[str, ...] = ()) -> str:
    return _join("us", "usc", title, section, *subsections)


def public_law(number: str) -> str:
    return _join("us", "pl", number)


def provision_id(path: str) -> str:
    """One segment naming a provision inside a jurisdiction's space: ``566.211-1`` for
    ``us-mo/rsmo/566.211/1`` (federal law keeps its jurisdiction: ``us-usc-22-7102``)."""
    parts = relative(path).split("/")
    return "-".join(parts[2:] if parts[0] != "us" and len(parts) > 2 else parts)


def cross_reference(jurisdiction_path: str, citing: str, cited: str) -> str:
    return under(jurisdiction_path, "xref", provision_id(citing), provision_id(cited))


def slug(text: str, empty: str = "term") -> str:
    """A readable segment from words: ``Child labor trafficking`` -> ``child-labor-trafficking``."""
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-") or empty


def defined_term(jurisdiction_path: str, provision_path: str, term: str) -> str:
    return under(jurisdiction_path, "term", provision_id(provision_path), slug(term))


def transfer(jurisdiction_path: str, section: str) -> str:
    return under(jurisdiction_path, "transfer", section)


# --- frameworks ----------------------------------------------------------------------------

def goal(framework_path: str, notation: str) -> str:
    return under(framework_path, "goal", notation)


def issue_area(framework_path: str, number: object) -> str:
    return under(framework_path, "issue", number)


def tier(framework_path: str, number: object) -> str:
    return under(framework_path, "tier", number)


def extra_credit_category(framework_path: str, slug: str) -> str:
    return under(framework_path, "extra-credit", slug)


# --- report cards --------------------------------------------------------------------------

def report_card(jurisdiction_path: str, year: int) -> str:
    return under(jurisdiction_path, int(year))


def assessment(card: str, goal_notation: str) -> str:
    return under(card, "goal", goal_notation)


def issue_result(card: str, number: object) -> str:
    return under(card, "issue", number)


def recommendation(card: str, notation: str) -> str:
    return under(card, "recommendation", notation)


def extra_credit_award(card: str, slug: str) -> str:
    return under(card, "extra-credit", slug)


def safe_harbor_row(card: str, goal_notation: str) -> str:
    return under(card, "safe-harbor", goal_notation)


def highlight(card: str, index: int) -> str:
    return under(card, "highlight", int(index))


# --- sources and synthetic data ------------------------------------------------------------

def draft_source(jurisdiction_path: str, year: int) -> str:
    """The report an ingested draft was read from."""
    return _join("source", "draft", f"{relative(jurisdiction_path).replace('/', '-')}-{int(year)}")


SYNTHETIC_SOURCE = "synthetic/source"


def synthetic_jurisdiction(code: str) -> str:
    """``synthetic/s01``: never in a real state's space."""
    return _join("synthetic", str(code).lower())


# --- reading IRIs back -----------------------------------------------------------------------

def space(iri: object) -> str | None:
    """The first segment of one of statgraph's data IRIs (``us-mo``, ``framework``), else None."""
    text = str(iri)
    if not text.startswith(ID_BASE):
        return None
    return text[len(ID_BASE):].split("/", 1)[0] or None


def framework_of_goal(goal_iri: object) -> str:
    """``…/framework/2023`` for ``…/framework/2023/goal/2.5``."""
    return str(goal_iri).rsplit("/goal/", 1)[0]


_USC = re.compile(r"us/usc/(?P<title>\d+)/(?P<section>\w+)(?P<subs>(?:/\w+)*)")
_PROVISION = re.compile(r"[\w-]+/[\w-]+/(?P<section>\d+\.\d+)(?:/.*)?")


def citation_key(iri: object, fold_subsections: bool = True) -> str:
    """How an analyst names what an IRI stands for: a section number (``566.211``, its
    subsections folded in unless asked), ``22 U.S.C. § 7102``, or else the IRI's path.
    IRIs outside statgraph's base come back unchanged."""
    text = str(iri)
    if not text.startswith(ID_BASE):
        return text
    path = relative(text)
    if (usc := _USC.fullmatch(path)) is not None:
        subs = "" if fold_subsections else "".join(f"({s})" for s in usc["subs"].split("/") if s)
        return f"{usc['title']} U.S.C. § {usc['section']}{subs}"
    if fold_subsections and (provision_match := _PROVISION.fullmatch(path)) is not None:
        return provision_match["section"]
    return path
