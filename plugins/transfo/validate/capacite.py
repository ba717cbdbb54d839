"""Checks of the teams and workloads: every workload names a declared team, capacities are
declared once per quarter inside the plan's horizon, and no team is loaded beyond its
capacity in any quarter (a warning naming the chantiers)."""

from __future__ import annotations

from collections.abc import Iterator

from transfo.analyse.capacite import (
    analyser_capacite,
    ecrire_trimestre,
    horizon_du_plan,
    lire_trimestre,
)
from transfo.formats import decimal, entier, pourcent
from transfo.model.audit import Audit
from transfo.model.provenance import Provenance
from transfo.problems import Gravite, Probleme
from transfo.validate.schema_errors import Suggesteur


def check(audit: Audit) -> Iterator[Probleme]:
    referentiel = audit.referentiel
    if referentiel is None:
        return
    document = _document_referentiel(audit)
    if document is None:
        return
    horizon = horizon_du_plan(audit)
    declarees: dict[str, int] = {}
    for i, equipe in enumerate(referentiel.equipes):
        if equipe.id in declarees:
            yield Probleme(
                document.position(("equipes", i, "id")),
                f"équipe « {equipe.id} » déjà déclarée (élément {declarees[equipe.id] + 1})",
                "chaque équipe a un identifiant unique : renommez ou regroupez l'une des deux",
                code="equipe-double",
            )
        declarees.setdefault(equipe.id, i)
        vus: set[str] = set()
        for j, x in enumerate(equipe.par_trimestre):
            position = document.position(("equipes", i, "par_trimestre", j, "trimestre"))
            if x.trimestre in vus:
                yield Probleme(
                    position, f"capacité du trimestre {x.trimestre} déjà déclarée pour "
                    f"l'équipe « {equipe.id} »", "gardez une seule valeur par trimestre",
                    code="trimestre-double")
            vus.add(x.trimestre)
            t = lire_trimestre(x.trimestre)
            if horizon is not None and not horizon[0] <= t <= horizon[1]:
                yield Probleme(
                    position,
                    f"trimestre {x.trimestre} hors de l'horizon de la feuille de route "
                    f"({ecrire_trimestre(horizon[0])} à {ecrire_trimestre(horizon[1])})",
                    "déclarez la capacité d'un trimestre où des chantiers peuvent avoir "
                    "lieu, ou retirez-la",
                    code="trimestre-hors-horizon")
    suggesteur = Suggesteur(declarees)
    for chantier in audit.chantiers.values():
        source = audit.sources[chantier.id]
        equipes_vues: dict[str, int] = {}
        for i, charge in enumerate(chantier.charges):
            if charge.equipe not in declarees:
                proche = suggesteur.proche(charge.equipe)
                yield Probleme(
                    source.position("charges", i, "equipe"),
                    f"équipe inconnue « {charge.equipe} »",
                    f"vouliez-vous dire « {proche} » ?" if proche else
                    "déclarez-la dans « equipes » du référentiel"
                    + (f" (équipes déclarées : {', '.join(sorted(declarees))})"
                       if declarees else ""),
                    code="reference")
            if charge.equipe in equipes_vues:
                yield Probleme(
                    source.position("charges", i, "equipe"),
                    f"charge de l'équipe « {charge.equipe} » déjà déclarée (élément "
                    f"{equipes_vues[charge.equipe] + 1})",
                    "regroupez la charge d'une même équipe", code="equipe-double")
            equipes_vues.setdefault(charge.equipe, i)
            vus = set()
            for j, x in enumerate(charge.par_trimestre or []):
                if x.trimestre in vus:
                    yield Probleme(
                        source.position("charges", i, "par_trimestre", j, "trimestre"),
                        f"trimestre {x.trimestre} déjà chiffré pour l'équipe "
                        f"« {charge.equipe} »", "gardez une seule valeur par trimestre",
                        code="trimestre-double")
                vus.add(x.trimestre)
    for equipe, surcharge in analyser_capacite(audit).surcharges:
        chantiers = surcharge.chantiers()
        principal = chantiers[0][0]
        source = audit.sources[principal]
        rang = next(i for i, c in enumerate(audit.chantiers[principal].charges)
                    if c.equipe == equipe.id)
        taux = surcharge.taux
        yield Probleme(
            source.position("charges", rang),
            f"équipe « {equipe.nom} » ({equipe.id}) surchargée au trimestre "
            f"{surcharge.libelle} : {entier(surcharge.charge)} jours-personnes pour une "
            f"capacité de {entier(surcharge.capacite)}"
            + (f" ({pourcent(taux, 0)})" if taux is not None else "")
            + " ; chantiers : "
            + ", ".join(f"{cid} ({decimal(j, 0)} j)" for cid, j in chantiers),
            "décalez l'un de ces chantiers (« transfo planifier » propose un calendrier qui "
            "tient la capacité), réduisez sa charge ou augmentez la capacité de l'équipe ce "
            "trimestre (par_trimestre de l'équipe dans le référentiel)",
            gravite=Gravite.AVERTISSEMENT,
            code="surcharge-equipe",
        )


def _document_referentiel(audit: Audit) -> Provenance | None:
    """The référentiel's file, where its parameters, teams and roles are written."""
    source = audit.source_referentiel
    return None if source is None else source.provenance
