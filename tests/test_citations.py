"""The citation parser on every form report cards use, on tricky cases, and on arbitrary text."""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, strategies as st

from statgraph.authoring.citations import CitationParser, citation_forms, expand_subsections, form_for, parse
from statgraph.errors import InputError


def one(text: str):
    found = parse(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text, iri, label", [
    ("Mo. Rev. Stat. § 566.211(1)", "us-mo/rsmo/566.211/1", "566.211(1)"),
    ("Mo. Stat. Ann. § 210.115(1)", "us-mo/rsmo/210.115/1", "210.115(1)"),
    ("under Mo. Rev. Stat. § 566.223 the", "us-mo/rsmo/566.223", "566.223"),
    ("as defined in section 573.010", "us-mo/rsmo/573.010", "573.010"),
    ("22 U.S.C. § 7102", "us/usc/22/7102", "22 U.S.C. § 7102"),
    ("18 U.S.C. § 1591(a)(1)", "us/usc/18/1591/a/1", "18 U.S.C. § 1591(a)(1)"),
    ("the JVTA, Pub. L. No. 114-22, 129 Stat 227", "us/pl/114-22", "Pub. L. No. 114-22"),
    ("Section 7 of article IX of the Constitution", "us-mo/const/art-IX/sec-7", "Mo. Const. art. IX, § 7"),
    ("paragraph (a) of subdivision (1) of subsection (1) of section 211.031",
     "us-mo/rsmo/211.031/1/1/a", "211.031(1)(1)(a)"),
])
def test_each_form_becomes_one_structured_citation(text, iri, label):
    cite = one(text)
    assert (cite.iri, cite.label) == (iri, label)


def test_structured_value_holds_jurisdiction_code_chapter_section_and_path():
    cite = one("Mo. Rev. Stat. § 567.050(1)(3) defines")
    assert (cite.jurisdiction, cite.code, cite.chapter, cite.section, cite.subsection) == \
        ("us-mo", "rsmo", "567", "567.050", ("1", "3"))
    assert not cite.bare and one("section 567.050").bare


def test_list_of_subsections_expands():
    cites = parse("Mo. Rev. Stat. Ann. § 491.075(1), (2) (Statement of child under fourteen)")
    assert [c.iri for c in cites] == ["us-mo/rsmo/491.075/1", "us-mo/rsmo/491.075/2"]
    assert {c.title for c in cites} == {"Statement of child under fourteen"}


@pytest.mark.parametrize("written, paths", [
    ("(1)–(4)", [("1",), ("2",), ("3",), ("4",)]),
    ("(6)(1)–(10)", [("6", str(n)) for n in range(1, 11)]),
    ("(2), (10)", [("2",), ("10",)]),
    ("(9)-(10)", [("9",), ("10",)]),
    ("(1)(3)", [("1", "3")]),
])
def test_subsection_ranges_and_lists(written, paths):
    assert expand_subsections(written) == paths


def test_section_range_keeps_both_ends():
    cite = one("procedures for identifying victims under sections 566.200 to 566.223.")
    assert (cite.kind, cite.section, cite.range_end) == ("section-range", "566.200", "566.223")


def test_bare_list_items_in_quoted_text_are_each_a_citation():
    text = ("a violation of section 566.203 [Abusing an individual – Penalty], 566.206 [Trafficking "
            "for the purpose of slavery, involuntary servitude, peonage, or forced labor – Penalty], or "
            "566.215 [Contributing to human trafficking – Penalty] shall")
    cites = parse(text)
    assert [c.section for c in cites] == ["566.203", "566.206", "566.215"]
    # a title holding commas and dashes stays whole
    assert cites[1].title == "Trafficking for the purpose of slavery, involuntary servitude, peonage, or forced labor – Penalty"


def test_chapter_lists_with_and_without_titles():
    plain = parse("an offense under chapter 565, 566, 568 or 573 is")
    assert [c.iri for c in plain] == [f"us-mo/rsmo/chapter/{n}" for n in (565, 566, 568, 573)]
    titled = parse("as provided under chapters 207 [Family Support Division and Children's Division], "
                   "210 [Child Protection and Reformation], and 211 [Juvenile Courts].")
    assert [(c.section, c.title) for c in titled] == [
        ("207", "Family Support Division and Children's Division"),
        ("210", "Child Protection and Reformation"), ("211", "Juvenile Courts")]


