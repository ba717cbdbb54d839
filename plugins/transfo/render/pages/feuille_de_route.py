"""The roadmap: dependencies, Gantt chart, horizons and the short-term plan; in the
navigation, every chantier by start date."""

from __future__ import annotations

from collections import defaultdict
from html import escape
from typing import TYPE_CHECKING, Any

from transfo.analyse.plan_court_terme import plan_court_terme
from transfo.render import diagrammes, graphiques
from transfo.render.pages import Section
from transfo.render.urls import page_entite

if TYPE_CHECKING:
    from transfo.model.audit import Audit
    from transfo.render.site import Generateur


def enfants(audit: Audit) -> list[Any]:
    return [{escape(c.nom): page_entite("chantier", c.id)}
            for c in sorted(audit.chantiers.values(), key=lambda c: (c.debut, c.id))]


FEUILLE_DE_ROUTE = Section("feuille_de_route", "feuille-de-route", "Feuille de route",
                           "feuille_de_route.md.j2", enfants=enfants, portefeuille=True)
SECTIONS = (FEUILLE_DE_ROUTE,)

DESSINE = True
"""Draws charts: written first, so that the background worker starts them early."""


def generer(g: Generateur) -> None:
    audit = g.audit
    chantiers = g.chantiers
    par_horizon: dict[str, list[Any]] = defaultdict(list)
    for c in chantiers:
        par_horizon[c.horizon].append(c)
    dependances = g.diagramme(
        diagrammes.graphe_feuille_de_route(audit, g.lien_depuis(FEUILLE_DE_ROUTE.src_uri)))
    lignes_gantt = [
        {"id": c.id, "nom": c.nom, "debut": c.debut.isoformat(), "fin": c.fin.isoformat(),
         "horizon": c.horizon, "jalons": [j.date.isoformat() for j in c.jalons]}
        for c in chantiers]
    referentiel = audit.referentiel
    situation = referentiel.date_situation if referentiel is not None else None
    gantt = g.graphique(
        "gantt", titre="Calendrier des chantiers", chantiers=lignes_gantt,
        date_situation=situation.isoformat() if situation else None)
    g.page_section(FEUILLE_DE_ROUTE, chantiers=chantiers,
                   par_horizon=par_horizon, plan=plan_court_terme(audit),
                   gouv=g.gouvernance,
                   debut=min((c.debut for c in chantiers), default=None),
                   fin=max((c.fin for c in chantiers), default=None),
                   diagramme_dependances=dependances, graphique_gantt=gantt,
                   pleine_largeur=True,
                   message_gantt=graphiques.message_gantt(lignes_gantt),
                   date_situation=situation)
