"""Every command as a user runs it: output that means something, and errors without tracebacks."""

import csv
import io
import json
import os
import subprocess
import sys

import pytest
from rdflib import Dataset, Graph
from rdflib.compare import isomorphic

from conftest import REPO
from rdflib import Literal
from rdflib.namespace import XSD


def canonical(graph):
    """Decimals by value: Oxigraph keeps 4 where Turtle writes 4.0; the numbers are the same."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(o.toPython().normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out
from test_missouri_data import EXPECTED_STATUS


def test_gaps_lists_the_29_unmet_goals_with_recommendations(cli):
    run = cli("gaps", "--state", "MO")
    assert run.code == 0, run.err
    assert "29 of 40 goals not fully met" in run.out
    assert "total 59.5 of 100" in run.out and "grade F" in run.out and "Tier II" in run.out
    for goal, status in EXPECTED_STATUS.items():
        if status != "FullyMet":
            assert f"→ {goal}.1 " in run.out, goal
    assert "→ 1.2.1" not in run.out  # fully met goals have no gap


def test_gaps_csv_and_json(cli):
    rows = list(csv.DictReader(io.StringIO(cli("gaps", "--state", "MO", "--format", "csv").out)))
    assert len(rows) == 29
    assert {r["goal"] for r in rows} == {g for g, s in EXPECTED_STATUS.items() if s != "FullyMet"}
    one = next(r for r in rows if r["goal"] == "1.1")
    assert (one["points_min"], one["points_max"], one["recommendation"]) == ("1.5", "1.5", "1.1.1")
    document = json.loads(cli("gaps", "--state", "MO", "--format", "json").out)
    assert document["report_card"]["total"] == 59.5
    assert sum(len(i["gaps"]) for i in document["issues"]) == 29
    assert [i["points_open"] for i in document["issues"]] == [4, 15, 6, 5.5, 2, 12]


def test_goal_status_csv_has_forty_rows_matching_the_source(cli):
    run = cli("query", "goal-status", "--param", "state=MO", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert run.out.splitlines()[0].startswith("goal,issue,status,score")
    assert {r["goal"]: r["status"] for r in rows} == EXPECTED_STATUS
    assert {r["goal"]: r["score"] for r in rows}["1.1"] == "1"


def test_query_list_reads_the_headers(cli):
    run = cli("query", "--list")
    for name in ("goal-status", "issue-scores", "statutes", "crossrefs", "terms", "gaps"):
        assert name in run.out


def test_query_show_prints_the_bound_query(cli):
    run = cli("query", "goal-status", "--param", "state=MO", "--show")
    # the file's own text, its parameter slots filled: no hidden prologue, no placeholder left
    assert 'VALUES ?state { "MO" }' in run.out and "VALUES ?year" not in run.out  # year not bound: all years
    assert run.out.startswith("#title: Goal status") and "PREFIX sg:" in run.out


def test_users_own_query_file(cli, tmp_path):
    path = tmp_path / "sections-in-chapter.rq"
    path.write_text("#title: Sections of a chapter\n#param: chapter (string, required) e.g. chapter 567\n"
                    "SELECT ?section WHERE { ?s a sg:Section ; sg:citation ?section ; "
                    "eli:is_part_of/sg:citation ?chapter } ORDER BY ?section\n", encoding="utf-8")
    run = cli("query", path, "--param", "chapter=chapter 567", "--format", "csv")
    assert run.out.split() == ["section", "567.020", "567.030", "567.050", "567.060", "567.070", "567.085"]


def test_info_counts_what_is_loaded(cli):
    run = cli("info")
    assert "MO" in run.out and "Missouri" in run.out and "2023" in run.out
    info = json.loads(cli("info", "--format", "json").out)
    assert info["classes"]["sg:Assessment"] == 40
    assert info["classes"]["sg:Section"] == 65
    assert info["triples"] > 3000


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_export_round_trips(cli, kg, tmp_path, fmt, rdflib_format):
    out = tmp_path / f"graph.{fmt}"
    assert cli("export", "--format", fmt, "-o", out).code == 0
    if fmt == "jsonld":  # JSON-LD keeps the named graphs: merge them, as the triple formats do
        merged = Graph()
        for graph in Dataset().parse(out, format=rdflib_format).graphs():
            merged += graph
        assert isomorphic(canonical(merged), canonical(kg.union_graph()))
        return
    assert isomorphic(canonical(Graph().parse(out, format=rdflib_format)), canonical(kg.union_graph()))


def test_export_trig_keeps_one_named_graph_per_file(cli, kg, tmp_path):
    out = tmp_path / "graph.trig"
    assert cli("export", "--format", "trig", "--no-derived", "-o", out).code == 0
    dataset = Dataset()
    dataset.parse(out, format="trig")
    names = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert names == {str(f.graph) for f in kg.files}
    merged = Graph()
    for subject, predicate, obj, _ in dataset.quads():
        merged.add((subject, predicate, obj))
    assert isomorphic(canonical(merged), canonical(kg.union_graph(include_derived=False)))


def test_export_to_stdout(cli):
    run = cli("export", "--format", "nt")
    assert run.code == 0  # stdout is the binary buffer, written directly


def test_every_command_has_help_with_examples(cli):
    from statgraph.cli.grammar import COMMANDS
    for name in COMMANDS:
        run = cli(name, "--help")
        assert run.code == 0, name
        examples = run.out.split("examples:", 1)[1]
        assert f"statgraph {name}" in examples, name


# --- errors: a message naming the problem, a documented exit code, no traceback ----------

BAD_TTL = "@prefix sg: <https://w3id.org/statgraph/ontology#> .\n<urn:a> sg:code \"MO\" \n<urn:b> sg:code \"X\" .\n"


@pytest.mark.parametrize("args,files,message", [
    (["gaps", "--state", "ZZ"], {}, "unknown state 'ZZ'"),
    (["gaps", "--state", "US"], {}, "no report card for US"),
    (["gaps", "--state", "MO", "--year", "2019"], {}, "no 2019 report card for MO"),
    (["query", "nonesuch"], {}, "no query named 'nonesuch'"),
    (["query", "goal-status"], {}, "needs --param state="),
    (["query", "goal-status", "--param", "state"], {}, "malformed --param 'state'"),
    (["query", "goal-status", "--param", "state=MO", "--param", "year=soon"], {}, "whole number"),
    (["info", "--data", "{tmp}/missing.ttl"], {}, "no such file or folder"),
    (["info", "--data", "{tmp}/bad.ttl"], {"bad.ttl": BAD_TTL}, "bad.ttl, line 3"),
    (["info", "--data", "{tmp}/latin1.ttl"], {"latin1.ttl": b"# caf\xe9\n"}, "not UTF-8"),
    (["info", "--data", "{tmp}/empty.ttl"], {"empty.ttl": ""}, "file is empty"),
    (["info", "--data", "{tmp}/comments.ttl"], {"comments.ttl": "# nothing\n"}, "holds no triples"),
    (["info", "--data", "{tmp}/empty-dir"], {"empty-dir/": None}, "folder holds no .ttl files"),
    (["info", "--endpoint", "ftp://localhost:7878/query"], {}, "--endpoint must be an http:// or https:// URL"),
    (["export", "--endpoint", "http://localhost:7878/query"], {}, "unrecognized arguments: --endpoint"),
    (["query", "{tmp}/broken.rq"], {"broken.rq": "SELECT ?s WHERE { ?s ?p }\n"}, "broken.rq, line 1"),
    (["query", "{tmp}/nothing.rq"], {}, "no such query file"),
    (["export", "-o", "{tmp}/no/such/folder/out.ttl"], {}, "does not exist"),
])
def test_bad_input_is_reported_without_traceback(cli, tmp_path, args, files, message):
    for name, content in files.items():
        target = tmp_path / name
        if content is None:
            target.mkdir()
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    run = cli(*[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert run.code == 2
    assert message in run.err
    assert "Traceback" not in run.err and run.out == ""


def test_malformed_turtle_names_line_and_column(cli, tmp_path):
    (tmp_path / "bad.ttl").write_text(BAD_TTL, encoding="utf-8")
    run = cli("info", "--data", tmp_path / "bad.ttl")
    assert "bad.ttl, line 3, column 1: malformed Turtle" in run.err


def test_failed_export_leaves_the_previous_file(cli, tmp_path, monkeypatch):
    out = tmp_path / "graph.ttl"
    out.write_text("previous", encoding="utf-8")
    import statgraph.publish.export as export_module

    def half_then_fail(kg, fmt, handle, include_derived=True):
        handle.write(b"partial")
        raise OSError("disk full")
    monkeypatch.setattr(export_module, "write_export", half_then_fail)
    run = cli("export", "-o", out)
    assert run.code == 3 and f"cannot write {out}: disk full" in run.err  # the environment, not the input
    assert out.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.ttl"]  # no temporary file left


def test_console_script_runs_and_exits_non_zero_on_error():
    ok = subprocess.run([sys.executable, "-m", "statgraph.cli", "query", "--list"],
                        capture_output=True, text=True, cwd=REPO)
    assert ok.returncode == 0 and "goal-status" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "statgraph.cli", "gaps", "--state", "ZZ"],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown state" in bad.stderr and "Traceback" not in bad.stderr


def test_gaps_imports_only_what_it_uses():
    """A command starts fast: gaps imports none of the libraries and modules it does not use
    (rdflib, pySHACL, networkx, Jinja2; entry diffs, servers, sockets when residents are off,
    the thread pool and OpenSSL) and reads only the query files it runs."""
    unused = ("rdflib", "pyshacl", "networkx", "jinja2", "statgraph.authoring.diff", "statgraph.kg.remote",
              "statgraph.analyses.validation", "secrets", "hashlib", "socket",
              "concurrent.futures")
    code = ("import sys, io, contextlib, json\nfrom statgraph.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): main(['gaps', '--state', 'MO'])\n"
            "from statgraph.kg import queries\n"
            f"print(json.dumps([sorted(m for m in {unused!r} if m in sys.modules),"
            " queries._bundled.cache_info().currsize]))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "STATGRAPH_RESIDENT": "off"})
    imported, files_read = json.loads(done.stdout)
    assert imported == []
    assert files_read <= 10  # its five queries, the four derivations and the load's card check, of the 70+ bundled
