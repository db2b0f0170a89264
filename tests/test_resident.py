"""Resident processes (statgraph.kg.resident): later commands answered from memory, never wrongly.

Each test runs real commands in subprocesses, with residents turned on and a
short idle time, in a cache folder of its own (short: a socket path must fit
in 100 bytes), and stops what it started.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from statgraph.kg import resident

pytestmark = pytest.mark.skipif(not hasattr(socket, "AF_UNIX") or sys.platform == "win32",
                                reason="resident processes need Unix sockets")


@pytest.fixture
def cache_dir():
    folder = Path(tempfile.mkdtemp(prefix="sg-", dir="/tmp"))
    yield folder
    for store in folder.glob("store-*"):
        resident.stop(store)
    shutil.rmtree(folder, ignore_errors=True)


def environment(cache_dir: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "STATGRAPH_CACHE_DIR": str(cache_dir), "STATGRAPH_RESIDENT": "on",
            "STATGRAPH_RESIDENT_IDLE": "60", "STATGRAPH_CACHE": "on", **extra}


def statgraph(env: dict[str, str], *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "statgraph", *args], env=env, capture_output=True,
                          text=True, timeout=timeout)


def store_folder(cache_dir: Path) -> Path:
    stores = list(cache_dir.glob("store-*"))
    assert len(stores) == 1, stores
    return stores[0]


def wait_for(condition, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("timed out waiting")


def started(cache_dir: Path, env: dict[str, str]) -> tuple[Path, dict]:
    """Run the two commands that start a resident for the bundled data; wait until it serves."""
    statgraph(env, "gaps", "--state", "MO")
    statgraph(env, "gaps", "--state", "MO")
    folder = store_folder(cache_dir)
    return folder, wait_for(lambda: resident.status(folder))


def served(folder: Path) -> int:
    return resident.status(folder)["served"]


def test_later_commands_are_answered_by_the_resident_with_the_same_rows(cache_dir):
    env = environment(cache_dir)
    expected = statgraph({**env, "STATGRAPH_CACHE": "off"}, "gaps", "--state", "MO")
    first = statgraph(env, "gaps", "--state", "MO")
    folder = store_folder(cache_dir)
    time.sleep(1)
    assert not (folder / resident.SOCKET).exists(), "the first command on an input starts no resident"
    assert first.stdout == expected.stdout and first.stderr == ""
    folder, state = started(cache_dir, env)
    before = state["served"]
    for args in (["gaps", "--state", "MO"], ["query", "goal-status", "--param", "state=MO", "--format", "csv"]):
        plain = statgraph({**env, "STATGRAPH_CACHE": "off"}, *args)
        warm = statgraph(env, *args)
        assert warm.returncode == 0 and warm.stdout == plain.stdout and warm.stderr == ""
    assert served(folder) > before, "the resident answered"


def test_an_edited_input_is_never_answered_by_the_old_resident(cache_dir, tmp_path):
    entry = tmp_path / "mo.ttl"
    shutil.copy(next(Path(__file__).parents[1].joinpath("graph_data", "jurisdictions").rglob("*.ttl")), entry)
    env = environment(cache_dir)
    statgraph(env, "info", "--data", str(entry))
    statgraph(env, "info", "--data", str(entry))
    old = store_folder(cache_dir)
    before = wait_for(lambda: resident.status(old))["served"]
    entry.write_text(entry.read_text(encoding="utf-8") + "\n# an edit: a new content key\n", encoding="utf-8")
    edited = statgraph(env, "info", "--data", str(entry))
    assert edited.returncode == 0 and edited.stdout == statgraph({**env, "STATGRAPH_CACHE": "off"}, "info",
                                                                 "--data", str(entry)).stdout
    assert served(old) == before, "the old content's resident was not asked"
    # and a request carrying another key is refused, never answered from the wrong graph
    assert resident.ask(old, "0" * 40, "SELECT * WHERE { ?s ?p ?o } LIMIT 1") is None


def test_two_commands_at_once_both_answer_in_full(cache_dir):
    env = environment(cache_dir)
    expected = statgraph({**env, "STATGRAPH_CACHE": "off"}, "coverage", "--state", "MO", "--format", "csv")
    folder, state = started(cache_dir, env)
    runs = [subprocess.Popen([sys.executable, "-m", "statgraph", "coverage", "--state", "MO", "--format", "csv"],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(3)]
    outputs = [run.communicate(timeout=120) for run in runs]
    assert all(run.returncode == 0 for run in runs)
    assert all(out == expected.stdout and err == "" for out, err in outputs)
    assert served(folder) > state["served"]


def fake_resident(folder: Path, reply) -> threading.Thread:
    """A stand-in at the resident's socket, holding its lock, that answers with ``reply(connection)``."""
    import fcntl
    lock = open(folder / resident.LOCK, "a")
    fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(folder / resident.SOCKET))
    listener.listen(8)
    listener.settimeout(60)

    def serve():
        try:
            while True:
                connection, _ = listener.accept()
                try:
                    reply(connection)
                finally:
                    connection.close()
        except OSError:
            pass
        finally:
            lock.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.listener = listener  # type: ignore[attr-defined]
    thread.start()
    return thread


