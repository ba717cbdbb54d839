"""The « Document complet »: every page in the navigation's order, assembled by the mkdocs
plugin from the pages mkdocs rendered (:mod:`transfo.render.document`); it has no
template and nothing to write here, and ``transfo generer`` has no such page."""

from __future__ import annotations

from transfo.render.pages import Section

DOCUMENT = Section("document", "document-complet", "Document complet")
SECTIONS = (DOCUMENT,)
