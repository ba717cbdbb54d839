"""``transfo migrate``: upgrades a model written in an earlier format, in place."""

from __future__ import annotations

import argparse
import sys

from transfo.load.migration import migrer


def migrer_modele(args: argparse.Namespace) -> int:
    if not args.dossier.is_dir():
        print(f"transfo migrate : dossier introuvable « {args.dossier} » — indiquez le "
              "dossier qui contient referentiel.yml (par défaut processes/)", file=sys.stderr)
        return 2
    compte = migrer(args.dossier, ecrire=not args.essai)
    for erreur in compte.erreurs:
        print(erreur, file=sys.stderr)
    if compte.erreurs:
        print("transfo migrate : corrigez d'abord ces fichiers illisibles", file=sys.stderr)
        return 1
    if not compte.fichiers:
        print("Le modèle est déjà au format courant : rien à changer.")
        for ligne in compte.decisions:
            print(f"  reste à décider : {ligne}")
        return 0
    verbe = "changerait" if args.essai else "a changé"
    print(f"Ce que la migration {verbe} ({len(compte.fichiers)} fichiers) :")
    for ligne in compte.changements:
        print(f"  {ligne}")
    if compte.decisions:
        print(f"À décider par vous ({len(compte.decisions)}) :")
        for ligne in compte.decisions:
            print(f"  {ligne}")
    print("Puis : transfo validate --strict " + str(args.dossier))
    return 0
