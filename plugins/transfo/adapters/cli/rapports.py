"""Ways to print a validation result: for people, for CI tools, for GitHub and GitLab."""

from __future__ import annotations

import hashlib
import json

from transfo.problems import Gravite, Probleme


def _compte(problemes: list[Probleme], gravite: Gravite) -> int:
    """How many problems of that severity, the unlisted ones of a capped file included (they
    are counted under the severity of the line that stands for them)."""
    return sum(p.nombre for p in problemes if p.gravite is gravite)


def _resume(problemes: list[Probleme], fichiers: int) -> str:
    erreurs = _compte(problemes, Gravite.ERREUR)
    avert = _compte(problemes, Gravite.AVERTISSEMENT)
    return (
        f"{erreurs} erreur{'s' if erreurs > 1 else ''}, "
        f"{avert} avertissement{'s' if avert > 1 else ''} "
        f"({fichiers} fichier{'s' if fichiers > 1 else ''} lu{'s' if fichiers > 1 else ''})"
    )


def texte(problemes: list[Probleme], fichiers: int) -> str:
    lignes = [p.format() for p in problemes]
    lignes.append(_resume(problemes, fichiers))
    return "\n".join(lignes)


def json_ci(problemes: list[Probleme], fichiers: int) -> str:
    return json.dumps(
        {
            "fichiers": fichiers,
            "erreurs": _compte(problemes, Gravite.ERREUR),
            "avertissements": _compte(problemes, Gravite.AVERTISSEMENT),
            "problemes": [p.as_dict() for p in problemes],
        },
        ensure_ascii=False,
        indent=2,
    )


NIVEAUX_GITHUB = {Gravite.ERREUR: "error", Gravite.AVERTISSEMENT: "warning",
                  Gravite.INFORMATION: "notice"}
GRAVITES_GITLAB = {Gravite.ERREUR: "major", Gravite.AVERTISSEMENT: "minor",
                   Gravite.INFORMATION: "info"}
"""Code Quality severities; ``check_name`` is ``transfo/`` and the rule's code, the same
codes as ``--ignorer`` and the page « Contribuer »."""


def _echapper_github(texte: str) -> str:
    """A workflow command's message, as GitHub's own toolkit escapes it (``escapeData``):
    a line break would otherwise start a new command."""
    return texte.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _propriete_github(texte: object) -> str:
    """A workflow command's property (``file=``, ``title=``…), as the toolkit escapes it
    (``escapeProperty``): « : » and « , » also end a property."""
    return _echapper_github(str(texte)).replace(":", "%3A").replace(",", "%2C")


def github(problemes: list[Probleme], fichiers: int) -> str:
    """Workflow commands that GitHub Actions turns into annotations on the YAML lines."""
    lignes = []
    for p in problemes:
        niveau = NIVEAUX_GITHUB[p.gravite]
        pos = p.position
        message = p.message + (f" — {p.indice}" if p.indice else "")
        proprietes = ",".join(
            f"{nom}={_propriete_github(valeur)}"
            for nom, valeur in (("file", pos.chemin), ("line", pos.ligne),
                                ("col", pos.colonne), ("title", "transfo"))
        )
        lignes.append(f"::{niveau} {proprietes}::{_echapper_github(message)}")
    lignes.append(_resume(problemes, fichiers))
    return "\n".join(lignes)


def gitlab(problemes: list[Probleme], fichiers: int) -> str:
    """A Code Quality report: merge requests show each problem on its line."""
    rapport = []
    for p in problemes:
        empreinte = hashlib.sha256(
            f"{p.position.chemin}:{p.code}:{p.message}".encode()
        ).hexdigest()
        rapport.append(
            {
                "description": p.message + (f" — {p.indice}" if p.indice else ""),
                "check_name": f"transfo/{p.code}",
                "fingerprint": empreinte,
                "severity": GRAVITES_GITLAB[p.gravite],
                "location": {"path": p.position.chemin, "lines": {"begin": p.position.ligne}},
            }
        )
    return json.dumps(rapport, ensure_ascii=False, indent=2)


FORMATS = {"texte": texte, "json": json_ci, "github": github, "gitlab": gitlab}
