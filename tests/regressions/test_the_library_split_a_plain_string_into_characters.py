"""The library took a plain string for a list and used its characters.

Found by a hostile review: ``statgraph.load("dir")`` said "d: no such file or folder",
``load("./")`` scanned the whole filesystem, ``coverage(kg, "MO", chapters="566")``
asked for chapters 5 and 6, ``what_if(kg, "MO", "1.1.1")`` for recommendations "1", "."…;
``impact(kg, "MO", 573.01)`` and ``chapters=[566]`` raised AttributeError, ``validate(kg)``
a bare TypeError, and ``gaps(kg, None)`` spoke of a state "NONE".
"""

import pytest

import statgraph
from statgraph.resources import graph_data_dir


def test_one_string_is_one_value(kg):
    assert statgraph.coverage(kg, "MO", chapters="566").rows == statgraph.coverage(kg, "MO", chapters=["566"]).rows
    assert statgraph.coverage(kg, "MO", chapters=[566]).rows == statgraph.coverage(kg, "MO", chapters=["566"]).rows
    assert statgraph.what_if(kg, "MO", "1.1.1").record["enacted"] == "1.1.1"


def test_load_takes_one_folder_as_text():
    folder = graph_data_dir() / "jurisdictions" / "us-mo"
    assert "MO" in statgraph.load(str(folder)).jurisdictions()  # beside the federal reference data (US)


@pytest.mark.parametrize("call,message", [
    (lambda kg: statgraph.impact(kg, "MO", 573.01), "write 573.01 as text"),
    (lambda kg: statgraph.validate(kg), "not a loaded graph"),
    (lambda kg: statgraph.gaps(kg, None), "a jurisdiction code such as 'MO'"),
    (lambda kg: statgraph.coverage(kg, "MO", chapters=[object()]), "expected text such as"),
])
def test_wrong_types_say_what_to_pass(kg, call, message):
    with pytest.raises(TypeError, match=message):
        call(kg)

