"""Graph access: loading, the embedded store, remote endpoints, the compiled-store cache, named queries, IRIs and RDF terms."""
