"""A query's own FROM was ignored on the embedded store: every loaded file was read.

Found by a hostile review: ``SELECT (COUNT(*) AS ?n) FROM <…/graph/derived> WHERE {?s ?p ?o}``
counted the whole store (6,056) instead of the derived graph, and ``FROM <http://nowhere/g>``
did too instead of 0. A query naming its own dataset now reads what it names, as on a server.
"""

from statgraph.kg.store import DERIVED_GRAPH


def count(cli, tmp_path, dataset: str) -> int:
    query = tmp_path / "count.rq"
    query.write_text(f"SELECT (COUNT(*) AS ?n) {dataset} WHERE {{ ?s ?p ?o }}\n")
    run = cli("query", query, "--format", "csv")
    assert run.code == 0, run.err
    return int(run.out.splitlines()[1])


def test_from_reads_the_named_graph_only(cli, kg, tmp_path):
    assert count(cli, tmp_path, f"FROM <{DERIVED_GRAPH}>") == kg.derived_count < len(kg)
    assert count(cli, tmp_path, "FROM <http://nowhere.example/g>") == 0
    assert count(cli, tmp_path, "") == len(kg)  # no dataset clause: every loaded file and the derived graph


def test_a_construct_query_file_is_refused_without_noise(cli, tmp_path):
    query = tmp_path / "c.rq"
    query.write_text("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1\n")
    run = cli("query", query)
    assert run.code == 2
    assert "only SELECT queries give rows" in run.err and "unsendable" not in run.err