def test_transfer_note_names_the_new_section_and_its_title():
    cite = one("under section . . . 566.212 [transferred to § 566.211 (Sexual trafficking of a child – Penalty)], ")
    assert cite.section == "566.212"
    assert cite.transferred_to.iri == "us-mo/rsmo/566.211"
    assert cite.transferred_to.title == "Sexual trafficking of a child – Penalty"


def test_title_in_parentheses_is_kept_as_written_even_with_a_typo():
    cite = one("Mo. Rev. Stat. § 211.031(1)(3) (Juvenile court to have exclusive jurisdiction, Fwhen – Exceptions)")
    assert cite.title == "Juvenile court to have exclusive jurisdiction, Fwhen – Exceptions"


def test_title_broken_across_a_page_is_joined():
    cite = parse("Mo. Rev. Stat. Ann. § 491.680(1)–(3) (Court may order video recording, when –\n\n"
                 "Procedure – Transcript) allows")[0]
    assert cite.title == "Court may order video recording, when – Procedure – Transcript"


def test_a_see_note_or_quotation_is_not_a_title():
    assert one("Mo. Rev. Stat. § 566.210. (See Issue Brief 1.1.)").title is None
    assert one("18 U.S.C. § 1591(a)(1) (“recruits, entices”)").title is None


@pytest.mark.parametrize("text", [
    "See Policy Goal 2.10 for further analysis",
    "- 1.1.1 Recommendation: Amend the law.",
    "see Issue Brief 2.1 and goal 6.6",
    "Currently ranked 20th; raised score by 16 points between 2021-2023.",
])
def test_goal_and_recommendation_numbers_are_never_sections(text):
    assert parse(text) == []


def test_the_prose_chapter_form_is_not_a_quoted_cross_reference():
    prose = one("are codified under Chapter 566 (Sexual offenses), making")
    quoted = one("(c) Chapter 566, relating to sexual offenses;")
    assert (prose.bare, quoted.bare) == (False, True)


def test_another_state_is_added_by_configuration(tmp_path):
    (tmp_path / "s01.toml").write_text(textwrap.dedent("""\
        jurisdiction = "s01"
        state = "S01"
        name = "Synthetic One"
        code = "code"
        code_names = ["S1 Gen. Laws"]
        section = '\\d{1,2}-\\d{3}'
        chapter_of_section = '^(\\d{1,2})-'
        chapter = '\\d{1,2}'
        """), encoding="utf-8")
    form = form_for("S01", tmp_path)
    cites = CitationParser(form).parse("S1 Gen. Laws § 12-345(b) (A title) and section 12-346")
    assert [(c.iri, c.chapter, c.title) for c in cites] == [
        ("s01/code/12-345/b", "12", "A title"), ("s01/code/12-346", "12", None)]
    assert CitationParser(form).parse("Mo. Rev. Stat. § 566.211") == []


def test_unknown_state_and_broken_form_say_what_to_do(tmp_path):
    with pytest.raises(InputError, match="no citation form for state 'ZZ'"):
        form_for("ZZ")
    (tmp_path / "bad.toml").write_text('jurisdiction = "x"\n', encoding="utf-8")
    citation_forms.cache_clear()
    try:
        with pytest.raises(InputError, match="bad.toml: not a usable citation form"):
            citation_forms(tmp_path)
    finally:
        citation_forms.cache_clear()


@given(st.text(alphabet=st.sampled_from(list("§.()[]–-,; 0123456789abcxivMoRevStatAnnsection chapterUSC\n“”\"")),
               max_size=300))
def test_parser_never_crashes_and_reports_positions_inside_the_text(text):
    for cite in parse(text):
        assert 0 <= cite.start <= cite.end <= len(text)
        assert cite.iri and "//" not in cite.iri.replace("https://", "")


@given(st.text(max_size=400))
def test_parser_survives_arbitrary_unicode(text):
    parse(text)
