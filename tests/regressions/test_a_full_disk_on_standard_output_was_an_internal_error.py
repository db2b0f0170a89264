"""Issue #16: with standard output a full disk (`> /dev/full`) statgraph exited 4, "internal
error, please report it", for what is the environment's failure (exit 3)."""

import subprocess

from test_outputs import COMMAND


def test_a_full_disk_on_standard_output_is_exit_3():
    with open("/dev/full", "w") as full:
        done = subprocess.run(COMMAND + ["gaps", "--state", "MO"], stdout=full, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 3, done.stderr
    assert "cannot write to standard output: No space left on device" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
