"""Charts as static SVG, made with matplotlib at build time: no script, no CDN.

Each chart is keyed by a hash of its data and cached beside the diagrams; output is
deterministic (fixed hash salt, no date in the metadata). Series differ by line style and
marker as well as colour. Each chart's page shows its data as a table (the text alternative).
"""

from __future__ import annotations

import hashlib
import io
import json
import textwrap
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from transfo.constants import AXES_MAREVA, HORIZONS
from transfo.render.svg_cache import cle, ecrire_atomique

_MPL_PRET = False
COULEURS = {"central": "#1f4e8c", "pessimiste": "#b03a2e", "optimiste": "#2e7d32"}
STYLES = {"central": "-", "pessimiste": "--", "optimiste": ":"}
MARQUEURS = {"central": "o", "pessimiste": "v", "optimiste": "^"}
HACHURES_HORIZON = {"court_terme": "", "moyen_terme": "//", "long_terme": ".."}
COULEURS_HORIZON = {"court_terme": "#6fae6f", "moyen_terme": "#e0b84c", "long_terme": "#7b9fd1"}


def _figure(largeur: float, hauteur: float, **marges: float) -> Any:
    """A figure with fixed margins: an automatic layout would draw each chart twice."""
    global _MPL_PRET
    import matplotlib

    if not _MPL_PRET:
        matplotlib.use("Agg")
        matplotlib.rcParams.update({
            "svg.hashsalt": "transfo",
            "svg.fonttype": "none",
            "font.family": "DejaVu Sans",
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        })
        _MPL_PRET = True
    from matplotlib.figure import Figure

    figure = Figure(figsize=(largeur, hauteur), dpi=100)
    figure.subplots_adjust(**{"left": 0.14, "right": 0.97, "top": 0.88, "bottom": 0.12,
                              **marges})
    return figure


def _svg(fig: Any) -> bytes:
    tampon = io.BytesIO()
    fig.savefig(tampon, format="svg", metadata={"Date": None, "Creator": None})
    return tampon.getvalue()


def _milliers(x: float, _pos: int | None = None) -> str:
    return f"{x / 1000:,.0f} k€".replace(",", "\u202f").replace("-", "−")


def flux_cumules(annees: Sequence[int], cumuls: dict[str, Sequence[float]], titre: str) -> bytes:
    fig = _figure(6.4, 3.2)
    ax = fig.add_subplot()
    for scenario in ("pessimiste", "central", "optimiste"):
        ax.plot(list(annees), list(cumuls[scenario]), STYLES[scenario],
                marker=MARQUEURS[scenario], color=COULEURS[scenario],
                label=f"Scénario {scenario}", linewidth=2 if scenario == "central" else 1.2)
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_title(titre)
    ax.set_xticks(list(annees))
    ax.set_ylabel("Flux net cumulé")
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(_milliers))
    ax.legend(frameon=False, fontsize=8)
    ax.grid(axis="y", alpha=0.3)
    return _svg(fig)


def radar(scores: dict[str, int], titre: str) -> bytes:
    import math

    axes = list(AXES_MAREVA)
    valeurs = [scores.get(a, 0) for a in axes]
    angles = [2 * math.pi * k / len(axes) for k in range(len(axes))]
    fig = _figure(4.6, 4.0, left=0.1, right=0.9, top=0.82, bottom=0.08)
    ax = fig.add_subplot(projection="polar")
    ax.plot([*angles, angles[0]], [*valeurs, valeurs[0]], "-o", color=COULEURS["central"])
    ax.fill([*angles, angles[0]], [*valeurs, valeurs[0]], color=COULEURS["central"], alpha=0.2)
    ax.set_xticks(angles)
    courts = ["Nécessité", "Maîtrise\ndes risques", "Internalités", "Externalités",
              "Rentabilité"]
    ax.set_xticklabels(courts, fontsize=8)
    ax.set_ylim(0, 4)
    ax.set_yticks([1, 2, 3, 4])
    ax.set_title(titre, pad=18)
    return _svg(fig)


