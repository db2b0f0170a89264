"""Missouri's statutes and 2023 report card, checked fact by fact.

Expected values below were read from the source report by a person; where the
source is present the tests also check each fact at the line the graph points
to, so a wrong number, title or location fails.
"""

import hashlib
import re
from decimal import Decimal

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from statgraph.kg.vocab import ELI, ID, SG

from conftest import SOURCE

FULLY = ["1.2", "1.3", "1.4", "1.5", "1.6", "2.1", "2.5", "2.10", "3.2", "3.3", "4.5"]
PARTIALLY = ["1.1", "2.7", "2.9", "2.11", "3.4", "3.5", "4.2", "4.3", "4.4", "4.6",
             "5.1", "5.2", "5.3", "5.4", "6.1", "6.2", "6.3"]
NOT = ["1.7", "2.2", "2.3", "2.4", "2.6", "2.8", "3.1", "3.6", "4.1", "6.4", "6.5", "6.6"]
EXPECTED_STATUS = {**{g: "FullyMet" for g in FULLY}, **{g: "PartiallyMet" for g in PARTIALLY},
                   **{g: "NotMet" for g in NOT}}
# issue: (published score, maximum, published grade)
EXPECTED_ISSUES = {"1": ("13.5", "17.5", "C"), "2": ("12.5", "27.5", "F"), "3": ("9", "15", "D"),
                   "4": ("9.5", "15", "D"), "5": ("8", "10", "B"), "6": ("3", "15", "F")}
SOURCE_STATUS_WORDS = {"FULLY MET": "FullyMet", "PARTIALLY MET": "PartiallyMet", "NOT MET": "NotMet"}


def value(graph, node, prop):
    """A literal's Python value (Decimal, int, str), or None."""
    found = graph.value(node, prop)
    return found.toPython() if found is not None else None


def lines_at(source_lines, node, graph):
    """The source text a node points to (lineStart..lineEnd), whitespace collapsed."""
    start = graph.value(node, SG.lineStart)
    assert start is not None, f"{node} has no source location"
    end = graph.value(node, SG.lineEnd) or start
    text = " ".join(source_lines[int(start) - 1:int(end)])
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def graph(kg):
    return kg.union_graph()


# --- the report card ------------------------------------------------------------

def test_forty_statuses_match_the_source(kg):
    rows = kg.run("goal-status", {"state": "MO"}).records()
    assert {r["goal"]: r["status"] for r in rows} == EXPECTED_STATUS
    assert len(rows) == 40


def test_statuses_read_from_the_source_text_agree(kg, graph, source_lines):
    """Independent check: the first status marker after each goal's heading in the source."""
    for row in kg.run("goal-status", {"state": "MO"}).records():
        goal_node = ID[f"framework/2023/goal/{row['goal']}"]
        heading = int(graph.value(goal_node, SG.lineStart))
        assert f"Policy Goal {row['goal']}" in source_lines[heading - 1]
        for line in source_lines[heading:heading + 6]:
            found = re.search(r"(FULLY MET|PARTIALLY MET|NOT MET)", line)
            if found:
                assert SOURCE_STATUS_WORDS[found.group(1)] == row["status"], row["goal"]
                break
        else:
            pytest.fail(f"no status marker after goal {row['goal']}")


def test_six_issue_results_and_their_derived_grades(kg):
    rows = kg.run("issue-scores", {"state": "MO", "year": "2023"}).records()
    got = {r["issue"]: (str(r["score"].normalize()), str(r["max"].normalize()), r["grade"]) for r in rows}
    assert {k: (s, m, g) for k, (s, m, g) in got.items()} == {
        k: (str(Decimal(s).normalize()), str(Decimal(m).normalize()), g)
        for k, (s, m, g) in EXPECTED_ISSUES.items()}
    for row in rows:
        assert row["derived_grade"] == row["grade"], row["issue"]


def test_total_is_the_sum_of_issue_scores_and_extra_credit(kg):
    (card,) = kg.run("report-card", {"state": "MO"}).records()
    assert card["total"] == Decimal("59.5")
    assert card["extra_credit"] == Decimal("4")  # youth 1 + child labor trafficking 3
    assert card["derived_total"] == card["total"]
    assert (card["grade"], card["derived_grade"]) == ("F", "F")
    assert (card["tier"], card["rank"], card["tied"]) == ("Tier II", 20, True)
    assert str(card["legislation_as_of"]) == "2023-07-01"


