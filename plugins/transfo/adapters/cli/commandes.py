"""What each ``transfo`` sub-command does; the parsing lives in ``main``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from transfo.adapters.cli import rapports
from transfo.adapters.cli.nouveau import creer
from transfo.model.json_schema import schema_files
from transfo.validate.politique import Politique, codes_a_ignorer, echoue
from transfo.validate.runner import valider_dossier


def valider(args: argparse.Namespace) -> int:
    if not args.dossier.is_dir():
        print(f"transfo validate : dossier introuvable « {args.dossier} » — indiquez le "
              "dossier qui contient referentiel.yml (par défaut processes/)", file=sys.stderr)
        return 2
    ignorees, refus = codes_a_ignorer(args.ignorer)
    for message in refus:
        print(f"transfo validate : {message}", file=sys.stderr)
    if refus:
        return 2
    politique = Politique(strict=args.strict, ignorees=ignorees)
    resultat = valider_dossier(args.dossier, politique=politique)
    print(rapports.FORMATS[args.format](resultat.problemes, resultat.fichiers))
    return 1 if echoue(resultat.problemes, politique) else 0


def schema(args: argparse.Namespace) -> int:
    sortie: Path = args.sortie
    perimes = []
    for nom, contenu in schema_files().items():
        cible = sortie / nom
        actuel = cible.read_text(encoding="utf-8") if cible.exists() else None
        if actuel == contenu:
            continue
        perimes.append(str(cible))
        if not args.verifier:
            sortie.mkdir(parents=True, exist_ok=True)
            cible.write_text(contenu, encoding="utf-8")
    if args.verifier:
        for chemin in perimes:
            print(f"{chemin}: schéma périmé — lancez « transfo schema »", file=sys.stderr)
        return 1 if perimes else 0
    print(f"{len(perimes)} schéma(s) écrit(s) dans {sortie}/" if perimes
          else f"schémas déjà à jour dans {sortie}/")
    return 0


def nouveau(args: argparse.Namespace) -> int:
    return creer(args)


def exporter(args: argparse.Namespace) -> int:
    from transfo.adapters.cli.export import exporter as faire

    return faire(args)


def difference(args: argparse.Namespace) -> int:
    from transfo.adapters.cli.diff import comparer_commande

    return comparer_commande(args)


def revoir(args: argparse.Namespace) -> int:
    from transfo.adapters.cli.revue import revoir as faire

    return faire(args)


def planifier(args: argparse.Namespace) -> int:
    from transfo.adapters.cli.planifier import planifier_commande

    return planifier_commande(args)


def initialiser(args: argparse.Namespace) -> int:
    from transfo.adapters.cli.init import initialiser as faire

    return faire(args)


def pdf(args: argparse.Namespace) -> int:
    from transfo.adapters.cli.pdf import imprimer

    return imprimer(args)
