"""Issue #13: `"9,5"^^xsd:decimal` was reported twice, printed an rdflib log traceback on stderr,
and silently switched off the total check."""

from test_validation import check, replace
from test_validation_controls import entry, findings


def test_ill_typed_literal_is_reported_once_and_rules_that_need_it_say_so(tmp_path, entry, capfd):
    report = check(tmp_path, replace(entry, "sg:publishedScore 13.5 ;", 'sg:publishedScore "9,5"^^xsd:decimal ;'))
    about = [f for f in findings(report) if f.node == "ZZ 2024 issue 1"]
    assert len(about) == 1, about
    (finding,) = about
    assert finding.path == "sg:publishedScore" and finding.value == "9,5 (xsd:decimal)"
    assert '"9,5" is not a well-formed xsd:decimal' in finding.message
    notes = findings(report, "info")
    assert any(n.node == "ZZ 2024 report card" and "TotalAddsUp" in n.rule and "Not checked" in n.message
               and "9,5" in n.message for n in notes), notes
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err and "WARNING" not in err
