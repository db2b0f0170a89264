"""Commands for SPARQL servers: push (upload the graph to one) and serve (start one locally)."""

from __future__ import annotations

import argparse

from statgraph.cli.grammar import LOCAL_SOURCE, Output, command, progress, seconds


def _push_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--endpoint", required=True, metavar="URL",
                        help="the server's query endpoint: push checks through it what arrived")
    parser.add_argument("--update-endpoint", required=True, metavar="URL", help="the server's update endpoint")
    parser.add_argument("--timeout", type=seconds, default=120.0, metavar="SECONDS",
                        help="seconds each request may take, from connecting to the last byte (default: 120)")


@command("push", options=[LOCAL_SOURCE], arguments=_push_arguments,
         help="replace statgraph's data on a SPARQL server with the loaded graph",
         description="Upload the bundled (or --data) files and the derived values to a SPARQL 1.1 server, "
                     "replacing what statgraph pushed there before as a whole. Each file becomes a named graph "
                     "under a new name; once the query endpoint sees them all, one update switches the "
                     "server's manifest graph to them, and the graphs of earlier pushes are removed. A failed "
                     "or interrupted push leaves the server answering the old dataset (or, after the switch, "
                     "the new one) and says which. Works with the server's default settings: statgraph's "
                     "queries name the pushed graphs themselves. Credentials: STATGRAPH_ENDPOINT_USER and "
                     "STATGRAPH_ENDPOINT_PASSWORD (Basic or Digest, as the server asks) or "
                     "STATGRAPH_ENDPOINT_TOKEN.",
         examples=["statgraph push --endpoint http://localhost:7878/query "
                   "--update-endpoint http://localhost:7878/update",
                   "oxigraph serve --location /tmp/store &   (start the server first)",
                   "STATGRAPH_ENDPOINT_USER=dba STATGRAPH_ENDPOINT_PASSWORD=... statgraph push "
                   "--endpoint http://localhost:8890/sparql --update-endpoint http://localhost:8890/sparql-auth",
                   "statgraph gaps --state MO --endpoint http://localhost:7878/query"])
def push(args: argparse.Namespace) -> Output:
    from statgraph.kg.push import Pusher
    from statgraph.kg.store import load
    from statgraph.kg.transport import check_url
    check_url(args.endpoint, "--endpoint")  # before loading anything
    check_url(args.update_endpoint, "--update-endpoint")
    result = Pusher(load(args.data), args.endpoint, args.update_endpoint, args.timeout,
                    progress=progress("push", always=True)).run()
    graphs = len(result.parts)
    removed = f"; removed {len(result.removed)} graph{'s' * (len(result.removed) != 1)} of earlier pushes" \
        if result.removed else ""
    return Output(f"pushed {graphs} graph{'s' * (graphs != 1)}, {result.triples:,} triples; the server now answers "
                  f"this dataset (generation {result.generation}){removed}\n")


def _serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=0, metavar="PORT",
                        help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--writable", action="store_true",
                        help="also accept SPARQL updates (default: read-only)")


@command("serve", options=[LOCAL_SOURCE], arguments=_serve_arguments,
         help="start a local SPARQL server over the loaded graph",
         description="Start Oxigraph's SPARQL server (the PyPI 'oxigraph' package, with its query page) over "
                     "everything loaded — ontology, framework, reference data, the bundled or --data entries "
                     "and the derived values — on 127.0.0.1, read-only unless --writable. Prints the address "
                     "to open in a browser and the --endpoint value for statgraph or any SPARQL client. "
                     "Ctrl-C stops it and removes its store.",
         examples=["statgraph serve", "statgraph serve --data my-state.ttl --port 7878",
                   "statgraph gaps --state MO --endpoint http://127.0.0.1:7878/query"])
def serve(args: argparse.Namespace) -> Output:
    from statgraph.kg.serve import serve as run_server
    from statgraph.kg.store import load
    run_server(load(args.data), args.port, writable=args.writable)
    return Output("")
