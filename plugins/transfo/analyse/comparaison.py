"""What a change does to the audit: entities added, removed and changed (matched by id, so a
moved file is not a removal plus an addition), and its effect on the figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel

from transfo.analyse.scenarios import ChiffresScenario, analyser_scenarios
from transfo.analyse.valeur import Analyse
from transfo.model.audit import Audit
from transfo.model.genres import TABLES

Nature = Literal["ajout", "suppression", "modification"]


@dataclass(frozen=True)
class Changement:
    genre: str
    id: str
    nature: Nature
    champs: tuple[tuple[str, Any, Any], ...] = ()
    fichier: str | None = None


@dataclass(frozen=True)
class Ecart:
    """A figure before and after."""

    libelle: str
    avant: float | None
    apres: float | None

    @property
    def delta(self) -> float | None:
        if self.avant is None or self.apres is None:
            return None
        return self.apres - self.avant


@dataclass(frozen=True)
class Glissement:
    chantier: str
    champ: str
    avant: date
    apres: date

    @property
    def jours(self) -> int:
        return (self.apres - self.avant).days


@dataclass
class Comparaison:
    changements: list[Changement] = field(default_factory=list)
    portefeuille: list[Ecart] = field(default_factory=list)
    chantiers: dict[str, list[Ecart]] = field(default_factory=dict)
    processus: dict[str, list[Ecart]] = field(default_factory=dict)
    etapes: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    """Process id → (cible steps added, cible steps removed)."""
    glissements: list[Glissement] = field(default_factory=list)
    dependances: list[tuple[str, str, bool]] = field(default_factory=list)
    """(chantier, dependency, added?) for each dependency added or removed."""
    flux: dict[str, list[tuple[int, float, float]]] = field(default_factory=dict)
    """Chantier (or PORTEFEUILLE) → (year, financial flow before, after) for years that moved."""
    scenarios: dict[str, list[Ecart]] = field(default_factory=dict)
    """Scenario → its main figures that moved (all of them for a scenario added or removed)."""

    @property
    def vide(self) -> bool:
        return not self.changements


def _aplatir(valeur: Any, prefixe: str = "") -> dict[str, Any]:
    """Dotted paths to leaf values; lists of items with an id are keyed by that id, so that
    inserting a step does not show every following step as changed."""
    if isinstance(valeur, dict):
        sortie: dict[str, Any] = {}
        for cle, v in valeur.items():
            sortie.update(_aplatir(v, f"{prefixe}.{cle}" if prefixe else cle))
        return sortie
    if isinstance(valeur, list) and valeur and all(
        isinstance(v, dict) and "id" in v for v in valeur
    ):
        sortie = {}
        for v in valeur:
            sortie.update(_aplatir({k: x for k, x in v.items() if k != "id"},
                                   f"{prefixe}[{v['id']}]"))
        return sortie
    if isinstance(valeur, list) and any(isinstance(v, dict | list) for v in valeur):
        sortie = {}
        for i, v in enumerate(valeur):
            sortie.update(_aplatir(v, f"{prefixe}[{i}]"))
        return sortie
    return {prefixe: valeur}


_LISTES_INDEXEES: dict[str, set[str]] = {}
"""Kind of file → its list fields that hold entities indexed apart (a process's gains): an
entity is compared once, as itself."""
for _genre in TABLES:
    for _fichier, _champ in _genre.emplacements:
        _LISTES_INDEXEES.setdefault(_fichier, set()).add(_champ)


def _entites(audit: Audit) -> dict[str, tuple[str, dict[str, Any]]]:
    entites: dict[str, tuple[str, dict[str, Any]]] = {}
    for genre, table in audit.tables():
        for ident, entite in table.items():
            exclus = _LISTES_INDEXEES.get(genre, set())
            assert isinstance(entite, BaseModel)
            entites[ident] = (genre, _aplatir(entite.model_dump(mode="json", exclude=exclus)))
    if audit.referentiel is not None:
        entites["parametres"] = (
            "paramètres", _aplatir(audit.referentiel.parametres.model_dump(mode="json")))
    return entites


def _changements(avant: Audit, apres: Audit) -> list[Changement]:
    a, b = _entites(avant), _entites(apres)
    sortie = []
    for ident in sorted(set(a) | set(b)):
        source = (apres.sources.get(ident) or avant.sources.get(ident))
        fichier = source.fichier if source else None
        if ident not in a:
            sortie.append(Changement(b[ident][0], ident, "ajout", fichier=fichier))
        elif ident not in b:
            sortie.append(Changement(a[ident][0], ident, "suppression", fichier=fichier))
        else:
            champs_a, champs_b = a[ident][1], b[ident][1]
            champs = tuple(
                (c, champs_a.get(c), champs_b.get(c))
                for c in sorted(set(champs_a) | set(champs_b))
                if champs_a.get(c) != champs_b.get(c)
            )
            if champs:
                sortie.append(Changement(b[ident][0], ident, "modification", champs, fichier))
    return sortie


def _ecarts_valeur(va: Any, vb: Any) -> list[Ecart]:
    def lire(v: Any, attribut: str) -> float | None:
        return None if v is None else getattr(v, attribut)

    return [
        Ecart("VAN financière", lire(va, "van_financiere"), lire(vb, "van_financiere")),
        Ecart("VAN socio-économique", lire(va, "van_socio_economique"),
              lire(vb, "van_socio_economique")),
        Ecart("Délai de retour (années)", lire(va, "delai_retour"), lire(vb, "delai_retour")),
        Ecart("Délai de retour actualisé (années)", lire(va, "delai_retour_actualise"),
              lire(vb, "delai_retour_actualise")),
        Ecart("Coûts sur l'horizon", lire(va, "total_couts"), lire(vb, "total_couts")),
        Ecart("Gains budgétaires sur l'horizon", lire(va, "total_gains_budgetaires"),
              lire(vb, "total_gains_budgetaires")),
        Ecart("Gains socio-économiques sur l'horizon", lire(va, "total_gains_socio_economiques"),
              lire(vb, "total_gains_socio_economiques")),
        Ecart("ETP libérés", lire(va, "etp_liberes"), lire(vb, "etp_liberes")),
    ]


def _flux(va: Any, vb: Any) -> list[tuple[int, float, float]]:
    avant = dict(zip(va.annees, va.flux_financiers, strict=True)) if va else {}
    apres = dict(zip(vb.annees, vb.flux_financiers, strict=True)) if vb else {}
    return [(an, avant.get(an, 0.0), apres.get(an, 0.0)) for an in sorted(set(avant) | set(apres))
            if abs(avant.get(an, 0.0) - apres.get(an, 0.0)) >= 0.005]


def _ecarts_scenario(fa: ChiffresScenario | None, fb: ChiffresScenario | None) -> list[Ecart]:
    """How a change moves a scenario: its value figures, its peak and its high risks."""
    def lire(f: ChiffresScenario | None, attribut: str) -> float | None:
        return None if f is None else float(getattr(f, attribut))

    ecarts = [e for e in _ecarts_valeur(fa.valeur if fa else None, fb.valeur if fb else None)
              if not e.libelle.startswith("Délai de retour actualisé")]
    return [*ecarts,
            Ecart("Chantiers menés en même temps au plus fort", lire(fa, "pic_chantiers"),
                  lire(fb, "pic_chantiers")),
            Ecart("Risques élevés", lire(fa, "risques_eleves"), lire(fb, "risques_eleves"))]


def comparer(avant: Audit, analyse_avant: Analyse, apres: Audit,
             analyse_apres: Analyse) -> Comparaison:
    comparaison = Comparaison(changements=_changements(avant, apres))
    comparaison.portefeuille = _ecarts_valeur(analyse_avant.portefeuille,
                                              analyse_apres.portefeuille)
    comparaison.flux["PORTEFEUILLE"] = _flux(analyse_avant.portefeuille,
                                             analyse_apres.portefeuille)
    for cid in sorted(set(analyse_avant.chantiers) | set(analyse_apres.chantiers)):
        va, vb = analyse_avant.chantiers.get(cid), analyse_apres.chantiers.get(cid)
        ecarts = [e for e in _ecarts_valeur(va, vb) if e.avant != e.apres]
        if ecarts:
            comparaison.chantiers[cid] = ecarts
            comparaison.flux[cid] = _flux(va, vb)
        ca, cb = avant.chantiers.get(cid), apres.chantiers.get(cid)
        if ca and cb:
            for champ in ("debut", "fin"):
                if getattr(ca, champ) != getattr(cb, champ):
                    comparaison.glissements.append(
                        Glissement(cid, champ, getattr(ca, champ), getattr(cb, champ)))
            for dep in sorted(set(cb.depend_de) - set(ca.depend_de)):
                comparaison.dependances.append((cid, dep, True))
            for dep in sorted(set(ca.depend_de) - set(cb.depend_de)):
                comparaison.dependances.append((cid, dep, False))
    for pid in sorted(set(analyse_avant.ecarts) | set(analyse_apres.ecarts)):
        ea, eb = analyse_avant.ecarts.get(pid), analyse_apres.ecarts.get(pid)
        ecarts = [
            Ecart("ETP libérés", ea.etp_liberes if ea else None, eb.etp_liberes if eb else None),
            Ecart("Minutes d'agent par dossier (cible)", ea.apres.minutes_agent if ea else None,
                  eb.apres.minutes_agent if eb else None),
            Ecart("Délai de bout en bout (cible, jours)", ea.apres.delai_jours if ea else None,
                  eb.apres.delai_jours if eb else None),
        ]
        ecarts = [e for e in ecarts if e.avant != e.apres]
        if ecarts:
            comparaison.processus[pid] = ecarts
        pa, pb = avant.processus.get(pid), apres.processus.get(pid)
        if pa and pb:
            ids_a, ids_b = [e.id for e in pa.cible], [e.id for e in pb.cible]
            ajoutees = [i for i in ids_b if i not in ids_a]
            retirees = [i for i in ids_a if i not in ids_b]
            if ajoutees or retirees:
                comparaison.etapes[pid] = (ajoutees, retirees)
    scenarios_avant, scenarios_apres = analyser_scenarios(avant), analyser_scenarios(apres)
    for sid in [*scenarios_avant, *(s for s in scenarios_apres if s not in scenarios_avant)]:
        ecarts = [e for e in _ecarts_scenario(scenarios_avant.get(sid), scenarios_apres.get(sid))
                  if e.avant != e.apres]
        if ecarts:
            comparaison.scenarios[sid] = ecarts
    return comparaison
