"""Issue #17: `kg.run("goal-status", {"state": "MO", "year": 2023})` crashed with "'int' object has
no attribute 'strip'": parameters had to be strings as typed on a command line."""


def test_run_takes_python_values_in_a_mapping(kg):
    rows = kg.run("goal-status", {"state": "MO", "year": 2023}).records()
    assert len(rows) == 40 and {r["goal"] for r in rows} >= {"1.1", "6.6"}
    assert rows == kg.run("goal-status", {"state": "MO", "year": "2023"}).records()