def test_extra_credit_awards_and_the_goals_they_extend(graph):
    youth = ID["us-mo/2023/extra-credit/youth"]
    labor = ID["us-mo/2023/extra-credit/child-labor-trafficking"]
    assert value(graph, youth, SG.publishedScore) == Decimal("1.0")
    assert value(graph, labor, SG.publishedScore) == Decimal("3.0")
    goals = lambda award: {str(g).rsplit("/", 1)[1] for g in graph.objects(award, SG.extendsGoal)}
    assert goals(youth) == {"4.5"}
    assert goals(labor) == {"2.10", "3.3", "4.5"}


def test_every_unmet_goal_has_its_numbered_recommendation(kg):
    gaps = kg.run("gaps", {"state": "MO"}).records()
    assert len(gaps) == 29
    assert all(g["recommendation"] == f"{g['goal']}.1" for g in gaps)
    assert all(g["recommendation_summary"] and g["gap"] for g in gaps)


def test_recommendations_are_at_their_locations(graph, source_lines):
    recommendations = list(graph.subjects(RDF.type, SG.Recommendation))
    assert len(recommendations) == 29
    for rec in recommendations:
        number = str(graph.value(rec, SKOS.notation))
        assert re.search(rf"{re.escape(number)}\s+Recommendation", lines_at(source_lines, rec, graph))


def test_assessments_span_their_goal_sections(graph, source_lines):
    for assessment in graph.subjects(RDF.type, SG.Assessment):
        goal = str(graph.value(graph.value(assessment, SG.goal), SKOS.notation))
        first = source_lines[int(graph.value(assessment, SG.lineStart)) - 1]
        assert f"Policy Goal {goal}" in first, goal


def test_safe_harbor_rows_agree_with_assessments(graph):
    rows = list(graph.subjects(SG.publishedStatus, None))
    assert len(rows) == 9
    members = set(graph.objects(ID["framework/2023/safe-harbor"], SKOS.member))
    for row in rows:
        goal = graph.value(row, SG.goal)
        assert goal in members
        assessment = ID[f"us-mo/2023/goal/{str(goal).rsplit('/', 1)[1]}"]
        assert graph.value(row, SG.publishedStatus) == graph.value(assessment, SG.status)


def test_history_totals_are_the_sum_of_area_scores(graph):
    for year, total in ((2019, Decimal("89.5")), (2011, Decimal("82"))):
        node = ID[f"us-mo/pic/{year}"]
        assert value(graph, node, SG.publishedTotal) == total
        assert value(graph, node, SG.publishedGrade) == "B"
        areas = [value(graph, a, SG.publishedScore) for a in graph.objects(node, SG.areaScore)]
        assert len(areas) == 6 and sum(areas) == total


# --- the statutes ----------------------------------------------------------------------

def test_every_section_the_source_cites_is_in_the_graph(kg, source_lines):
    in_source = set(re.findall(r"\b\d{3}\.\d{3,4}\b", "\n".join(source_lines)))
    in_graph = {r[0] for r in kg.run("statutes", {"state": "MO"}).rows}
    assert in_source == in_graph
    assert len(in_graph) == 65


def test_chapters(kg):
    chapters = {r[2] for r in kg.run("statutes", {"state": "MO"}).rows}
    assert len(chapters) == 20
    referenced = {r[1] for r in kg.run("crossrefs", {"state": "MO"}).rows if r[2] == "chapter"}
    assert referenced == {"chapter 207", "chapter 210", "chapter 211", "chapter 487", "chapter 565",
                          "chapter 566", "chapter 567", "chapter 568", "chapter 573"}


def test_section_titles_are_as_the_source_gives_them(graph, source_lines):
    titled = list(graph.subject_objects(ELI.title))
    assert len(titled) > 60
    for node, title in titled:
        text = lines_at(source_lines, node, graph)
        assert str(title) in text, node
        number = graph.value(node, ELI.number)
        if number:
            assert str(number) in text, node


