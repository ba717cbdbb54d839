"""The capacity to deliver: what the chantiers ask of each team, quarter by quarter, against
what the team can give.

A chantier's workload for a team is either a total (``jours``) spread over its dates in
proportion to the days of each quarter it covers, or the load of each quarter
(``par_trimestre``). A team's capacity is its ``capacite_trimestre``, replaced for a quarter
by an entry of its ``par_trimestre``. Plain Python, shared by validation, pages, exports and
``transfo planifier``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from transfo.model.audit import Audit
from transfo.model.entities import TRIMESTRE, Chantier, Charge, Equipe

EPSILON = 1e-6
"""Loads are sums of fractions of days: a quarter at capacity is not « overloaded » by a
rounding error."""

SEUIL_LIMITE = 0.9
"""A team whose peak quarter reaches this share of its capacity, without exceeding it, is
said to be « en limite »: the least slip would overload it."""

Trimestre = tuple[int, int]
"""(year, quarter number 1-4)."""


def lire_trimestre(texte: str) -> Trimestre:
    """``"2026-T2"`` → ``(2026, 2)``; the model has already checked the notation."""
    m = TRIMESTRE.fullmatch(texte)
    if m is None:
        raise ValueError(f"trimestre mal écrit « {texte} »")
    return int(m.group(1)), int(m.group(2))


def ecrire_trimestre(t: Trimestre) -> str:
    return f"{t[0]}-T{t[1]}"


def trimestre_de(jour: date) -> Trimestre:
    return jour.year, (jour.month - 1) // 3 + 1


def debut_trimestre(t: Trimestre) -> date:
    return date(t[0], 3 * (t[1] - 1) + 1, 1)


def fin_trimestre(t: Trimestre) -> date:
    suivant = trimestre_suivant(t)
    return debut_trimestre(suivant) - timedelta(days=1)


def trimestre_suivant(t: Trimestre) -> Trimestre:
    return (t[0] + 1, 1) if t[1] == 4 else (t[0], t[1] + 1)


def trimestres(premier: Trimestre, dernier: Trimestre) -> list[Trimestre]:
    """Every quarter from ``premier`` to ``dernier``, both included."""
    resultat = []
    t = premier
    while t <= dernier:
        resultat.append(t)
        t = trimestre_suivant(t)
    return resultat


def decalage_trimestres(de: Trimestre, a: Trimestre) -> int:
    return (a[0] - de[0]) * 4 + (a[1] - de[1])


def decaler_trimestre(t: Trimestre, n: int) -> Trimestre:
    rang = t[0] * 4 + (t[1] - 1) + n
    return rang // 4, rang % 4 + 1


def repartir(jours: float, debut: date, fin: date) -> dict[Trimestre, float]:
    """``jours`` spread from ``debut`` to ``fin`` (both included) in proportion to the days
    of each quarter."""
    if fin < debut:
        return {}
    total = (fin - debut).days + 1
    parts: dict[Trimestre, float] = {}
    for t in trimestres(trimestre_de(debut), trimestre_de(fin)):
        de = max(debut, debut_trimestre(t))
        a = min(fin, fin_trimestre(t))
        parts[t] = jours * ((a - de).days + 1) / total
    return parts


def charge_par_trimestre(charge: Charge, debut: date, fin: date) -> dict[Trimestre, float]:
    """What one workload asks per quarter for a chantier running from ``debut`` to ``fin``."""
    if charge.par_trimestre is not None:
        resultat: dict[Trimestre, float] = {}
        for x in charge.par_trimestre:
            t = lire_trimestre(x.trimestre)
            resultat[t] = resultat.get(t, 0.0) + x.jours
        return resultat
    return repartir(charge.jours or 0.0, debut, fin)


def capacite(equipe: Equipe, t: Trimestre) -> float:
    """The team's capacity in quarter ``t``: its override if any, else its default."""
    for x in equipe.par_trimestre:
        if lire_trimestre(x.trimestre) == t:
            return x.jours
    return equipe.capacite_trimestre


@dataclass(frozen=True)
class Dates:
    """Where a chantier sits in time, for a plan that may move it."""

    debut: date
    fin: date


@dataclass
class TrimestreEquipe:
    trimestre: Trimestre
    capacite: float
    charge: float = 0.0
    par_chantier: dict[str, float] = field(default_factory=dict)

    @property
    def taux(self) -> float | None:
        return self.charge / self.capacite if self.capacite > 0 else None

    @property
    def surcharge(self) -> bool:
        return self.charge > self.capacite + EPSILON

    @property
    def libelle(self) -> str:
        return ecrire_trimestre(self.trimestre)

    def chantiers(self) -> list[tuple[str, float]]:
        """The contributing chantiers, largest load first (ties by id)."""
        return sorted(self.par_chantier.items(), key=lambda x: (-x[1], x[0]))


@dataclass
class ChargeEquipe:
    equipe: Equipe
    trimestres: list[TrimestreEquipe]

    @property
    def surcharges(self) -> list[TrimestreEquipe]:
        return [t for t in self.trimestres if t.surcharge]

    def pointe(self) -> TrimestreEquipe | None:
        """The quarter of highest load against capacity (the earliest on a tie)."""
        def rang(t: TrimestreEquipe) -> float:
            return t.taux if t.taux is not None else (float("inf") if t.charge > 0 else 0.0)

        charges = [t for t in self.trimestres if t.charge > 0]
        return max(charges, key=rang, default=None)


