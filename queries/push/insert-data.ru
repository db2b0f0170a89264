#title: Add triples to a staged graph
#description: One batch of a push. statgraph writes the staged graph's name in place of <urn:statgraph:param:graph> and the batch's triples, as N-Triples lines, in place of the line '#statgraph:triples'. A batch holds at most 500 triples: Virtuoso 7 refuses an INSERT DATA that compiles to more than 10,000 lines of SQL (1,839 triples failed, 1,000 passed); one request carries several batches, each its own operation.
INSERT DATA {
  GRAPH <urn:statgraph:param:graph> {
    #statgraph:triples
  }
}
