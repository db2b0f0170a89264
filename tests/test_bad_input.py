"""Bad input across every command: a message naming the problem, a documented exit code, no traceback.

Exit codes (README): 1 validation violations, 2 bad input or usage, 3 a failure
outside the input (server, disk). Each row: arguments, files to create first
({tmp} is the test's folder), expected exit code, text the message must hold.
"""

from __future__ import annotations

import os

import pytest

from conftest import free_port

BAD_TURTLE = '@prefix sg: <https://w3id.org/statgraph/ontology#> .\n<urn:a> sg:code "MO"\n<urn:b> sg:code "X" .\n'

CASES = [
    # -- state, year, goal, section, recommendation, chapter, query names the data does not have
    (["gaps", "--state", "ZZ"], {}, 2, "unknown state 'ZZ'"),
    (["gaps", "--state", "MO", "--year", "1999"], {}, 2, "no 1999 report card for MO"),
    (["gaps", "--state", "US"], {}, 2, "no report card for US is loaded"),
    (["gaps", "--state", "MO", "--year", "soon"], {}, 2, "not a year: 'soon'"),
    (["gaps", "--state", "MO", "--year", "2019"], {}, 2, "no 2019 report card for MO"),
    (["impact", "566.999", "--state", "MO"], {}, 2, "no section 566.999 of MO"),
    (["what-if", "--state", "MO", "9.9.9"], {}, 2, "no recommendation 9.9.9 in MO 2023"),
    (["coverage", "--state", "MO", "--chapters", "999"], {}, 2, "no child sex trafficking or CSEC offense in chapter 999"),
    (["viz", "--state", "MO", "--focus", "999.999", "-o", "{tmp}/x.html"], {}, 2, "no node '999.999'"),
    (["query", "nonesuch"], {}, 2, "no query named 'nonesuch'"),
    # -- parameters
    (["query", "goal-status"], {}, 2, "needs --param state=..."),
    (["query", "goal-status", "--param", "state"], {}, 2, "malformed --param 'state'"),
    (["query", "goal-status", "--param", "=MO"], {}, 2, "malformed --param '=MO'"),
    (["query", "goal-status", "--param", "state=MO", "--param", "county=X"], {}, 2, "has no parameter 'county'"),
    (["query", "goal-status", "--param", "state=MO", "--param", "year=20x3"], {}, 2, "must be a whole number"),
    (["query", "what-if", "--param", "state=MO", "--param", "recommendations= , "], {}, 2, "needs at least one value"),
    # -- the user's own query files
    (["query", "{tmp}/broken.rq"], {"broken.rq": "SELECT ?s WHERE { ?s ?p }\n"}, 2, "broken.rq, line 1, column"),
    (["query", "{tmp}/bad-filter.rq"], {"bad-filter.rq": "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}\n"},
     2, "bad-filter.rq, line 5, column 2: SPARQL syntax error"),
    (["query", "{tmp}/wipe.rq"], {"wipe.rq": "PREFIX ex: <urn:x:>\nDELETE WHERE { ?s ?p ?o }\n"},
     2, "wipe.rq: this is a SPARQL Update (DELETE); queries here only read"),
    (["query", "{tmp}/add.rq", "--endpoint", "http://127.0.0.1:{closed}/query"],
     {"add.rq": "INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }\n"},
     2, "add.rq: this is a SPARQL Update (INSERT)"),
    (["query", "{tmp}/missing.rq"], {}, 2, "no such query file"),
    (["query", "{tmp}/latin1.rq"], {"latin1.rq": b"# caf\xe9\nSELECT * WHERE { ?s ?p ?o }\n"}, 2, "not UTF-8"),
    (["query", "{tmp}/header.rq"], {"header.rq": "#param: state whatever\nSELECT * WHERE { ?s ?p ?o }\n"},
     2, "header.rq, line 1: cannot read '#param"),
    (["query", "{tmp}/ask.rq"], {"ask.rq": "ASK { ?s ?p ?o }\n"}, 2, "only SELECT queries give rows"),
    # -- data files
    (["info", "--data", "{tmp}/missing.ttl"], {}, 2, "no such file or folder"),
    (["info", "--data", "{tmp}/latin1.ttl"], {"latin1.ttl": b"# caf\xe9\n"}, 2, "latin1.ttl, line 1, column 6: not UTF-8"),
    (["info", "--data", "{tmp}/empty.ttl"], {"empty.ttl": ""}, 2, "empty.ttl: file is empty"),
    (["info", "--data", "{tmp}/comments.ttl"], {"comments.ttl": "# nothing here\n"}, 2, "holds no triples"),
    (["info", "--data", "{tmp}/bad.ttl"], {"bad.ttl": BAD_TURTLE}, 2, "bad.ttl, line 3, column 1: malformed Turtle"),
    (["gaps", "--state", "MO", "--data", "{tmp}/unterminated.ttl"], {"unterminated.ttl": '<urn:a> <urn:b> "open .\n'},
     2, "unterminated.ttl, line 1"),
    (["info", "--data", "{tmp}/none"], {"none/": None}, 2, "folder holds no .ttl files"),
    (["validate", "{tmp}/bad.ttl"], {"bad.ttl": BAD_TURTLE}, 2, "bad.ttl, line 3"),
    (["validate", "{tmp}/missing.ttl"], {}, 2, "no such file or folder"),
    # -- output paths
    (["export", "-o", "{tmp}/no/such/folder/out.ttl"], {}, 2, "folder {tmp}/no/such/folder does not exist"),
    (["export", "-o", "{tmp}/a-folder"], {"a-folder/": None}, 2, "is a folder"),
    (["viz", "--state", "MO", "-o", "{tmp}/graph.pdf"], {}, 2, "cannot tell the format of graph.pdf"),
    (["new-state", "--state", "KS", "--year", "2024", "-o", "{tmp}/missing/ks.ttl"], {}, 2, "does not exist"),
    # -- other options
    (["new-state", "--state", "k s", "--year", "2024"], {}, 2, "not a jurisdiction code"),
    (["new-state", "--state", "MO", "--year", "2024"], {}, 2, "MO is already loaded"),
    (["new-state", "--state", "KS", "--year", "1850"], {}, 2, "not a report-card year"),
    (["synth", "--states", "0", "--sections", "10", "-o", "{tmp}/s"], {}, 2, "--states must be between 1 and 999"),
    (["synth", "--states", "1", "--sections", "2", "-o", "{tmp}/s"], {}, 2, "--sections must be at least 5"),
    (["viz", "--state", "MO", "--view", "coverage", "--focus", "566.211", "-o", "{tmp}/x.html"], {}, 2,
     "--focus works with"),
    # -- endpoints
    (["info", "--endpoint", "ftp://127.0.0.1/query"], {}, 2, "--endpoint must be an http:// or https:// URL"),
    (["info", "--endpoint", "http://user:secret@127.0.0.1:1/query"], {}, 2, "must not carry credentials"),
    (["gaps", "--state", "MO", "--data", "x.ttl", "--endpoint", "http://127.0.0.1:1/q"], {}, 2, "cannot be combined"),
    (["export", "--endpoint", "http://127.0.0.1:1/query"], {}, 2, "unrecognized arguments: --endpoint"),
    (["push", "--endpoint", "http://127.0.0.1:1/q", "--update-endpoint", "file:///tmp/x"], {}, 2,
     "--update-endpoint must be an http:// or https:// URL"),
    (["gaps", "--state", "MO", "--endpoint", "http://127.0.0.1:{closed}/query", "--timeout", "1"], {}, 3,
     "cannot reach http://127.0.0.1"),
    # -- report text given to ingest, and entries given to diff
    (["ingest", "{tmp}/letter.md", "--state", "MO"], {"letter.md": "Dear reader,\nno report card here.\n"},
     2, "no policy goals found"),
    (["ingest", "{tmp}/missing.md", "--state", "MO"], {}, 2, "missing.md: no such file"),
    (["ingest", "{tmp}/empty.md", "--state", "MO"], {"empty.md": "\n\n"}, 2, "empty.md: file is empty"),
    (["ingest", "{tmp}/latin1.md", "--state", "MO"], {"latin1.md": b"Policy Goal 1.1\ncaf\xe9\n"}, 2,
     "latin1.md, line 2: not UTF-8"),
    (["ingest", "{tmp}/undated.md", "--state", "MO"], {"undated.md": "### Policy Goal 1.1\n\u25cf FULLY MET\n"},
     2, "the report does not say its year"),
    (["ingest", "{tmp}/r.md", "--state", "ZZ"], {"r.md": "### Policy Goal 1.1\n"}, 2, "no citation form for state 'ZZ'"),
    (["ingest", "{tmp}/r.md", "--state", "MO", "--year", "2023", "-o", "{tmp}/none/d.ttl"],
     {"r.md": "### Policy Goal 1.1\n"}, 2, "does not exist"),
    (["diff", "{tmp}/missing.ttl", "{tmp}/b.ttl"], {}, 2, "no such file or folder"),
    (["diff", "{tmp}/bad.ttl", "{tmp}/bad.ttl"], {"bad.ttl": BAD_TURTLE}, 2, "bad.ttl, line 3, column 1: malformed Turtle"),
    # -- validation findings (exit 1, not an input error)
    (["validate", "{tmp}/zz.ttl"], {"zz.ttl": '@prefix sg: <https://w3id.org/statgraph/ontology#> .\n'
                                              '<https://w3id.org/statgraph/id/zz> a sg:Jurisdiction ; sg:code "zz" .\n'},
     1, "A jurisdiction code is 2 to 6 capital letters or digits"),
]


