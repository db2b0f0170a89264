"""Issue #16: with a Windows console encoding (PYTHONIOENCODING=cp1252) output that the
console cannot encode raised UnicodeEncodeError: exit 4, "internal error, please report it"."""

import os
import subprocess

from test_outputs import COMMAND


def test_a_console_that_cannot_encode_the_output_is_exit_3_with_nothing_written():
    done = subprocess.run(COMMAND + ["gaps", "--state", "MO"], capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 3
    err = done.stderr.decode("cp1252")
    assert "standard output is cp1252, which cannot show" in err and "PYTHONIOENCODING=utf-8" in err
    assert done.stdout == b"" and b"Traceback" not in done.stderr


def test_an_error_handler_the_user_chose_is_honoured():
    """Review: PYTHONIOENCODING=cp1252:replace was refused too, though it says how to show what
    the console cannot (a '?' for the arrow)."""
    done = subprocess.run(COMMAND + ["what-if", "--state", "MO", "1.1.1"], capture_output=True,
                          env={**os.environ, "PYTHONIOENCODING": "cp1252:replace"})
    assert done.returncode == 0, done.stderr
    assert b"59.5 ? 61" in done.stdout
