"""The public version of an audit: every ``visibilite: interne`` entity and text removed.

The public site is built from this version, figures included, so that nothing internal can
be read or inferred from it; references to removed entities are dropped with them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pydantic import BaseModel

from transfo.model.audit import Audit
from transfo.model.entities import Chantier, Entite, TexteMarque


def _interne(valeur: Any) -> bool:
    return isinstance(valeur, Entite | TexteMarque) and valeur.visibilite == "interne"


def _filtrer(valeur: Any) -> Any:
    if isinstance(valeur, list):
        return [_filtrer(v) for v in valeur if not _interne(v)]
    if isinstance(valeur, BaseModel):
        changes = {}
        for nom, champ in type(valeur).model_fields.items():
            actuel = getattr(valeur, nom)
            if _interne(actuel):
                changes[nom] = None if not champ.is_required() else TexteMarque(texte="")
            else:
                filtre = _filtrer(actuel)
                if filtre is not actuel:
                    changes[nom] = filtre
        return valeur.model_copy(update=changes) if changes else valeur
    return valeur


def version_publique(audit: Audit) -> Audit:
    def garder(table: dict[str, Any]) -> dict[str, Any]:
        return {k: _filtrer(v) for k, v in table.items() if not _interne(v)}

    processus = {
        k: v for k, v in garder(audit.processus).items()
        if v.macroprocessus not in {m.id for m in audit.macroprocessus.values() if _interne(m)}
    }
    gains = {
        g.id: g for p in processus.values() for g in p.gains
    }
    restants = set(processus) | set(gains)
    chantiers: dict[str, Chantier] = {}
    for cid, chantier in garder(audit.chantiers).items():
        chantiers[cid] = chantier.model_copy(update={
            "processus": [p for p in chantier.processus if p in restants],
            "gains": [g for g in chantier.gains if g in restants],
        })
    for cid, chantier in chantiers.items():
        chantiers[cid] = chantier.model_copy(
            update={"depend_de": [d for d in chantier.depend_de if d in chantiers]}
        )
    referentiel = _filtrer(audit.referentiel) if audit.referentiel else None
    publique = dataclasses.replace(
        audit,
        referentiel=referentiel,
        directions=garder(audit.directions),
        acteurs=garder(audit.acteurs),
        applications=garder(audit.applications),
        macroprocessus=garder(audit.macroprocessus),
        processus=processus,
        gains=gains,
        chantiers=chantiers,
    )
    gardes = (
        set(publique.directions) | set(publique.acteurs) | set(publique.applications)
        | set(publique.macroprocessus) | restants | set(chantiers)
    )
    publique.sources = {k: v for k, v in audit.sources.items() if k in gardes}
    publique.processus_du_gain = {
        k: v for k, v in audit.processus_du_gain.items() if k in gains
    }
    return publique
