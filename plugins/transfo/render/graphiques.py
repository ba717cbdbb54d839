"""Charts as static SVG, made with matplotlib at build time: no script, no CDN.

Each chart is keyed by a hash of its data and cached beside the diagrams; output is
deterministic (fixed hash salt, no date in the metadata). Series differ by line style and
marker as well as colour. Each chart's page shows its data as a table (the text alternative).
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from transfo import typographie
from transfo.constants import AXES_MAREVA, HORIZONS
from transfo.ecriture import ecrire_atomique
from transfo.render.svg_cache import cle

_MPL_PRET = False
COULEURS = {"central": "#1f4e8c", "pessimiste": "#b03a2e", "optimiste": "#2e7d32"}
STYLES = {"central": "-", "pessimiste": "--", "optimiste": ":"}
MARQUEURS = {"central": "o", "pessimiste": "v", "optimiste": "^"}
HACHURES_HORIZON = {"court_terme": "", "moyen_terme": "//", "long_terme": ".."}
COULEURS_HORIZON = {"court_terme": "#6fae6f", "moyen_terme": "#e0b84c", "long_terme": "#7b9fd1"}
TAILLE = 10
"""Font size in points: 13.3 CSS px at the natural size of a chart."""
TAILLE_MIN = 9.5
"""Smallest chart text (12.7 CSS px): charts are at most 6.8 inches (653 px) wide, so the
~680 px content column at a 1280 px window shows them at their natural size."""
LARGEUR = 6.8
LARGEUR_GANTT = 9.0
"""The calendar's page gives its figures the whole width (~900 px at a 1280 px window)."""
LIMITE_TEXTE = 120
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre")


def texte(valeur: object, limite: int = LIMITE_TEXTE) -> str:
    """A user's text fit for a chart: no control character, at most ``limite`` characters.
    Mathtext is off for every text (``text.parse_math``), so « $^$ » is only text."""
    propre = re.sub(" {2,}", " ", re.sub("[\x00-\x1f\x7f-\x9f]", " ", str(valeur))).strip()
    return propre if len(propre) <= limite else propre[: limite - 1].rstrip() + "…"


def date_fr(d: date) -> str:
    return f"{d.day}{'er' if d.day == 1 else ''} {MOIS[d.month - 1]} {d.year}"


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
            "font.size": TAILLE,
            "axes.titlesize": TAILLE + 1,
            "axes.labelsize": TAILLE,
            "xtick.labelsize": TAILLE,
            "ytick.labelsize": TAILLE,
            "legend.fontsize": TAILLE,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "text.parse_math": False,
            "text.usetex": False,
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
    return typographie.svg(tampon.getvalue())


def _milliers(x: float, _pos: int | None = None) -> str:
    return f"{x / 1000:,.0f} k€".replace(",", "\u202f").replace("-", "−").replace(" ", "\u202f")


def _titre(titre: str, largeur: int = 70) -> str:
    return "\n".join(textwrap.wrap(texte(titre), largeur)) or " "


def flux_cumules(annees: Sequence[int], cumuls: dict[str, Sequence[float]], titre: str) -> bytes:
    fig = _figure(LARGEUR, 3.6, left=0.16, bottom=0.13, top=0.86)
    ax = fig.add_subplot()
    for scenario in ("pessimiste", "central", "optimiste"):
        ax.plot(list(annees), list(cumuls[scenario]), STYLES[scenario],
                marker=MARQUEURS[scenario], color=COULEURS[scenario],
                label=f"Scénario {scenario}", linewidth=2 if scenario == "central" else 1.2)
    ax.axhline(0, color="#333333", linewidth=0.8)
    ax.set_title(_titre(titre))
    ax.set_xticks(list(annees))
    ax.set_xticklabels([str(a) for a in annees])
    ax.set_ylabel("Flux net cumulé")
    from matplotlib.ticker import FuncFormatter

    ax.yaxis.set_major_formatter(FuncFormatter(_milliers))
    ax.legend(frameon=False, loc="upper left")
    ax.grid(axis="y", alpha=0.3)
    return _svg(fig)


