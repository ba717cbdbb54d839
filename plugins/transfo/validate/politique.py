"""The one severity policy, shared by the CLI and the mkdocs plugin: from a rule's default
severity (:mod:`transfo.validate.regles`) to what a command shows and how it ends.

- the rule's default severity, or its severity while the site is built when the catalogue
  gives one (a stale review is only an information there);
- ``--strict``: warnings fail the command as errors do (they are still shown as warnings,
  so that the report reads the same with or without it; ``mkdocs build --strict`` does
  the same with the warnings the plugin logs);
- ``--ignorer CODE`` (the plugin's ``ignorer`` option): the warnings of that rule are
  neither shown nor counted. An error cannot be ignored: a broken reference or a wrong
  figure must not be hidden from the site.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from transfo.problems import Gravite, Probleme
from transfo.validate.regles import REGLES


@dataclass(frozen=True)
class Politique:
    strict: bool = False
    """Warnings fail the command (``transfo validate --strict``)."""
    ignorees: frozenset[str] = frozenset()
    """Codes whose warnings are hidden; checked by :func:`codes_a_ignorer`."""
    site: bool = False
    """The site is being built: a rule's ``gravite_au_site`` applies."""


def gravite(probleme: Probleme, politique: Politique) -> Gravite | None:
    """The severity ``probleme`` is shown with, or None when it is hidden."""
    regle = REGLES[probleme.code]
    if probleme.code in politique.ignorees and regle.peut_etre_ignoree:
        return None
    resultat = probleme.gravite
    if politique.site and regle.gravite_au_site is not None:
        resultat = regle.gravite_au_site
    return resultat


def echoue(problemes: Iterable[Probleme], politique: Politique) -> bool:
    """Whether the command fails: on an error, or on a warning under ``--strict``."""
    fatales = {Gravite.ERREUR, Gravite.AVERTISSEMENT} if politique.strict else {Gravite.ERREUR}
    return any(p.gravite in fatales for p in problemes)


def appliquer(problemes: Iterable[Probleme], politique: Politique) -> list[Probleme]:
    """The problems as ``politique`` shows them, in the same order, the hidden ones left
    out."""
    montres = []
    for probleme in problemes:
        nouvelle = gravite(probleme, politique)
        if nouvelle is None:
            continue
        montres.append(probleme if nouvelle is probleme.gravite
                       else dataclasses.replace(probleme, gravite=nouvelle))
    return montres


def codes_a_ignorer(codes: Iterable[str]) -> tuple[frozenset[str], list[str]]:
    """The codes asked for with ``--ignorer``, and one French message for each that cannot be
    ignored: unknown (with the closest codes), or the code of an error."""
    gardes: set[str] = set()
    refus: list[str] = []
    for code in codes:
        regle = REGLES.get(code)
        if regle is None:
            proches = difflib.get_close_matches(code, list(REGLES), n=3, cutoff=0.6)
            refus.append(f"code de règle inconnu « {code} » — "
                         + ("codes proches : " + ", ".join(f"« {p} »" for p in proches)
                            + " ; " if proches else "")
                         + "la page « Contribuer » liste tous les codes")
        elif not regle.peut_etre_ignoree:
            refus.append(f"« {code} » est une règle de gravité « {regle.gravite_par_defaut} », "
                         "qui ne s'ignore pas — seuls les avertissements peuvent l'être")
        else:
            gardes.add(code)
    return frozenset(gardes), refus
