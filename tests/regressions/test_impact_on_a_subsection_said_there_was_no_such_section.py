"""``impact 566.223(6)`` said there was no section 566.223(6) of MO, though the graph holds it as
part of 566.223; impact works on whole sections, and now says so."""


def test_impact_on_a_subsection_names_its_section(cli):
    run = cli("impact", "--state", "MO", "566.223(6)")
    assert run.code == 2
    assert "impact works on whole sections: 566.223(6) is part of 566.223" in run.err
