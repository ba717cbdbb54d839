"""The figures of the synthesis note: the multi-year budget as a Département's PPI and PPF
present it, the main risks, and the decisions in date order.

The value figures are those of the portfolio analysis (:mod:`transfo.analyse.valeur`),
never computed again here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from transfo.analyse.valeur import NIVEAUX_RISQUE, POSTES_COUT, POSTES_FONCTIONNEMENT
from transfo.model.audit import Audit
from transfo.model.entities import Chantier, Decision, Risque

NOMBRE_RISQUES = 6
"""How many risks the note lists."""


@dataclass(frozen=True)
class LigneBudget:
    """The costs of one year (or of the whole plan), by budget section and origin."""

    annee: int | None
    """None for the total line."""
    investissement_interne: float = 0.0
    investissement_externe: float = 0.0
    fonctionnement_interne: float = 0.0
    fonctionnement_externe: float = 0.0

    @property
    def investissement(self) -> float:
        return self.investissement_interne + self.investissement_externe

    @property
    def fonctionnement(self) -> float:
        return self.fonctionnement_interne + self.fonctionnement_externe

    @property
    def externe(self) -> float:
        """New credits to vote: what is paid to suppliers (internal costs are agents' time,
        already in the payroll)."""
        return self.investissement_externe + self.fonctionnement_externe

    @property
    def interne(self) -> float:
        return self.investissement_interne + self.fonctionnement_interne

    @property
    def total(self) -> float:
        return self.investissement + self.fonctionnement


def _ligne(annee: int | None, valeurs: dict[str, float]) -> LigneBudget:
    return LigneBudget(annee, **{p: valeurs.get(p, 0.0) for p in POSTES_COUT})


@dataclass(frozen=True)
class Budget:
    """The chantiers' typed costs (``couts``) per calendar year, each year of the plan
    listed even when nothing is spent, and their total."""

    lignes: tuple[LigneBudget, ...]
    total: LigneBudget
    fonctionnement_recurrent: float
    """Running costs that go on every year after the plan: for each chantier, those of its
    last typed year (which the value analysis carries to the end of its window)."""

    @property
    def premiere_annee(self) -> int | None:
        return self.lignes[0].annee if self.lignes else None

    @property
    def derniere_annee(self) -> int | None:
        return self.lignes[-1].annee if self.lignes else None

    @property
    def pic(self) -> LigneBudget | None:
        """The year that costs the most (the first of equal years)."""
        return max(self.lignes, key=lambda x: (x.total, -(x.annee or 0)), default=None)


def budget_pluriannuel(chantiers: Iterable[Chantier]) -> Budget:
    par_annee: dict[int, dict[str, float]] = {}
    total: dict[str, float] = dict.fromkeys(POSTES_COUT, 0.0)
    recurrent = 0.0
    for chantier in chantiers:
        for cout in chantier.couts:
            annee = par_annee.setdefault(cout.annee, dict.fromkeys(POSTES_COUT, 0.0))
            for poste in POSTES_COUT:
                annee[poste] += getattr(cout, poste)
                total[poste] += getattr(cout, poste)
        if chantier.couts:
            derniere = max(chantier.couts, key=lambda c: c.annee)
            recurrent += sum(getattr(derniere, p) for p in POSTES_FONCTIONNEMENT)
    if not par_annee:
        return Budget((), _ligne(None, total), 0.0)
    annees = range(min(par_annee), max(par_annee) + 1)
    lignes = tuple(_ligne(a, par_annee.get(a, {})) for a in annees)
    return Budget(lignes, _ligne(None, total), recurrent)


@dataclass(frozen=True)
class RisqueClasse:
    chantier: str
    risque: Risque
    criticite: int
    """Probability × impact, each from 1 (faible) to 3 (fort): from 1 to 9."""


def principaux_risques(audit: Audit, nombre: int = NOMBRE_RISQUES) -> list[RisqueClasse]:
    """The chantiers' risks by criticality (probability × impact), then impact, then the
    chantier's start date and the order of the model; the first ``nombre``."""
    tous = []
    for rang, chantier in enumerate(sorted(audit.chantiers.values(),
                                           key=lambda c: (c.debut, c.id))):
        for k, risque in enumerate(chantier.risques):
            criticite = NIVEAUX_RISQUE[risque.probabilite] * NIVEAUX_RISQUE[risque.impact]
            tous.append(((-criticite, -NIVEAUX_RISQUE[risque.impact], rang, k),
                         RisqueClasse(chantier.id, risque, criticite)))
    tous.sort(key=lambda x: x[0])
    return [r for _cle, r in tous[:nombre]]


def decisions_par_date(decisions: Iterable[Decision]) -> list[Decision]:
    """The decisions by date; decisions of the same day keep the order of the note."""
    return sorted(decisions, key=lambda d: d.date)
