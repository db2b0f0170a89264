"""Issue #16: `.TTL` files in a --data folder were silently ignored."""

from test_everyday_input import MO


def test_turtle_files_are_found_whatever_the_case_of_their_extension(cli, tmp_path):
    for source in MO.glob("*.ttl"):
        (tmp_path / source.name.replace(".ttl", ".TTL")).write_bytes(source.read_bytes())
    info = cli("info", "--data", tmp_path, "--format", "json")
    assert info.code == 0, info.err
    assert '"file": "' + str(tmp_path / "statutes.TTL") in info.out
    assert cli("gaps", "--state", "MO", "--data", tmp_path).out == cli("gaps", "--state", "MO").out