@pytest.mark.parametrize("args,files,code,message", CASES, ids=[" ".join(c[0][:3]) + f" #{i}" for i, c in enumerate(CASES)])
def test_bad_input(cli, tmp_path, args, files, code, message):
    for name, content in files.items():
        target = tmp_path / name
        if content is None:
            target.mkdir(parents=True)
        elif isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    fill = {"tmp": str(tmp_path), "closed": str(free_port())}
    run = cli(*[a.format(**fill) if "{" in a else a for a in args])  # usage errors too: exit 2, message
    assert run.code == code, run.err
    assert message.format(**fill) in (run.err if code != 1 else run.out)
    assert "Traceback" not in run.err + run.out


def test_there_are_at_least_thirty_cases():
    assert len(CASES) >= 30


def test_debug_shows_the_traceback(cli):
    from statgraph.errors import InputError
    with pytest.raises(InputError):
        cli("gaps", "--state", "ZZ", "--debug")


def test_an_internal_error_is_reported_as_a_bug(cli, monkeypatch):
    import statgraph.analyses.gaps
    monkeypatch.setattr(statgraph.analyses.gaps, "gap_report", lambda *a: 1 / 0)
    run = cli("gaps", "--state", "MO")
    assert run.code == 4 and "internal error: ZeroDivisionError" in run.err and "--debug" in run.err
    assert "Traceback" not in run.err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere: no unwritable folder to test with")
def test_unwritable_output(cli, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    run = cli("export", "-o", locked / "out.ttl")
    assert run.code == 3 and "cannot write" in run.err  # permissions: the environment
