"""The one error type of the project: a problem found in the model, with its position."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Gravite(StrEnum):
    ERREUR = "erreur"
    AVERTISSEMENT = "avertissement"
    INFORMATION = "information"
    """Shown without counting as a warning; only a rule's severity while the site is built
    (see :mod:`transfo.validate.politique`)."""


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
    code: str = field(kw_only=True)
    """The rule this problem breaks, one of :data:`transfo.validate.regles.REGLES`."""
    voir_aussi: tuple[Position, ...] = field(default=())
    cause: bool = False
    """True when the problem hides an entity (a file that cannot be read, an entity that fails
    validation): what follows from it elsewhere is a consequence, so it is listed first."""
    nombre: int = 1
    """How many problems this line stands for: more than one for the line that counts the
    problems of a file left unlisted, so that the totals stay true."""

    def sort_key(self) -> tuple[int, str, int, int, str]:
        p = self.position
        return (0 if self.cause else 1, p.chemin, p.ligne, p.colonne, self.message)

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


LIMITE_PAR_FICHIER = 50
"""Problems listed for one file; past it, one line says how many more there are: a file
broken throughout needs its first mistakes fixed, not a list of thousands."""


def sort_problems(problems: Iterable[Probleme]) -> list[Probleme]:
    """Causes first (see :attr:`Probleme.cause`), then by file, line, column; duplicates
    (same place, same message) dropped."""
    unique = {(p.sort_key(), p.gravite): p for p in problems}
    return [unique[k] for k in sorted(unique)]


def autres_problemes(chemin: str, nombre: int, erreurs: bool) -> Probleme:
    """The line that stands for the problems of a file left unlisted."""
    pluriel = "s" if nombre > 1 else ""
    return Probleme(
        Position(chemin),
        f"… et {nombre} autre{pluriel} problème{pluriel} dans ce fichier",
        "corrigez les premiers puis relancez la validation",
        gravite=Gravite.ERREUR if erreurs else Gravite.AVERTISSEMENT,
        code="autres-problemes",
        nombre=nombre,
    )


def limiter_par_fichier(
    problems: list[Probleme],
    limite: int = LIMITE_PAR_FICHIER,
    deja_caches: Mapping[str, int] | None = None,
) -> list[Probleme]:
    """At most ``limite`` problems per file, in the given order; each file's surplus (plus the
    errors ``deja_caches`` that were never turned into problems) is counted on one line placed
    after the file's last listed problem."""
    gardes: dict[str, list[Probleme]] = {}
    caches: dict[str, int] = dict(deja_caches or {})
    erreurs_cachees = {chemin for chemin, n in caches.items() if n > 0}
    for probleme in problems:
        chemin = probleme.position.chemin
        liste = gardes.setdefault(chemin, [])
        if len(liste) < limite:
            liste.append(probleme)
        else:
            caches[chemin] = caches.get(chemin, 0) + 1
            if probleme.gravite is Gravite.ERREUR:
                erreurs_cachees.add(chemin)
    restants = {chemin: len(liste) for chemin, liste in gardes.items()}
    resultat: list[Probleme] = []
    for probleme in problems:
        chemin = probleme.position.chemin
        if restants.get(chemin, 0) == 0:
            continue
        resultat.append(probleme)
        restants[chemin] -= 1
        if restants[chemin] == 0 and caches.get(chemin, 0) > 0:
            resultat.append(autres_problemes(chemin, caches[chemin], chemin in erreurs_cachees))
    return resultat
