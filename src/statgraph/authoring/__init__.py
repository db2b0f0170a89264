"""Writing entries: citations, report ingestion, drafts, skeletons, synthetic states, entry diffs."""
