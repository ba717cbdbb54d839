"""Load against capacity: a chart and a table per team."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transfo.analyse.capacite import SEUIL_LIMITE
from transfo.render import graphique_capacite
from transfo.render.pages import Section, fichier_referentiel

if TYPE_CHECKING:
    from transfo.render.site import Generateur

CAPACITE = Section("capacite", "capacite", "Capacité à faire", "capacite.md.j2",
                   source=fichier_referentiel, portefeuille=True)
SECTIONS = (CAPACITE,)

DESSINE = True
"""Draws charts: written first, so that the background worker starts them early."""


def generer(g: Generateur) -> None:
    equipes = []
    for e in g.capacite.equipes:
        trimestres = [t.libelle for t in e.trimestres]
        charges = [round(t.charge, 2) for t in e.trimestres]
        capacites = [round(t.capacite, 2) for t in e.trimestres]
        graphique = g.graphique(
            "capacite", titre=f"{e.equipe.nom} : charge et capacité par trimestre",
            trimestres=trimestres, charges=charges, capacites=capacites)
        equipes.append((e, graphique, graphique_capacite.message_capacite(
            trimestres, charges, capacites)))
    en_limite = [(e, t) for e in g.capacite.equipes if not e.surcharges
                 and (t := e.pointe()) is not None and t.taux is not None
                 and t.taux >= SEUIL_LIMITE]
    g.page_section(CAPACITE, capacite=g.capacite, equipes=equipes, en_limite=en_limite,
                   SEUIL_LIMITE=SEUIL_LIMITE, pleine_largeur=True)
