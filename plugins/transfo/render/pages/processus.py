"""One page per process: its card, gap analysis and both swimlanes.

A process page shows its own process, the analysis of its gaps and gains, and, from the
rest of the model, only names, links and settings: its key (:func:`cle`) is the process
with what the analysis says of it, and one fingerprint of everything else in the model
(:func:`empreinte_commune`), so that a save of one process file renders one process page
again in the live preview.
"""

from __future__ import annotations

import dataclasses
import functools
from typing import TYPE_CHECKING

from transfo.empreinte import empreinte
from transfo.model.flux import successeurs
from transfo.render import diagrammes, memoire
from transfo.render.pages import fichier
from transfo.render.urls import page_entite

if TYPE_CHECKING:
    from transfo.model.entities import Processus
    from transfo.render.site import Generateur

GENRE = "processus"
GABARIT = "processus.md.j2"


_PAR_ENTITE = ("processus", "gains", "sources", "processus_du_gain")
"""The audit's tables that also hold what the process and chantier files write: only the
rest of each is in the common part of the key."""
_CHANTIERS = ("chantiers", "chantier_du_gain", "suivis", "sources_suivi")
"""What the chantier files (and their follow-up) write: a process page shows only the
names and links of the chantiers that name it or deliver its gains, and its gains' value,
all in its own key, so that a chantier's save renders again only the pages it shows on."""


_REFERENTIEL = ("referentiel",)
"""The référentiel as a whole: a process page reads of it its directions, actors and
applications (tables of their own, in the common part) and, through its gap analysis and
the value of its gains (both in its key), the parameters; a new discount rate renders no
process page again."""


def generer(g: Generateur) -> None:
    commun = empreinte_commune(g, sauf=_CHANTIERS + _REFERENTIEL) if g.memo is not None \
        else b""
    for proc in g.audit.processus.values():
        chantiers = g.chantiers_par_processus.get(proc.id, [])
        g.page_memorisee(page_entite(GENRE, proc.id), cle(g, commun, proc, chantiers),
                         functools.partial(_page, g, proc, chantiers))


def empreinte_commune(g: Generateur, sauf: tuple[str, ...] = _CHANTIERS) -> bytes:
    """Everything of the build but the processes and the fields ``sauf`` (the chantiers):
    every field of the audit (a field added later is included), without what the process
    and chantier files write, and the build's settings."""
    audit = g.audit
    propres = {*audit.processus, *audit.processus_du_gain, *audit.chantiers,
               *audit.chantier_du_gain}
    champs = []
    for champ in dataclasses.fields(audit):
        if champ.name in sauf:
            continue
        valeur = getattr(audit, champ.name)
        if champ.name in _PAR_ENTITE:
            valeur = {k: v for k, v in valeur.items() if k not in propres}
        champs.append((champ.name, valeur))
    return empreinte(g.empreinte_gabarits, g.ctx.public, g.ctx.urls_repertoires, champs)


def cle(g: Generateur, commun: bytes, proc: Processus, chantiers: list[str]) -> bytes:
    """What the page of ``proc`` shows: the process, its gains as validation completed
    them, the file it is written in, the value of its gains, their review, visibility, and
    the chantiers that name it or deliver its gains, with their names, and its gap
    analysis (which reads the parameters)."""
    if g.memo is None:
        return b""
    ctx, ids_gains = g.ctx, [gain.id for gain in proc.gains]
    valeurs = [g.analyse.gains.get(i) for i in ids_gains]
    cites = [*chantiers, *ctx.retroliens.get(proc.id, []),
             *(c for v in valeurs if v is not None for c in (v.chantier, *v.chantiers) if c)]
    return empreinte(
        commun, proc, fichier(g.audit, proc.id), [g.audit.gains.get(i) for i in ids_gains],
        valeurs, g.analyse.ecarts[proc.id], [ctx.revues.get(i) for i in ids_gains],
        [(i, ctx.noms.get(i), ctx.cibles.get(i), i in ctx.internes) for i in cites],
        proc.id in ctx.internes, proc.id in g.audit.retraits,
    )


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
