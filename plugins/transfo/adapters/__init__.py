"""Thin adapters over the core: the command line and the mkdocs plugin."""