def test_a_resident_dying_mid_answer_leaves_the_command_answering_itself(cache_dir):
    env = environment(cache_dir)
    expected = statgraph({**env, "STATGRAPH_CACHE": "off"}, "gaps", "--state", "MO")
    statgraph({**env, "STATGRAPH_RESIDENT": "off", "STATGRAPH_CACHE": "always"}, "gaps", "--state", "MO")
    folder = store_folder(cache_dir)
    header = struct.Struct(">cI")

    def half_an_answer(connection):  # takes the request, starts the rows, and is gone
        connection.recv(1 << 20)
        connection.sendall(header.pack(b"A", 0) + header.pack(b"R", 5000) + b"?goal\t?title\n<urn:x>")

    fake = fake_resident(folder, half_an_answer)
    try:
        run = statgraph(env, "gaps", "--state", "MO")
        assert run.returncode == 0 and run.stdout == expected.stdout and run.stderr == ""
    finally:
        fake.listener.close()


def test_a_killed_resident_is_passed_by_and_replaced(cache_dir):
    env = environment(cache_dir)
    expected = statgraph({**env, "STATGRAPH_CACHE": "off"}, "gaps", "--state", "MO")
    folder, state = started(cache_dir, env)
    os.kill(state["pid"], signal.SIGKILL)
    wait_for(lambda: not resident.serving(folder), 10)
    assert (folder / resident.SOCKET).exists(), "SIGKILL leaves the socket file"
    run = statgraph(env, "gaps", "--state", "MO")
    assert run.returncode == 0 and run.stdout == expected.stdout and run.stderr == ""
    replacement = wait_for(lambda: resident.status(folder))
    assert replacement["pid"] != state["pid"]


def test_the_time_limit_holds_while_waiting_for_a_resident(cache_dir):
    env = environment(cache_dir)
    statgraph({**env, "STATGRAPH_RESIDENT": "off", "STATGRAPH_CACHE": "always"}, "gaps", "--state", "MO")
    folder = store_folder(cache_dir)
    header = struct.Struct(">cI")

    def never_answers(connection):
        connection.recv(1 << 20)
        connection.sendall(header.pack(b"A", 0))
        time.sleep(30)

    fake = fake_resident(folder, never_answers)
    try:
        began = time.monotonic()
        run = statgraph(env, "gaps", "--state", "MO", "--timeout", "2")
        assert run.returncode == 3 and "time limit of 2 s" in run.stderr and run.stdout == ""
        assert time.monotonic() - began < 20
    finally:
        fake.listener.close()


def test_turned_off_no_resident_is_started(cache_dir):
    env = environment(cache_dir, STATGRAPH_RESIDENT="off", STATGRAPH_CACHE="always")
    for _ in range(3):
        assert statgraph(env, "gaps", "--state", "MO").returncode == 0
    time.sleep(1)
    folder = store_folder(cache_dir)
    assert not (folder / resident.SOCKET).exists() and not resident.serving(folder)


def test_the_cache_command_shows_and_stops_residents(cache_dir):
    env = environment(cache_dir)
    folder, state = started(cache_dir, env)
    listed = json.loads(statgraph(env, "cache", "--format", "json").stdout)
    assert [s["resident_pid"] for s in listed["stores"]] == [state["pid"]]
    cleared = statgraph(env, "cache", "--clear")
    assert cleared.returncode == 0 and "removed 1 folder" in cleared.stdout
    wait_for(lambda: not _alive(state["pid"]), 10)
    assert list(cache_dir.iterdir()) == []


def test_an_idle_resident_exits(cache_dir):
    env = environment(cache_dir, STATGRAPH_RESIDENT_IDLE="1")
    folder, state = started(cache_dir, env)
    wait_for(lambda: not _alive(state["pid"]), 15)
    assert not (folder / resident.SOCKET).exists(), "it removes its socket"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie left for its parent to collect counts as gone
        with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return True