@dataclass
class Capacite:
    """Load against capacity, per team and quarter, over the quarters any chantier loads."""

    equipes: list[ChargeEquipe]
    periode: list[Trimestre]

    def par_chantier(self, cid: str) -> list[tuple[Equipe, list[tuple[Trimestre, float]]]]:
        """What one chantier asks of each team, quarter by quarter."""
        resultat = []
        for e in self.equipes:
            lignes = [(t.trimestre, t.par_chantier[cid]) for t in e.trimestres
                      if cid in t.par_chantier]
            if lignes:
                resultat.append((e.equipe, lignes))
        return resultat

    @property
    def surcharges(self) -> list[tuple[Equipe, TrimestreEquipe]]:
        return [(e.equipe, t) for e in self.equipes for t in e.surcharges]


def decaler_charges(charges: list[Charge], debut: date, nouveau_debut: date) -> list[Charge]:
    """The workloads of a chantier moved from ``debut`` to ``nouveau_debut``: a per-quarter
    load moves by as many quarters as the start (a total is spread over the new dates when
    it is read)."""
    n = decalage_trimestres(trimestre_de(debut), trimestre_de(nouveau_debut))
    if not n:
        return charges
    return [c if c.par_trimestre is None else c.model_copy(update={"par_trimestre": [
        x.model_copy(update={"trimestre": ecrire_trimestre(
            decaler_trimestre(lire_trimestre(x.trimestre), n))})
        for x in c.par_trimestre]}) for c in charges]


def charges_des_chantiers(
    chantiers: Iterable[Chantier], dates: Mapping[str, Dates] | None = None,
    equipes: Iterable[str] | None = None,
) -> dict[str, dict[Trimestre, dict[str, float]]]:
    """Team id → quarter → chantier id → load; ``dates`` moves chantiers (a plan's
    proposal): a total is spread over the new dates, a per-quarter load shifts with the
    chantier's start quarter. Workloads of teams not in ``equipes`` are left out."""
    connues = None if equipes is None else set(equipes)
    resultat: dict[str, dict[Trimestre, dict[str, float]]] = {}
    for c in chantiers:
        ici = (dates or {}).get(c.id) or Dates(c.debut, c.fin)
        decalage = decalage_trimestres(trimestre_de(c.debut), trimestre_de(ici.debut))
        for charge in c.charges:
            if connues is not None and charge.equipe not in connues:
                continue
            par_trimestre = charge_par_trimestre(charge, ici.debut, ici.fin)
            if charge.par_trimestre is not None and decalage:
                par_trimestre = {decaler_trimestre(t, decalage): j
                                 for t, j in par_trimestre.items()}
            equipe = resultat.setdefault(charge.equipe, {})
            for t, jours in par_trimestre.items():
                du_trimestre = equipe.setdefault(t, {})
                du_trimestre[c.id] = du_trimestre.get(c.id, 0.0) + jours
    return resultat


def analyser_capacite(audit: Audit, dates: Mapping[str, Dates] | None = None) -> Capacite:
    """Load against capacity of every declared team, from the first to the last quarter in
    which any chantier loads any team (the same quarters for every team)."""
    equipes = audit.referentiel.equipes if audit.referentiel is not None else []
    charges = charges_des_chantiers(audit.chantiers.values(), dates,
                                    [e.id for e in equipes])
    charges_utiles = [t for par_t in charges.values() for t, par_c in par_t.items()
                      if any(j > EPSILON for j in par_c.values())]
    periode = trimestres(min(charges_utiles), max(charges_utiles)) if charges_utiles else []
    resultat = []
    for equipe in equipes:
        du = charges.get(equipe.id, {})
        lignes = []
        for t in periode:
            par_chantier = {cid: j for cid, j in sorted(du.get(t, {}).items()) if j > EPSILON}
            lignes.append(TrimestreEquipe(t, capacite(equipe, t), sum(par_chantier.values()),
                                          par_chantier))
        resultat.append(ChargeEquipe(equipe, lignes))
    return Capacite(resultat, periode)


def horizon_du_plan(audit: Audit) -> tuple[Trimestre, Trimestre] | None:
    """The quarters a capacity may be declared for: from the first quarter of the reference
    year (or of the first chantier's start, if earlier) to the last quarter of the later of
    the year the last chantier ends and the end of the référentiel's analysis horizon
    (reference year + horizon): a plan still being written keeps its declared capacities."""
    if not audit.chantiers:
        return None
    premier = min(c.debut for c in audit.chantiers.values()).year
    dernier = max(c.fin for c in audit.chantiers.values()).year
    if audit.referentiel is not None:
        p = audit.referentiel.parametres
        premier = min(premier, p.annee_reference.valeur)
        dernier = max(dernier, p.annee_reference.valeur + p.horizon_annees.valeur)
    return (premier, 1), (dernier, 4)
