"""Issue #16: `synth` progress lines ran together (carriage returns) when standard error was not a
terminal."""

from test_everyday_input import run


def test_progress_is_one_line_per_step_when_piped(tmp_path):
    """Before: synth's progress lines ran together with carriage returns in a log."""
    done = run(["synth", "--states", "12", "--sections", "5", "-o", str(tmp_path / "s")])
    assert done.returncode == 0, done.stderr
    err = done.stderr.decode()
    assert "\r" not in err and "\x1b" not in err
    lines = err.splitlines()
    assert lines[0] == "statgraph: synth: 1/12 jurisdictions" and lines[-1] == "statgraph: synth: 12/12 jurisdictions"
    assert len(lines) == 12
