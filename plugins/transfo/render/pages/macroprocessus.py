"""One page per macroprocess: its processes and what transforms them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transfo.render.pages import fichier
from transfo.render.urls import page_entite

if TYPE_CHECKING:
    from transfo.render.site import Generateur

GENRE = "macroprocessus"
GABARIT = "macroprocessus.md.j2"


def generer(g: Generateur) -> None:
    audit = g.audit
    for mp in audit.macroprocessus.values():
        g.page(page_entite(GENRE, mp.id), GABARIT, mp.nom, fichier(audit, mp.id), mp=mp,
               processus=[audit.processus[p] for p in g.processus_par_macro.get(mp.id, [])],
               chantiers_par_processus=g.chantiers_par_processus,
               pleine_largeur=True)  # the table of processes without scrolling
