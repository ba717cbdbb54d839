"""The governance of the plan, as the pages show it: roles and what each one carries, bodies
and the decisions the chantiers bring to them, each chantier's RACI as a grid and its
procurement calendar against the route's lead time."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from transfo.constants import LETTRES_RACI
from transfo.model.audit import Audit
from transfo.model.entities import Chantier, DecisionInstance, Instance, Role


def mois_entre(debut: date, fin: date) -> float:
    """Months from ``debut`` to ``fin``, a day counting for its share of the month."""
    return (fin.year - debut.year) * 12 + (fin.month - debut.month) + (fin.day - debut.day) / 31


@dataclass(frozen=True)
class LigneRaci:
    activite: str
    lettres: tuple[tuple[str, ...], ...]
    """For each role of :attr:`GrilleRaci.roles`, its letters on this activity."""


@dataclass(frozen=True)
class GrilleRaci:
    roles: tuple[str, ...]
    """The roles named in the RACI, in the référentiel's order (unknown ones last)."""
    lignes: tuple[LigneRaci, ...]


@dataclass(frozen=True)
class CalendrierAchat:
    voie: str
    lancement: date
    lancement_saisi: bool
    notification: date
    mois_prevus: float
    mois_voie: int
    source_voie: str

    @property
    def tenable(self) -> bool:
        return self.mois_prevus >= self.mois_voie


@dataclass(frozen=True)
class DecisionAttendue:
    chantier: str
    decision: DecisionInstance


@dataclass
class Gouvernance:
    """Roles, bodies and who carries what, computed once per build."""

    page: str
    """The ``src_uri`` of the governance page, where each role and body has an anchor."""
    roles: dict[str, Role] = field(default_factory=dict)
    instances: dict[str, Instance] = field(default_factory=dict)
    decisions: dict[str, list[DecisionAttendue]] = field(default_factory=dict)
    """Body id → the decisions chantiers bring to it, dated ones first, by date."""
    responsable_de: dict[str, list[str]] = field(default_factory=dict)
    """Role id → the chantiers it carries (``cadrage.responsable``)."""
    approuve: dict[str, list[str]] = field(default_factory=dict)
    """Role id → the chantiers where it approves (A) at least one activity."""
    siege: dict[str, list[str]] = field(default_factory=dict)
    """Role id → the bodies it sits in."""

    def nom(self, ident: str) -> str:
        entite = self.roles.get(ident) or self.instances.get(ident)
        return entite.nom if entite is not None else ident


def approbateurs(approbateur: str | list[str] | None) -> list[str]:
    if approbateur is None:
        return []
    return [approbateur] if isinstance(approbateur, str) else list(approbateur)


def gouvernance(audit: Audit, page: str) -> Gouvernance:
    referentiel = audit.referentiel
    g = Gouvernance(page)
    if referentiel is None:
        return g
    g.roles = {r.id: r for r in referentiel.roles}
    g.instances = {i.id: i for i in referentiel.instances}
    for instance in referentiel.instances:
        for role in instance.composition:
            g.siege.setdefault(role, []).append(instance.id)
    for chantier in audit.chantiers.values():
        cadrage = chantier.cadrage
        if cadrage is None:
            continue
        if cadrage.responsable:
            g.responsable_de.setdefault(cadrage.responsable, []).append(chantier.id)
        for role in dict.fromkeys(r for a in cadrage.raci for r in approbateurs(a.approbateur)):
            g.approuve.setdefault(role, []).append(chantier.id)
        for decision in cadrage.decisions:
            g.decisions.setdefault(decision.instance, []).append(
                DecisionAttendue(chantier.id, decision))
    for liste in g.decisions.values():
        liste.sort(key=lambda d: (d.decision.date is None, d.decision.date or date.min,
                                  d.chantier))
    return g


def grille_raci(chantier: Chantier, roles: dict[str, Role]) -> GrilleRaci | None:
    if chantier.cadrage is None or not chantier.cadrage.raci:
        return None
    raci = chantier.cadrage.raci
    par_activite = [
        {"R": list(a.responsable), "A": approbateurs(a.approbateur),
         "C": list(a.consultes), "I": list(a.informes)}
        for a in raci
    ]
    cites = {r for lettres in par_activite for liste in lettres.values() for r in liste}
    ordre = {ident: k for k, ident in enumerate(roles)}
    colonnes = tuple(sorted(cites, key=lambda r: (ordre.get(r, len(ordre)), r)))
    lignes = tuple(
        LigneRaci(a.activite, tuple(
            tuple(lettre for lettre in LETTRES_RACI if role in lettres[lettre])
            for role in colonnes))
        for a, lettres in zip(raci, par_activite, strict=True))
    return GrilleRaci(colonnes, lignes)


def calendrier_achat(audit: Audit, chantier: Chantier) -> CalendrierAchat | None:
    if chantier.cadrage is None or chantier.cadrage.achat is None or audit.referentiel is None:
        return None
    achat = chantier.cadrage.achat
    lancement = achat.lancement or chantier.debut
    delai = getattr(audit.referentiel.delais_achat, achat.voie)
    return CalendrierAchat(achat.voie, lancement, achat.lancement is not None,
                           achat.notification_prevue,
                           mois_entre(lancement, achat.notification_prevue),
                           delai.mois, delai.source)
