"""The follow-up chart: each year's planned cost (hatched bar) beside its realised cost
(plain bar), and the planned and realised totals to date in the title's subtitle.

Drawn with the helpers of :mod:`transfo.render.graphiques` and registered there under the
kind ``suivi_couts``; the page shows the same figures as a table (its text alternative).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from transfo.render import graphiques

EMPREINTE_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
"""Part of the chart's data, hence of its cache key: a change of this code redraws it."""


def couts_prevus_realises(annees: Sequence[int], prevus: Sequence[float],
                          realises: Sequence[float | None], titre: str,
                          annee_situation: int, empreinte_code: str = EMPREINTE_CODE) -> bytes:
    """Two bars a year: planned (light, hatched) and realised (dark, plain); a year without
    a realised cost entered has no second bar and, up to the situation's year, says
    « réalisé non saisi » under its first."""
    del empreinte_code  # in the cache key only
    fig = graphiques._figure(graphiques.LARGEUR, 3.4, left=0.16, bottom=0.2, top=0.86)
    ax = fig.add_subplot()
    positions = list(range(len(annees)))
    largeur = 0.38
    ax.bar([x - largeur / 2 for x in positions], list(prevus), largeur, label="Prévu",
           color="#c9d6ea", edgecolor=graphiques.COULEURS["central"], hatch="//")
    saisis = [(x, r) for x, r in zip(positions, realises, strict=True) if r is not None]
    ax.bar([x + largeur / 2 for x, _ in saisis], [r for _, r in saisis], largeur,
           label="Réalisé", color=graphiques.COULEURS["central"])
    ax.set_xticks(positions)
    ax.set_xticklabels([f"{a}\n(non saisi)" if r is None and a <= annee_situation else f"{a}"
                        for a, r in zip(annees, realises, strict=True)])
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_formatter(FuncFormatter(graphiques._milliers))
    ax.set_ylabel("Coûts de l'année")
    ax.grid(axis="y", alpha=0.3)
    ax.legend(frameon=False, loc="upper right")
    ax.set_title(graphiques._titre(titre))
    return graphiques._svg(fig)


graphiques._FABRIQUES["suivi_couts"] = couts_prevus_realises
