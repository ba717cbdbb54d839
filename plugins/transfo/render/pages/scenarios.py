"""The scenarios side by side: one table of figures, the cost of each per year (a chart and
its table), then each scenario with its chantiers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transfo.render import page_scenarios
from transfo.render.pages import Section

if TYPE_CHECKING:
    from transfo.model.audit import Audit
    from transfo.render.site import Generateur


def _presente(audit: Audit) -> bool:
    return bool(audit.scenarios)


SCENARIOS = Section("scenarios", "scenarios", "Scénarios", "scenarios.md.j2",
                    presente=_presente, portefeuille=True)
SECTIONS = (SCENARIOS,)

DESSINE = True
"""Draws charts: written first, so that the background worker starts them early."""


def generer(g: Generateur) -> None:
    if not SCENARIOS.dans(g.audit):
        return
    page = page_scenarios.preparer(g.audit, list(g.chiffres_scenarios.values()))
    g.page_section(SCENARIOS, graphique_couts=g.graphique("couts_scenarios", **page.graphique),
                   pleine_largeur=True, **page.variables(g.audit))
