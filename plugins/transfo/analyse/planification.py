"""A resequencing of the roadmap that the teams can deliver: list scheduling.

Chantiers are placed one at a time. At each step the chantiers whose dependencies are all
placed are ready; the one of highest value per person-day (socio-economic VAN divided by its
total workload; a chantier with no workload first, ties broken by id) is placed at the
earliest start that keeps every team within its capacity in every quarter, given the
chantiers already placed. A chantier moves by whole months (its start and end shift by the
same number of months, so it keeps its duration and the day of the month of its dates) and
never starts:

- before its current start, unless a replanning date ``des`` is given: then a chantier that
  starts on or after it may start as early as that date, and one that started before it is
  already under way and keeps its dates;
- before the start of a chantier it depends on, nor before that chantier's end beyond the
  overlap that the référentiel's calendar allows (``chevauchement_mois``; with 0, the day
  after its end), the rule ``transfo validate`` checks.

Workloads given as a total are spread over the new dates; workloads given per quarter move
with the chantier's start quarter. The model itself is never changed.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from transfo.analyse.capacite import (
    EPSILON,
    Capacite,
    Dates,
    Trimestre,
    analyser_capacite,
    capacite,
    charges_des_chantiers,
    ecrire_trimestre,
)
from transfo.formats import entier
from transfo.model.audit import Audit
from transfo.model.entities import Chantier, Equipe

MOIS_MAX = 120
"""How far a chantier may slip (in months) before the search gives up."""


class PasDePlan(Exception):
    """No calendar keeps every team within its capacity; the message says why, in French."""


@dataclass(frozen=True)
class Changement:
    chantier: str
    mois: int
    avant: Dates
    apres: Dates
    mise_en_service: tuple[date, date] | None
    """Its go-live before and after, when the chantier gives one of its own."""


@dataclass(frozen=True)
class Plan:
    dates: dict[str, Dates]
    changements: list[Changement]
    avant: Capacite
    apres: Capacite
    ordre: list[str]
    """The order in which chantiers were placed."""


def ajouter_mois(jour: date, mois: int) -> date:
    """``jour`` moved by ``mois`` months, its day kept or brought to the month's last day."""
    rang = jour.year * 12 + jour.month - 1 + mois
    annee, m = divmod(rang, 12)
    return date(annee, m + 1, min(jour.day, calendar.monthrange(annee, m + 1)[1]))


def mois_entre(t0: date, jour: date) -> float:
    """Months from ``t0`` to ``jour``, counted as ``transfo validate`` counts an overlap."""
    return (jour.year - t0.year) * 12 + (jour.month - t0.month) + (jour.day - 1) / 31


def decaler(c: Chantier, mois: int) -> Dates:
    return Dates(ajouter_mois(c.debut, mois), ajouter_mois(c.fin, mois))


def priorites(audit: Audit, valeurs: Mapping[str, float]) -> dict[str, float]:
    """Value per person-day of each chantier (``valeurs``: its VAN); a chantier that asks
    nothing of any team comes first."""
    equipes = [e.id for e in audit.referentiel.equipes] if audit.referentiel else []
    charges = charges_des_chantiers(audit.chantiers.values(), equipes=equipes)
    totaux: dict[str, float] = {}
    for par_t in charges.values():
        for par_c in par_t.values():
            for cid, jours in par_c.items():
                totaux[cid] = totaux.get(cid, 0.0) + jours
    return {cid: (valeurs.get(cid, 0.0) / totaux[cid] if totaux.get(cid, 0.0) > EPSILON
                  else float("inf")) for cid in audit.chantiers}


class _Occupation:
    """The load already placed, per team and quarter."""

    def __init__(self, equipes: list[Equipe]) -> None:
        self.equipes = {e.id: e for e in equipes}
        self.charge: dict[str, dict[Trimestre, float]] = {e.id: {} for e in equipes}

    def charges(self, c: Chantier, dates: Dates) -> dict[str, dict[Trimestre, float]]:
        par_equipe = charges_des_chantiers([c], {c.id: dates}, self.equipes)
        return {eid: {t: sum(par_c.values()) for t, par_c in par_t.items()}
                for eid, par_t in par_equipe.items()}

    def depassement(self, charges: dict[str, dict[Trimestre, float]],
                    seul: bool = False) -> tuple[Equipe, Trimestre, float, float] | None:
        """The first quarter (by team, then date) that ``charges`` would overload: the team,
        the quarter, the load and the capacity."""
        for eid in sorted(charges):
            equipe = self.equipes[eid]
            for t in sorted(charges[eid]):
                deja = 0.0 if seul else self.charge[eid].get(t, 0.0)
                total = deja + charges[eid][t]
                if total > capacite(equipe, t) + EPSILON:
                    return equipe, t, total, capacite(equipe, t)
        return None

    def ajouter(self, charges: dict[str, dict[Trimestre, float]]) -> None:
        for eid, par_t in charges.items():
            for t, jours in par_t.items():
                self.charge[eid][t] = self.charge[eid].get(t, 0.0) + jours


