"""Commands for SPARQL servers: push."""

from __future__ import annotations

import argparse

from statgraph.cli.grammar import LOCAL_SOURCE, Output, command, progress, seconds


def _push_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", required=True, metavar="URL",
                        help="the server's query endpoint, to confirm what arrived")
    parser.add_argument("--update-endpoint", required=True, metavar="URL", help="the server's update endpoint")
    parser.add_argument("--graph", metavar="IRI", help="put everything into this one named graph instead")
    parser.add_argument("--timeout", type=seconds, default=120.0, metavar="SECONDS",
                        help="seconds to wait for each request (default: 120)")


@command("push", options=[LOCAL_SOURCE], arguments=_push_arguments,
         help="upload the graph to a SPARQL server, one named graph per file",
         description="Upload the bundled (or --data) files to a SPARQL 1.1 server: one named graph per file plus "
                     "the derived values, each replaced in one SPARQL Update request, so a failed upload leaves "
                     "that graph as it was. Pushing twice gives the same server. Start "
                     "Oxigraph with --union-default-graph so queries see every graph.",
         examples=["statgraph push --endpoint http://localhost:7878/query "
                   "--update-endpoint http://localhost:7878/update",
                   "oxigraph serve --location /tmp/store --union-default-graph &   (start the server first)",
                   "statgraph gaps --state MO --endpoint http://localhost:7878/query"])
def push(args: argparse.Namespace) -> Output:
    from statgraph.kg.remote import RemoteGraph, push as upload
    from statgraph.kg.store import load
    remote = RemoteGraph(args.endpoint, args.timeout)  # checks the URL before any work
    pushed = upload(load(args.data), args.update_endpoint, args.graph or None, args.timeout,
                    progress=progress("push", always=True))
    total = sum(n for _, n in pushed)
    return Output(f"pushed {len(pushed)} graph{'s' * (len(pushed) != 1)}, {total:,} triples; "
                  f"the server now holds {len(remote):,} triples\n")