def gantt(chantiers: Sequence[dict[str, Any]], titre: str) -> bytes:
    """Bars from start to end, coloured and hatched by horizon; arrows for dependencies."""
    from matplotlib.dates import DateFormatter, date2num
    from matplotlib.patches import Patch

    hauteur = 1.2 + 0.32 * len(chantiers)
    fig = _figure(7.5, hauteur, left=0.24, bottom=0.6 / hauteur, top=1 - 0.45 / hauteur)
    ax = fig.add_subplot()
    rang = {c["id"]: i for i, c in enumerate(chantiers)}
    for i, c in enumerate(chantiers):
        debut = date2num(date.fromisoformat(c["debut"]))
        fin = date2num(date.fromisoformat(c["fin"]))
        ax.barh(i, fin - debut, left=debut, height=0.6, color=COULEURS_HORIZON[c["horizon"]],
                hatch=HACHURES_HORIZON[c["horizon"]], edgecolor="#333333", linewidth=0.6)
        for dep in c["depend_de"]:
            if dep in rang:
                j = rang[dep]
                fin_dep = date2num(date.fromisoformat(chantiers[j]["fin"]))
                ax.annotate("", xy=(debut, i), xytext=(fin_dep, j),
                            arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 0.7})
    ax.set_yticks(range(len(chantiers)))
    ax.set_yticklabels([c["id"] for c in chantiers], fontsize=8)
    ax.invert_yaxis()
    ax.xaxis.set_major_formatter(DateFormatter("%Y"))
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(titre)
    ax.legend(handles=[Patch(facecolor=COULEURS_HORIZON[h], hatch=HACHURES_HORIZON[h],
                             edgecolor="#333333", label=HORIZONS[h]) for h in HORIZONS],
              frameon=False, fontsize=8, loc="lower right")
    return _svg(fig)


def barres(libelles: Sequence[str], valeurs: Sequence[float], titre: str) -> bytes:
    hauteur = 0.9 + 0.45 * max(len(libelles), 1)
    fig = _figure(7.5, hauteur, left=0.42, bottom=0.45 / hauteur, top=1 - 0.4 / hauteur)
    ax = fig.add_subplot()
    ax.barh(range(len(libelles)), list(valeurs), color=COULEURS["central"])
    ax.set_yticks(range(len(libelles)))
    ax.set_yticklabels(["\n".join(textwrap.wrap(x, 30)) for x in libelles], fontsize=8)
    ax.invert_yaxis()
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(_milliers))
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(titre)
    return _svg(fig)


_FABRIQUES: dict[str, Callable[..., bytes]] = {
    "flux": flux_cumules, "radar": radar, "gantt": gantt, "barres": barres,
}


def _signature() -> str:
    """What the SVG of a chart depends on besides its data: this module's code and the
    matplotlib version. Part of the cache key, so that a new release redraws the charts."""
    from importlib.metadata import version

    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12] + version("matplotlib")


SIGNATURE = _signature()


def rendre_graphique(chemin: str, genre: str, donnees: dict[str, Any]) -> None:
    ecrire_atomique(Path(chemin), _FABRIQUES[genre](**donnees))


class Graphiques:
    """Charts on demand, once per distinct data, into the shared SVG cache; rendering goes
    to ``soumettre`` (the background worker) when one is given."""

    def __init__(self, cache: Path,
                 soumettre: Callable[..., None] | None = None) -> None:
        self.cache = cache
        self.cache.mkdir(parents=True, exist_ok=True)
        self.soumettre = soumettre
        self.rendus = 0
        self.en_cache = 0

    def graphique(self, genre: str, **donnees: Any) -> Path:
        texte = json.dumps(donnees, sort_keys=True, ensure_ascii=False, default=str)
        chemin = self.cache / f"{cle(texte, genre + SIGNATURE)}.svg"
        if chemin.exists():
            self.en_cache += 1
            return chemin
        if self.soumettre is None:
            rendre_graphique(str(chemin), genre, donnees)
        else:
            self.soumettre(rendre_graphique, str(chemin), genre, donnees)
        self.rendus += 1
        return chemin




# Imported last (it draws with this module's helpers): registers the tornado chart.
from transfo.render import graphique_sensibilite  # noqa: E402, F401
