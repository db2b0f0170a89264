"""Named queries: one question per ``.rq`` file, described by its comment header.

A header is the block of ``#key: value`` comment lines at the top of the file::

    #title: Goal status
    #description: Every policy goal of a report card with its status ...
    #param: state (string, required) Jurisdiction code, e.g. MO
    #param: year (integer, optional) Report-card year; all years when omitted
    #columns: goal, issue, status, score
    #list-columns: statutes

A criterion (queries/criteria/) also names the lines of the framework's source
that state the rule it encodes, ``#rule-source: 837-839, 851-853``; any other
``#key: value`` line is kept in ``meta``.

Nothing about a query is repeated in Python: the CLI lists, documents and binds
queries from these headers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from statgraph import resources
from statgraph.errors import InputError
from statgraph.kg.names import XSD
from statgraph.kg.terms import Iri, Lit

PARAM_TYPES = ("string", "integer", "decimal", "iri")
_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>\w+)(?P<list>\s+list)?"
    r"(?:\s*,\s*(?P<need>required|optional))?\)\s*(?P<doc>.*)$"
)
_HEADER_LINE = re.compile(r"^#\s*(?P<key>[a-z-]+)\s*:\s?(?P<value>.*)$")
_LINE_RANGE = re.compile(r"^(?P<first>\d+)(?:\s*[-–]\s*(?P<last>\d+))?$")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    required: bool
    description: str
    is_list: bool = False  # several values, separated by commas or spaces: one VALUES row each

    def to_terms(self, raw: str) -> Iri | Lit | list:
        """The RDF term (or, for a list parameter, the terms) for what the user typed."""
        if not self.is_list:
            return self.to_term(raw)
        values = [v for v in re.split(r"[,\s]+", raw.strip()) if v]
        if not values:
            raise InputError(f"parameter {self.name} needs at least one value")
        return [self.to_term(v) for v in values]

    def to_term(self, raw: str) -> Iri | Lit:
        """Turn the text a user typed into the RDF term the query expects."""
        value = raw.strip()
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", value):
                raise InputError(f"parameter {self.name} must be a whole number, got {raw!r}")
            return Lit(str(int(value)), XSD + "integer")
        if self.type == "decimal":
            try:
                return Lit(format(Decimal(value), "f"), XSD + "decimal")
            except InvalidOperation:
                raise InputError(f"parameter {self.name} must be a number, got {raw!r}") from None
        if self.type == "iri":
            from statgraph.kg.sparql import term_to_sparql
            term_to_sparql(Iri(value))  # refuses anything that is not a plain IRI
            return Iri(value)
        if self.name == "state":  # jurisdiction codes are upper case: MO, US
            value = value.upper()
        return Lit(value)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    text: str
    title: str = ""
    description: str = ""
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    list_columns: frozenset[str] = field(default_factory=frozenset)
    rule_source: tuple[tuple[int, int], ...] = ()  # (first, last) source lines stating the rule
    meta: tuple[tuple[str, str], ...] = ()  # other header keys, in order

    def meta_value(self, key: str) -> str:
        return " ".join(value for k, value in self.meta if k == key)

    @property
    def is_construct(self) -> bool:
        return bool(re.search(r"^\s*CONSTRUCT\b", _strip_comments(self.text), re.I | re.M))

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise InputError(f"query {self.name!r} has no parameter {name!r} (its parameters: {known})")

    def bindings(self, values: dict[str, str]) -> dict[str, object]:
        """Check the user's values against the header and convert them to RDF terms."""
        terms = {name: self.param(name).to_terms(raw) for name, raw in values.items()}
        missing = [p.name for p in self.params if p.required and p.name not in terms]
        if missing:
            raise InputError(
                f"query {self.name!r} needs " + ", ".join(f"--param {m}=..." for m in missing),
                hint=f"see 'statgraph query --list' or the header of {self.path.name}",
            )
        return terms


def _strip_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))


def parse_query_file(path: Path) -> NamedQuery:
    """Read a .rq file and its header. Header mistakes name the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such query file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    meta: dict[str, list[str]] = {}
    params = []
    rule_source: list[tuple[int, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER_LINE.match(line)
        if not match:
            continue
        key, value = match["key"], match["value"].strip()
        if key == "param":
            spec = _PARAM_LINE.match(value)
            if not spec or spec["type"] not in PARAM_TYPES:
                raise InputError(
                    f"{path}, line {number}: cannot read '#param: {value}'",
                    hint="write '#param: NAME (TYPE[ list], required|optional) description', "
                         f"TYPE one of {', '.join(PARAM_TYPES)}",
                )
            params.append(Param(spec["name"], spec["type"], spec["need"] == "required",
                                spec["doc"].strip(), bool(spec["list"])))
        elif key == "rule-source":
            rule_source += _line_ranges(value, path, number)
        else:
            meta.setdefault(key, []).append(value)

    def one(key: str) -> str:
        return " ".join(meta.get(key, []))

    def names(key: str) -> tuple[str, ...]:
        return tuple(c.strip() for c in one(key).split(",") if c.strip())

    known = {"title", "description", "columns", "list-columns"}
    return NamedQuery(
        name=path.stem, path=path, text=text, title=one("title"), description=one("description"),
        params=tuple(params), columns=names("columns"), list_columns=frozenset(names("list-columns")),
        rule_source=tuple(rule_source),
        meta=tuple((key, value) for key, values in meta.items() if key not in known for value in values),
    )


def _line_ranges(value: str, path: Path, number: int) -> list[tuple[int, int]]:
    """'837-839, 851' -> [(837, 839), (851, 851)]; a malformed list names the file and line."""
    ranges = []
    for part in value.split(","):
        match = _LINE_RANGE.match(part.strip())
        first = int(match["first"]) if match else 0
        last = int(match["last"] or first) if match else 0
        if not match or first < 1 or last < first:
            raise InputError(f"{path}, line {number}: cannot read '#rule-source: {value}'",
                             hint="write '#rule-source: FIRST-LAST[, FIRST-LAST ...]', lines of the source "
                                  "that state the framework's rule, each range first <= last")
        ranges.append((first, last))
    return ranges


def catalogue() -> dict[str, NamedQuery]:
    """The bundled named queries, by name (file stem), in name order."""
    folder = resources.queries_dir()
    return {p.stem: parse_query_file(p) for p in sorted(folder.glob("*.rq"))}


def derivation_queries() -> list[NamedQuery]:
    """CONSTRUCT queries whose results form the derived named graph, in file order."""
    return [parse_query_file(p) for p in sorted((resources.queries_dir() / "derive").glob("*.rq"))]


def find_query(name_or_path: str) -> NamedQuery:
    """A bundled query by name, or a user's .rq file by path."""
    if name_or_path.endswith(".rq") or "/" in name_or_path or "\\" in name_or_path:
        return parse_query_file(Path(name_or_path))
    queries = catalogue()
    if name_or_path in queries:
        return queries[name_or_path]
    close = [n for n in queries if name_or_path.lower() in n or n in name_or_path.lower()]
    raise InputError(
        f"no query named {name_or_path!r}",
        hint=(f"did you mean {', '.join(close)}? " if close else "")
        + "'statgraph query --list' shows every query",
    )
