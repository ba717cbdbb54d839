"""Financial formulas of the value analysis, on yearly flows indexed from t₀.

Convention (printed on the methodology page): the flow of year t is counted at the END of
that year and discounted by (1 + r)^(t − t₀); the flow of t₀ itself is not discounted.
"""

from __future__ import annotations

from collections.abc import Sequence


def actualiser(flux: Sequence[float], taux: float) -> list[float]:
    """Each flow discounted to t₀: flux[k] / (1 + taux)^k."""
    return [f / (1 + taux) ** k for k, f in enumerate(flux)]


def valeur_actuelle_nette(flux_nets: Sequence[float], taux: float) -> float:
    """VAN = Σₖ fluxₖ / (1 + r)^k, k = t − t₀."""
    return sum(actualiser(flux_nets, taux))


def _retour(flux: Sequence[float]) -> float | None:
    """Years after t₀ until the cumulative flow turns non-negative for good, interpolated
    linearly within the year in which it turns; None if it is negative at the end.

    « For good »: a chantier whose spending starts after t₀ has a cumulative flow of zero
    before it, which is not a payback."""
    cumul = 0.0
    retour: float | None = None
    for k, f in enumerate(flux):
        precedent = cumul
        cumul += f
        if cumul < 0:
            retour = None
        elif k == 0:
            retour = 0.0
        elif precedent < 0:
            retour = (k - 1) + (-precedent) / f
    return retour


def delai_retour(flux_nets: Sequence[float], *, a_des_gains: bool = True) -> float | None:
    """Simple payback in years after t₀ (None: never paid back, or no gain at all)."""
    return _retour(flux_nets) if a_des_gains else None


def delai_retour_actualise(
    flux_nets: Sequence[float], taux: float, *, a_des_gains: bool = True
) -> float | None:
    """Discounted payback: the same, on flows discounted to t₀."""
    return _retour(actualiser(flux_nets, taux)) if a_des_gains else None


def retour_sur_investissement(gains: Sequence[float], couts: Sequence[float],
                              taux: float) -> float | None:
    """ROI = (Σ gains actualisés − Σ coûts actualisés) / Σ coûts actualisés; None if no cost."""
    couts_act = sum(actualiser(couts, taux))
    if couts_act <= 0:
        return None
    return (sum(actualiser(gains, taux)) - couts_act) / couts_act


ECHELLE_RENTABILITE = ((0.0, 1), (0.5, 2), (1.0, 3), (2.0, 4))
"""This tool's default grid for the rentabilité axis, from the financial ROI: below 0 → 0;
from 0 → 1; from 0.5 → 2; from 1 → 3; from 2 → 4. A chantier without cost but with budget
gains scores 4. The référentiel's ``conventions.rentabilite`` replaces it."""


def note_paliers(valeur: float, paliers: Sequence[tuple[float, int]], defaut: int = 0) -> int:
    """The note of the highest threshold reached (thresholds in increasing order)."""
    note = defaut
    for seuil, n in paliers:
        if valeur >= seuil:
            note = n
    return note


def score_rentabilite(roi: float | None, a_des_gains: bool,
                      paliers: Sequence[tuple[float, int]] = ECHELLE_RENTABILITE) -> int:
    if roi is None:
        return 4 if a_des_gains else 0
    return note_paliers(roi, paliers)


def actualiser_annees(flux: Sequence[float], annees: Sequence[int], t0: int,
                      taux: float) -> list[float]:
    """Each flow of year t discounted to t₀: flux / (1 + taux)^(t − t₀); t₀ undiscounted."""
    return [f / (1 + taux) ** (a - t0) for f, a in zip(flux, annees, strict=True)]
