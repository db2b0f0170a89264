"""Issue #16: the test command installed a copy, so someone who edited src/ and re-ran the tests
tested stale code."""

from conftest import REPO


def test_the_test_command_tests_the_code_in_src():
    """`pip install .` copies the code, so edits in src/ would go untested: install it editable."""
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pip install -e '.[test]' && python -m pytest -q" in ci
    assert "pip install -e '.[test]' && python -m pytest -q" in readme
    assert "python3 -m venv .venv" in readme  # the one line for systems that refuse system-wide installs