def radar(scores: dict[str, int], titre: str) -> bytes:
    import math

    axes = list(AXES_MAREVA)
    valeurs = [scores.get(a, 0) for a in axes]
    angles = [2 * math.pi * k / len(axes) for k in range(len(axes))]
    fig = _figure(5.6, 5.0, left=0.2, right=0.8, top=0.75, bottom=0.08)
    ax = fig.add_subplot(projection="polar")
    ax.set_theta_offset(math.pi / 2)  # the first axis on top, then clockwise
    ax.set_theta_direction(-1)
    ax.plot([*angles, angles[0]], [*valeurs, valeurs[0]], "-o", color=COULEURS["central"])
    ax.fill([*angles, angles[0]], [*valeurs, valeurs[0]], color=COULEURS["central"], alpha=0.2)
    ax.set_xticks(angles)
    courts = ["Nécessité", "Maîtrise\ndes risques", "Internalités", "Externalités",
              "Rentabilité"]
    ax.set_xticklabels(courts)
    ax.tick_params(axis="x", pad=12)
    ax.set_ylim(0, 4)
    ax.set_yticks([1, 2, 3, 4])
    ax.set_yticklabels(["1", "2", "3", "4"], fontsize=TAILLE_MIN, color="#444444")
    ax.set_rlabel_position(36)  # the scale between the first two axes, off their labels
    fig.suptitle(_titre(titre, 60), y=0.98, va="top", fontsize=TAILLE + 1)
    return _svg(fig)


def _annee(d: date) -> float:
    from matplotlib.dates import date2num

    return float(date2num(d))


def gantt(chantiers: Sequence[dict[str, Any]], titre: str,
          date_situation: str | None = None) -> bytes:
    return _svg(figure_gantt(chantiers, titre, date_situation))


