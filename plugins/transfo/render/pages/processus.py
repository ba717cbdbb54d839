"""One page per process: its card, gap analysis and both swimlanes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transfo.model.flux import successeurs
from transfo.render import diagrammes, memoire
from transfo.render.pages import fichier
from transfo.render.urls import page_entite

if TYPE_CHECKING:
    from transfo.model.entities import Processus
    from transfo.render.site import Generateur

GENRE = "processus"
GABARIT = "processus.md.j2"


def generer(g: Generateur) -> None:
    for proc in g.audit.processus.values():
        _page(g, proc, g.chantiers_par_processus.get(proc.id, []))


def _page(g: Generateur, proc: Processus, chantiers: list[str]) -> None:
    ecarts = g.analyse.ecarts[proc.id]
    avant, apres = diagrammes.statuts_etapes(ecarts)
    ordre = diagrammes.ordre_des_couloirs(proc.existant, proc.cible)
    decrits = {x.id: diagrammes.decrire_changements(x, g.audit) for x in ecarts.etapes}
    existant = g.diagramme(memoire.couloirs(
        f"{proc.nom} — existant", proc.existant, g.audit, avant, ordre_acteurs=ordre))
    cible = g.diagramme(memoire.couloirs(
        f"{proc.nom} — cible", proc.cible, g.audit, apres, ordre_acteurs=ordre,
        changements=decrits))
    g.page(
        page_entite(GENRE, proc.id), GABARIT, proc.nom,
        fichier(g.audit, proc.id), p=proc, e=ecarts, chantiers=chantiers,
        ecarts_par_id={x.id: x for x in ecarts.etapes},
        diagramme_existant=existant, diagramme_cible=cible,
        pleine_largeur=True,  # the swimlanes get the table of contents' column too
        flux_existant=successeurs(proc.existant), flux_cible=successeurs(proc.cible),
    )