def test_a_large_input_is_compiled_in_the_background_after_the_answer(cache_dir, tmp_path):
    """A command's cold run on a large input answers from memory and leaves the bulk load into the
    compiled store to a process of its own; the store it publishes gives the same answer."""
    env = environment(cache_dir, STATGRAPH_RESIDENT="off")
    world = tmp_path / "world"
    assert statgraph(env, "synth", "--states", "3", "--sections", "1000", "-o", str(world)).returncode == 0
    question = ["gaps", "--state", "S02", "--data", str(world)]
    expected = statgraph({**env, "STATGRAPH_CACHE": "off"}, *question)
    cold = statgraph(env, *question)
    assert cold.returncode == 0 and cold.stdout == expected.stdout and "Traceback" not in cold.stderr
    store = wait_for(lambda: next(cache_dir.glob("store-*"), None), 120)
    wait_for(lambda: not list(cache_dir.glob(".build-*")), 60)
    assert json.loads((store / "statgraph.json").read_text(encoding="utf-8"))["input_count"] == len(list(world.rglob("*.ttl")))
    assert not (store / "all.nq").exists() and not (store / ".lock").exists()
    warm = statgraph(env, *question)
    assert warm.returncode == 0 and warm.stdout == expected.stdout and warm.stderr == ""


def test_a_resident_killed_while_answering_leaves_the_command_answering_itself(cache_dir, tmp_path):
    env = environment(cache_dir)
    slow = tmp_path / "slow.rq"  # every triple against every typed node: seconds of work, one number
    slow.write_text("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c a ?d }\n", encoding="utf-8")
    expected = statgraph({**env, "STATGRAPH_RESIDENT": "off"}, "query", str(slow), "--format", "csv")
    assert expected.returncode == 0 and expected.stdout.splitlines()[1].isdigit()
    folder, state = started(cache_dir, env)
    run = subprocess.Popen([sys.executable, "-m", "statgraph", "query", str(slow), "--format", "csv"], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # seen evaluating within 0.1 s of starting a query that takes over a second: killed mid-answer
    wait_for(lambda: resident.status(folder)["answering"] > 0, 60)
    os.kill(state["pid"], signal.SIGKILL)
    out, err = run.communicate(timeout=300)
    assert run.returncode == 0 and out == expected.stdout and err == ""


def test_ctrl_c_stops_a_command_waiting_for_a_resident(cache_dir):
    env = environment(cache_dir)
    statgraph({**env, "STATGRAPH_RESIDENT": "off", "STATGRAPH_CACHE": "always"}, "gaps", "--state", "MO")
    folder = store_folder(cache_dir)
    header = struct.Struct(">cI")
    asked = threading.Event()

    def never_answers(connection):
        connection.recv(1 << 20)
        connection.sendall(header.pack(b"A", 0))
        asked.set()
        time.sleep(30)

    fake = fake_resident(folder, never_answers)
    try:
        run = subprocess.Popen([sys.executable, "-m", "statgraph", "gaps", "--state", "MO"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert asked.wait(60), "the command asked the resident"
        began = time.monotonic()
        run.send_signal(signal.SIGINT)
        out, err = run.communicate(timeout=30)
        assert run.returncode == 130 and "interrupted" in err and out == "" and "Traceback" not in err
        assert time.monotonic() - began < 10
    finally:
        fake.listener.close()


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="long socket paths go through /proc/self/fd")
def test_a_cache_folder_with_a_long_path_still_gets_a_resident():
    """A socket path must fit in about 100 bytes; a benchmark's temporary cache folder did not, and
    residents were silently off there. The socket is reached through the folder's descriptor."""
    long_folder = Path(tempfile.mkdtemp(prefix="sg-" + "long-cache-folder-name-" * 3, dir="/tmp")) / "cache"
    try:
        env = environment(long_folder)
        folder, state = started(long_folder, env)
        assert len(os.fsencode(folder / resident.SOCKET)) > 108
        before = state["served"]
        plain = statgraph({**env, "STATGRAPH_CACHE": "off"}, "gaps", "--state", "MO")
        warm = statgraph(env, "gaps", "--state", "MO")
        assert warm.returncode == 0 and warm.stdout == plain.stdout
        assert served(folder) > before, "the resident answered"
    finally:
        for store in long_folder.glob("store-*"):
            resident.stop(store)
        shutil.rmtree(long_folder.parent, ignore_errors=True)
