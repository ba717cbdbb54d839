"""French formats for every figure the tool writes, in one place: pages, macros, diagrams and
charts call these functions and never format a number themselves.

« 1 234 567 € », « 14,50 € » (an amount entered with its cents), « 4,5 % », « 1 an »,
« 2,5 ans », « 1 h 30 », « 40 min », « 3 j », « 420 → 500 dossiers ». Thousands are
separated by a narrow no-break space, the decimal mark is a comma, the minus sign is « − ».
A figure and its unit are held together by a no-break space. A number is written with the
precision it means: counts as integers, decimals without
trailing zeros (« 2 ans », never « 2,0 ans »), and a word's plural from 2 on (French usage:
« 1,5 an », « 2 ans »).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

ESPACE_FINE = "\u202f"
ESPACE_INSECABLE = "\u00a0"
TIRET = "—"


def nombre(x: float | None, decimales: int = 0) -> str:
    """``x`` with exactly ``decimales`` decimals: « 1 234,50 »."""
    if x is None:
        return TIRET
    if abs(x) < 0.5 * 10 ** -decimales:
        x = 0.0  # avoid « -0 »
    texte = f"{x:,.{decimales}f}"
    return texte.replace(",", ESPACE_FINE).replace(".", ",").replace("-", "−")


def decimal(x: float | None, decimales: int = 1) -> str:
    """``x`` rounded to at most ``decimales`` decimals, without trailing zeros: « 2,5 »,
    « 2 » (never « 2,0 »)."""
    if x is None:
        return TIRET
    texte = nombre(x, decimales)
    if "," in texte:
        texte = texte.rstrip("0").rstrip(",")
    return texte


def entier(x: float | None) -> str:
    """A count: « 420 », never « 420,0 »."""
    return TIRET if x is None else nombre(round(x))


def pluriel(n: float, singulier: str, forme_plurielle: str | None = None) -> str:
    """The word for ``n`` things, French usage: plural from 2 on (« 1,5 an », « 2 ans »)."""
    if abs(n) >= 2:
        return forme_plurielle if forme_plurielle is not None else singulier + "s"
    return singulier


def quantite(x: float, singulier: str, forme_plurielle: str | None = None,
             decimales: int = 1) -> str:
    """« 1 an », « 2,5 ans », « 3 dossiers »: the figure as shown decides the plural."""
    texte = decimal(x, decimales)
    valeur = float(texte.replace(ESPACE_FINE, "").replace(",", ".").replace("−", "-"))
    return f"{texte}{ESPACE_INSECABLE}{pluriel(valeur, singulier, forme_plurielle)}"


def euros(x: float | None) -> str:
    """A computed amount, to the euro: « 155 632 € »."""
    return TIRET if x is None else f"{nombre(x)}{ESPACE_FINE}€"


def montant(x: float | None) -> str:
    """An amount as entered: « 14,50 € » when it has cents, « 14 € » when it is whole."""
    if x is None:
        return TIRET
    centimes = round(x * 100)
    return f"{nombre(x, 0 if centimes % 100 == 0 else 2)}{ESPACE_FINE}€"


def pourcent(x: float | None, decimales: int = 1) -> str:
    """A ratio as a percentage: 0.032 → « 3,2 % »."""
    return TIRET if x is None else f"{nombre(100 * x, decimales)}{ESPACE_FINE}%"


def taux(x: float | None) -> str:
    """A rate as entered: 0.032 → « 3,2 % », 0.045 → « 4,5 % », 0.1 → « 10 % »."""
    return TIRET if x is None else f"{decimal(100 * x, 2)}{ESPACE_FINE}%"


def annees(x: float | None) -> str:
    """A duration in years rounded to a tenth, its unit agreeing with the figure shown:
    1.975 → « 2 ans », 1.5 → « 1,5 an »."""
    if x is None:
        return "jamais sur l’horizon"
    return quantite(x, "an", decimales=1)


def duree_minutes(x: float | None) -> str:
    """A processing time: « 40 min », « 7,5 min », « 1 h », « 1 h 30 »."""
    if x is None:
        return TIRET
    if x >= 60:
        heures, minutes = divmod(round(x), 60)
        h = f"{entier(heures)}{ESPACE_INSECABLE}h"
        return f"{h}{ESPACE_INSECABLE}{minutes:02d}" if minutes else h
    return f"{decimal(x, 1)}{ESPACE_INSECABLE}min"


def jours(x: float | None) -> str:
    """A delay in days: « 3 j », « 2,5 j »."""
    return TIRET if x is None else f"{decimal(x, 1)}{ESPACE_INSECABLE}j"


def heures(x: float | None) -> str:
    """A yearly number of hours: « 1 607 h »."""
    return TIRET if x is None else f"{entier(x)}{ESPACE_INSECABLE}h"


NIVEAUX_ACCORDES: Mapping[str, tuple[str, str]] = {
    "faible": ("faible", "faible"),
    "moyen": ("moyen", "moyenne"),
    "moyenne": ("moyen", "moyenne"),
    "fort": ("fort", "forte"),
    "forte": ("fort", "forte"),
}
"""A level's code → its label agreeing with a masculine or a feminine noun."""


