"""A SHACL engine over Oxigraph, for the constraints statgraph's shapes use.

Core constraints are evaluated in Python over Oxigraph's indexed quads; the
SHACL-SPARQL constraints (their text lives in the shapes) are run by Oxigraph
with ``$this`` pre-bound. Measured on the bundled data, this costs a few tens
of milliseconds where pySHACL (rdflib underneath) costs a second, and it needs
neither rdflib nor pySHACL at run time. The tests hold it to pySHACL's results
on the bundled data and on every control case.

Supported: targets sh:targetClass (with rdfs:subClassOf*), sh:targetNode,
sh:targetObjectsOf, sh:targetSubjectsOf; property shapes with a predicate
path; sh:minCount, sh:maxCount, sh:datatype, sh:pattern (+ sh:flags), sh:in,
sh:class, sh:hasValue, sh:min/maxInclusive, sh:min/maxExclusive,
sh:lessThanOrEquals, sh:node, sh:or, sh:xone, sh:and, sh:not, sh:sparql
(SELECT). A shape using anything else is refused when the shapes are read, so
no constraint is ever silently skipped.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import pyoxigraph as ox

SH = "http://www.w3.org/ns/shacl#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF_FIRST = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#first")
RDF_REST = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#rest")
RDF_NIL = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#nil")
SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
XSD = "http://www.w3.org/2001/XMLSchema#"
VIOLATION = SH + "Violation"


def sh(name: str) -> ox.NamedNode:
    return ox.NamedNode(SH + name)


# --- literals: well-formedness and order ------------------------------------------

_LEXICAL = {
    "decimal": r"[+-]?(\d+(\.\d*)?|\.\d+)",
    "integer": r"[+-]?\d+",
    "nonNegativeInteger": r"\+?\d+",
    "positiveInteger": r"\+?0*[1-9]\d*",
    "double": r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|-INF|NaN",
    "float": r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF)|-INF|NaN",
    "boolean": r"true|false|1|0",
    "date": r"-?\d{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(Z|[+-]\d\d:\d\d)?",
    "gYear": r"-?\d{4,}(Z|[+-]\d\d:\d\d)?",
    "dateTime": r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?",
}
_LEXICAL_RE = {XSD + name: re.compile(pattern) for name, pattern in _LEXICAL.items()}
_NUMERIC = {XSD + n for n in ("decimal", "integer", "nonNegativeInteger", "positiveInteger", "double", "float")}


def _real_date(text: str) -> bool:
    """Whether the day exists in its month (the pattern lets 2023-02-30 through)."""
    year, month, day = re.match(r"(-?\d+)-(\d\d)-(\d\d)", text).groups()
    leap = calendar.isleap(abs(int(year)))  # proleptic Gregorian, as XSD counts
    return int(day) <= (29 if month == "02" and leap else calendar.mdays[int(month)])


def _real_time(text: str) -> bool:
    hour, minute, second = re.search(r"T(\d\d):(\d\d):(\d\d(?:\.\d+)?)", text).groups()
    if hour == "24":
        return minute == "00" and float(second) == 0  # 24:00:00 is the end of the day
    return int(hour) < 24 and int(minute) < 60 and float(second) < 60


def _real_zone(text: str) -> bool:
    zone = re.search(r"([+-])(\d\d):(\d\d)$", text) if not text.endswith("Z") else None
    return zone is None or (int(zone[2]) * 60 + int(zone[3]) <= 14 * 60 and int(zone[3]) < 60)


# the value constraints a pattern cannot say: days of the month, hours of the day, time zones
_VALUE_CHECKS = {XSD + "date": lambda t: _real_date(t) and _real_zone(t),
                 XSD + "dateTime": lambda t: _real_date(t) and _real_time(t) and _real_zone(t),
                 XSD + "gYear": _real_zone}


def ill_typed(term) -> bool:
    """A literal whose text is not in its datatype's lexical space, e.g. "9,5"^^xsd:decimal
    or "2023-02-30"^^xsd:date."""
    if not isinstance(term, ox.Literal):
        return False
    kind = term.datatype.value
    pattern = _LEXICAL_RE.get(kind)
    if pattern is None:
        return False
    return pattern.fullmatch(term.value) is None or not _VALUE_CHECKS.get(kind, lambda _: True)(term.value)


def _order_key(term):
    """A comparable value for sh:minInclusive and friends; None when not comparable."""
    if not isinstance(term, ox.Literal) or ill_typed(term):
        return None
    kind = term.datatype.value
    if kind in _NUMERIC:
        try:
            number = Decimal(term.value.replace("INF", "Infinity"))
        except InvalidOperation:
            return None
        return None if number.is_nan() else ("number", number)  # NaN is neither above nor below a limit
    if kind in (XSD + "date", XSD + "dateTime", XSD + "gYear"):
        return (kind, term.value)
    if kind == XSD + "string":
        return ("string", term.value)
    return None


def _compare(left, right):
    """-1, 0 or 1, or None when the two values cannot be compared."""
    a, b = _order_key(left), _order_key(right)
    if a is None or b is None or a[0] != b[0]:
        return None
    return (a[1] > b[1]) - (a[1] < b[1])


# --- shapes --------------------------------------------------------------------------

TARGETS = {"targetClass", "targetNode", "targetObjectsOf", "targetSubjectsOf"}
PARAMETERS = {"minCount", "maxCount", "datatype", "pattern", "flags", "in", "class", "hasValue",
              "minInclusive", "maxInclusive", "minExclusive", "maxExclusive", "lessThanOrEquals",
              "node", "or", "xone", "and", "not", "sparql", "property"}
DESCRIPTIVE = {"message", "severity", "path", "name", "description", "deactivated", "order", "group"}
COMPONENT = {"minCount": "MinCount", "maxCount": "MaxCount", "datatype": "Datatype", "pattern": "Pattern",
             "in": "In", "class": "Class", "hasValue": "HasValue", "minInclusive": "MinInclusive",
             "maxInclusive": "MaxInclusive", "minExclusive": "MinExclusive", "maxExclusive": "MaxExclusive",
             "lessThanOrEquals": "LessThanOrEquals", "node": "Node", "or": "Or", "xone": "Xone",
             "and": "And", "not": "Not", "sparql": "SPARQL"}


class ShapesError(RuntimeError):
    """A shape uses a SHACL feature this engine does not evaluate (a statgraph bug, not bad input)."""


@dataclass
class SparqlConstraint:
    node: object
    select: str
    message: str | None
    prefixes: dict[str, str]
    reads: frozenset[str]  # properties whose values the query needs (sgsh:reads)


@dataclass
class Shape:
    node: object  # the shape's IRI or blank node
    path: ox.NamedNode | None = None
    targets: dict[str, list] = field(default_factory=dict)
    params: dict[str, object] = field(default_factory=dict)
    properties: list[Shape] = field(default_factory=list)
    sparql: list[SparqlConstraint] = field(default_factory=list)
    severity: str = VIOLATION
    message: str | None = None
    parent: Shape | None = None

    def named_targets_objects_of(self) -> list:
        """The sh:targetObjectsOf properties of the top-level shape this one belongs to."""
        shape = self
        while shape.parent is not None:
            shape = shape.parent
        return shape.targets.get("targetObjectsOf", [])

    @property
    def named(self):
        """The nearest named shape (a property shape's node shape when the property shape is anonymous)."""
        shape = self
        while isinstance(shape.node, ox.BlankNode) and shape.parent is not None:
            shape = shape.parent
        return shape.node


@dataclass(frozen=True)
class Result:
    focus: object
    path: ox.NamedNode | None
    value: object
    component: str  # e.g. "MinCount", "SPARQL"
    shape: Shape
    severity: str
    message: str
    constraint: object = None  # the SPARQL constraint's node, for SPARQL results


class Shapes:
    """Shapes read from Turtle into plain objects, refusing anything unsupported."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._built: dict = {}
        names = set()
        for predicate in TARGETS:
            names |= {q.subject for q in store.quads_for_pattern(None, sh(predicate), None)}
        self.roots = [self._shape(node) for node in sorted(names, key=str)]

    def _one(self, node, name):
        return next((q.object for q in self.store.quads_for_pattern(node, sh(name), None)), None)

    def _list(self, head) -> list:
        items = []
        while head != RDF_NIL:
            items.append(next(q.object for q in self.store.quads_for_pattern(head, RDF_FIRST, None)))
            head = next(q.object for q in self.store.quads_for_pattern(head, RDF_REST, None))
        return items

    def _shape(self, node, parent: Shape | None = None) -> Shape:
        if node in self._built:
            return self._built[node]
        shape = Shape(node, parent=parent)
        self._built[node] = shape
        for quad in self.store.quads_for_pattern(node, None, None):
            predicate = quad.predicate.value
            if not predicate.startswith(SH):
                continue
            name = predicate[len(SH):]
            if name in TARGETS:
                shape.targets.setdefault(name, []).append(quad.object)
            elif name == "property":
                shape.properties.append(self._shape(quad.object, shape))
            elif name == "sparql":
                shape.sparql.append(self._sparql(quad.object))
            elif name in ("or", "xone", "and"):
                shape.params[name] = [self._shape(member, shape) for member in self._list(quad.object)]
            elif name in ("node", "not"):
                shape.params[name] = self._shape(quad.object, shape)
            elif name == "in":
                shape.params[name] = self._list(quad.object)
            elif name in PARAMETERS:
                if name in shape.params:
                    raise ShapesError(f"shape {node} has two values for sh:{name}")
                shape.params[name] = quad.object
            elif name == "path":
                if not isinstance(quad.object, ox.NamedNode):
                    raise ShapesError(f"shape {node}: only predicate paths are supported")
                shape.path = quad.object
            elif name == "severity":
                shape.severity = quad.object.value
            elif name == "message":
                shape.message = quad.object.value
            elif name == "deactivated":
                if quad.object.value == "true":
                    raise ShapesError(f"shape {node}: deactivated shapes are not supported")
            elif name not in DESCRIPTIVE and name not in ("prefixes", "declare"):
                raise ShapesError(f"shape {node} uses sh:{name}, which statgraph's engine does not evaluate")
        return shape

    def _sparql(self, node) -> SparqlConstraint:
        select = self._one(node, "select")
        if select is None:
            raise ShapesError(f"SPARQL constraint {node} has no sh:select")
        prefixes = {}
        for source in self.store.quads_for_pattern(node, sh("prefixes"), None):
            for declaration in self.store.quads_for_pattern(source.object, sh("declare"), None):
                prefixes[self._one(declaration.object, "prefix").value] = \
                    self._one(declaration.object, "namespace").value
        message = self._one(node, "message")
        reads = frozenset(q.object.value for q in self.store.quads_for_pattern(
            node, ox.NamedNode("https://w3id.org/statgraph/shapes#reads"), None))
        return SparqlConstraint(node, select.value, message.value if message else None, prefixes,
                                reads | _named_in(select.value, prefixes))


def _named_in(query: str, prefixes: dict[str, str]) -> frozenset[str]:
    """Every IRI a query names (prefixed or in angle brackets): a rule that matches a value
    (a grade, a year) needs it well typed as much as one that computes with it."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', query)  # not words inside string literals
    named = {m[1] for m in re.finditer(r"<([^<>\s]+)>", text)}
    named |= {prefixes[m[1]] + m[2] for m in re.finditer(r"(?<![\w?$])([A-Za-z][\w-]*):([A-Za-z_][\w-]*)", text)
              if m[1] in prefixes}
    return frozenset(named)


# --- evaluation ------------------------------------------------------------------------

class Engine:
    """Validates the nodes of an Oxigraph store (the union of its graphs) against shapes."""

    def __init__(self, shapes: Shapes, data: ox.Store):
        self.shapes = shapes
        self.data = data
        self._subclasses: dict = {}

    def objects(self, node, predicate) -> list:
        return list(dict.fromkeys(q.object for q in self.data.quads_for_pattern(node, predicate, None)))

    def subclasses(self, cls) -> set:
        if cls not in self._subclasses:
            found, todo = {cls}, [cls]
            while todo:
                for quad in self.data.quads_for_pattern(None, SUBCLASS, todo.pop()):
                    if quad.subject not in found:
                        found.add(quad.subject)
                        todo.append(quad.subject)
            self._subclasses[cls] = found
        return self._subclasses[cls]

    def is_instance(self, node, cls) -> bool:
        if isinstance(node, ox.Literal):
            return False
        classes = self.subclasses(cls)
        return any(t in classes for t in self.objects(node, RDF_TYPE))

    def focus_nodes(self, shape: Shape) -> set:
        nodes = set()
        for cls in shape.targets.get("targetClass", []):
            for sub in self.subclasses(cls):
                nodes |= {q.subject for q in self.data.quads_for_pattern(None, RDF_TYPE, sub)}
        nodes |= set(shape.targets.get("targetNode", []))
        for predicate in shape.targets.get("targetObjectsOf", []):
            nodes |= {q.object for q in self.data.quads_for_pattern(None, predicate, None)}
        for predicate in shape.targets.get("targetSubjectsOf", []):
            nodes |= {q.subject for q in self.data.quads_for_pattern(None, predicate, None)}
        return nodes

    def validate(self, keep=None, skip_sparql=None) -> list[Result]:
        """Every result for focus nodes ``keep`` accepts (all when None).

        ``skip_sparql(constraint, focus)`` may hold back a SPARQL rule for a focus node
        (e.g. when a value it needs is ill-typed)."""
        results = []
        for shape in self.shapes.roots:
            for focus in self.focus_nodes(shape):
                if keep is None or keep(focus):
                    results += self.check(shape, focus, skip_sparql)
        return results

    def conforms(self, node, shape: Shape) -> bool:
        return not self.check(shape, node)

    def check(self, shape: Shape, focus, skip_sparql=None) -> list[Result]:
        results = []
        values = self.objects(focus, shape.path) if shape.path is not None else [focus]

        def fail(component, value=None, message=None):
            results.append(Result(focus, shape.path, value, component, shape, shape.severity,
                                  message or shape.message or f"sh:{component} failed"))

        p = shape.params
        if shape.path is not None:
            count = len(values)
            if "minCount" in p and count < int(p["minCount"].value):
                fail("MinCount")
            if "maxCount" in p and count > int(p["maxCount"].value):
                fail("MaxCount")
            if "hasValue" in p and p["hasValue"] not in values:
                fail("HasValue")
        elif "hasValue" in p and focus != p["hasValue"]:
            fail("HasValue", focus)
        for value in values:
            if "datatype" in p and not (isinstance(value, ox.Literal) and value.datatype == p["datatype"]
                                        and not ill_typed(value)):
                fail("Datatype", value)
            if "pattern" in p:
                flags = re.IGNORECASE if "flags" in p and "i" in p["flags"].value else 0
                if isinstance(value, ox.BlankNode) or not re.search(p["pattern"].value, value.value, flags):
                    fail("Pattern", value)
            if "in" in p and value not in p["in"]:
                fail("In", value)
            if "class" in p and not self.is_instance(value, p["class"]):
                fail("Class", value)
            for name, accept in (("minInclusive", (0, 1)), ("maxInclusive", (-1, 0)),
                                 ("minExclusive", (1,)), ("maxExclusive", (-1,))):
                if name in p and _compare(value, p[name]) not in accept:
                    fail(name[0].upper() + name[1:], value)
            if "lessThanOrEquals" in p:
                for other in self.objects(focus, p["lessThanOrEquals"]):
                    if _compare(value, other) not in (-1, 0):
                        fail("LessThanOrEquals", value)
            if "node" in p and not self.conforms(value, p["node"]):
                fail("Node", value)
            if "not" in p and self.conforms(value, p["not"]):
                fail("Not", value)
            if "and" in p and not all(self.conforms(value, m) for m in p["and"]):
                fail("And", value)
            if "or" in p and not any(self.conforms(value, m) for m in p["or"]):
                fail("Or", value)
            if "xone" in p and sum(self.conforms(value, m) for m in p["xone"]) != 1:
                fail("Xone", value)
        for child in shape.properties:
            results += self.check(child, focus, skip_sparql)
        for constraint in shape.sparql:
            if skip_sparql is None or not skip_sparql(constraint, focus):
                results += self.run_sparql(shape, constraint, focus)
        return results

    def run_sparql(self, shape: Shape, constraint: SparqlConstraint, focus) -> list[Result]:
        answer = self.data.query(constraint.select, prefixes=constraint.prefixes,
                                 substitutions={ox.Variable("this"): focus},
                                 use_default_graph_as_union=True)
        names = [v.value for v in answer.variables]
        results = []
        for solution in answer:
            row = {name: solution[name] for name in names if solution[name] is not None}
            row.setdefault("this", focus)
            message = constraint.message or shape.message or "SPARQL constraint failed"
            message = re.sub(r"\{[?$](\w+)\}", lambda m: _text(row.get(m[1])), message)
            path = row.get("path", shape.path)
            results.append(Result(focus, path, row.get("value", focus), "SPARQL", shape,
                                  shape.severity, message, constraint.node))
        return results


def _text(term) -> str:
    """A term as the entry writes it: the literal's own text ("13.50", "9,5"), or the IRI."""
    return "" if term is None else term.value
