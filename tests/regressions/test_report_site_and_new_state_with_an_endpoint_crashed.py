"""Issue #14 (and #17): `report`, `site` and `new-state` accepted --endpoint and then crashed with
an AttributeError, exit 4 ("internal error"), because RemoteGraph lacked what KnowledgeGraph had."""


def test_report_with_an_endpoint_writes_the_embedded_stores_page(cli, pushed_server, tmp_path):
    endpoint = pushed_server("oxigraph").query
    run = cli("report", "--state", "MO", "--endpoint", endpoint, "-o", tmp_path / "far.md")
    assert run.code == 0, run.err
    assert cli("report", "--state", "MO", "-o", tmp_path / "near.md").code == 0
    assert (tmp_path / "far.md").read_text(encoding="utf-8") == (tmp_path / "near.md").read_text(encoding="utf-8")


def test_site_with_an_endpoint_builds_the_statute_pages(cli, pushed_server, tmp_path):
    run = cli("site", "--endpoint", pushed_server("oxigraph").query, "-o", tmp_path / "site")
    assert run.code == 0, run.err
    assert (tmp_path / "site" / "id/us-mo/rsmo/566.211.html").is_file()


def test_new_state_with_an_endpoint_writes_the_embedded_stores_skeleton(cli, pushed_server, tmp_path):
    run = cli("new-state", "--state", "KS", "--year", "2024", "--endpoint", pushed_server("oxigraph").query,
              "-o", tmp_path / "far.ttl")
    assert run.code == 0, run.err
    assert cli("new-state", "--state", "KS", "--year", "2024", "-o", tmp_path / "near.ttl").code == 0
    far = (tmp_path / "far.ttl").read_text(encoding="utf-8")
    assert "<us-ks>" in far and far == (tmp_path / "near.ttl").read_text(encoding="utf-8")