@pytest.mark.parametrize("section,title", [
    ("566.211", "Sexual trafficking of a child – Penalty"),
    ("491.075", "Statement of child under fourteen or vulnerable person admissible, when"),
    ("567.050", "Promoting prostitution in the first degree"),
    ("566.212", "Sexual trafficking of a child – Penalty (transferred)"),
    ("595.226", "Identifiable information in court records to be redacted, when – Access to "
                "information permitted, when – Disclosure of identifying information regarding "
                "defendant, when"),
])
def test_sample_titles(kg, section, title):
    titles = {r[0]: r[1] for r in kg.run("statutes", {"state": "MO"}).rows}
    assert titles[section] == title


def test_sections_without_a_title_in_the_source_have_none(kg):
    titles = {r[0]: r[1] for r in kg.run("statutes", {"state": "MO"}).rows}
    assert {s for s, t in titles.items() if t is None} == {"567.070", "567.085", "589.400", "589.425"}


def test_transfers(kg, graph):
    transfers = {(r[0], r[1], r[3]) for r in kg.run("crossrefs", {"state": "MO"}).rows if r[2] == "transferred-to"}
    assert transfers == {("566.212", "566.211", 351), ("566.213", "566.210", 351)}
    for old in ("566.212", "566.213"):
        assert graph.value(ID[f"us-mo/rsmo/{old}"], ELI.in_force) == URIRef(str(ELI._NS) + "InForce-notInForce")


@pytest.mark.parametrize("term,provision", [
    ("commercial sex act", "566.200(5)"), ("victim of trafficking", "566.200(16)"),
    ("abuse", "210.110(1)"), ("neglect", "210.110(12)"), ("temporary protective custody", "210.125(5)"),
    ("interactive computer service", "567.050(1)(3)"), ("web-based classified service", "566.103(2)"),
    ("personal injury", "595.010(1)(23)"), ("youth", "211.036(3)"), ("child", "211.021(2)"),
])
def test_sample_terms(kg, term, provision):
    assert (term, provision) in {(r[0], r[1]) for r in kg.run("terms", {"state": "MO"}).rows}


def test_every_term_is_at_its_location(graph, source_lines):
    for node in graph.subjects(SG.term, None):
        text = lines_at(source_lines, node, graph).lower()
        assert str(graph.value(node, SG.term)).lower() in text, node
        provision = graph.value(node, SG.definedIn)
        section = re.match(r"[\d.]+|\d+ U\.S\.C\. § (\d+)", str(graph.value(provision, SG.citation)))
        assert (section.group(1) or section.group(0)) in text, node


@pytest.mark.parametrize("source,target,kind", [
    ("566.211(1)", "573.010", "section"),
    ("566.200(16)", "566.212", "section"),
    ("491.680(1)", "chapter 566", "chapter"),
    ("491.680(1)", "chapter 568", "chapter"),
    ("491.075(1)", "chapter 573", "chapter"),
    ("566.223(6)", "566.212", "section"),
    ("566.223(3)", "566.200 to 566.223", "range"),
    ("556.037(2)", "589.400 to 589.425", "range"),
    ("210.110(1)", "22 U.S.C. § 7102(9)", "external"),
    ("513.623", "Mo. Const. art. IX, § 7", "external"),
    ("595.226(1)", "chapter 566", "chapter"),
])
def test_sample_cross_references(kg, source, target, kind):
    assert (source, target, kind) in {tuple(r[:3]) for r in kg.run("crossrefs", {"state": "MO"}).rows}


def test_no_cross_reference_from_491_680_to_chapter_567(kg):
    targets = {r[1] for r in kg.run("crossrefs", {"state": "MO"}).rows if r[0].startswith("491.680")}
    assert "chapter 567" not in targets and "chapter 566" in targets


def test_transfer_notes_are_at_their_locations(graph, source_lines):
    notes = list(graph.subjects(RDF.predicate, SG.transferredTo))
    assert len(notes) == 2
    for note in notes:
        old = str(graph.value(graph.value(note, RDF.subject), SG.citation))
        new = str(graph.value(graph.value(note, RDF.object), SG.citation))
        assert f"{old} [transferred to § {new}" in lines_at(source_lines, note, graph)


def test_every_cross_reference_is_at_its_location(graph, source_lines):
    for node in graph.subjects(SG.citingProvision, None):
        text = lines_at(source_lines, node, graph)
        cited = str(graph.value(graph.value(node, SG.citedResource), SG.citation))
        key = {"Mo. Const. art. IX, § 7": "article IX"}.get(cited)
        key = key or re.search(r"\d{3}\.\d{3,4}|§ (\d+)|chapter (\d+)", cited).group(0)
        key = key.replace("§ ", "")
        assert re.search(re.escape(key.replace("chapter ", "")), text), (node, key)


