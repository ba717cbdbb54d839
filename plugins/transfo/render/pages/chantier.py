"""One page per chantier: its case, value, cadrage note, workload and follow-up."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transfo.analyse.gouvernance import calendrier_achat, grille_raci
from transfo.render import graphiques
from transfo.render.pages import fichier
from transfo.render.urls import page_entite

if TYPE_CHECKING:
    from transfo.render.site import Generateur

GENRE = "chantier"
GABARIT = "chantier.md.j2"

DESSINE = True
"""Draws charts: written first, so that the background worker starts them early."""


def generer(g: Generateur) -> None:
    audit = g.audit
    dependants = audit.dependants()
    livreurs = audit.chantiers_du_gain()
    for c in audit.chantiers.values():
        v = g.analyse.chantiers[c.id]
        flux, flux_socio, message_flux, message_flux_socio = g.graphiques_flux(v, c.nom)
        radar = g.graphique("radar", scores=dict(v.mareva), titre=f"{c.nom} : notes MAREVA")
        g.page(
            page_entite(GENRE, c.id), GABARIT, c.nom, fichier(audit, c.id),
            c=c, v=v, dependants=dependants.get(c.id, []),
            gains=[audit.gains[x] for x in c.gains if x in audit.gains],
            partages=[(x, len(livreurs[x])) for x in c.gains if len(livreurs.get(x, [])) > 1],
            graphique_flux=flux, graphique_flux_socio=flux_socio, graphique_radar=radar,
            message_flux=message_flux, message_flux_socio=message_flux_socio,
            message_radar=graphiques.message_radar(dict(v.mareva)),
            charges_equipes=g.capacite.par_chantier(c.id),
            gouv=g.gouvernance, grille_raci=grille_raci(c, g.gouvernance.roles),
            calendrier_achat=calendrier_achat(audit, c),
            suivi=g.suivi.chantiers[c.id] if g.suivi else None,
        )
