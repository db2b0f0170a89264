"""RDF terms for query parameters and results, without rdflib (commands start fast).

Parameters are ``Iri`` or ``Lit`` values; results from Oxigraph become plain
Python values: ``Iri`` (a str) for IRIs, str, int, Decimal, float, bool, date.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from statgraph.kg.names import XSD


class Iri(str):
    """An IRI: as a query parameter, and as a result so output can show it compactly."""


@dataclass(frozen=True)
class Lit:
    """A literal: its lexical form, and a datatype IRI or a language tag."""

    lexical: str
    datatype: str | None = None
    language: str | None = None


def literal(value: object) -> Lit:
    """The literal for a Python value: int, Decimal, bool, date or str."""
    if isinstance(value, bool):
        return Lit("true" if value else "false", XSD + "boolean")
    if isinstance(value, int):
        return Lit(str(value), XSD + "integer")
    if isinstance(value, Decimal):
        return Lit(format(value, "f"), XSD + "decimal")
    if isinstance(value, datetime.date):
        return Lit(value.isoformat(), XSD + "date")
    return Lit(str(value))


def _number(text: str, kind):
    try:
        return kind(text)
    except (ValueError, InvalidOperation):
        return text


def _value(lexical: str, datatype: str) -> object:
    local = datatype[len(XSD):] if datatype.startswith(XSD) else None
    if local in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger",
                 "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "byte"):
        return _number(lexical, int)
    if local == "decimal":
        return _number(lexical, Decimal)
    if local in ("double", "float"):
        return _number(lexical, float)
    if local == "boolean":
        return lexical in ("true", "1")
    if local == "date":
        try:
            return datetime.date.fromisoformat(lexical)
        except ValueError:
            return lexical
    return lexical


def ox_value(term) -> object:
    """A pyoxigraph term (or None) as a plain Python value."""
    if term is None:
        return None
    kind = type(term).__name__
    if kind == "NamedNode":
        return Iri(term.value)
    if kind == "Literal":
        return _value(term.value, term.datatype.value) if term.language is None else term.value
    return str(term.value)  # a blank node


def json_cell_value(cell: dict) -> object:
    """A SPARQL JSON results cell as a plain Python value."""
    kind = cell.get("type")
    if kind == "uri":
        return Iri(cell["value"])
    if kind in ("literal", "typed-literal"):
        datatype = cell.get("datatype")
        return _value(cell["value"], datatype) if datatype else cell["value"]
    return str(cell.get("value"))


# --- values as text, the way the source prints them ---------------------------------

def cell_text(value: object) -> str:
    """A value as the source would print it: 13.5, 9, true, 2023-07-01."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return "0" if text in ("-0", "0") else text
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Iri):
        from statgraph.kg.names import compact_iri
        return compact_iri(value)
    return str(value)


def json_value(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, Iri):
        return str(value)
    return value
