"""Issue #13.2: blank nodes let an entry change another jurisdiction's card. Appended to Missouri's
card, `[] a sg:ExtraCreditAward ; sg:reportCard <synthetic/s01/2023> ; … sg:publishedScore 9.0`
passed `statgraph validate` (exit 0) and loaded with `--data` beside a synthetic state, whose
extra credit in `gaps --state S01` went from 2 to 11."""

from test_validation_controls import missouri_copy

AWARD = ("[] a sg:ExtraCreditAward ; sg:reportCard <synthetic/s01/2023> ; "
         "sg:extraCreditCategory <framework/2023/extra-credit/youth> ; sg:publishedScore 9.0 ; "
         "sg:extendsGoal <framework/2023/goal/4.5> ; dcterms:source <source/shi-2023-mo-report-card> ; "
         "sg:lineStart 118 .\n")


def test_validate_names_the_card_it_reaches(cli, tmp_path, synthetic_states):
    world = synthetic_states(1, 20)
    folder, card = missouri_copy(tmp_path, append=AWARD)
    run = cli("validate", card, "--data", folder, "--data", world, "--warnings-as-errors")
    assert run.code == 1
    assert "  S01 2023 extra credit youth\n" in run.out and "    violation sg:reportCard " in run.out, run.out
    assert "this triple is about another jurisdiction (id:synthetic/s01)" in run.out


def test_loading_it_with_data_is_refused_and_s01_keeps_its_extra_credit(cli, tmp_path, synthetic_states):
    world = synthetic_states(1, 20)
    folder, _ = missouri_copy(tmp_path, append=AWARD)
    alone = cli("gaps", "--state", "S01", "--data", world)
    assert alone.code == 0 and "(with 2 extra credit)" in alone.out, alone.out
    run = cli("gaps", "--state", "S01", "--data", world, "--data", folder)
    assert run.code == 2 and run.out == "" and "Traceback" not in run.err
    assert ("report-card-2023.ttl: the entry changes what it does not own: [] sg:reportCard "
            "id:synthetic/s01/2023 is about another jurisdiction (id:synthetic/s01)") in run.err, run.err
