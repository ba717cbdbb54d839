"""The synthesis note: the consultants' key messages, priorities and decisions, with the
budget, value and risk figures of the analysis."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transfo.analyse import scenarios
from transfo.analyse.synthese import (
    NOMBRE_RISQUES,
    budget_pluriannuel,
    decisions_par_date,
    principaux_risques,
)
from transfo.constants import INSTANCES
from transfo.model.entities import SECTIONS_APPUI
from transfo.render import graphique_budget
from transfo.render.pages import Section
from transfo.render.urls import page_section

if TYPE_CHECKING:
    from transfo.model.audit import Audit
    from transfo.render.site import Generateur


def _presente(audit: Audit) -> bool:
    return audit.synthese is not None


def _fichier(audit: Audit) -> str | None:
    return audit.source_synthese.fichier if audit.source_synthese else None


SYNTHESE = Section("synthese", "synthese", "Note de synthèse", "synthese.md.j2",
                   source=_fichier, presente=_presente, portefeuille=True)
SECTIONS = (SYNTHESE,)

DESSINE = True
"""Draws charts: written first, so that the background worker starts them early."""


def generer(g: Generateur) -> None:
    audit, synthese = g.audit, g.audit.synthese
    if synthese is None:
        return
    budget = budget_pluriannuel(audit.chantiers.values())
    annees = [x.annee or 0 for x in budget.lignes]
    postes = {p: [round(getattr(x, p), 2) for x in budget.lignes]
              for p in ("investissement_interne", "investissement_externe",
                        "fonctionnement_interne", "fonctionnement_externe")}
    graphique = g.graphique("budget", annees=annees, postes=postes,
                            titre="Budget pluriannuel des chantiers, par année")
    retenu = scenarios.recommande(audit)
    g.page_section(SYNTHESE,
                   scenario=retenu,
                   chiffres_scenario=g.chiffres_scenarios[retenu.id] if retenu else None,
                   chiffres_plan=scenarios.chiffres(audit, g.analyse),
                   synthese=synthese, decisions=decisions_par_date(synthese.decisions),
                   budget=budget, graphique_budget=graphique,
                   message_budget=graphique_budget.message_budget(budget),
                   v=g.analyse.portefeuille, risques=principaux_risques(audit),
                   nombre_risques=NOMBRE_RISQUES, INSTANCES=INSTANCES,
                   sections={nom: (page_section(nom), titre)
                             for nom, titre in SECTIONS_APPUI.items()},
                   nombre_chantiers=len(audit.chantiers))