def test_offense_categories_follow_the_keystone_lists(graph):
    by_category = {}
    for offense in graph.subjects(SG.offenseCategory, None):
        section = str(graph.value(graph.value(offense, SG.definedBy), SG.citation))
        by_category.setdefault(graph.value(offense, SG.offenseCategory), set()).add(section)
    assert by_category[SG.ChildSexTrafficking] == {"566.210", "566.211"}
    assert by_category[SG.CSEC] == {"566.103", "567.030", "567.050", "567.060", "573.024"}


def test_penalty_classes_and_prison_ranges(graph):
    def penalty(label):
        (node,) = [n for n in graph.subjects(RDFS.label, None) if str(graph.value(n, RDFS.label)) == label
                   and (n, SG.rangeSetBy, None) in graph]
        return node
    assert value(graph, penalty("class E felony"), SG.maxPrisonYears) == Decimal("4.0")
    assert value(graph, penalty("class D felony"), SG.maxPrisonYears) == Decimal("7.0")
    b = penalty("class B felony")
    assert (value(graph, b, SG.minPrisonYears), value(graph, b, SG.maxPrisonYears)) == (Decimal(5), Decimal(15))
    assert str(graph.value(graph.value(b, SG.rangeSetBy), SG.citation)) == "558.011(1)(2)"


TRAFFICKING_LIST = {"566.203", "566.206", "566.209", "566.212", "566.213"}


@pytest.mark.parametrize("protection,kind,chapters,sections,age", [
    ("491.075", SG.HearsayException, {"565", "566", "568", "573"}, set(), 14),
    ("491.680", SG.AlternativeTestimony, {"565", "566", "568"}, set(), None),
    ("491.725", SG.CourtroomSupport, set(), set(), 14),
    ("595.226", SG.IdentityProtection, {"566"}, set(), None),
    ("566.218", SG.MandatoryRestitution, set(), TRAFFICKING_LIST | {"566.210", "566.211", "566.215"}, None),
    ("559.105", SG.DiscretionaryRestitution, set(), set(), None),
    ("566.223-6", SG.CivilRemedy, set(), TRAFFICKING_LIST, None),
    ("566.223-7", SG.StateCivilAction, set(), TRAFFICKING_LIST, None),
    ("556.037", SG.NoCriminalLimitationPeriod, set(), set(), 19),
    ("595.030-1", SG.CompensationExemption, set(), set(), None),
    ("610.131", SG.RecordRelief, set(), {"567.020"}, 18),
    ("567.020-5", SG.NonCriminalization, set(), {"567.020"}, 18),
    ("562.041-2-1", SG.NonCriminalization, set(), set(), None),
    ("337.055", SG.PrivilegedCommunication, set(), set(), None),
])
def test_protection_scopes(graph, protection, kind, chapters, sections, age):
    node = ID[f"us-mo/protection/{protection}"]
    assert graph.value(node, SG.protectionKind) == kind
    assert {str(graph.value(c, ELI.number)) for c in graph.objects(node, SG.scopeChapter)} == chapters
    assert {str(graph.value(s, ELI.number)) for s in graph.objects(node, SG.scopeSection)} == sections
    limit = graph.value(node, SG.victimAgeUnder)
    assert (limit.toPython() if limit is not None else None) == age


def test_every_protection_is_at_its_location(graph, source_lines):
    """The provision establishing each protection is cited in the lines the protection points to."""
    protections = list(graph.subjects(RDF.type, SG.Protection))
    assert len(protections) == 16
    for node in protections:
        text = lines_at(source_lines, node, graph)
        for provision in graph.objects(node, SG.establishedBy):
            section = str(graph.value(provision, SG.citation)).split("(")[0]
            assert section in text, (node, section)


