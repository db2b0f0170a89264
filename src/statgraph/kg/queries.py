"""Named queries: one question per ``.rq`` file, described by its comment header.

A header is the block of ``#key: value`` comment lines at the top of the file::

    #title: Goal status
    #description: Every policy goal of a report card with its status ...
    #param: state (jurisdiction, required) Jurisdiction code, e.g. MO
    #param: year (integer, optional) Report-card year; all years when omitted
    #list-columns: statutes
    #example: state=MO

A criterion (queries/criteria/) also names the lines of the framework's source
that state the rule it encodes, ``#rule-source: 837-839, 851-853``; any other
``#key: value`` line is kept in ``meta``.

Each file is complete SPARQL 1.1 on its own: it declares its prefixes and holds
a single-variable ``VALUES ?param { UNDEF }`` block wherever a parameter is
needed (UNDEF: unbound, that is "all"). Binding a parameter fills every such
block (see :func:`statgraph.kg.sparql.bind_values`). The result columns are the
query's own projection; nothing about a query is repeated in Python.

Queries are addressed by name: ``gaps`` for ``queries/gaps.rq``, and
``site/cards`` for the internal ``queries/site/cards.rq``. The folder is
listed once per process, and each file read once, when first asked for.
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path

from statgraph import resources
from statgraph.errors import InputError
from statgraph.kg.names import XSD
from statgraph.kg.terms import Iri, Lit

PARAM_TYPES = ("string", "integer", "decimal", "iri", "jurisdiction", "section")
# Folders of queries/ holding queries for statgraph's own use (not listed by 'query --list').
INTERNAL_FOLDERS = ("derive", "site", "diff", "kg", "criteria", "amend", "push")
JURISDICTION_CODE = re.compile(r"[A-Z][A-Z0-9]{1,5}")
_PARAM_LINE = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*\((?P<type>\w+)(?P<list>\s+list)?"
    r"(?:\s*,\s*(?P<need>required|optional))?\)\s*(?P<doc>.*)$"
)
_HEADER_LINE = re.compile(r"^#\s*(?P<key>[a-z-]+)\s*:\s?(?P<value>.*)$")
_LINE_RANGE = re.compile(r"^(?P<first>\d+)(?:\s*[-–]\s*(?P<last>\d+))?$")


@dataclass(frozen=True)
class Param:
    """A query parameter as its header declares it; turns Python or typed values into RDF terms."""

    name: str
    type: str
    required: bool
    description: str
    is_list: bool = False  # several values: one VALUES row each

    def to_terms(self, value: object) -> Iri | Lit | list:
        """The RDF term (or, for a list parameter, the terms) for a value.

        Takes Python values (``2023``, ``Decimal("1.5")``, ``["2.6.1", "4.1.1"]``) or
        text as typed on a command line (``"2023"``, ``"2.6.1,4.1.1"``)."""
        if not self.is_list:
            if isinstance(value, (list, tuple, set, frozenset)):
                raise InputError(f"parameter {self.name} takes one value, got {len(value)}")
            return self.to_term(value)
        if isinstance(value, str):
            values = [v for v in re.split(r"[,\s]+", value.strip()) if v]
        elif isinstance(value, (list, tuple)):
            values = list(value)
        else:
            values = [value]
        if not values:
            raise InputError(f"parameter {self.name} needs at least one value")
        return [self.to_term(v) for v in values]

    def to_term(self, value: object) -> Iri | Lit:
        if isinstance(value, bool):  # bool is an int in Python; never a parameter value here
            raise InputError(f"parameter {self.name} must be {_KIND_WORDS[self.type]}, not {value!r}")
        kind = self.type
        if kind == "integer":
            if isinstance(value, int):
                return Lit(str(value), XSD + "integer")
            text = str(value).strip()
            if not re.fullmatch(r"[+-]?\d{1,18}", text):
                raise InputError(f"parameter {self.name} must be a whole number, got {_short(value)}")
            return Lit(str(int(text)), XSD + "integer")
        if kind == "decimal":
            try:
                number = Decimal(str(value).strip())
            except InvalidOperation:
                raise InputError(f"parameter {self.name} must be a number, got {_short(value)}") from None
            if not number.is_finite():
                raise InputError(f"parameter {self.name} must be a finite number, got {_short(value)}")
            return Lit(format(number, "f"), XSD + "decimal")
        if not isinstance(value, (str, datetime.date, int, Decimal)):
            raise InputError(f"parameter {self.name} takes text, not {type(value).__name__}")
        text = str(value)
        if kind == "iri":
            from statgraph.kg.sparql import term_to_sparql
            term_to_sparql(Iri(text))  # refuses anything that is not a plain IRI
            return Iri(text)
        if kind == "jurisdiction":
            return Lit(normalise_code(text))
        if kind == "section":
            return Lit(text.strip().removeprefix("§").strip())
        return Lit(text)


_KIND_WORDS = {"string": "text", "integer": "a whole number", "decimal": "a number", "iri": "an IRI",
               "jurisdiction": "a jurisdiction code", "section": "a section number"}


def normalise_code(text: str) -> str:
    """A jurisdiction code as stored: upper case, no surrounding space (``mo`` -> ``MO``)."""
    return str(text).strip().upper()


def _short(value: object, limit: int = 60) -> str:
    """A user's value for a message: quoted, and cut when long."""
    text = repr(str(value))
    return text if len(text) <= limit else text[: limit - 1] + "…'"


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
    example: dict[str, str] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)  # header keys statgraph does not interpret itself
    rule_source: tuple[tuple[int, int], ...] = ()  # (first, last) source lines stating a criterion's rule
    bundled: bool = False  # shipped with statgraph: its syntax is checked by the tests, not on every run

    def meta_value(self, key: str) -> str:
        return self.meta.get(key, "")

    @property
    def is_construct(self) -> bool:
        from statgraph.kg.sparql import query_form
        return query_form(self.text) == "CONSTRUCT"

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.params) or "none"
        raise InputError(f"query {self.name!r} has no parameter {_short(name)} (its parameters: {known})")

    def bindings(self, values: dict[str, object] | None) -> dict[str, object]:
        """Check values against the header and convert them to RDF terms (None: not given)."""
        terms = {name: self.param(name).to_terms(value)
                 for name, value in (values or {}).items() if value is not None}
        missing = [p.name for p in self.params if p.required and p.name not in terms]
        if missing:
            raise InputError(
                f"query {self.name!r} needs " + ", ".join(f"--param {m}=..." for m in missing),
                hint=f"see 'statgraph query --list' or the header of {self.path.name}",
            )
        return terms


