"""What the « Scénarios » page shows: each scenario's figures, the rows of the comparison, the
data of the chart of their costs per year and its key message.

Plain data for :mod:`transfo.render.pages.scenarios` and ``scenarios.md.j2``; the figures
come from :mod:`transfo.analyse.scenarios`, the chart from
:mod:`transfo.render.graphique_scenarios`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from transfo.analyse.scenarios import (
    ChiffresScenario,
    analyser_scenarios,
    lignes_comparaison,
    recommande,
)
from transfo.analyse.valeur import decaler_mois
from transfo.model.audit import Audit
from transfo.render.graphique_scenarios import message_couts

TITRE_GRAPHIQUE = "Coûts de chaque scénario par année"


@dataclass(frozen=True)
class PageScenarios:
    figures: list[ChiffresScenario]
    annees: list[int]
    graphique: dict[str, Any]
    """The data of the chart (kind ``couts_scenarios``)."""

    def variables(self, audit: Audit) -> dict[str, Any]:
        """The template's variables, but the chart's file."""
        return {
            "scenarios": list(audit.scenarios.values()), "figures": self.figures,
            "recommande": recommande(audit), "lignes": lignes_comparaison(self.figures),
            "annees": self.annees, "decaler": decaler_mois,
            "message_couts": message_couts(self.annees, self.graphique["scenarios"]),
        }


def preparer(audit: Audit, figures: list[ChiffresScenario] | None = None) -> PageScenarios:
    """The page's data; ``figures``: the scenarios' figures when the caller already has them
    (each is a whole portfolio analysis)."""
    if figures is None:
        figures = list(analyser_scenarios(audit).values())
    annees = sorted({a for f in figures for a in f.annees})
    donnees = [{"nom": audit.scenarios[f.id].nom,
                "couts": [round(f.cout_annee(a), 2) for a in annees],
                "plafond": f.plafond_annuel} for f in figures]
    return PageScenarios(figures, annees, {"annees": annees, "scenarios": donnees,
                                           "titre": TITRE_GRAPHIQUE})
