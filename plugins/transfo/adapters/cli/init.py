"""``transfo init``: gives an audit repository its CI (GitHub Actions and GitLab CI)."""

from __future__ import annotations

import argparse
import sys
from importlib.resources import files
from pathlib import Path

from transfo.ecriture import ErreurEcriture, ecrire_atomique, preparer_dossier

MODELES = {
    "github": (".github/workflows/audit.yml", "github.yml"),
    "gitlab": (".gitlab-ci.yml", "gitlab.yml"),
}


def initialiser(args: argparse.Namespace) -> int:
    racine: Path = args.depot
    if not racine.is_dir():
        print(f"transfo init : dossier introuvable « {racine} »", file=sys.stderr)
        return 2
    ecrits = 0
    echecs = 0
    for forge in args.forge or list(MODELES):
        destination, source = MODELES[forge]
        cible = racine / destination
        try:
            preparer_dossier(racine, cible)
            if cible.exists():
                print(f"{cible} existe déjà : rien n'est écrasé", file=sys.stderr)
                continue
            contenu = files("transfo.adapters.cli").joinpath("templates", "ci", source)
            ecrire_atomique(cible, contenu.read_bytes(), nouveau=True)
        except ErreurEcriture as exc:
            print(f"transfo init : {exc}", file=sys.stderr)
            echecs += 1
            continue
        print(f"{cible} écrit")
        ecrits += 1
    if echecs:
        return 1
    return 0 if ecrits or args.forge is None else 1