def niveau(code: str | None, feminin: bool = False) -> str:
    """A level agreeing with the noun it qualifies: « probabilité : forte », « impact :
    moyen »."""
    if not code:
        return TIRET
    formes = NIVEAUX_ACCORDES.get(code)
    if formes is None:
        return code
    return formes[1] if feminin else formes[0]


_UNITES_COLLEES = {"€", "%"}


def valeur_unite(x: float | None, unite: str | None = None) -> str:
    """A value with its unit, with the precision it was entered with: « 420 dossiers »,
    « 3,1 », « 45 % », « 14,50 € »."""
    if x is None:
        return TIRET
    if unite == "€":
        return montant(x)
    texte = decimal(x, 2)
    if not unite:
        return texte
    if unite in _UNITES_COLLEES:
        return f"{texte}{ESPACE_FINE}{unite}"
    return f"{texte}{ESPACE_INSECABLE}{unite}"


_SINGULIERS = {"dossiers": "dossier", "semaines": "semaine", "heures": "heure"}


def evolution(avant: float | None, apres: float | None, unite: str | None = None) -> str:
    """« 420 → 500 dossiers », « 10 % → 4 % », « 24 000 € → 12 000 € », « 1 h 30 →
    40 min », « 45 j → 1 j », « 4 → 7 sur 10 »; the unit agrees with the figure before it
    (« 3 → 1 dossier »)."""
    temps: Callable[[float | None], str] | None = {
        "minutes": duree_minutes, "jours": jours, "heures": heures}.get(unite or "")
    if temps is not None:
        return f"{temps(avant)} → {temps(apres)}"
    if unite == "note sur 10":
        return f"{valeur_unite(avant)} → {valeur_unite(apres)}{ESPACE_INSECABLE}sur 10"
    if unite in _SINGULIERS and apres is not None and abs(apres) < 2:
        unite = _SINGULIERS[unite]
    if unite in _UNITES_COLLEES:
        return f"{valeur_unite(avant, unite)} → {valeur_unite(apres, unite)}"
    fin = f"{ESPACE_INSECABLE}{unite}" if unite else ""
    return f"{valeur_unite(avant)} → {valeur_unite(apres)}{fin}"


def euros_arrondis(x: float | None) -> str:
    """An amount rounded for a reader who wants its order of magnitude: « 7,8 M€ »,
    « 850 k€ », « 5 000 € »."""
    if x is None:
        return TIRET
    if abs(x) >= 999_500:
        return f"{decimal(x / 1e6, 1)}{ESPACE_FINE}M€"
    if abs(x) >= 10_000:
        return f"{nombre(x / 1e3)}{ESPACE_FINE}k€"
    return euros(x)


def milliers(x: float | None) -> str:
    """An amount in thousands of euros, for a table headed « k€ »: 1 265 000 → « 1 265 »,
    2 500 → « 2,5 »."""
    return TIRET if x is None else decimal(x / 1e3, 1)
