"""Where output goes: never over an input, through links and pipes as meant, and every failure
of the environment an exit 3 with nothing half-written (issue #16, bullets 3 and 6)."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from statgraph import resources

COMMAND = [sys.executable, "-m", "statgraph.cli"]
MO = resources.graph_data_dir() / "jurisdictions" / "us-mo"


@pytest.fixture
def entries(tmp_path) -> Path:
    """A copy of the Missouri entries to load with --data."""
    folder = tmp_path / "entries"
    shutil.copytree(MO, folder)
    return folder


def unchanged(folder: Path) -> bool:
    return all((folder / p.name).read_bytes() == p.read_bytes() for p in MO.glob("*.ttl"))


# --- never over an input ---------------------------------------------------------------------

@pytest.mark.parametrize("command", [
    ["validate", "{e}/statutes.ttl", "--format", "json", "-o", "{e}/statutes.ttl"],
    ["gaps", "--state", "MO", "--data", "{e}", "--format", "csv", "-o", "{e}/statutes.ttl"],
    ["diff", "{e}", "{e}/statutes.ttl", "-o", "{e}/report-card-2023.ttl"],
    ["new-state", "--state", "KS", "--year", "2024", "--data", "{e}", "-o", "{e}/statutes.ttl"],
    ["report", "--state", "MO", "--data", "{e}", "--format", "md", "-o", "{e}/statutes.ttl"],
])
def test_no_command_writes_over_what_it_reads(cli, entries, command):
    run = cli(*[part.format(e=entries) for part in command])
    assert run.code == 2 and "is a file this command reads" in run.err
    assert unchanged(entries)


def test_a_file_statgraph_ships_is_never_written(cli):
    shipped = resources.graph_data_dir() / "framework"
    target = next(shipped.glob("*.ttl"))
    before = target.read_bytes()
    run = cli("export", "--data", MO, "-o", target)
    assert run.code == 2 and "is inside the folders statgraph ships" in run.err or "is a file this command reads" in run.err
    assert target.read_bytes() == before


def test_a_link_to_an_input_is_refused_and_a_link_elsewhere_followed(cli, entries, tmp_path):
    link = tmp_path / "out.ttl"
    link.symlink_to(entries / "statutes.ttl")
    run = cli("export", "--data", entries, "-o", link)
    assert run.code == 2 and "a link to" in run.err and unchanged(entries)

    target = tmp_path / "real.csv"
    target.write_text("old", encoding="utf-8")
    other = tmp_path / "gaps.csv"
    other.symlink_to(target)
    assert cli("gaps", "--state", "MO", "-o", other).code == 0
    assert other.is_symlink() and target.read_text(encoding="utf-8").startswith("issue,issue_title,goal")  # the link stays


def test_a_fifo_receives_the_output_as_a_stream(cli, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    run = cli("gaps", "--state", "MO", "--format", "csv", "-o", fifo)
    reader.join(30)
    assert run.code == 0, run.err
    assert received and received[0].startswith(b"issue,issue_title,goal") and fifo.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["pipe"]  # no temporary file beside it


def test_a_site_folder_holding_an_input_is_refused(cli, entries):
    (entries / ".statgraph-site").write_text("", encoding="utf-8")  # even one that looks like a built site
    run = cli("site", "--data", entries, "-o", entries)
    assert run.code == 2 and "a file this command reads" in run.err and unchanged(entries)


# --- failures outside the input: exit 3 --------------------------------------------------------------

def test_a_full_disk_on_an_output_file_is_exit_3_and_leaves_it_alone(cli, tmp_path, monkeypatch):
    out = tmp_path / "gaps.csv"
    out.write_text("previous", encoding="utf-8")
    real_fsync = os.fsync

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    run = cli("gaps", "--state", "MO", "-o", out)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert run.code == 3 and "No space left on device" in run.err
    assert out.read_text(encoding="utf-8") == "previous" and [p.name for p in tmp_path.iterdir()] == ["gaps.csv"]


def test_permission_denied_on_output_is_exit_3(cli, tmp_path, monkeypatch):
    real_open = os.open

    def denied(path, flags, *args):
        if str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)
    monkeypatch.setattr(os, "open", denied)
    run = cli("gaps", "--state", "MO", "-o", tmp_path / "gaps.csv")
    assert run.code == 3 and "Permission denied" in run.err


def test_dev_stdout_gets_the_data_alone():
    done = subprocess.run(COMMAND + ["gaps", "--state", "MO", "--format", "csv", "-o", "/dev/stdout"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("issue,issue_title,goal") and "wrote" not in done.stdout
