"""Rendering: pages (Jinja2), diagrams (Graphviz) and charts, all deterministic."""
