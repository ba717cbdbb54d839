"""French number formats for the pages: « 1 234 567 € », « 4,5 % », « 2,7 ans »."""

from __future__ import annotations

ESPACE_FINE = "\u202f"


def nombre(x: float | None, decimales: int = 0) -> str:
    if x is None:
        return "—"
    if decimales == 0 and abs(x) < 0.5:
        x = 0.0  # avoid « -0 »
    texte = f"{x:,.{decimales}f}"
    return texte.replace(",", ESPACE_FINE).replace(".", ",").replace("-", "−")


def euros(x: float | None) -> str:
    return "—" if x is None else f"{nombre(x)}{ESPACE_FINE}€"


def pourcent(x: float | None, decimales: int = 1) -> str:
    return "—" if x is None else f"{nombre(100 * x, decimales)}{ESPACE_FINE}%"


def annees(x: float | None) -> str:
    if x is None:
        return "jamais sur l'horizon"
    return f"{nombre(x, 1)} an" + ("s" if x >= 2 else "")


def duree_minutes(x: float) -> str:
    if x >= 60:
        heures, minutes = divmod(round(x), 60)
        return f"{heures} h {minutes:02d}" if minutes else f"{heures} h"
    return f"{nombre(x, 0 if float(x).is_integer() else 1)} min"
