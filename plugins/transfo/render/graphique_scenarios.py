"""The cost of each scenario per year: a group of bars per year, one bar per scenario, each
scenario with its own colour and hatching, its yearly cap (if any) a line in its colour.

Drawn with the helpers of :mod:`transfo.render.graphiques` and registered there under the
kind ``couts_scenarios``; the page shows the same figures as a table (its text alternative).
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

COULEURS = ("#1f4e8c", "#b36b00", "#2e7d32", "#7b3f98", "#555555", "#b03a2e")
HACHURES = ("", "//", "..", "xx", "\\\\", "--")
STYLES = ("--", "-.", ":", (0, (5, 1)), (0, (1, 1)), (0, (3, 1, 1, 1)))


def _millions(x: float, _pos: int | None = None) -> str:
    """« 1,5 M€ »: few characters, so that ticks never run into each other."""
    return f"{decimal(x / 1e6, 1)}\u202fM€".replace("-", "\u2212")


def couts_scenarios(annees: Sequence[int], scenarios: Sequence[dict[str, Any]], titre: str,
                    empreinte_code: str = EMPREINTE_CODE) -> bytes:
    """``scenarios``: ``{nom, couts (one per year of annees), plafond (or None)}``."""
    del empreinte_code  # in the cache key only
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    n = max(len(scenarios), 1)
    entrees = len(scenarios) + sum(s.get("plafond") is not None for s in scenarios)
    lignes_legende = (entrees + 1) // 2
    hauteur = 3.9 + 0.3 * lignes_legende
    fig = graphiques._figure(graphiques.LARGEUR, hauteur, left=0.14, right=0.98,
                             bottom=0.42 / hauteur, top=1 - (0.75 + 0.3 * lignes_legende)
                             / hauteur)
    ax = fig.add_subplot()
    largeur = 0.8 / n
    poignees: list[Any] = []
    for k, scenario in enumerate(scenarios):
        couleur, hachure = COULEURS[k % len(COULEURS)], HACHURES[k % len(HACHURES)]
        abscisses = [i - 0.4 + largeur * (k + 0.5) for i in range(len(annees))]
        nom = "\n".join(textwrap.wrap(graphiques.texte(scenario["nom"], 60), 34))
        poignees.append(ax.bar(
            abscisses, list(scenario["couts"]), largeur, color=couleur, hatch=hachure,
            edgecolor="#ffffff" if not hachure else "#222222", linewidth=0.4, label=nom))
        if scenario.get("plafond") is not None:
            poignees.append(ax.axhline(
                scenario["plafond"], color=couleur, linewidth=1.4,
                linestyle=STYLES[k % len(STYLES)],
                label=f"Plafond : {graphiques.texte(scenario['nom'], 40)}"))
    ax.set_xticks(range(len(annees)))
    ax.set_xticklabels([str(a) for a in annees])
    ax.yaxis.set_major_locator(MaxNLocator(5))
    ax.yaxis.set_major_formatter(FuncFormatter(_millions))
    ax.set_ylabel("Coûts de l'année")
    ax.grid(axis="y", alpha=0.3)
    fig.legend(handles=poignees, frameon=False, loc="upper left", ncol=2,
               bbox_to_anchor=(0.02, 1 - 0.42 / hauteur))
    fig.suptitle(graphiques._titre(titre), x=0.03, ha="left", y=1 - 0.08 / hauteur, va="top",
                 fontsize=graphiques.TAILLE + 1)
    return graphiques._svg(fig)


def message_couts(annees: Sequence[int], scenarios: Sequence[dict[str, Any]]) -> str:
    """The year each scenario costs most, and whether it keeps its cap."""
    parties = []
    for scenario in scenarios:
        couts = list(scenario["couts"])
        if not couts:
            continue
        cout, annee = max(zip(couts, annees, strict=True), key=lambda x: (x[0], -x[1]))
        texte = f"{scenario['nom']} : au plus {_millions(cout)} en {annee}"
        plafond = scenario.get("plafond")
        if plafond is not None:
            dessus = [str(a) for a, c in zip(annees, couts, strict=True) if c > plafond + 0.005]
            texte += (f", au-dessus de son plafond en {', '.join(dessus)}" if dessus
                      else ", sous son plafond chaque année")
        parties.append(texte)
    return " ; ".join(parties) or "Aucun scénario"


graphiques._FABRIQUES["couts_scenarios"] = couts_scenarios
