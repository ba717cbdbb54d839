"""The multi-year budget chart of the synthesis note: one stacked bar per year, investment
and running costs, internal and external, told apart by hatching as well as colour.

Drawn with the helpers of :mod:`transfo.render.graphiques` and registered there under the
kind ``budget``; the page shows the same figures as a table (its text alternative).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from transfo.analyse.synthese import Budget
from transfo.formats import euros_arrondis
from transfo.render import graphiques

EMPREINTE_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
"""Part of the chart's data, hence of its cache key: a change of this code redraws it."""

SERIES = (
    ("investissement_externe", "Investissement externe", "#1f4e8c", ""),
    ("investissement_interne", "Investissement interne", "#7b9fd1", "//"),
    ("fonctionnement_externe", "Fonctionnement externe", "#b5651d", ""),
    ("fonctionnement_interne", "Fonctionnement interne", "#e8b27d", ".."),
)


def barres_budget(annees: Sequence[int], postes: dict[str, Sequence[float]], titre: str,
                  empreinte_code: str = EMPREINTE_CODE) -> bytes:
    del empreinte_code  # in the cache key only
    fig = graphiques._figure(graphiques.LARGEUR, 3.9, left=0.14, right=0.97, bottom=0.28,
                             top=0.88)
    ax = fig.add_subplot()
    bas = [0.0] * len(annees)
    for cle, libelle, couleur, hachure in SERIES:
        valeurs = list(postes.get(cle, [0.0] * len(annees)))
        ax.bar([str(a) for a in annees], valeurs, bottom=bas, color=couleur, hatch=hachure,
               edgecolor="#333333", linewidth=0.5, label=libelle)
        bas = [b + v for b, v in zip(bas, valeurs, strict=True)]
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_formatter(FuncFormatter(graphiques._milliers))
    ax.grid(axis="y", alpha=0.3)
    ax.set_axisbelow(True)
    ax.set_title(graphiques._titre(titre))
    fig.legend(*ax.get_legend_handles_labels(), frameon=False, loc="lower center", ncol=2)
    return graphiques._svg(fig)


def message_budget(budget: Budget) -> str:
    """The key message of the chart: the total, the peak year and the share of new credits."""
    pic = budget.pic
    if pic is None or budget.total.total <= 0:
        return "Aucun coût saisi"
    return (f"{euros_arrondis(budget.total.total)} de {budget.premiere_annee} à "
            f"{budget.derniere_annee}, dont {euros_arrondis(budget.total.externe)} de "
            f"dépenses externes ; l’année la plus lourde est {pic.annee} "
            f"({euros_arrondis(pic.total)})")


graphiques._FABRIQUES["budget"] = barres_budget
