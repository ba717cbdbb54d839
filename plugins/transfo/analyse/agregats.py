"""Figures added up across the model for the site's pages: gains by MAREVA axis, hours,
ETP and users' time by direction, macroprocess and lever, what serves each stake, change
actions by dimension, processes by application, and the backlinks (which processes and
chantiers name an entity). Pages and macros only format them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from transfo.analyse.valeur import Analyse
from transfo.constants import AXES_MAREVA, DIMENSIONS_CHANGEMENT
from transfo.model.audit import Audit
from transfo.model.entities import Chantier, Processus


@dataclass(frozen=True)
class LigneAxe:
    axe: str
    quantitatifs: int
    qualitatifs: int
    annuel_plein: float
    """The yearly value at full ramp-up of the axis's gains."""


def par_axe(audit: Audit, analyse: Analyse) -> list[LigneAxe]:
    """Each MAREVA axis, in the method's order: its gains counted by nature and their
    yearly value at full ramp-up."""
    lignes = []
    for axe in AXES_MAREVA:
        du_axe = [g for g in audit.gains.values() if g.axe == axe]
        lignes.append(LigneAxe(
            axe, sum(g.nature == "quantitatif" for g in du_axe),
            sum(g.nature == "qualitatif" for g in du_axe),
            sum(analyse.gains[g.id].annuel_plein for g in du_axe),
        ))
    return lignes


def par_processus(audit: Audit, analyse: Analyse,
                  cles: Callable[[Processus], Iterable[str]]) -> list[tuple[str, int, float,
                                                                                float, float,
                                                                                float]]:
    """Processes grouped by ``cles`` (their macroprocess, their levers…), sorted by key:
    (key, processes, agent hours before, after, ETP freed, users' hours saved)."""
    totaux: dict[str, list[float]] = {}
    for p in audit.processus.values():
        e = analyse.ecarts[p.id]
        for k in cles(p):
            t = totaux.setdefault(k, [0, 0.0, 0.0, 0.0, 0.0])
            t[0] += 1
            t[1] += e.avant.heures_agent
            t[2] += e.apres.heures_agent
            t[3] += e.etp_liberes
            t[4] += e.heures_usager_gagnees
    return [(k, int(t[0]), t[1], t[2], t[3], t[4]) for k, t in sorted(totaux.items())]


def par_direction(audit: Audit, analyse: Analyse) -> list[tuple[str, int, float, float, float]]:
    """Each direction that owns processes, in the référentiel's order: (direction,
    processes, ETP freed, users' hours saved, yearly value of their gains at full
    ramp-up)."""
    lignes = []
    for d in audit.directions:
        procs = [p for p in audit.processus.values() if p.direction == d]
        if not procs:
            continue
        montant = sum(analyse.gains[g.id].annuel_plein for p in procs for g in p.gains)
        lignes.append((
            d, len(procs), sum(analyse.ecarts[p.id].etp_liberes for p in procs),
            sum(analyse.ecarts[p.id].heures_usager_gagnees for p in procs), montant,
        ))
    return lignes


def retroliens(audit: Audit) -> dict[str, list[str]]:
    """Entity id → the processes and chantiers that name it (backlinks)."""
    inverse: dict[str, set[str]] = defaultdict(set)
    for p in audit.processus.values():
        for ident in (p.macroprocessus, p.direction,
                      *(e.acteur for e in [*p.existant, *p.cible]),
                      *(e.application for e in [*p.existant, *p.cible] if e.application)):
            inverse[ident].add(p.id)
    for c in audit.chantiers.values():
        for ident in (c.pilote, *c.depend_de, *c.processus, *c.gains):
            inverse[ident].add(c.id)
    return {k: sorted(v) for k, v in inverse.items()}


def actions_par_dimension(chantiers: Iterable[Chantier]) -> dict[str, list[tuple[str, Any]]]:
    """Every change action of ``chantiers`` by dimension of change, each as (chantier id,
    action), dated ones first by due date, then by chantier."""
    actions: dict[str, list[tuple[str, Any]]] = {d: [] for d in DIMENSIONS_CHANGEMENT}
    for c in chantiers:
        for d in DIMENSIONS_CHANGEMENT:
            actions[d].extend((c.id, a) for a in getattr(c.conduite_du_changement, d))
    for d in actions:
        actions[d].sort(key=lambda x: (x[1].echeance is None, x[1].echeance or 0, x[0]))
    return actions


def processus_par_application(audit: Audit) -> tuple[dict[str, list[str]],
                                                      dict[str, list[str]]]:
    """Application id → the processes whose existing steps use it, and those whose target
    steps do, each sorted."""
    existant: dict[str, set[str]] = defaultdict(set)
    cible: dict[str, set[str]] = defaultdict(set)
    for p in audit.processus.values():
        for e in p.existant:
            if e.application:
                existant[e.application].add(p.id)
        for e in p.cible:
            if e.application:
                cible[e.application].add(p.id)
    return ({k: sorted(v) for k, v in existant.items()},
            {k: sorted(v) for k, v in cible.items()})


@dataclass(frozen=True)
class ChiffresEnjeu:
    processus: int
    gains: int
    quantitatifs: int
    etp_liberes: float
    annuel_plein: float


def chiffres_enjeu(audit: Audit, analyse: Analyse, code: str) -> ChiffresEnjeu:
    """What the audit brings to one of the mission's stakes: the processes that serve it,
    their gains, the ETP they free and the yearly value of their gains."""
    procs = [p for p in audit.processus.values() if code in p.enjeux]
    gains = [g for p in procs for g in p.gains]
    return ChiffresEnjeu(
        len(procs), len(gains), sum(g.nature == "quantitatif" for g in gains),
        sum(analyse.ecarts[p.id].etp_liberes for p in procs),
        sum(analyse.gains[g.id].annuel_plein for g in gains))
