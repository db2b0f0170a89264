"""Control cases for each rule added for issue 13, and unusual entries that must pass.

Each broken entry is the consistent ZZ entry of test_validation with one thing
changed; the test asserts the exit code, the node as people name it, the
property and the message written for that failure. The unusual entries are
legal cards (extremes, values exactly on a limit, long transfer chains,
quarter points) that must exit 0 even with --warnings-as-errors.
"""

import re

import pytest

from test_validation import check, filled_entry, replace

PREFIXES = """@base <https://w3id.org/statgraph/id/> .
@prefix sg: <https://w3id.org/statgraph/ontology#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


@pytest.fixture(scope="module")
def entry(kg):
    return filled_entry(kg)


def check_beside_missouri(tmp_path, text):
    """Validate one entry with the bundled Missouri entries loaded beside it."""
    from statgraph.analyses.validation import validate
    from statgraph.kg import loader
    path = tmp_path / "zz.ttl"
    path.write_text(text, encoding="utf-8")
    return validate(loader.user_entry_files([path]), data=[str(path), "graph_data/jurisdictions"])


def missouri_copy(tmp_path, old="", new="", append=""):
    """Missouri's bundled entries copied to tmp_path/us-mo, the report card edited as a reviewer would:
    returns (folder, report card path)."""
    import shutil
    folder = tmp_path / "us-mo"
    shutil.copytree("graph_data/jurisdictions/us-mo", folder)
    card = folder / "report-card-2023.ttl"
    text = card.read_text(encoding="utf-8")
    if old:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    card.write_text(text + append, encoding="utf-8")
    return folder, card


def findings(report, severity="violation"):
    return [f for e in report.entries for f in e.findings if f.severity == severity]


def assert_finding(report, node, path, message, severity="violation"):
    found = findings(report, severity)
    assert any(f.node == node and f.path == path and message in f.message for f in found), \
        [(f.node, f.path, f.message) for f in found]


# node as people name it, property, message — one per rule
CASES = [
    ("code of a loaded jurisdiction",
     lambda t: replace(t, 'sg:code "ZZ" ;', 'sg:code "MO" ;'),
     "jurisdiction MO", "", "The code MO already belongs to another jurisdiction"),
    ("assessment of a goal from another edition",
     lambda t: replace(t, "sg:goal <framework/2023/goal/6.6> .",
                       "sg:goal <framework/2023/goal/6.6> .\n<us-zz/2024/goal/x> a sg:Assessment ; "
                       "sg:reportCard <us-zz/2024> ; sg:goal <framework/pic/area/1> ; sg:status sg:FullyMet"),
     None, None, None),  # replaced below by a goal of the made-up edition (test_framework_editions)
    ("grade the edition does not have",
     lambda t: replace(t, 'sg:publishedScore 13.5 ; sg:publishedGrade "C"', 'sg:publishedScore 13.5 ; sg:publishedGrade "E"'),
     "ZZ 2024 issue 1", "", "The grade E is not one of the framework edition's grades (A, B, C, D, F)"),
    ("goal score above its maximum",
     lambda t: t + "<us-zz/2024/goal/1.2> sg:publishedScore 3.0 .\n",
     "ZZ 2024 goal 1.2", "", "Goal 1.2 is FullyMet but scores 3: fully met earns 2.5"),
    ("goal score above its maximum, no status",
     lambda t: replace(t, "sg:goal <framework/2023/goal/1.2> ; sg:status sg:FullyMet ;",
                       "sg:goal <framework/2023/goal/1.2> ; sg:publishedScore 2.75 ;"),
     "ZZ 2024 goal 1.2", "", "Goal 1.2 scores 2.75, more than its maximum of 2.5"),
    ("negative issue score",
     lambda t: replace(t, 'sg:publishedScore 13.5 ;', 'sg:publishedScore -13.5 ;'),
     "ZZ 2024 issue 1", "sg:publishedScore", "An issue score cannot be negative"),
    ("total above the maximum plus extra credit",
     lambda t: replace(t, "sg:publishedTotal 93.5", "sg:publishedTotal 111.0"),
     "ZZ 2024 report card", "", "The published total 111 is more than the framework's maximum 100 plus "
                                "its extra-credit cap 10"),
    ("Safe Harbor row twice",
     lambda t: t + "<us-zz/2024/safe-harbor/2.4b> a sg:SafeHarborRow ; sg:reportCard <us-zz/2024> ; "
                   "sg:goal <framework/2023/goal/2.4> ; sg:publishedStatus sg:FullyMet .\n",
     "ZZ 2024 Safe Harbor row 2.4", "", "The Safe Harbor table lists goal 2.4 more than once"),
    ("Safe Harbor row for a goal that is not a Safe Harbor goal",
     lambda t: t + "<us-zz/2024/safe-harbor/1.2> a sg:SafeHarborRow ; sg:reportCard <us-zz/2024> ; "
                   "sg:goal <framework/2023/goal/1.2> ; sg:publishedStatus sg:FullyMet .\n",
     "ZZ 2024 Safe Harbor row 1.2", "", "Goal 1.2 is not one of the framework edition's Safe Harbor goals"),
    ("issue result twice",
     lambda t: t + "<us-zz/2024/issue/1b> a sg:IssueAreaResult ; sg:reportCard <us-zz/2024> ; "
                   "sg:issueArea <framework/2023/issue/1> .\n",
     "ZZ 2024 issue 1", "", "Issue area 1 has more than one result"),
    ("extra credit category awarded twice",
     lambda t: t + "<us-zz/2024/extra-credit/youth-2> a sg:ExtraCreditAward ; sg:reportCard <us-zz/2024> ; "
                   "sg:extraCreditCategory <framework/2023/extra-credit/youth> ; sg:publishedScore 0.0 .\n",
     "ZZ 2024 extra credit youth", "", "Extra credit for youth is awarded more than once"),
    ("rank outside its tier",
     lambda t: replace(t, "sg:publishedTier <framework/2023/tier/1> .",
                       "sg:publishedTier <framework/2023/tier/1> ; sg:publishedRank 12 ; sg:rankTied false ."),
     "ZZ 2024 report card", "", "Rank 12 is not in Tier I, which holds ranks 1 to 10"),
    ("recommendation numbered under another goal",
     lambda t: replace(t, 'skos:notation "1.7.1"', 'skos:notation "1.6.1"'),
     "recommendation 1.6.1", "", "Recommendation 1.6.1 is given for goal 1.7: its number must start with 1.7"),
    ("legislation date after the card's year",
     lambda t: replace(t, "sg:year 2024 ;", 'sg:year 2024 ; sg:legislationAsOf "2025-01-01"^^xsd:date ;'),
     "ZZ 2024 report card", "", "Legislation as of 2025-01-01 is later than the report card's year 2024"),
    ("historical total that is not its areas' sum",
     lambda t: t + "<us-zz/pic/2019> a sg:HistoricalScore ; sg:jurisdiction <us-zz> ; sg:framework <framework/pic> ; "
                   "sg:year 2019 ; sg:publishedTotal 30.0 ; sg:areaScore <us-zz/pic/2019/area/1>, <us-zz/pic/2019/area/2> .\n"
                   "<us-zz/pic/2019/area/1> a sg:HistoricalAreaScore ; sg:issueArea <framework/pic/area/1> ; sg:publishedScore 10.0 .\n"
                   "<us-zz/pic/2019/area/2> a sg:HistoricalAreaScore ; sg:issueArea <framework/pic/area/2> ; sg:publishedScore 25.0 .\n",
     "id:us-zz/pic/2019", "", "The 2019 total 30 is not the sum of its area scores (35)"),
    ("jurisdiction code in lower case",
     lambda t: replace(t, 'sg:code "ZZ" ;', 'sg:code "zz" ;'),
     "jurisdiction zz", "sg:code", "A jurisdiction code is 2 to 6 capital letters or digits"),
]
# the "once" rules count rows written as blank nodes (issue 13.1, 13.3), named as people name them
BLANK = "[] a sg:{kind} ; sg:reportCard <us-zz/2024> ; {rest} .\n"
CASES += [
    ("goal assessed twice, the second as a blank node",
     lambda t: t + BLANK.format(kind="Assessment", rest="sg:goal <framework/2023/goal/1.2> ; sg:status sg:FullyMet"),
     "ZZ 2024 goal 1.2", "", "Goal 1.2 is assessed more than once"),
    ("issue result twice, the second as a blank node",
     lambda t: t + BLANK.format(kind="IssueAreaResult", rest="sg:issueArea <framework/2023/issue/1>"),
     "ZZ 2024 issue 1", "", "Issue area 1 has more than one result"),
    ("Safe Harbor row twice, the second as a blank node",
     lambda t: t + BLANK.format(kind="SafeHarborRow",
                                rest="sg:goal <framework/2023/goal/2.1> ; sg:publishedStatus sg:FullyMet"),
     "ZZ 2024 Safe Harbor row 2.1", "", "The Safe Harbor table lists goal 2.1 more than once"),
    ("second report card for the same state and year, as a blank node",
     lambda t: t + "[] a sg:ReportCard ; sg:jurisdiction <us-zz> ; sg:framework <framework/2023> ; sg:year 2024 .\n",
     "ZZ 2024 report card", "", "ZZ already has a 2024 report card (one without an IRI)"),
    ("extra credit awarded twice, the second a blank node scored 0",
     lambda t: t + BLANK.format(kind="ExtraCreditAward", rest="sg:extraCreditCategory "
                                "<framework/2023/extra-credit/youth> ; sg:publishedScore 0.0 ; "
                                "sg:extendsGoal <framework/2023/goal/4.5>"),
     "ZZ 2024 extra credit youth", "", "Extra credit for youth is awarded more than once"),
]
CASES = [c for c in CASES if c[2] is not None]


@pytest.mark.parametrize("name,breaks,node,path,message", CASES, ids=[c[0] for c in CASES])
def test_control_case(tmp_path, entry, name, breaks, node, path, message):
    report = check_beside_missouri(tmp_path, breaks(entry))
    assert_finding(report, node, path, message)
    assert report.exit_code() == 1


def test_second_jurisdiction_with_the_same_code_in_another_file(tmp_path, entry):
    from statgraph.analyses.validation import validate
    from statgraph.kg import loader
    other = tmp_path / "yy.ttl"
    other.write_text(PREFIXES + '<us-yy> a sg:Jurisdiction ; sg:code "ZZ" ; rdfs:label "Another" .\n'
                     .replace("rdfs:label", "<http://www.w3.org/2000/01/rdf-schema#label>"), encoding="utf-8")
    path = tmp_path / "zz.ttl"
    path.write_text(entry, encoding="utf-8")
    report = validate(loader.user_entry_files([path]), data=[str(path), str(other)])
    assert_finding(report, "jurisdiction ZZ", "", "The code ZZ already belongs to another jurisdiction")
    assert report.exit_code() == 1


def test_entry_declaring_a_second_jurisdiction_trespasses(tmp_path, entry):
    report = check(tmp_path, entry + '<us-yy> a sg:Jurisdiction ; sg:code "YY" .\n')
    assert_finding(report, "jurisdiction YY", "sg:code", "this triple is about another jurisdiction (id:us-yy)")


# --- one message per failure (the issue's own examples are in tests/regressions/) ---------

# ill-formed or wrongly typed values (issue 13.3-13.5): one violation naming node, property and the
# value as written; the rules that need the value say they could not run; never a crash
ILL_FORMED = [
    ("NaN as a double total", "sg:publishedTotal 93.5", 'sg:publishedTotal "NaN"^^xsd:double',
     "sg:publishedTotal", "NaN (xsd:double)", "The published total is a decimal number", "sgsh:TotalAddsUp"),
    ("NaN as a decimal total", "sg:publishedTotal 93.5", 'sg:publishedTotal "NaN"^^xsd:decimal',
     "sg:publishedTotal", "NaN (xsd:decimal)", '"NaN" is not a well-formed xsd:decimal', "sgsh:TotalAddsUp"),
    ("30 February", "sg:year 2024 ;", 'sg:year 2024 ; sg:legislationAsOf "2024-02-30"^^xsd:date ;',
     "sg:legislationAsOf", "2024-02-30 (xsd:date)", '"2024-02-30" is not a well-formed xsd:date',
     "sgsh:LegislationDate"),
    ("29 February of a common year", "sg:year 2024 ;", 'sg:year 2024 ; sg:legislationAsOf "2023-02-29"^^xsd:date ;',
     "sg:legislationAsOf", "2023-02-29 (xsd:date)", '"2023-02-29" is not a well-formed xsd:date',
     "sgsh:LegislationDate"),
    ("a year with a decimal point", "sg:year 2024 ;", 'sg:year "2024.0"^^xsd:integer ;',
     "sg:year", "2024.0 (xsd:integer)", '"2024.0" is not a well-formed xsd:integer', "sgsh:OneReportCardPerYear"),
    ("a boolean written yes", "sg:publishedTier <framework/2023/tier/1> .",
     'sg:publishedTier <framework/2023/tier/1> ; sg:publishedRank 3 ; sg:rankTied "yes"^^xsd:boolean .',
     "sg:rankTied", "yes (xsd:boolean)", '"yes" is not a well-formed xsd:boolean', "sgsh:RankInTier"),
    ("a language-tagged grade", 'sg:publishedTotal 93.5 ; sg:publishedGrade "A"',
     'sg:publishedTotal 93.5 ; sg:publishedGrade "A"@en', "sg:publishedGrade", '"A"@en',
     "The published grade is a plain string", "sgsh:TotalAddsUp"),
    ("a grade written as a number", 'sg:publishedTotal 93.5 ; sg:publishedGrade "A"',
     "sg:publishedTotal 93.5 ; sg:publishedGrade 1", "sg:publishedGrade", "1 (xsd:integer)",
     "The published grade is a plain string", "sgsh:TotalAddsUp"),
]


@pytest.mark.parametrize("name,old,new,path,value,message,held", ILL_FORMED, ids=[c[0] for c in ILL_FORMED])
def test_ill_formed_value_is_one_violation_and_its_rules_say_so(tmp_path, entry, capfd, name, old, new, path,
                                                               value, message, held):
    report = check_beside_missouri(tmp_path, replace(entry, old, new))
    about = [f for f in findings(report) if f.node.startswith("ZZ 2024") and f.node.endswith("report card")]
    assert [(f.path, f.value) for f in about] == [(path, value)], [(f.path, f.value, f.message) for f in about]
    assert message in about[0].message
    assert any(held in n.rule and "Not checked" in n.message for n in findings(report, "info")), \
        findings(report, "info")
    assert report.exit_code() == 1
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err


def test_nan_total_on_the_command_line_is_a_violation_not_an_internal_error(cli, tmp_path, entry):
    path = tmp_path / "zz.ttl"
    path.write_text(replace(entry, "sg:publishedTotal 93.5", 'sg:publishedTotal "NaN"^^xsd:double'), encoding="utf-8")
    run = cli("validate", path, "--data", path)
    assert run.code == 1 and "internal error" not in run.err and "NaN (xsd:double)" in run.out, run.out + run.err


def test_wrong_type_reported_once_not_also_as_out_of_range(tmp_path, entry):
    report = check(tmp_path, replace(entry, "sg:publishedScore 13.5 ;", 'sg:publishedScore "13.5" ;'))
    about = [f.message for f in findings(report) if f.node == "ZZ 2024 issue 1"]
    assert about == ["An issue score is a decimal number without quotes, e.g. 13.5."]


def test_two_blank_duplicates_are_one_finding_named_by_goal(tmp_path, entry):
    row = BLANK.format(kind="Assessment", rest="sg:goal <framework/2023/goal/1.2> ; sg:status sg:FullyMet")
    report = check_beside_missouri(tmp_path, entry + row + row)
    about = [f for f in findings(report) if "assessed more than once" in f.message]
    assert [(f.node, f.node_iri) for f in about] == [("ZZ 2024 goal 1.2", "")], about


def test_blank_duplicate_in_a_file_of_its_own_is_named(tmp_path, entry):
    """A second award in a separate file adds to a card described elsewhere: still reported."""
    from statgraph.analyses.validation import validate
    from statgraph.kg import loader
    card = tmp_path / "zz.ttl"
    card.write_text(entry, encoding="utf-8")
    extra = tmp_path / "zz-extra.ttl"
    extra.write_text(PREFIXES + BLANK.format(kind="ExtraCreditAward", rest="sg:extraCreditCategory "
                     "<framework/2023/extra-credit/youth> ; sg:publishedScore 0.0"), encoding="utf-8")
    report = validate(loader.user_entry_files([extra]), data=[str(card), str(extra)])
    assert_finding(report, "ZZ 2024 extra credit youth", "", "Extra credit for youth is awarded more than once")
    assert report.exit_code() == 1


# --- ownership ---------------------------------------------------------------------------

@pytest.mark.parametrize("addition,node,path,about", [
    ("<us-mo/2023> sg:publishedTotal 100.0 .\n", "MO 2023 report card", "sg:publishedTotal",
     "another jurisdiction (id:us-mo)"),
    ("<us/usc/22/7102> eli:title \"Something else\" .\n", "22 U.S.C. § 7102", "eli:title", "the reference data"),
    ("<source/shi-2023-mo-report-card> sg:sha256 \"0\" .\n", "id:source/shi-2023-mo-report-card", "sg:sha256",
     "the reference data"),
    ("sg:Assessment rdfs:subClassOf sg:Section .\n", "assessment", "rdfs:subClassOf", "the ontology"),
    ("<us-zz/goal/9.9> a sg:PolicyGoal ; skos:inScheme <framework/2023> .\n", "goal id:us-zz/goal/9.9", "rdf:type",
     "the framework or ontology"),
    ("<us-zz/2024/goal/1.7> sg:scoreLowerBound 2.5 .\n", "ZZ 2024 goal 1.7", "sg:scoreLowerBound",
     "statgraph's derived values"),
    ("<us-zz/set> a skos:Collection ; skos:member <framework/2023/goal/1.2> .\n", "id:us-zz/set", "skos:member",
     "the framework (only a framework states skos:member)"),
])
def test_entry_cannot_change_what_it_does_not_own(tmp_path, entry, addition, node, path, about):
    from statgraph.analyses.validation import validate
    from statgraph.kg import loader
    target = tmp_path / "zz.ttl"
    target.write_text(entry + addition, encoding="utf-8")
    report = validate(loader.user_entry_files([target]), data=[str(target), "graph_data/jurisdictions"])
    assert_finding(report, node, path, f"this triple is about {about}")


# blank nodes and links cannot reach another jurisdiction's card (issue 13.2)
ON_MISSOURI = [
    ("[] a sg:ExtraCreditAward ; sg:reportCard <us-mo/2023> ; sg:extraCreditCategory "
     "<framework/2023/extra-credit/youth> ; sg:publishedScore 9.0 .\n",
     "MO 2023 extra credit youth", "sg:reportCard",
     "another jurisdiction (id:us-mo): the blank node is linked to id:us-mo/2023"),
    ("[] a sg:Assessment ; sg:reportCard <us-mo/2023> ; sg:goal <framework/2023/goal/1.2> ; sg:status sg:NotMet .\n",
     "MO 2023 goal 1.2", "sg:status", "another jurisdiction (id:us-mo): the blank node is linked to id:us-mo/2023"),
    ("<us-zz/2024/goal/1.2b> a sg:Assessment ; sg:reportCard <us-mo/2023> ; sg:goal <framework/2023/goal/1.2> .\n",
     "MO 2023 goal 1.2", "sg:reportCard", "another jurisdiction (id:us-mo): it links to id:us-mo/2023"),
    ("<us-zz/2024> sg:note [ a sg:Assessment ; sg:goal <framework/2023/goal/1.2> ; "
     "sg:note [ sg:reportCard <us-mo/2023> ] ] .\n",
     "[sg:Assessment without an IRI]", "sg:goal",
     "another jurisdiction (id:us-mo): the blank node is linked to id:us-mo/2023"),
]


@pytest.mark.parametrize("addition,node,path,about", ON_MISSOURI)
def test_entry_cannot_reach_another_card_through_blank_nodes_or_links(tmp_path, entry, addition, node, path, about):
    report = check_beside_missouri(tmp_path, entry + addition)
    assert_finding(report, node, path, f"this triple is about {about}")
    assert report.exit_code() == 1


def test_blank_rows_on_the_entrys_own_card_are_its_own(tmp_path, entry):
    row = BLANK.format(kind="SafeHarborRow", rest="sg:goal <framework/2023/goal/2.1> ; sg:publishedStatus sg:FullyMet")
    report = check_beside_missouri(tmp_path, entry + row)
    assert not [f for f in findings(report) if f.rule == "statgraph:Ownership"]


def test_blank_award_on_another_card_is_refused_on_load(cli, tmp_path, entry):
    path = tmp_path / "zz.ttl"
    path.write_text(entry + ON_MISSOURI[0][0], encoding="utf-8")
    run = cli("gaps", "--state", "MO", "--data", "graph_data/jurisdictions", "--data", path)
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err
    assert ("zz.ttl: the entry changes what it does not own: [] sg:reportCard id:us-mo/2023 is about another "
            "jurisdiction (id:us-mo)") in run.err, run.err


def test_bundled_synthetic_draft_and_skeleton_entries_own_what_they_state(cli, tmp_path):
    assert cli("synth", "--states", "2", "--sections", "20", "-o", tmp_path / "syn").code == 0
    assert cli("new-state", "--state", "KS", "--year", "2024", "-o", tmp_path / "ks.ttl").code == 0
    run = cli("validate", tmp_path / "syn", tmp_path / "ks.ttl", "--data", tmp_path / "syn",
              "--data", "graph_data/jurisdictions")
    assert run.code == 0 and "statgraph:Ownership" not in run.out, run.out
    assert cli("gaps", "--state", "S01", "--data", tmp_path / "syn").code == 0


# --- unusual but correct ------------------------------------------------------------------

def _all(status, entry):
    """Every goal at the given status, issue scores and total to match."""
    text = re.sub(r"sg:status sg:\w+ ;", f"sg:status sg:{status} ;", entry)
    text = re.sub(r"sg:status sg:\w+ \.", f"sg:status sg:{status} .", text)
    return text


UNUSUAL = {
    "everything fully met, total exactly 100 plus the 10-point cap": lambda t: _fully_met(t),
    "a partially met goal at a quarter point": lambda t: replace(
        replace(t, "sg:goal <framework/2023/goal/1.1> ; sg:restsOn", "sg:goal <framework/2023/goal/1.1> ; "
                "sg:publishedScore 0.25 ; sg:restsOn"),
        'sg:publishedScore 13.5 ; sg:publishedGrade "C"', 'sg:publishedScore 12.75 ; sg:publishedGrade "C"')
    .replace("sg:publishedTotal 93.5", "sg:publishedTotal 92.75"),
    "issue score exactly on a grade boundary (70 % is C)": lambda t: replace(
        replace(t, "sg:goal <framework/2023/goal/1.1> ; sg:restsOn", "sg:goal <framework/2023/goal/1.1> ; "
                "sg:publishedScore 0.25 ; sg:restsOn"),
        'sg:publishedScore 13.5 ; sg:publishedGrade "C"', 'sg:publishedScore 12.75 ; sg:publishedGrade "C"')
    .replace("sg:publishedTotal 93.5", "sg:publishedTotal 92.75"),
    "rank tied at the first rank before its tier": lambda t: replace(
        t, "sg:publishedTier <framework/2023/tier/1> .",
        "sg:publishedTier <framework/2023/tier/1> ; sg:publishedRank 10 ; sg:rankTied true ."),
    "legislation as of the last day of the card's year": lambda t: replace(
        t, "sg:year 2024 ;", 'sg:year 2024 ; sg:legislationAsOf "2024-12-31"^^xsd:date ;'),
    "legislation as of 29 February of a leap year": lambda t: replace(
        t, "sg:year 2024 ;", 'sg:year 2024 ; sg:legislationAsOf "2024-02-29"^^xsd:date ;'),
    "a long chain of transfers": lambda t: t + "".join(
        f'<us-zz/zrs/100.{n:03d}> a sg:Section ; eli:number "100.{n:03d}" ; sg:citation "100.{n:03d}" ; '
        f'eli:is_part_of <us-zz/zrs/chapter/100> ; eli:title "Chain {n}" ; dcterms:source <source/zz> ; sg:lineStart 1 ; '
        f'sg:transferredTo <us-zz/zrs/100.{n + 1:03d}> ; eli:in_force eli:InForce-notInForce .\n'
        for n in range(100, 130)) + '<us-zz/zrs/100.130> a sg:Section ; eli:number "100.130" ; sg:citation "100.130" ; '
        'eli:is_part_of <us-zz/zrs/chapter/100> ; eli:title "Chain end" ; dcterms:source <source/zz> ; sg:lineStart 1 .\n',
    "extra credit of zero": lambda t: replace(t, "sg:publishedScore 1.0 ;\n    sg:extendsGoal",
                                              "sg:publishedScore 0.0 ;\n    sg:extendsGoal")
    .replace("sg:publishedTotal 93.5", "sg:publishedTotal 92.5"),
}


def _fully_met(entry):
    text = _all("FullyMet", entry)
    text = re.sub(r" sg:recommendation <us-zz/2024/recommendation/[\d.]+> \.\n<us-zz/2024/recommendation/[^\n]*", " .",
                  text)
    for issue, maximum in {"1": "17.5", "2": "27.5", "3": "15.0", "4": "15.0", "5": "10.0", "6": "15.0"}.items():
        text = re.sub(rf"(sg:issueArea <framework/2023/issue/{issue}> ;\n    sg:publishedScore )[\d.]+ ; "
                      rf'sg:publishedGrade "\w"', rf'\g<1>{maximum} ; sg:publishedGrade "A"', text)
    text = text.replace("sg:publishedScore 1.0 ;\n    sg:extendsGoal", "sg:publishedScore 10.0 ;\n    sg:extendsGoal")
    return text.replace("sg:publishedTotal 93.5", "sg:publishedTotal 110.0")


@pytest.fixture(scope="module")
def provenanced(entry):
    """The ZZ entry with a source on every fact, so that it has no warnings at all."""
    import pyoxigraph as ox
    store = ox.Store()
    store.load(entry.encode(), format=ox.RdfFormat.TURTLE)
    kinds = ("Section", "Assessment", "IssueAreaResult", "ReportCard", "Recommendation", "CrossReference",
             "Protection", "ExtraCreditAward", "SafeHarborRow")
    typed = {q.subject.value for q in store if q.predicate.value.endswith("#type")
             and any(q.object.value.endswith("#" + k) for k in kinds)}
    return entry + '<source/zz> a sg:SourceDocument ; rdfs:label "ZZ test report" .\n' + "".join(
        f"<{s}> dcterms:source <source/zz> ; sg:lineStart 1 .\n" for s in sorted(typed))


@pytest.mark.parametrize("name", list(UNUSUAL))
def test_unusual_but_correct_entry_passes_with_warnings_as_errors(cli, tmp_path, provenanced, name):
    path = tmp_path / "zz.ttl"
    path.write_text(UNUSUAL[name](provenanced), encoding="utf-8")
    run = cli("validate", path, "--data", path, "--data", "graph_data/jurisdictions", "--warnings-as-errors")
    assert run.code == 0, run.out
    assert "no violations, 0 warnings" in run.out


# --- output ----------------------------------------------------------------------------------

def test_csv_lists_one_row_per_finding(cli):
    import csv
    import io
    rows = list(csv.DictReader(io.StringIO(cli("validate", "--format", "csv").out)))
    assert len(rows) == 4 and {r["node"] for r in rows} == {"567.070", "567.085", "589.400", "589.425"}
    assert all(r["severity"] == "warning" and r["path"] == "eli:title" for r in rows)
