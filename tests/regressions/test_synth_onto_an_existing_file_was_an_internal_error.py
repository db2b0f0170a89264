"""Issue #16: `synth -o` onto an existing file ended in exit 4, "internal error"."""


def test_synth_onto_a_file_or_over_its_own_input_is_bad_input(cli, tmp_path):
    existing = tmp_path / "existing.ttl"
    existing.write_text("keep", encoding="utf-8")
    run = cli("synth", "--states", "1", "--sections", "5", "-o", existing)
    assert run.code == 2 and "is a file" in run.err and existing.read_text(encoding="utf-8") == "keep"
    folder = tmp_path / "synthetic"
    assert cli("synth", "--states", "2", "--sections", "5", "-o", folder).code == 0
    before = (folder / "s01" / "statutes.ttl").read_bytes()
    run = cli("synth", "--states", "2", "--sections", "5", "--seed", "7", "--data", folder, "-o", folder)
    assert run.code == 2 and "is a file this command reads" in run.err
    assert (folder / "s01" / "statutes.ttl").read_bytes() == before
