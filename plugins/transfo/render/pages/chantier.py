"""One page per chantier: its case, value, cadrage note, workload and follow-up.

A chantier page shows its chantier, its value and the value of the gains it delivers, what
the analysis of the whole portfolio says of it (workload of the teams, follow-up, purchase
calendar) and, of the rest of the model, names, links and the référentiel: its key
(:func:`cle`) is those values, so that a save renders again only the chantier pages whose
figures or links it moves.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from transfo.analyse.gouvernance import calendrier_achat, grille_raci
from transfo.empreinte import empreinte
from transfo.render import graphiques
from transfo.render.pages import fichier, processus
from transfo.render.urls import page_entite

if TYPE_CHECKING:
    from transfo.model.entities import Chantier
    from transfo.render.site import Generateur

GENRE = "chantier"
GABARIT = "chantier.md.j2"

DESSINE = True
"""Draws charts: written first, so that the background worker starts them early."""


def generer(g: Generateur) -> None:
    audit = g.audit
    dependants = audit.dependants()
    livreurs = audit.chantiers_du_gain()
    commun = b""
    if g.memo is not None:
        commun = empreinte(processus.empreinte_commune(g), g.gouvernance)
    for c in audit.chantiers.values():
        v = g.analyse.chantiers[c.id]
        flux, flux_socio, message_flux, message_flux_socio = g.graphiques_flux(v, c.nom)
        radar = g.graphique("radar", scores=dict(v.mareva), titre=f"{c.nom} : notes MAREVA")
        variables = dict(
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
        g.page_memorisee(page_entite(GENRE, c.id), cle(g, commun, c, variables),
                         functools.partial(g.page, page_entite(GENRE, c.id), GABARIT, c.nom,
                                           fichier(audit, c.id), **variables))


def cle(g: Generateur, commun: bytes, c: Chantier, variables: dict[str, Any]) -> bytes:
    """What the page of ``c`` shows: the values its template receives (the governance,
    shared by every chantier, is in ``commun``), its file, the value and review of its
    gains, and the names and links of every entity it names."""
    if g.memo is None:
        return b""
    ctx = g.ctx
    gains = variables["gains"]
    valeurs = [g.analyse.gains.get(x.id) for x in gains]
    nommes = [c.pilote, *c.depend_de, *variables["dependants"], *c.processus,
              *(x.id for x in gains),
              *(i for v in valeurs if v is not None for i in (v.processus, v.chantier,
                                                              *v.chantiers) if i)]
    return empreinte(
        commun, fichier(g.audit, c.id),
        {k: w for k, w in variables.items() if k != "gouv"}, valeurs,
        [ctx.revues.get(i) for i in (c.id, *(x.id for x in gains))],
        [(i, ctx.noms.get(i), ctx.cibles.get(i), i in ctx.internes) for i in nommes],
        c.id in ctx.internes, c.id in g.audit.retraits,
    )
