"""Vocabularies statgraph uses, one DefinedNamespace each so a misspelt term fails at import.

The project's own terms (``SG``) mirror ``ontology/statgraph.ttl``; a test keeps
the two in step. IRIs of data nodes are built in :mod:`statgraph.iris`.
"""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

from statgraph.kg.names import GRAPH_BASE, ID_BASE, ONTOLOGY_IRI, PREFIXES, sparql_prologue  # noqa: F401


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
    Dependency: URIRef
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
    partOfOrSelf: URIRef
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
    dependent: URIRef
    dependsOnSection: URIRef
    dependencyHops: URIRef
    dependencyChain: URIRef
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


SCHEMA = Namespace(PREFIXES["schema"])
ID = Namespace(ID_BASE)
