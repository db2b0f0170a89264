"""SHACL validation: the bundled data conforms, and every rule catches its broken case.

Each control case starts from a made-up jurisdiction (ZZ) filled in from the
new-state skeleton, breaks one thing, and asserts the node, the message and the
exit code the analyst would see.
"""

import re

import pytest

from statgraph.kg import loader
from statgraph.authoring.skeleton import skeleton
from statgraph.analyses.validation import validate

STATUSES = {"1.1": "PartiallyMet", "1.7": "NotMet", "2.2": "NotMet", "3.4": "PartiallyMet"}
ISSUES = {"1": ("13.5", "C"), "2": ("25.0", "A"), "3": ("14.0", "A"), "4": ("15.0", "A"),
          "5": ("10.0", "A"), "6": ("15.0", "A")}

STATUTES = """
<us-zz/zrs> a sg:Code ; eli:jurisdiction <us-zz> ; sg:citation "Z.R.S." .
<us-zz/zrs/chapter/100> a sg:Chapter ; eli:number "100" ; sg:citation "chapter 100" ;
    eli:is_part_of <us-zz/zrs> ; eli:title "Sample chapter" .
<us-zz/zrs/100.010> a sg:Section ; eli:number "100.010" ; sg:citation "100.010" ;
    eli:is_part_of <us-zz/zrs/chapter/100> ; eli:title "Sample offense" .
<us-zz/zrs/100.010/1> a sg:Subsection ; eli:number "1" ; sg:citation "100.010(1)" ;
    eli:is_part_of <us-zz/zrs/100.010> .
<us-zz/zrs/100.020> a sg:Section ; eli:number "100.020" ; sg:citation "100.020" ;
    eli:is_part_of <us-zz/zrs/chapter/100> ; eli:title "Old sample offense (transferred)" ;
    sg:transferredTo <us-zz/zrs/100.010> ; eli:in_force eli:InForce-notInForce .
<us-zz/xref/1> a sg:CrossReference ; sg:citingProvision <us-zz/zrs/100.010/1> ;
    sg:citedResource <us-zz/zrs/100.020> ; sg:referenceKind sg:SectionReference .
<us-zz/protection/1> a sg:Protection ; rdfs:label "sample protection" ; sg:protectionKind sg:HearsayException ;
    sg:establishedBy <us-zz/zrs/100.010> ; sg:scopeChapter <us-zz/zrs/chapter/100> .
<us-zz/2024/safe-harbor/2.1> a sg:SafeHarborRow ; sg:reportCard <us-zz/2024> ;
    sg:goal <framework/2023/goal/2.1> ; sg:publishedStatus sg:FullyMet .
<us-zz/2024/safe-harbor/2.3> a sg:SafeHarborRow ; sg:reportCard <us-zz/2024> ;
    sg:goal <framework/2023/goal/2.3> ; sg:publishedStatus sg:FullyMet .
<us-zz/2024/safe-harbor/2.4> a sg:SafeHarborRow ; sg:reportCard <us-zz/2024> ;
    sg:goal <framework/2023/goal/2.4> ; sg:publishedStatus sg:FullyMet .
<us-zz/2024/safe-harbor/2.5> a sg:SafeHarborRow ; sg:reportCard <us-zz/2024> ;
    sg:goal <framework/2023/goal/2.5> ; sg:publishedStatus sg:FullyMet .
<us-zz/2024/safe-harbor/2.6> a sg:SafeHarborRow ; sg:reportCard <us-zz/2024> ;
    sg:goal <framework/2023/goal/2.6> ; sg:publishedStatus sg:FullyMet .
<us-zz/2024/safe-harbor/2.7> a sg:SafeHarborRow ; sg:reportCard <us-zz/2024> ;
    sg:goal <framework/2023/goal/2.7> ; sg:publishedStatus sg:FullyMet .
<us-zz/2024/safe-harbor/2.8> a sg:SafeHarborRow ; sg:reportCard <us-zz/2024> ;
    sg:goal <framework/2023/goal/2.8> ; sg:publishedStatus sg:FullyMet .
<us-zz/2024/safe-harbor/3.1> a sg:SafeHarborRow ; sg:reportCard <us-zz/2024> ;
    sg:goal <framework/2023/goal/3.1> ; sg:publishedStatus sg:FullyMet .
<us-zz/2024/safe-harbor/3.6> a sg:SafeHarborRow ; sg:reportCard <us-zz/2024> ;
    sg:goal <framework/2023/goal/3.6> ; sg:publishedStatus sg:FullyMet .
<us-zz/2024/extra-credit/youth> a sg:ExtraCreditAward ; sg:reportCard <us-zz/2024> ;
    sg:extraCreditCategory <framework/2023/extra-credit/youth> ; sg:publishedScore 1.0 ;
    sg:extendsGoal <framework/2023/goal/4.5> .
"""


