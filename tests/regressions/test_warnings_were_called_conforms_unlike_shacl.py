"""Issue #13: the text said "conforms" where SHACL's own sh:conforms is false (warnings), which
confused anyone comparing with Jena or pySHACL."""

import json


def test_json_carries_shacl_conforms_beside_the_verdict(cli):
    document = json.loads(cli("validate", "--format", "json").out)
    assert document["conforms"] is False  # SHACL: four warnings make sh:conforms false
    assert document["verdict"] == "pass" and document["violations"] == 0 and document["warnings"] == 4