def _premier_mois(c: Chantier, des: date | None) -> int:
    """The earliest shift allowed before dependencies and capacity: 0, or back to ``des``."""
    if des is None or c.debut <= des:
        return 0
    mois = 0
    while ajouter_mois(c.debut, mois - 1) >= des:
        mois -= 1
    return mois


def _apres_dependances(debut: date, amont: Dates, chevauchement: int) -> bool:
    if debut < amont.debut:
        return False
    if chevauchement == 0:
        return debut > amont.fin
    return debut > amont.fin or mois_entre(debut, amont.fin) <= chevauchement


def _nom(equipe: Equipe) -> str:
    return f"« {equipe.nom} » ({equipe.id})"


def planifier(audit: Audit, valeurs: Mapping[str, float], des: date | None = None) -> Plan:
    """A calendar within every team's capacity, or :class:`PasDePlan`."""
    referentiel = audit.referentiel
    equipes = referentiel.equipes if referentiel is not None else []
    chevauchement = referentiel.calendrier.chevauchement_mois \
        if referentiel is not None and referentiel.calendrier is not None else 0
    occupation = _Occupation(equipes)
    for c in sorted(audit.chantiers.values(), key=lambda c: c.id):
        seul = occupation.depassement(occupation.charges(c, Dates(c.debut, c.fin)), seul=True)
        if seul is not None:
            equipe, t, charge, cap = seul
            raise PasDePlan(
                f"aucun calendrier ne tient la capacité : le chantier « {c.id} » demande à lui "
                f"seul {entier(charge)} jours-personnes à l'équipe {_nom(equipe)} au "
                f"trimestre {ecrire_trimestre(t)}, pour une capacité de {entier(cap)} — "
                "réduisez ou étalez sa charge (par_trimestre), allongez le chantier ou "
                "augmentez la capacité de l'équipe")
    dates: dict[str, Dates] = {}
    decalages: dict[str, int] = {}
    ordre: list[str] = []
    engages = [c for c in audit.chantiers.values() if des is not None and c.debut < des]
    for c in sorted(engages, key=lambda c: c.id):
        occupation.ajouter(occupation.charges(c, Dates(c.debut, c.fin)))
        dates[c.id] = Dates(c.debut, c.fin)
        ordre.append(c.id)
    deja = occupation.depassement(occupation.charge, seul=True)
    if deja is not None:
        equipe, t, charge, cap = deja
        raise PasDePlan(
            f"aucun calendrier ne tient la capacité : les chantiers commencés avant le "
            f"{des.isoformat() if des else ''} demandent déjà {entier(charge)} "
            f"jours-personnes à l'équipe {_nom(equipe)} au trimestre "
            f"{ecrire_trimestre(t)}, pour une capacité de {entier(cap)} — ils gardent leurs "
            "dates : augmentez la capacité de l'équipe ou replanifiez à une date antérieure")
    priorite = priorites(audit, valeurs)
    restants = {c.id: c for c in audit.chantiers.values() if c.id not in dates}
    while restants:
        prets = [c for c in restants.values()
                 if all(d in dates or d not in audit.chantiers for d in c.depend_de)]
        if not prets:  # a cycle, which validation reports as an error
            raise PasDePlan("aucun calendrier possible : les dépendances des chantiers "
                            + ", ".join(sorted(restants)) + " forment un cycle")
        c = min(prets, key=lambda x: (-priorite[x.id], x.id))
        depart = _premier_mois(c, des)
        for mois in range(depart, depart + MOIS_MAX + 1):
            candidat = decaler(c, mois)
            if not all(_apres_dependances(candidat.debut, dates[d], chevauchement)
                       for d in c.depend_de if d in dates):
                continue
            charges = occupation.charges(c, candidat)
            if occupation.depassement(charges) is None:
                occupation.ajouter(charges)
                dates[c.id] = candidat
                decalages[c.id] = mois
                break
        else:
            raise PasDePlan(
                f"aucun calendrier ne tient la capacité : le chantier « {c.id} » ne trouve "
                f"aucune date de début dans les {MOIS_MAX} mois qui suivent son début prévu "
                "sans surcharger une équipe — augmentez une capacité ou réduisez une charge")
        ordre.append(c.id)
        del restants[c.id]
    changements = []
    for c in sorted(audit.chantiers.values(), key=lambda c: (c.debut, c.id)):
        apres = dates[c.id]
        mois = decalages.get(c.id, 0)
        if mois == 0:
            continue
        mise = None
        if c.mise_en_service is not None:
            mise = (c.mise_en_service, ajouter_mois(c.mise_en_service, mois))
        changements.append(Changement(c.id, mois, Dates(c.debut, c.fin), apres, mise))
    return Plan(dates, changements, analyser_capacite(audit),
                analyser_capacite(audit, dates), ordre)
