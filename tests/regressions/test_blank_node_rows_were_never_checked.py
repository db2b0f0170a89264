"""Issue #13: a row written as a blank node (`[] a sg:Assessment ; sg:status sg:Maybe ;
sg:publishedScore "lots"`) was never checked: only IRI subjects were handed to pySHACL."""

from test_validation import check, replace
from test_validation_controls import assert_finding, entry


def test_blank_node_rows_are_checked(tmp_path, entry):
    report = check(tmp_path, entry + "[] a sg:Assessment ; sg:status sg:Maybe ; sg:publishedScore \"lots\" .\n")
    blank = "[sg:Assessment without an IRI]"
    assert_finding(report, blank, "sg:status", "The status is one of sg:FullyMet, sg:PartiallyMet, sg:NotMet")
    assert_finding(report, blank, "sg:publishedScore", "A goal's published score is a decimal number")
    assert_finding(report, blank, "sg:reportCard", "An assessment belongs to exactly one report card")


def test_blank_node_nested_anywhere_is_checked(tmp_path, entry):
    nested = replace(entry, "sg:publishedTotal 93.5 ;",
                     'sg:publishedTotal 93.5 ; sg:note [ a sg:SafeHarborRow ; sg:publishedStatus sg:Maybe ] ;')
    report = check(tmp_path, nested)
    assert_finding(report, "[sg:SafeHarborRow without an IRI]", "sg:publishedStatus",
                   "A Safe Harbor row's status is one of")
