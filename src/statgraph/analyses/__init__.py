"""Analyses over a knowledge graph; each returns data (dataclasses or rows), never text."""
