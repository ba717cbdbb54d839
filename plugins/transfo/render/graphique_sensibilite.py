"""The sensitivity chart (tornado): how the portfolio's financial and socio-economic VANs
move when one hypothesis goes to its low then high value, the others central.

Drawn with the helpers of :mod:`transfo.render.graphiques` and registered there under the
kind ``sensibilite``; the page shows the same figures as a table (its text alternative).
"""

from __future__ import annotations

import hashlib
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from transfo.formats import decimal
from transfo.render import graphiques

EMPREINTE_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
"""Part of the chart's data, hence of its cache key: a change of this code redraws it."""

VUES = (("van_financiere", "VAN financière"), ("van_socio_economique", "VAN socio-économique"))


def tornade(variables: Sequence[dict[str, Any]], centrales: dict[str, float], titre: str,
            empreinte_code: str = EMPREINTE_CODE) -> bytes:
    """Two panels side by side, one per VAN: a bar per hypothesis from its low-value VAN
    (hatched) to its high-value VAN (plain), around the central VAN (a vertical line)."""
    del empreinte_code  # in the cache key only
    n = max(len(variables), 1)
    hauteur = 1.8 + 0.6 * n
    # The content column's width and the charts' one font size: no text under 12 px.
    fig = graphiques._figure(graphiques.LARGEUR, hauteur, left=0.3, right=0.97, wspace=0.3,
                             bottom=0.85 / hauteur, top=1 - 0.6 / hauteur)
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axes = fig.subplots(1, 2, sharey=True)
    libelles = ["\n".join(textwrap.wrap(v["variable"], 18)) for v in variables]
    for ax, (cle, nom) in zip(axes, VUES, strict=True):
        centre = centrales[cle]
        for i, v in enumerate(variables):
            bas, haut = v[cle]
            ax.barh(i, bas - centre, left=centre, color="#ffffff",
                    edgecolor=graphiques.COULEURS["pessimiste"], hatch="//",
                    label="valeur basse" if i == 0 else None)
            ax.barh(i, haut - centre, left=centre, color=graphiques.COULEURS["central"],
                    label="valeur haute" if i == 0 else None)
        ax.axvline(centre, color="#333333", linewidth=0.8)
        ax.set_title(nom)
        ax.xaxis.set_major_formatter(FuncFormatter(_millions))
        ax.xaxis.set_major_locator(MaxNLocator(3))
        ax.grid(axis="x", alpha=0.3)
        ax.tick_params(axis="x", labelsize=graphiques.TAILLE)
    axes[0].set_yticks(range(len(libelles)))
    axes[0].set_yticklabels(libelles, fontsize=graphiques.TAILLE)
    axes[0].invert_yaxis()
    # Below the panels, off the bars.
    fig.legend(*axes[0].get_legend_handles_labels(), frameon=False,
               fontsize=graphiques.TAILLE, loc="lower center", ncol=2)
    fig.suptitle(titre)
    return graphiques._svg(fig)


def _millions(x: float, _position: int) -> str:
    """« −6,5 M€ »: few characters, so that ticks never run into each other."""
    return f"{decimal(x / 1e6, 1)}\u202fM€".replace("-", "\u2212")


graphiques._FABRIQUES["sensibilite"] = tornade