def parse_query_text(text: str, path: Path, name: str | None = None) -> NamedQuery:
    """A query and its header. Header mistakes name the file and line."""
    from statgraph.kg.sparql import projection

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
                    f"{path}, line {number}: cannot read '#param: {value[:80]}'",
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

    example = {}
    for pair in one("example").split():
        key, _, value = pair.partition("=")
        example[key] = value
    return NamedQuery(
        name=name or path.stem, path=path, text=text, title=one("title"), description=one("description"),
        params=tuple(params), columns=projection(text), list_columns=frozenset(names("list-columns")),
        example=example,
        meta={k: one(k) for k in meta if k not in ("title", "description", "list-columns", "example")},
        rule_source=tuple(rule_source),
    )


def _line_ranges(value: str, path: Path, number: int) -> list[tuple[int, int]]:
    """'837-839, 851' -> [(837, 839), (851, 851)]; a malformed list names the file and line."""
    ranges = []
    for part in value.split(","):
        match = _LINE_RANGE.match(part.strip())
        first = int(match["first"]) if match else 0
        last = int(match["last"] or first) if match else 0
        if not match or first < 1 or last < first:
            raise InputError(f"{path}, line {number}: cannot read '#rule-source: {value[:80]}'",
                             hint="write '#rule-source: FIRST-LAST[, FIRST-LAST ...]', lines of the source "
                                  "that state the framework's rule, each range first <= last")
        ranges.append((first, last))
    return ranges


def parse_query_file(path: Path, name: str | None = None) -> NamedQuery:
    """Read a .rq file and its header."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: no such query file") from None
    except UnicodeDecodeError:
        raise InputError(f"{path}: not UTF-8 text") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not a query file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    return parse_query_text(text, path, name)


@cache
def _bundled_names() -> dict[str, Path]:
    """Every bundled query's file, public and internal, by name, in name order; listed once per
    process. A file is read when its query is first asked for (reading all 70 cost a command 6 ms)."""
    folder = resources.queries_dir()
    return {path.relative_to(folder).with_suffix("").as_posix(): path for path in sorted(folder.rglob("*.rq"))}


@cache
def _bundled(name: str) -> NamedQuery:
    """One bundled query, read and parsed once per process."""
    return dataclasses.replace(parse_query_file(_bundled_names()[name], name), bundled=True)


def catalogue() -> dict[str, NamedQuery]:
    """The public named queries (queries/*.rq), by name, in name order."""
    return {name: _bundled(name) for name in _bundled_names() if "/" not in name}


def internal(folder: str) -> list[NamedQuery]:
    """The queries of one internal folder (``derive``, ``site``, ``diff``, …), in file order."""
    if folder not in INTERNAL_FOLDERS:
        raise ValueError(f"not an internal query folder: {folder}")
    return [_bundled(name) for name in _bundled_names() if name.startswith(folder + "/")]


def derivation_queries() -> list[NamedQuery]:
    """CONSTRUCT queries whose results form the derived named graph, in file order."""
    return internal("derive")


def find_query(name_or_path: str | Path) -> NamedQuery:
    """A bundled query by name (``gaps``, ``site/cards``), or a user's .rq file by path."""
    if isinstance(name_or_path, Path):
        return parse_query_file(name_or_path)
    from statgraph import standard_input
    if standard_input.is_stdin(name_or_path):  # the query text on standard input
        try:
            text = standard_input.data().decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("standard input: not UTF-8 text") from None
        return parse_query_text(text, Path(standard_input.NAME))
    if name_or_path in _bundled_names():
        return _bundled(name_or_path)
    if name_or_path.lower().endswith(".rq") or "\\" in name_or_path or Path(name_or_path).exists():
        return parse_query_file(Path(name_or_path))
    queries = catalogue()
    wanted = name_or_path.lower()
    close = [n for n in queries if wanted in n or n in wanted]
    raise InputError(
        f"no query named {_short(name_or_path)}",
        hint=(f"did you mean {', '.join(close)}? " if close else "")
        + "'statgraph query --list' shows every query",
    )
