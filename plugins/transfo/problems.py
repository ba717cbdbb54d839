"""The one error type of the project: a problem found in the model, with its position."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class Gravite(StrEnum):
    ERREUR = "erreur"
    AVERTISSEMENT = "avertissement"


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file; line and column start at 1, as editors count them."""

    chemin: str
    ligne: int = 1
    colonne: int = 1

    def __str__(self) -> str:
        return f"{self.chemin}:{self.ligne}:{self.colonne}"


@dataclass(frozen=True)
class Probleme:
    """One problem reported to a consultant: where, what, and how to fix it."""

    position: Position
    message: str
    indice: str | None = None
    gravite: Gravite = Gravite.ERREUR
    code: str = "modele"
    voir_aussi: tuple[Position, ...] = field(default=())

    def sort_key(self) -> tuple[str, int, int, str]:
        p = self.position
        return (p.chemin, p.ligne, p.colonne, self.message)

    def format(self) -> str:
        text = f"{self.position}: {self.gravite.value} : {self.message}"
        if self.indice:
            text += f" — {self.indice}"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "fichier": self.position.chemin,
            "ligne": self.position.ligne,
            "colonne": self.position.colonne,
            "gravite": self.gravite.value,
            "code": self.code,
            "message": self.message,
            "indice": self.indice,
            "voir_aussi": [str(p) for p in self.voir_aussi],
        }


def sort_problems(problems: Iterable[Probleme]) -> list[Probleme]:
    """Sorted by file, line, column; duplicates (same place, same message) dropped."""
    unique = {(p.sort_key(), p.gravite): p for p in problems}
    return [unique[k] for k in sorted(unique)]

