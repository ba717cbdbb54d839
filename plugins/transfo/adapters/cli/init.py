"""``transfo init``: gives an audit repository its CI (GitHub Actions and GitLab CI)."""

from __future__ import annotations

import argparse
import sys
from importlib.resources import files
from pathlib import Path

MODELES = {
    "github": (".github/workflows/audit.yml", "github.yml"),
    "gitlab": (".gitlab-ci.yml", "gitlab.yml"),
}


def initialiser(args: argparse.Namespace) -> int:
    racine: Path = args.depot
    ecrits = 0
    for forge in args.forge or list(MODELES):
        destination, source = MODELES[forge]
        cible = racine / destination
        if cible.exists():
            print(f"{cible} existe déjà : rien n'est écrasé", file=sys.stderr)
            continue
        cible.parent.mkdir(parents=True, exist_ok=True)
        contenu = files("transfo.adapters.cli").joinpath("templates", "ci", source).read_text(
            encoding="utf-8")
        cible.write_text(contenu, encoding="utf-8")
        print(f"{cible} écrit")
        ecrits += 1
    return 0 if ecrits or args.forge is None else 1
