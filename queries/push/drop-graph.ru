#title: Remove a graph
#description: Removes one of statgraph's graphs from a server: a staged graph of a push that did not finish, or a graph of an earlier push. statgraph writes the graph's name in place of <urn:statgraph:param:graph>; it only ever names graphs under https://w3id.org/statgraph/graph/.
DROP SILENT GRAPH <urn:statgraph:param:graph>
