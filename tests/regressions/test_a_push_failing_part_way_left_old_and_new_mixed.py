"""Issue #14: a push that failed part-way (update 6 of 7) left a new report card beside the old
derived graph, and the server answered a goal as "FullyMet, score 0"."""

import pytest

from statgraph.errors import EnvironmentFailure
from statgraph.kg.push import Pusher
from statgraph.kg.remote import MANIFEST_GRAPH, RemoteGraph

from test_remote import answered_dataset, count_exchanges, faulty_client, larger, push_to, statgraph_graphs


def test_a_failure_at_any_step_leaves_the_old_dataset_or_the_new_one_and_says_which(kg, larger, tmp_path, start_server):
    server = start_server("oxigraph")
    push_to(larger, server)
    steps = count_exchanges(kg, server)  # queries and updates of one push
    assert steps >= 6
    seen = set()
    for when in ("before", "after"):
        for step in range(1, steps + 1):
            push_to(larger, server)
            client = faulty_client(step, when)
            with pytest.raises(EnvironmentFailure) as failure:
                Pusher(kg, server.query, server.update, 60.0, client=client).run()
            message = str(failure.value)
            answering = answered_dataset(server, larger, kg)
            assert answering in ("old", "new"), (when, step, answering)
            if answering == "old":
                assert "still answers the previous dataset" in message, (when, step, message)
                assert statgraph_graphs(server) == set(RemoteGraph(server.query).dataset.graphs) | {MANIFEST_GRAPH}
            else:
                assert "answers the new dataset" in message, (when, step, message)
            seen.add(answering)
    assert seen == {"old", "new"}  # failures before and after the switch were both exercised
