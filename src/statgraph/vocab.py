"""Vocabularies statgraph uses, one DefinedNamespace each so a misspelt term fails at import.

The project's own terms (``SG``) mirror ``ontology/statgraph.ttl``; a test keeps
the two in step. IRIs of data nodes are built in :mod:`statgraph.iris`.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/statgraph/ontology"
ID_BASE = "https://w3id.org/statgraph/id/"
GRAPH_BASE = "https://w3id.org/statgraph/graph/"


class SG(DefinedNamespace):
    """statgraph ontology (ontology/statgraph.ttl)."""

    _NS = Namespace(ONTOLOGY_IRI + "#")
    _fail = True

    Assessment: URIRef
    AssessmentStatus: URIRef
    CSEC: URIRef
    Chapter: URIRef
    ChapterReference: URIRef
    ChildSexTrafficking: URIRef
    Code: URIRef
    CoverageRoute: URIRef
    CrossReference: URIRef
    DefinedTerm: URIRef
    DerivedProperty: URIRef
    ExternalLegalResource: URIRef
    ExternalReference: URIRef
    ExtraCreditAward: URIRef
    ExtraCreditCategory: URIRef
    Framework: URIRef
    FullyMet: URIRef
    GradeBand: URIRef
    Highlight: URIRef
    HistoricalAreaScore: URIRef
    HistoricalScore: URIRef
    IssueArea: URIRef
    IssueAreaResult: URIRef
    Jurisdiction: URIRef
    NotMet: URIRef
    Offense: URIRef
    OffenseCategory: URIRef
    OtherOffense: URIRef
    PartiallyMet: URIRef
    Penalty: URIRef
    PenaltyClass: URIRef
    PenaltyProvision: URIRef
    PolicyGoal: URIRef
    Protection: URIRef
    RangeReference: URIRef
    Recommendation: URIRef
    ReferenceKind: URIRef
    ReportCard: URIRef
    SafeHarborRow: URIRef
    Section: URIRef
    SectionReference: URIRef
    SourceDocument: URIRef
    Subsection: URIRef
    Tier: URIRef

    addressesGoal: URIRef
    areaScore: URIRef
    citation: URIRef
    citedResource: URIRef
    citingProvision: URIRef
    code: URIRef
    condition: URIRef
    dailyFineDollars: URIRef
    definedBy: URIRef
    definedIn: URIRef
    derivedScore: URIRef
    establishedBy: URIRef
    extendsGoal: URIRef
    extraCreditCategory: URIRef
    framework: URIRef
    gapSummary: URIRef
    goal: URIRef
    inFramework: URIRef
    issueArea: URIRef
    jurisdiction: URIRef
    legislationAsOf: URIRef
    letter: URIRef
    lifeImprisonment: URIRef
    lineEnd: URIRef
    lineStart: URIRef
    maxExtraCredit: URIRef
    maxFineDollars: URIRef
    maxPercent: URIRef
    maxPoints: URIRef
    maxPrisonYears: URIRef
    minPercent: URIRef
    minPrisonYears: URIRef
    minYearsBeforeParole: URIRef
    offenseCategory: URIRef
    penalty: URIRef
    penaltyProvision: URIRef
    publishedGrade: URIRef
    publishedRank: URIRef
    publishedScore: URIRef
    publishedStatus: URIRef
    publishedTier: URIRef
    publishedTotal: URIRef
    rangeEnd: URIRef
    rangeSetBy: URIRef
    rankTied: URIRef
    recommendation: URIRef
    referenceKind: URIRef
    reportCard: URIRef
    restsOn: URIRef
    routeOffense: URIRef
    routeProtection: URIRef
    routeThrough: URIRef
    routeVia: URIRef
    scopeChapter: URIRef
    scopeSection: URIRef
    scoreLowerBound: URIRef
    scoreUpperBound: URIRef
    sha256: URIRef
    statedIn: URIRef
    status: URIRef
    summary: URIRef
    targetsStatute: URIRef
    term: URIRef
    tierNumber: URIRef
    tierSize: URIRef
    transferredTo: URIRef
    victimAgeUnder: URIRef
    year: URIRef


class ELI(DefinedNamespace):
    """The European Legislation Identifier terms statgraph uses."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    LegalResource: URIRef
    LegalResourceSubdivision: URIRef
    cites: URIRef
    date_document: URIRef
    date_no_longer_in_force: URIRef
    in_force: URIRef
    is_part_of: URIRef
    has_part: URIRef
    jurisdiction: URIRef
    number: URIRef
    title: URIRef
    _extras = ["InForce-inForce", "InForce-notInForce"]


SCHEMA = Namespace("https://schema.org/")
ID = Namespace(ID_BASE)

# Prefixes shared by queries, exports and messages: declared once, here.
PREFIXES: dict[str, str] = {
    "sg": str(SG._NS),
    "eli": str(ELI._NS),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "schema": str(SCHEMA),
    "sh": "http://www.w3.org/ns/shacl#",
    "sgsh": "https://w3id.org/statgraph/shapes#",
    "id": ID_BASE,
}


def sparql_prologue(declared: set[str] = frozenset()) -> str:
    """PREFIX lines for every shared prefix a query does not declare itself."""
    return "".join(
        f"PREFIX {name}: <{iri}>\n" for name, iri in PREFIXES.items() if name not in declared
    )
