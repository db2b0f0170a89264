"""Issue #16: `viz ... -o f.svg` (and PNG) needed Graphviz from the system's package manager; with
pip alone the README's own SVG example failed."""

import subprocess
import sys

from test_fresh_machine import FOCUSED, svg_text, without_graphviz


def test_the_readme_svg_example_works_without_graphviz(tmp_path):
    env = without_graphviz(tmp_path)
    out = tmp_path / "f.svg"
    done = subprocess.run([sys.executable, "-m", "statgraph.cli", "viz", "--state", "MO", "--focus", "566.223",
                           "--depth", "2", "-o", str(out)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    text = svg_text(out)
    for citation in FOCUSED:
        assert citation in text
    png = tmp_path / "f.png"
    done = subprocess.run([sys.executable, "-m", "statgraph.cli", "viz", "--state", "MO", "-o", str(png)], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", done.stderr
