"""Plan against realised at the situation date (« remontée de la valeur »)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transfo.model.visibilite import PORTEFEUILLE
from transfo.render.pages import Section

if TYPE_CHECKING:
    from transfo.render.site import Generateur

SUIVI = Section("suivi", "suivi", "Suivi et évaluation", "suivi.md.j2", portefeuille=True)
SECTIONS = (SUIVI,)

DESSINE = True
"""Draws charts: written first, so that the background worker starts them early."""


def generer(g: Generateur) -> None:
    suivi = g.suivi
    graphiques_couts: dict[str, str] = {}
    portefeuille: tuple[list[int], list[float], list[float | None]] = ([], [], [])
    if suivi is not None:
        annee = suivi.date_situation.year
        for s in suivi.suivis:
            graphiques_couts[s.id] = _graphique(
                g, annee, f"{g.audit.chantiers[s.id].nom} : coûts prévus et réalisés",
                [x.annee for x in s.couts], [x.prevu for x in s.couts],
                [x.realise for x in s.couts])
        portefeuille = suivi.couts_par_annee()
        graphiques_couts[PORTEFEUILLE] = _graphique(
            g, annee, "Chantiers suivis : coûts prévus et réalisés", *portefeuille)
    g.page_section(SUIVI, suivi=suivi, graphiques_couts=graphiques_couts,
                   portefeuille=list(zip(*portefeuille, strict=True)),
                   PORTEFEUILLE=PORTEFEUILLE)


def _graphique(g: Generateur, situation: int, titre: str, annees: list[int],
               prevus: list[float], realises: list[float | None]) -> str:
    return g.graphique("suivi_couts", titre=titre, annees=annees, annee_situation=situation,
                       prevus=[round(x, 2) for x in prevus],
                       realises=[None if x is None else round(x, 2) for x in realises])