def filled_entry(kg) -> str:
    """The ZZ skeleton with every blank filled consistently: it must conform."""
    text = skeleton(kg, "ZZ", 2024)
    text = text.replace('sg:code "ZZ" .', 'sg:code "ZZ" ; rdfs:label "Test State" .')
    text = text.replace("    sg:year 2024 .", "    sg:year 2024 ; sg:publishedTotal 93.5 ; sg:publishedGrade \"A\" ;\n"
                        "    sg:publishedTier <framework/2023/tier/1> .")
    for issue, (score, grade) in ISSUES.items():
        text = text.replace(f"sg:issueArea <framework/2023/issue/{issue}> .",
                            f"sg:issueArea <framework/2023/issue/{issue}> ;\n"
                            f"    sg:publishedScore {score} ; sg:publishedGrade \"{grade}\" .")

    def fill(match):
        goal = match.group(1)
        status = STATUSES.get(goal, "FullyMet")
        extra = f" sg:status sg:{status} ;"
        if status != "FullyMet":
            extra += (f" sg:recommendation <us-zz/2024/recommendation/{goal}.1> .\n"
                      f"<us-zz/2024/recommendation/{goal}.1> a sg:Recommendation ; "
                      f"skos:notation \"{goal}.1\" ; sg:summary \"Do better on {goal}.\"")
        if goal == "1.1":
            extra = " sg:restsOn <us-zz/zrs/100.010/1> ;" + extra
        return f"sg:goal <framework/2023/goal/{goal}> ;{extra} ."

    text = re.sub(r"sg:goal <framework/2023/goal/([\d.]+)> \.", fill, text)
    return text + STATUTES


@pytest.fixture(scope="module")
def valid_entry(kg):
    return filled_entry(kg)


