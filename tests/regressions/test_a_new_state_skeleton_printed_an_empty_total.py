"""``gaps`` on a fresh ``new-state`` skeleton printed "total  of 100, grade ?, tier ?" and
"0 of 0 goals not fully met"; it now says what is not published yet."""


def test_gaps_on_a_skeleton_says_nothing_is_published_yet(cli, tmp_path):
    skeleton = tmp_path / "ks-2024.ttl"
    assert cli("new-state", "--state", "KS", "--year", "2024", "-o", skeleton).code == 0
    run = cli("gaps", "--state", "KS", "--data", skeleton)
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[1] == "total not published (of 100), grade not published, tier not published"
    assert lines[2] == "no goal assessed yet (the entry lists no assessment)"