@pytest.mark.parametrize("protection,words", [
    # § 491.725: under 14, or under 18 at the court's discretion; the table states no offense scope
    ("491.725", ["under 14 years of age", "under 18 years of age", "491.725"]),
    ("566.223-7", ["566.223(7)", "attorney general", "fifty thousand dollars",
                   "566.203, 566.206, 566.209, 566.212, or 566.213"]),
    ("610.131", ["610.131", "under the age of eighteen", "567.020", "coercion"]),
    ("556.037", ["556.037", "eighteen years of age or under", "commenced at any time", "589.400 to 589.425"]),
    ("567.020-5", ["shall not be certified as an adult or adjudicated as a delinquent", "under the age of eighteen"]),
    ("562.041-2-1", ["is not so responsible if", "victim of the offense"]),
    ("595.030-1", ["595.030(1)", "human trafficking", "only victims of trafficking, not CSEC"]),
    ("559.105", ["559.105", "may be ordered"]),
    ("566.223-6", ["566.223(6)", "within ten years"]),
    ("337.636", ["337.636", "Social worker", "minor victim"]),
])
def test_new_protection_facts_are_stated_at_their_lines(graph, source_lines, protection, words):
    text = lines_at(source_lines, ID[f"us-mo/protection/{protection}"], graph)
    for word in words:
        assert word in text, (protection, word)


def test_protection_details(graph):
    def value_of(protection, prop):
        found = graph.value(ID[f"us-mo/protection/{protection}"], prop)
        return found.toPython() if found is not None else None
    assert value_of("491.725", SG.discretionaryAgeUnder) == 18 and value_of("491.725", SG.scopeOpen) is True
    assert value_of("556.037", SG.scopeOpen) is True
    assert str(graph.value(graph.value(ID["us-mo/protection/556.037"], SG.scopeListedIn), SG.citation)) == "589.414"
    assert value_of("566.223-6", SG.limitationPeriodYears) == Decimal("10.0")
    assert value_of("566.223-7", SG.maxCivilPenaltyDollars) == Decimal("50000.0")
    assert graph.value(ID["us-mo/protection/595.030-1"], SG.scopeOffenseCategory) == SG.ChildSexTrafficking
    assert graph.value(ID["us-mo/protection/595.030-1"], SG.exemptsFrom) == ID["us-mo/barrier/595.030-1"]
    assert value_of("562.041-2-1", SG.scopeAnyOffense) is True
    assert graph.value(ID["us-mo/protection/562.041-2-1"], SG.liability) == SG.AccompliceLiability
    assert graph.value(ID["us-mo/protection/562.041-2-1"], SG.beneficiaryCondition) == SG.VictimOfTheOffense
    assert graph.value(ID["us-mo/protection/567.020-5"], SG.liability) == SG.PrincipalLiability
    assert {graph.value(n, SG.professional) for n in (ID["us-mo/protection/337.055"], ID["us-mo/protection/337.540"],
                                                      ID["us-mo/protection/337.636"])} == {
        SG.Psychologist, SG.ProfessionalCounselor, SG.SocialWorker}
    assert value_of("337.636", SG.excludesMinorCrimeVictims) is True
    assert value_of("337.055", SG.excludesMinorCrimeVictims) is None


@pytest.mark.parametrize("barrier,words", [
    ("595.025-2", ["595.025(2)", "two years"]),
    ("595.015-4", ["595.015(4)", "cooperate with law enforcement"]),
    ("595.035-3", ["595.035(3)", "consent"]),
    ("595.030-1", ["595.030(1)", "reported to the proper authorities"]),
])
def test_compensation_barriers_are_at_their_lines(graph, source_lines, barrier, words):
    node = ID[f"us-mo/barrier/{barrier}"]
    assert (node, RDF.type, SG.EligibilityBarrier) in graph
    text = lines_at(source_lines, node, graph)
    for word in words:
        assert word in text


@pytest.mark.parametrize("mandate,kinds,holders,words", [
    ("567.020-5", {SG.ReportToChildWelfare, SG.ServicesReferral}, set(), ["reported immediately to the children's division"]),
    ("210.1500-1", {SG.ReportToChildWelfare}, {SG.LawEnforcement}, ["210.1500(1)", "police officer"]),
    ("210.1500-4", {SG.ServicesReferral, SG.TraffickingScreening}, {SG.LawEnforcement, SG.ChildWelfare},
     ["referral is made to the child advocacy center", "validated screening tool"]),
    ("210.1500-5", {SG.MultidisciplinaryTeam}, set(), ["210.1500(5)", "multidisciplinary teams shall be used"]),
    ("566.223-4", {SG.ReportToChildWelfare}, {SG.LawEnforcement}, ["566.223(4)", "shall notify"]),
])
def test_mandates_are_at_their_lines(graph, source_lines, mandate, kinds, holders, words):
    node = ID[f"us-mo/mandate/{mandate}"]
    assert set(graph.objects(node, SG.mandateKind)) == kinds
    assert set(graph.objects(node, SG.dutyHolder)) == holders
    text = lines_at(source_lines, node, graph)
    for word in words:
        assert word in text


