"""Showing results: terminal tables, CSV/JSON, the report card, the static site, drawings, RDF export."""
