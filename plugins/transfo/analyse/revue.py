"""Review status that goes stale: a gain or a chantier records the fingerprint of what it
depends on when it is reviewed; when one of those changes, it must be reviewed again.

Fingerprints are hashes of the typed model (canonical JSON), so they ignore formatting,
comments and the order of keys in the YAML files. A field the tool added after reviews were
recorded (``CHAMPS_AJOUTES``) is left out while it holds its default, so that a new version
of the tool does not make every review stale; the partners' rates count only for the items
that value partners' time.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from transfo.constants import DIMENSIONS_CHANGEMENT
from transfo.model.audit import Audit
from transfo.model.entities import Chantier

LIBELLES_DEPENDANCES = {
    "gain": "le gain lui-même",
    "chantier": "le chantier lui-même (dates, coûts, périmètre)",
    "processus": "le processus (existant, cible, volumes)",
    "gains": "les gains qu'il livre",
    "parametres": "les paramètres de la valeur du référentiel",
}


HORS_EMPREINTE_CHANTIER: dict[str, Any] = {
    "cadrage": True,
    "charges": True,
    "jalons": {"__all__": {"responsable", "gain_rapide"}},
    "conduite_du_changement": {d: {"__all__": {"responsable"}} for d in DIMENSIONS_CHANGEMENT},
}
"""What a chantier's review does not cover: its cadrage note, its workloads (read on the
capacity page, not in the value case), the owners of its milestones
and actions and its quick-win marks change no figure (dates, costs, gains stay covered)."""


CHAMPS_AJOUTES = frozenset({"partenaire", "gains_propres", "rentabilite_financiere"})
"""Fields added to the model after fingerprints existed, dropped while at their default."""
PARAMETRES_PARTENAIRES = "valeur_heure_partenaire"


def _elaguer(modele: BaseModel, brut: dict[str, Any]) -> dict[str, Any]:
    """``brut`` (the JSON dump of ``modele``) without the added fields left at default."""
    for nom, champ in type(modele).model_fields.items():
        if nom not in brut:
            continue
        valeur = getattr(modele, nom)
        if nom in CHAMPS_AJOUTES and valeur == champ.get_default(call_default_factory=True):
            del brut[nom]
        elif isinstance(valeur, BaseModel):
            _elaguer(valeur, brut[nom])
        elif isinstance(valeur, list):
            for element, dump in zip(valeur, brut[nom], strict=True):
                if isinstance(element, BaseModel):
                    _elaguer(element, dump)
    return brut


class Empreintes:
    """Fingerprints of the things gains and chantiers depend on. A process is named by each
    of its gains and by its chantiers: its canonical text is computed once per instance."""

    def __init__(self, audit: Audit) -> None:
        self.audit = audit
        self._textes: dict[int, str] = {}
        self._parametres_sans_partenaires: dict[str, Any] | None = None

    def _texte(self, valeur: Any) -> str:
        cle = id(valeur)
        if cle not in self._textes:
            brut = valeur
            if isinstance(valeur, BaseModel):
                exclus: dict[str, Any] = {
                    k: True for k in {"revue", "gains"} & set(type(valeur).model_fields)}
                if isinstance(valeur, Chantier):
                    exclus.update(HORS_EMPREINTE_CHANTIER)
                brut = _elaguer(valeur, valeur.model_dump(mode="json", exclude=exclus))
            self._textes[cle] = json.dumps(brut, sort_keys=True, ensure_ascii=False)
        return self._textes[cle]

    def empreinte(self, *valeurs: Any) -> str:
        # The same bytes as json.dumps of the list of values, built from cached parts.
        texte = "[" + ", ".join(self._texte(v) for v in valeurs) + "]"
        return hashlib.sha256(texte.encode()).hexdigest()[:16]

    def _parametres(self, gains: list[str]) -> Any:
        """The value parameters the gains depend on: the partners' rates only if one of
        them values partners' time (kept alive here, as the cache is by object id)."""
        audit = self.audit
        parametres = audit.referentiel.parametres if audit.referentiel else None
        if parametres is None or any(
            (g := audit.gains.get(gid)) is not None and g.valorisation is not None
            and g.valorisation.type == "heures_partenaire" for gid in gains
        ):
            return parametres
        if self._parametres_sans_partenaires is None:
            self._parametres_sans_partenaires = _elaguer(parametres, parametres.model_dump(
                mode="json", exclude={PARAMETRES_PARTENAIRES}))
        return self._parametres_sans_partenaires

    def de(self, ident: str) -> dict[str, str]:
        """The current fingerprint of each dependency of a gain or a chantier."""
        audit = self.audit
        if ident in audit.gains:
            parametres = self._parametres([ident])
            if ident in audit.chantier_du_gain:  # a chantier's own gain has no process
                return {"gain": self.empreinte(audit.gains[ident]),
                        "parametres": self.empreinte(parametres)}
            processus = audit.processus[audit.processus_du_gain[ident]]
            return {"gain": self.empreinte(audit.gains[ident]),
                    "processus": self.empreinte(processus),
                    "parametres": self.empreinte(parametres)}
        if ident in audit.chantiers:
            chantier = audit.chantiers[ident]
            parametres = self._parametres(chantier.ids_gains)
            return {
                "chantier": self.empreinte(chantier),
                "gains": self.empreinte(*(audit.gains.get(g) for g in chantier.gains)),
                "processus": self.empreinte(
                    *(audit.processus.get(p) for p in chantier.processus)),
                "parametres": self.empreinte(parametres),
            }
        raise KeyError(ident)


def empreintes(audit: Audit, ident: str) -> dict[str, str]:
    """The current fingerprint of each dependency of a gain or a chantier."""
    return Empreintes(audit).de(ident)


Etat = Literal["a_jour", "a_revoir", "jamais"]


@dataclass(frozen=True)
class StatutRevue:
    id: str
    etat: Etat
    date: date | None = None
    changes: tuple[str, ...] = ()

    @property
    def explication(self) -> str:
        if self.etat == "jamais":
            return "jamais revu"
        if self.etat == "a_jour":
            return f"revu le {self.date:%d/%m/%Y}, à jour"
        quoi = ", ".join(LIBELLES_DEPENDANCES.get(c, c) for c in self.changes)
        verbe = "a changé" if len(self.changes) == 1 else "ont changé"
        return f"à revoir : {quoi} {verbe} depuis la revue du {self.date:%d/%m/%Y}"


def statut(audit: Audit, ident: str, calcul: Empreintes | None = None) -> StatutRevue:
    entite = audit.gains.get(ident) or audit.chantiers.get(ident)
    revue = getattr(entite, "revue", None)
    if revue is None:
        return StatutRevue(ident, "jamais")
    actuelles = (calcul or Empreintes(audit)).de(ident)
    changes = tuple(sorted(k for k, v in actuelles.items() if revue.empreintes.get(k) != v))
    return StatutRevue(ident, "a_revoir" if changes else "a_jour", revue.date, changes)


def statuts(audit: Audit) -> list[StatutRevue]:
    calcul = Empreintes(audit)
    return [statut(audit, i, calcul) for i in [*audit.gains, *audit.chantiers]]