def check(tmp_path, text, name="zz.ttl"):
    """Validate one entry file against itself (no other state loaded)."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (entry,) = loader.user_entry_files([path])
    return validate([entry], data=[str(path)])


def messages(report, severity="violation"):
    return [(f.node, f.message) for e in report.entries for f in e.findings if f.severity == severity]


# --- what must conform --------------------------------------------------------------

def test_bundled_data_conforms_with_only_the_four_untitled_sections_warned(cli):
    run = cli("validate")
    assert run.code == 0, run.out
    assert "2 entries: no violations, 4 warnings (SHACL conforms: false)" in run.out
    for section in ("567.070", "567.085", "589.400", "589.425"):
        assert f"\n  {section}\n" in run.out


def test_filled_in_test_jurisdiction_conforms(tmp_path, valid_entry):
    report = check(tmp_path, valid_entry)
    assert messages(report) == []
    assert report.exit_code() == 0


def test_fresh_skeleton_has_warnings_only(cli, tmp_path):
    out = tmp_path / "ks.ttl"
    assert cli("new-state", "--state", "KS", "--year", "2024", "-o", out).code == 0
    run = cli("validate", out)
    assert run.code == 0 and "no violations" in run.out
    assert "The goal has no status yet" in run.out and "KS 2024 goal 6.6" in run.out
    assert cli("validate", out, "--warnings-as-errors").code == 1


def test_skeleton_refuses_a_loaded_code_and_bad_codes(cli):
    assert "MO is already loaded" in cli("new-state", "--state", "MO", "--year", "2024").err
    assert "not a jurisdiction code" in cli("new-state", "--state", "m o", "--year", "2024").err


# --- control cases: one broken thing each -------------------------------------------

def replace(text, old, new, count=1):
    assert text.count(old) >= 1, old
    return text.replace(old, new, count)


CASES = [
    ("missing goal",
     lambda t: re.sub(r"<us-zz/2024/goal/6\.6> a sg:Assessment[^\n]*\n", "", t),
     "ZZ 2024 report card", "Goal 6.6 is not assessed"),
    ("duplicated goal",
     lambda t: t + "<us-zz/2024/goal/2.5> a sg:Assessment ; sg:reportCard <us-zz/2024> ;"
                   " sg:goal <framework/2023/goal/2.5> .\n"
                   "<us-zz/2024/goal/2.5-again> a sg:Assessment ; sg:reportCard <us-zz/2024> ;"
                   " sg:goal <framework/2023/goal/2.5> ; sg:status sg:FullyMet .\n",
     "ZZ 2024 goal 2.5", "Goal 2.5 is assessed more than once"),
    ("fully met but not full marks",
     lambda t: replace(t, "sg:goal <framework/2023/goal/1.2> ; sg:status sg:FullyMet ;",
                       "sg:goal <framework/2023/goal/1.2> ; sg:status sg:FullyMet ; sg:publishedScore 2.0 ;"),
     "ZZ 2024 goal 1.2", "Goal 1.2 is FullyMet but scores 2"),
    ("not met but points",
     lambda t: replace(t, "sg:goal <framework/2023/goal/1.7> ; sg:status sg:NotMet ;",
                       "sg:goal <framework/2023/goal/1.7> ; sg:status sg:NotMet ; sg:publishedScore 1.0 ;"),
     "ZZ 2024 goal 1.7", "Goal 1.7 is NotMet but scores 1"),
    ("partially met with full marks",
     lambda t: replace(t, "sg:status sg:PartiallyMet ; sg:recommendation <us-zz/2024/recommendation/3.4.1>",
                       "sg:status sg:PartiallyMet ; sg:publishedScore 2.5 ; "
                       "sg:recommendation <us-zz/2024/recommendation/3.4.1>"),
     "ZZ 2024 goal 3.4", "Goal 3.4 is PartiallyMet but scores 2.5"),
    ("issue score its statuses cannot give",
     lambda t: replace(t, 'sg:publishedScore 13.5 ; sg:publishedGrade "C"',
                       'sg:publishedScore 12.5 ; sg:publishedGrade "C"'),
     "ZZ 2024 issue 1", "Issue 1 scores 12.5, which its goals cannot give: "
                        "their published points and statuses allow more than 12.5 and less than 15"),
    ("issue score above its maximum",
     lambda t: replace(t, 'sg:publishedScore 10.0 ; sg:publishedGrade "A"',
                       'sg:publishedScore 11.0 ; sg:publishedGrade "A"'),
     "ZZ 2024 issue 5", "Issue 5 scores 11, more than its maximum of 10"),
    ("wrong issue grade",
     lambda t: replace(t, 'sg:publishedScore 13.5 ; sg:publishedGrade "C"',
                       'sg:publishedScore 13.5 ; sg:publishedGrade "B"'),
     "ZZ 2024 issue 1", "earns grade C, not B"),
    ("wrong total grade",
     lambda t: replace(t, 'sg:publishedGrade "A" ;\n    sg:publishedTier', 'sg:publishedGrade "B" ;\n    sg:publishedTier'),
     "ZZ 2024 report card", "The total 93.5 earns grade A, not B"),
    ("total that does not add up",
     lambda t: replace(t, "sg:publishedTotal 93.5", "sg:publishedTotal 90.0"),
     "ZZ 2024 report card", "The published total 90 is not the issue scores plus extra credit (93.5)"),
    ("too much extra credit",
     lambda t: replace(t, "sg:publishedScore 1.0 ;\n    sg:extendsGoal", "sg:publishedScore 11.0 ;\n    sg:extendsGoal"),
     "ZZ 2024 report card", "Extra credit adds up to 11, more than the framework's 10"),
    ("unknown statute",
     lambda t: replace(t, "sg:restsOn <us-zz/zrs/100.010/1>", "sg:restsOn <us-zz/zrs/100.999>"),
     "id:us-zz/zrs/100.999", "This statute is named but not in the graph"),
    ("section in the wrong chapter",
     lambda t: t + '<us-zz/zrs/200.010> a sg:Section ; eli:number "200.010" ; sg:citation "200.010" ;'
                   ' eli:is_part_of <us-zz/zrs/chapter/100> ; eli:title "Misfiled" .\n',
     "200.010", "Section 200.010 is filed under chapter 100"),
    ("transfer cycle",
     lambda t: replace(t, '<us-zz/zrs/100.010> a sg:Section ;',
                       '<us-zz/zrs/100.010> a sg:Section ; sg:transferredTo <us-zz/zrs/100.020> ;'
                       ' eli:in_force eli:InForce-notInForce ;'),
     "100.010", "transferred in a circle"),
    ("transferred section still in force",
     lambda t: replace(t, "sg:transferredTo <us-zz/zrs/100.010> ; eli:in_force eli:InForce-notInForce .",
                       "sg:transferredTo <us-zz/zrs/100.010> ."),
     "100.020", "A transferred section is no longer in force"),
    ("wrong datatype",
     lambda t: replace(t, "sg:publishedScore 13.5 ;", 'sg:publishedScore "13.5" ;'),
     "ZZ 2024 issue 1", "An issue score is a decimal number without quotes"),
    ("status outside the allowed three",
     lambda t: replace(t, "sg:goal <framework/2023/goal/1.2> ; sg:status sg:FullyMet ;",
                       "sg:goal <framework/2023/goal/1.2> ; sg:status sg:Maybe ;"),
     "ZZ 2024 goal 1.2", "The status is one of sg:FullyMet, sg:PartiallyMet, sg:NotMet"),
    ("two years",
     lambda t: replace(t, "sg:year 2024 ;", "sg:year 2024, 2025 ;"),
     "ZZ 2024/2025 report card", "A report card needs exactly one sg:year"),
    ("subsection not part of its section",
     lambda t: replace(t, "sg:citation \"100.010(1)\" ;\n    eli:is_part_of <us-zz/zrs/100.010>",
                       "sg:citation \"100.010(1)\" ;\n    eli:is_part_of <us-zz/zrs/100.020>"),
     "100.010(1)", "Subsection 1 is not part of the section its IRI and citation name"),
    ("assessment IRI off pattern",
     lambda t: replace(t, "<us-zz/2024/goal/1.3> a sg:Assessment", "<us-zz/2024/g1.3> a sg:Assessment"),
     "ZZ 2024 goal 1.3", "its IRI must be the report card's IRI + /goal/1.3"),
    ("Safe Harbor row disagrees",
     lambda t: replace(t, "sg:publishedStatus sg:FullyMet", "sg:publishedStatus sg:NotMet"),
     "ZZ 2024 Safe Harbor row 2.1", "prints goal 2.1 as NotMet, but its assessment says FullyMet"),
    ("missing issue result",
     lambda t: re.sub(r"<us-zz/2024/issue/6> a sg:IssueAreaResult[^\n]*\n[^\n]*\n", "", t),
     "ZZ 2024 report card", "Issue area 6 has no result"),
    ("range reference without its end",
     lambda t: replace(t, "sg:referenceKind sg:SectionReference", "sg:referenceKind sg:RangeReference"),
     "reference 100.010(1) → 100.020", "A range reference needs sg:rangeEnd"),
    ("scope chapter not in the graph",
     lambda t: replace(t, "sg:scopeChapter <us-zz/zrs/chapter/100>", "sg:scopeChapter <us-zz/zrs/chapter/999>"),
     "id:us-zz/zrs/chapter/999", "This chapter is named as a protection's scope but is not in the graph"),
]


@pytest.mark.parametrize("name,breaks,node,message", CASES, ids=[c[0] for c in CASES])
def test_control_case(tmp_path, valid_entry, name, breaks, node, message):
    report = check(tmp_path, breaks(valid_entry))
    found = messages(report)
    assert any(n == node and message in m for n, m in found), found
    assert report.exit_code() == 1


def test_control_case_exits_1_from_the_command_line(cli, tmp_path, valid_entry):
    path = tmp_path / "zz.ttl"
    path.write_text(replace(valid_entry, "sg:publishedTotal 93.5", "sg:publishedTotal 90.0"), encoding="utf-8")
    run = cli("validate", path, "--data", path)
    assert run.code == 1
    assert "ZZ 2024 report card" in run.out and "is not the issue scores plus extra credit" in run.out


def test_missing_recommendation_is_a_warning(tmp_path, valid_entry):
    broken = replace(valid_entry, " sg:recommendation <us-zz/2024/recommendation/1.7.1> .", " .")
    report = check(tmp_path, broken)
    assert ("ZZ 2024 goal 1.7", "The goal is not fully met but has no recommendation: add the report's "
            "numbered sg:recommendation.") in messages(report, "warning")
    assert report.exit_code() == 0 and report.exit_code(warnings_as_errors=True) == 1


def test_missing_statute_names_who_cites_it(tmp_path, valid_entry):
    report = check(tmp_path, replace(valid_entry, "sg:restsOn <us-zz/zrs/100.010/1>", "sg:restsOn <us-zz/zrs/100.999>"))
    (finding,) = [f for f in report.entries[0].findings if f.node == "id:us-zz/zrs/100.999"]
    assert finding.named_by == ("ZZ 2024 goal 1.1",)


def test_malformed_turtle_exits_2_with_its_line(cli, tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text('@prefix sg: <https://w3id.org/statgraph/ontology#> .\n<urn:a> sg:code "A"\n<urn:b> sg:code "B" .\n',
                    encoding="utf-8")
    run = cli("validate", path)
    assert run.code == 2 and "bad.ttl, line 3" in run.err and "Traceback" not in run.err
    assert run.out == ""


def test_json_output(cli, tmp_path, valid_entry):
    import json
    path = tmp_path / "zz.ttl"
    path.write_text(replace(valid_entry, "sg:publishedTotal 93.5", "sg:publishedTotal 90.0"), encoding="utf-8")
    document = json.loads(cli("validate", path, "--data", path, "--format", "json").out)
    assert document["conforms"] is False and document["violations"] == 1
    (finding,) = [f for f in document["entries"][0]["findings"] if f["severity"] == "violation"]
    assert finding["node"] == "ZZ 2024 report card" and finding["rule"].startswith("sgsh:TotalAddsUp")


def test_validating_an_entry_does_not_read_other_states(tmp_path, valid_entry):
    """Only the nodes the entry names come from the loaded world: MO's statutes never enter."""
    from statgraph.analyses import validation
    seen = {}
    original = validation.Validator._context

    def spy(self, entry, skip):
        quads = original(self, entry, skip)
        seen["subjects"] = {q.subject.value for q in quads}
        return quads
    path = tmp_path / "zz.ttl"
    path.write_text(valid_entry, encoding="utf-8")
    (entry,) = loader.user_entry_files([path])
    try:
        validation.Validator._context = spy
        validate([entry])  # world: the bundled Missouri entries
    finally:
        validation.Validator._context = original
    assert not any("/us-mo/" in s for s in seen["subjects"])