def test_mistake_of_age_bars(graph, source_lines):
    bars = {str(graph.value(graph.value(b, SG.establishedBy), SG.citation)): b
            for b in graph.subjects(SG.barredDefense, SG.MistakeOfAgeDefense)}
    assert set(bars) == {"566.211(2)", "566.210(2)", "567.030(2)"}
    for citation, bar in bars.items():
        text = lines_at(source_lines, bar, graph)
        assert citation in text and "shall not be a defense" in text


def test_buyer_reach_and_the_jungers_decisions(graph, source_lines):
    notes = {str(graph.value(graph.value(n, RDF.subject), SG.definedBy)).rsplit("/", 1)[1]: n
             for n in graph.subjects(RDF.predicate, SG.reachesBuyers)}
    assert set(notes) == {"566.211", "566.210", "567.030"}
    for section, note in notes.items():
        reach = graph.value(note, RDF.object)
        assert graph.value(graph.value(note, RDF.subject), SG.reachesBuyers) == reach
        text = lines_at(source_lines, note, graph)
        assert section in text
        if reach == SG.BuyersByInterpretation:
            assert "obtains" in text and "causes" in text.lower()
        else:
            assert reach == SG.BuyersExpressly and "Solicits" in text
    appeal, trial = ID["us/case/702-f3d-1066"], ID["us/case/834-f-supp-2d-930"]
    assert graph.value(appeal, SG.reverses) == trial
    assert (value(graph, appeal, SG.holdsBuyersReached), value(graph, trial, SG.holdsBuyersReached)) == (True, False)
    assert (value(graph, appeal, SG.year), value(graph, trial, SG.year)) == (2013, 2011)
    assert graph.value(appeal, SG.codifiedBy) == ID["us/pl/114-22"]
    text = lines_at(source_lines, appeal, graph)
    assert "702 F.3d 1066" in text and "834 F. Supp. 2d 930" in text and "Reversing" in text
    for decision in (appeal, trial):
        assert str(graph.value(decision, SG.citation)).split(", ", 1)[1].split(" (")[0] in text
    assert graph.value(ID["us-mo/offense/566.211"], SG.interpretationAuthority) == appeal


@pytest.mark.parametrize("absence,kind,classes,words", [
    ("non-criminalization", SG.NonCriminalization, {SG.StatusOffense, SG.Misdemeanor, SG.NonViolentFelony},
     ["does not prohibit the criminalization", "status offenses", "misdemeanors or non-violent felonies"]),
    ("affirmative-defense", SG.AffirmativeDefense, {SG.ViolentFelony}, ["does not provide", "violent felonies"]),
    ("victim-advocate", SG.VictimAdvocate, set(), ["right to a victim advocate", "Not statutorily required"]),
])
def test_stated_absences(graph, source_lines, absence, kind, classes, words):
    node = ID[f"us-mo/absence/{absence}"]
    assert graph.value(node, SG.absentKind) == kind and graph.value(node, SG.jurisdiction) == ID["us-mo"]
    assert set(graph.objects(node, SG.scopeOffenseClass)) == classes
    text = lines_at(source_lines, node, graph)
    for word in words:
        assert word in text


def test_juvenile_court_rules(graph, source_lines):
    court = ID["us-mo/juvenile-court"]
    assert (value(graph, court, SG.juvenileMaxAge), value(graph, court, SG.minimumAgeSet),
            value(graph, court, SG.directFilePermitted), value(graph, court, SG.transferMinAge),
            value(graph, court, SG.traumaConsideredInTransfer)) == (17, False, True, 12, False)
    table = lines_at(source_lines, court, graph)
    assert "None." in table and "17." in table and "12+ years of age" in table
    statements = {graph.value(n, RDF.predicate): n for n in graph.subjects(RDF.subject, court)}
    assert set(statements) == {SG.juvenileMaxAge, SG.minimumAgeSet, SG.directFilePermitted, SG.transferMinAge,
                               SG.traumaConsideredInTransfer}
    stated = {p: {str(graph.value(s, SG.citation)) for s in graph.objects(n, SG.statedIn)}
              for p, n in statements.items()}
    assert stated[SG.minimumAgeSet] == {"211.021(2)"} and stated[SG.juvenileMaxAge] == {"211.031(1)(3)"}
    assert stated[SG.directFilePermitted] == {"211.034", "211.071(2)", "211.071(10)"}
    assert len(stated[SG.traumaConsideredInTransfer]) == 10
    for predicate, node in statements.items():
        assert graph.value(node, RDF.object).toPython() == value(graph, court, predicate)
        text = lines_at(source_lines, node, graph)
        assert all(c.split("(")[0] in text for c in stated[predicate])


