"""The capacity chart of a team: its load per quarter as bars against its capacity as a
stepped line; a quarter beyond capacity is drawn in red, hatched, and marked « surcharge »
above its bar, so that it reads without colour.

Drawn with the helpers of :mod:`transfo.render.graphiques` and registered there under the
kind ``capacite``; the page shows the same figures as a table (its text alternative).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from transfo.formats import entier, pourcent
from transfo.render import graphiques

EMPREINTE_CODE = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]
"""Part of the chart's data, hence of its cache key: a change of this code redraws it."""

COULEUR_SURCHARGE = "#b03a2e"


def capacite(trimestres: Sequence[str], charges: Sequence[float],
             capacites: Sequence[float], titre: str,
             empreinte_code: str = EMPREINTE_CODE) -> bytes:
    del empreinte_code  # in the cache key only
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.ticker import MaxNLocator

    fig = graphiques._figure(graphiques.LARGEUR, 3.9, left=0.13, right=0.98, bottom=0.17,
                             top=0.74)
    ax = fig.add_subplot()
    n = len(trimestres)
    x = list(range(n))
    surcharges = [c > cap + 1e-6 for c, cap in zip(charges, capacites, strict=True)]
    ax.bar(x, list(charges), width=0.7,
           color=[COULEUR_SURCHARGE if s else graphiques.COULEURS["central"]
                  for s in surcharges],
           hatch=None, edgecolor="#333333", linewidth=0.4)
    for i, s in enumerate(surcharges):
        if s:
            ax.bar([i], [charges[i]], width=0.7, color="none", hatch="xx",
                   edgecolor="#ffffff", linewidth=0)
            ax.annotate("surcharge", (i, charges[i]), xytext=(0, 3),
                        textcoords="offset points", ha="center", va="bottom",
                        fontsize=graphiques.TAILLE_MIN, rotation=90, color="#222222")
    if n:
        ax.stairs(list(capacites), [i - 0.5 for i in range(n + 1)], baseline=None,
                  color="#222222", linewidth=1.8, linestyle="--")
    ax.set_xticks(x)
    ax.set_xticklabels([t.split("-")[1] + ("\n" + t.split("-")[0] if t.endswith("T1") or i == 0
                                            else "") for i, t in enumerate(trimestres)])
    ax.set_xlim(-0.6, n - 0.4)
    haut = max([*charges, *capacites, 1.0])
    ax.set_ylim(0, haut * 1.25)
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.set_ylabel("Jours-personnes")
    ax.grid(axis="y", alpha=0.3)
    poignees = [
        Patch(facecolor=graphiques.COULEURS["central"], edgecolor="#333333",
              label="Charge des chantiers"),
        Patch(facecolor=COULEUR_SURCHARGE, hatch="xx", edgecolor="#ffffff",
              label="Charge au-delà de la capacité"),
        Line2D([], [], color="#222222", linestyle="--", linewidth=1.8, label="Capacité"),
    ]
    fig.legend(handles=poignees, frameon=False, loc="upper left", ncol=2,
               bbox_to_anchor=(0.02, 0.9))
    fig.suptitle(graphiques._titre(titre), x=0.03, ha="left", y=0.98, va="top",
                 fontsize=graphiques.TAILLE + 1)
    return graphiques._svg(fig)


def message_capacite(trimestres: Sequence[str], charges: Sequence[float],
                     capacites: Sequence[float]) -> str:
    """The key message of a team's chart: its peak, and its overloaded quarters."""
    if not any(c > 0 for c in charges):
        return "Aucune charge déclarée pour cette équipe"
    taux = [c / cap if cap > 0 else float("inf") for c, cap in zip(charges, capacites,
                                                                     strict=True)]
    i = max(range(len(charges)), key=lambda k: (taux[k], -k))
    pointe = (f"pointe de {entier(charges[i])} jours-personnes en {trimestres[i]}"
              + (f", {pourcent(taux[i], 0)} de la capacité" if capacites[i] > 0 else
                 ", sans capacité déclarée"))
    surcharges = [trimestres[k] for k in range(len(charges))
                  if charges[k] > capacites[k] + 1e-6]
    if not surcharges:
        return pointe[0].upper() + pointe[1:] + " ; aucun trimestre en surcharge"
    return (pointe[0].upper() + pointe[1:] + f" ; {len(surcharges)} trimestre"
            + ("s" if len(surcharges) > 1 else "") + " en surcharge : "
            + ", ".join(surcharges))


graphiques._FABRIQUES["capacite"] = capacite
