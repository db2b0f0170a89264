"""Issue #16: `statgraph ingest r.md ... -o r.md` replaced the report with the draft and exited 0."""


def test_ingest_refuses_to_replace_its_report(cli, tmp_path):
    from test_ingest import SAMPLE
    report = tmp_path / "r.md"
    report.write_text(SAMPLE, encoding="utf-8")
    run = cli("ingest", report, "--state", "MO", "-o", report)
    assert run.code == 2 and "is a file this command reads" in run.err
    assert report.read_text(encoding="utf-8") == SAMPLE
