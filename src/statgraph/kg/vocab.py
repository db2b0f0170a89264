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

    AccompliceLiability: URIRef
    AffirmativeDefense: URIRef
    AlternativeTestimony: URIRef
    Assessment: URIRef
    AssessmentStatus: URIRef
    BuyerReach: URIRef
    BuyersByInterpretation: URIRef
    BuyersExpressly: URIRef
    BuyersNotReached: URIRef
    CSEC: URIRef
    Caseworker: URIRef
    Chapter: URIRef
    ChapterReference: URIRef
    ChildSexTrafficking: URIRef
    ChildWelfare: URIRef
    CivilRemedy: URIRef
    Code: URIRef
    CompensationExemption: URIRef
    CourtDecision: URIRef
    CourtroomSupport: URIRef
    CoverageRoute: URIRef
    CrossReference: URIRef
    Defense: URIRef
    DefenseBar: URIRef
    DefinedTerm: URIRef
    Dependency: URIRef
    DerivedProperty: URIRef
    DiscretionaryRestitution: URIRef
    EligibilityBarrier: URIRef
    ExternalLegalResource: URIRef
    ExternalReference: URIRef
    ExtraCreditAward: URIRef
    ExtraCreditCategory: URIRef
    Framework: URIRef
    FullyMet: URIRef
    GradeBand: URIRef
    HearsayException: URIRef
    Highlight: URIRef
    HistoricalAreaScore: URIRef
    HistoricalScore: URIRef
    IdentityProtection: URIRef
    IssueArea: URIRef
    IssueAreaResult: URIRef
    Jurisdiction: URIRef
    JuvenileCourtJurisdiction: URIRef
    JuvenileJustice: URIRef
    LawEnforcement: URIRef
    LiabilityForm: URIRef
    Mandate: URIRef
    MandateKind: URIRef
    MandatoryRestitution: URIRef
    Misdemeanor: URIRef
    MistakeOfAgeDefense: URIRef
    MultidisciplinaryTeam: URIRef
    NoCivilLimitationPeriod: URIRef
    NoCriminalLimitationPeriod: URIRef
    NonCriminalization: URIRef
    NonViolentFelony: URIRef
    NotMet: URIRef
    Offense: URIRef
    OffenseCategory: URIRef
    OffenseClass: URIRef
    OtherOffense: URIRef
    PartiallyMet: URIRef
    Penalty: URIRef
    PenaltyClass: URIRef
    PenaltyProvision: URIRef
    PersonCondition: URIRef
    PolicyGoal: URIRef
    PrincipalLiability: URIRef
    PrivilegedCommunication: URIRef
    ProfessionalCounselor: URIRef
    Prosecutor: URIRef
    ProstitutionOffense: URIRef
    Protection: URIRef
    ProtectionKind: URIRef
    Psychologist: URIRef
    RangeReference: URIRef
    Recommendation: URIRef
    RecordRelief: URIRef
    ReferenceKind: URIRef
    ReportCard: URIRef
    ReportToChildWelfare: URIRef
    Role: URIRef
    SafeHarborRow: URIRef
    SchoolPersonnel: URIRef
    Section: URIRef
    SectionReference: URIRef
    ServicesReferral: URIRef
    SocialWorker: URIRef
    SourceDocument: URIRef
    StateCivilAction: URIRef
    StatedAbsence: URIRef
    StatusOffense: URIRef
    Subsection: URIRef
    Tier: URIRef
    TraffickingScreening: URIRef
    VictimAdvocate: URIRef
    VictimOfTheOffense: URIRef
    ViolentFelony: URIRef

    aboutOwnOffenses: URIRef
    absentKind: URIRef
    addressesGoal: URIRef
    appliesToOffense: URIRef
    areaScore: URIRef
    barredDefense: URIRef
    beneficiaryCondition: URIRef
    buyerReadingOf: URIRef
    citation: URIRef
    citedResource: URIRef
    citingProvision: URIRef
    code: URIRef
    codifiedBy: URIRef
    condition: URIRef
    court: URIRef
    dailyFineDollars: URIRef
    definedBy: URIRef
    definedIn: URIRef
    derivedScore: URIRef
    directFilePermitted: URIRef
    discretionaryAgeUnder: URIRef
    dutyHolder: URIRef
    establishedBy: URIRef
    excludesMinorCrimeVictims: URIRef
    exemptsFrom: URIRef
    extendsGoal: URIRef
    extraCreditCategory: URIRef
    framework: URIRef
    gapSummary: URIRef
    goal: URIRef
    holdsBuyersReached: URIRef
    inFramework: URIRef
    interpretationAuthority: URIRef
    interprets: URIRef
    issueArea: URIRef
    jurisdiction: URIRef
    juvenileMaxAge: URIRef
    juvenileMinAge: URIRef
    legislationAsOf: URIRef
    letter: URIRef
    liability: URIRef
    lifeImprisonment: URIRef
    limitationPeriodYears: URIRef
    lineEnd: URIRef
    lineStart: URIRef
    mandateKind: URIRef
    maxCivilPenaltyDollars: URIRef
    maxClosureYears: URIRef
    maxExtraCredit: URIRef
    maxFineDollars: URIRef
    maxPercent: URIRef
    maxPoints: URIRef
    maxPrisonYears: URIRef
    minimumAgeSet: URIRef
    minPercent: URIRef
    minPrisonYears: URIRef
    minYearsBeforeParole: URIRef
    offenseCategory: URIRef
    partOfOrSelf: URIRef
    penalty: URIRef
    penaltyProvision: URIRef
    professional: URIRef
    protectionKind: URIRef
    publishedGrade: URIRef
    publishedRank: URIRef
    publishedScore: URIRef
    publishedStatus: URIRef
    publishedTier: URIRef
    publishedTotal: URIRef
    rangeEnd: URIRef
    rangeSetBy: URIRef
    rankTied: URIRef
    reachesBuyers: URIRef
    recommendation: URIRef
    referenceKind: URIRef
    reportCard: URIRef
    restsOn: URIRef
    reverses: URIRef
    routeOffense: URIRef
    routeProtection: URIRef
    routeThrough: URIRef
    routeVia: URIRef
    routeVictimAgeUnder: URIRef
    scopeAnyOffense: URIRef
    dependent: URIRef
    dependsOnSection: URIRef
    dependencyHops: URIRef
    dependencyChain: URIRef
    scopeChapter: URIRef
    scopeListedIn: URIRef
    scopeOffenseCategory: URIRef
    scopeOffenseClass: URIRef
    scopeOpen: URIRef
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
    transferMinAge: URIRef
    transferredTo: URIRef
    traumaConsideredInTransfer: URIRef
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