def figure_gantt(chantiers: Sequence[dict[str, Any]], titre: str,
                 date_situation: str | None = None) -> Any:
    """A row per chantier, named; bars from start to end, coloured and hatched by horizon;
    milestones as diamonds; a vertical line at the date of the situation; a tick on every
    1st of January, each year once; the legend above the bars."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    lignes = [textwrap.wrap(texte(c.get("nom") or c["id"]), 34) or [" "] for c in chantiers]
    hauteurs = [0.28 + 0.2 * len(x) for x in lignes]
    y: list[float] = []
    bas = 0.0
    for h in hauteurs:
        y.append(bas + h / 2)
        bas += h
    hauteur = 1.9 + bas
    fig = _figure(LARGEUR_GANTT, hauteur, left=0.33, right=0.97, bottom=0.5 / hauteur,
                  top=1 - 1.4 / hauteur)
    ax = fig.add_subplot()
    debuts = [date.fromisoformat(c["debut"]) for c in chantiers]
    fins = [date.fromisoformat(c["fin"]) for c in chantiers]
    for i, c in enumerate(chantiers):
        debut, fin = _annee(debuts[i]), _annee(fins[i])
        ax.barh(y[i], fin - debut, left=debut, height=min(0.34, hauteurs[i] * 0.7),
                color=COULEURS_HORIZON[c["horizon"]], hatch=HACHURES_HORIZON[c["horizon"]],
                edgecolor="#333333", linewidth=0.6)
        for jalon in c.get("jalons", []):
            ax.plot([_annee(date.fromisoformat(jalon))], [y[i]], marker="D", markersize=6,
                    color="#222222", linestyle="none")
    ax.set_yticks(y)
    ax.set_yticklabels(["\n".join(x) for x in lignes])
    ax.set_ylim(bas, 0)
    if chantiers:
        premier = min(debuts).year
        dernier = max(fins).year + 1
        annees = list(range(premier, dernier + 1))
        ax.set_xticks([_annee(date(a, 1, 1)) for a in annees])
        ax.set_xticklabels([str(a) for a in annees])
        ax.set_xlim(_annee(date(premier, 1, 1)), _annee(date(dernier, 1, 1)))
    ax.tick_params(axis="x", labeltop=True)  # the years above and below a long calendar
    ax.grid(axis="x", alpha=0.4)
    poignees: list[Any] = [Patch(facecolor=COULEURS_HORIZON[h], hatch=HACHURES_HORIZON[h],
                                 edgecolor="#333333", label=HORIZONS[h]) for h in HORIZONS]
    poignees.append(Line2D([], [], marker="D", color="#222222", linestyle="none",
                           label="Jalon"))
    if date_situation:
        situation = date.fromisoformat(date_situation)
        ax.axvline(_annee(situation), color="#b03a2e", linewidth=1.5, linestyle="--")
        poignees.append(Line2D([], [], color="#b03a2e", linestyle="--",
                               label=f"Situation au {date_fr(situation)}"))
    fig.legend(handles=poignees, frameon=False, loc="upper left", ncol=3,
               bbox_to_anchor=(0.02, 1 - 0.42 / hauteur))
    fig.suptitle(_titre(titre), x=0.03, ha="left", y=1 - 0.12 / hauteur, va="top",
                 fontsize=TAILLE + 1)
    return fig


def barres(libelles: Sequence[str], valeurs: Sequence[float], titre: str) -> bytes:
    hauteur = 1.0 + 0.5 * max(len(libelles), 1)
    fig = _figure(LARGEUR, hauteur, left=0.4, bottom=0.5 / hauteur, top=1 - 0.45 / hauteur)
    ax = fig.add_subplot()
    ax.barh(range(len(libelles)), list(valeurs), color=COULEURS["central"])
    ax.set_yticks(range(len(libelles)))
    ax.set_yticklabels(["\n".join(textwrap.wrap(texte(x), 30)) for x in libelles])
    ax.invert_yaxis()
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(5))
    ax.xaxis.set_major_formatter(FuncFormatter(_milliers))
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(_titre(titre))
    return _svg(fig)


# --- key messages, for the alternative texts -------------------------------------------------


def annee_de_retour(annees: Sequence[int], cumul: Sequence[float]) -> int | None:
    """The first year from which the cumulated net flow stays at or above zero, after
    having been below it (the first year, if it never is); None if it never gets there on
    the horizon, or if there is no flow at all."""
    if not any(v > 0 for v in cumul):
        return None
    retour: int | None = None
    for annee, valeur in zip(annees, cumul, strict=False):
        if valeur < 0:
            retour = None
        elif retour is None:
            retour = annee
    return retour


def message_flux(annees: Sequence[int], cumuls: Mapping[str, Sequence[float]]) -> str:
    """« retour en 2028 dans le cas central, 2029 dans le cas pessimiste… »"""
    parties = []
    for scenario in ("central", "pessimiste", "optimiste"):
        annee = annee_de_retour(annees, cumuls[scenario])
        parties.append(f"pas de retour d’ici {annees[-1]} dans le cas {scenario}"
                       if annee is None else f"retour en {annee} dans le cas {scenario}")
    premier = parties[0]
    return premier[0].upper() + premier[1:] + ", " + ", ".join(parties[1:])


def message_barres(libelles: Sequence[str], valeurs: Sequence[float]) -> str:
    """The two largest bars and their share of the total."""
    total = sum(valeurs)
    rangs = sorted(zip(valeurs, libelles, strict=False), key=lambda x: (-x[0], x[1]))
    if not rangs or total <= 0:
        return "Aucun gain chiffré"
    (v1, l1), *reste = rangs
    message = f"{l1} en tête avec {_part(v1, total)} des gains annuels"
    if reste:
        message += f", puis {reste[0][1]} ({_part(reste[0][0], total)})"
    return message


def _part(valeur: float, total: float) -> str:
    return f"{round(100 * valeur / total)}\u202f%"


def message_radar(scores: dict[str, int]) -> str:
    noms = {a: n.split(" (")[0] for a, n in AXES_MAREVA.items()}
    haut = max(scores.values(), default=0)
    bas = min(scores.values(), default=0)
    forts = [noms[a] for a in AXES_MAREVA if scores.get(a) == haut]
    faibles = [noms[a] for a in AXES_MAREVA if scores.get(a) == bas]
    return (f"Note la plus haute, {haut} sur 4 : {', '.join(forts).lower()} ; "
            f"la plus basse, {bas} sur 4 : {', '.join(faibles).lower()}")


def message_gantt(chantiers: Sequence[dict[str, Any]]) -> str:
    if not chantiers:
        return "Aucun chantier"
    debut = min(date.fromisoformat(c["debut"]) for c in chantiers)
    fin = max(date.fromisoformat(c["fin"]) for c in chantiers)
    par_horizon = []
    for h, libelle in HORIZONS.items():
        du = [c for c in chantiers if c["horizon"] == h]
        if du:
            fin_h = max(date.fromisoformat(c["fin"]) for c in du)
            par_horizon.append(f"{len(du)} à {libelle.lower()}, jusqu'en "
                               f"{MOIS[fin_h.month - 1]} {fin_h.year}")
    return (f"{len(chantiers)} chantiers de {MOIS[debut.month - 1]} {debut.year} à "
            f"{MOIS[fin.month - 1]} {fin.year} : " + " ; ".join(par_horizon))


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
    ecrire_atomique(Path(chemin), _FABRIQUES[genre](**donnees), durable=False)


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




# Imported last (they draw with this module's helpers): register the tornado, the budget
# the scenarios' costs, the capacity and the follow-up (planned against realised) charts.
from transfo.render import (  # noqa: E402, F401
    graphique_budget,
    graphique_capacite,
    graphique_scenarios,
    graphique_sensibilite,
    graphique_suivi,
)