def test_offense_age_limits_closure_penalty_and_the_prostitution_offense(graph, source_lines):
    assert value(graph, ID["us-mo/offense/566.211"], SG.victimAgeUnder) == 18
    assert "under the age of eighteen" in lines_at(source_lines, ID["us-mo/offense/566.211"], graph)
    assert value(graph, ID["us-mo/offense/566.210"], SG.victimAgeUnder) == 12
    assert "under the age of twelve" in lines_at(source_lines, ID["us-mo/offense/566.210"], graph)
    closure = ID["us-mo/penalty/573.024-3"]
    assert value(graph, closure, SG.maxClosureYears) == Decimal("1.0")
    assert "close for up to one year" in lines_at(source_lines, closure, graph)
    assert (ID["us-mo/offense/573.024"], SG.penaltyProvision, ID["us-mo/offense/573.024/penalty/2"]) in graph
    assert graph.value(ID["us-mo/offense/567.020"], SG.offenseCategory) == SG.ProstitutionOffense


def test_registration_list_cross_reference_to_patronizing(kg):
    rows = {(r[0], r[1], r[3]) for r in kg.run("crossrefs", {"state": "MO"}).rows}
    assert ("589.414(7)", "567.030", 803) in rows and ("589.414(6)", "567.030", 773) in rows


# --- provenance and wording --------------------------------------------------------------

def test_source_document_hash_matches_the_file_the_lines_refer_to(graph):
    if not SOURCE.is_file():
        pytest.skip(f"source report not found at {SOURCE}")
    recorded = str(graph.value(ID["source/shi-2023-mo-report-card"], SG.sha256))
    assert hashlib.sha256(SOURCE.read_bytes()).hexdigest() == recorded


def test_every_fact_node_points_to_the_source(graph):
    fact_classes = [SG.Assessment, SG.Recommendation, SG.IssueAreaResult, SG.Section, SG.CrossReference,
                    SG.DefinedTerm, SG.Offense, SG.Protection, SG.PolicyGoal, SG.SafeHarborRow,
                    SG.ExtraCreditAward, SG.Highlight, SG.HistoricalScore, SG.Mandate, SG.DefenseBar,
                    SG.EligibilityBarrier, SG.StatedAbsence, SG.JuvenileCourtJurisdiction, SG.CourtDecision,
                    RDF.Statement]
    for cls in fact_classes:
        for node in graph.subjects(RDF.type, cls):
            assert graph.value(node, DCTERMS.source) is not None, node
            assert graph.value(node, SG.lineStart) is not None, node


OWN_WORDS = [SG.gapSummary, SG.summary, RDFS.label, SKOS.prefLabel, RDFS.comment, SG.condition]


def _words(text):
    return re.findall(r"[a-z0-9]+", text.lower())


def test_summaries_and_labels_are_not_copied_from_the_source(graph, source_lines):
    """DESIGN §3: the report's sentences stay out; no 8-word run of a summary may occur in it.
    Names are facts and exempt: issue-area titles and offense names as the source gives them."""
    source_words = " ".join(_words(" ".join(source_lines)))
    named = set(graph.subjects(RDF.type, SG.IssueArea)) | set(graph.subjects(RDF.type, SG.Offense))
    copied = []
    for prop in OWN_WORDS:
        for node, text in graph.subject_objects(prop):
            if not str(node).startswith(str(ID)) or node in named:
                continue
            words = _words(str(text))
            for i in range(len(words) - 7):
                if " ".join(words[i:i + 8]) in source_words:
                    copied.append((str(node), str(text)))
                    break
    assert copied == []
