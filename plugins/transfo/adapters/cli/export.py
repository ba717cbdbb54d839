"""``transfo export``: validates the model, then writes its figures as JSON or xlsx."""

from __future__ import annotations

import argparse
import sys

from transfo.analyse.valeur import analyser
from transfo.export.json_export import export_json_text
from transfo.export.xlsx_export import export_xlsx
from transfo.validate.runner import valider_dossier


def exporter(args: argparse.Namespace) -> int:
    resultat = valider_dossier(args.dossier)
    if resultat.erreurs:
        for probleme in resultat.erreurs:
            print(probleme.format(), file=sys.stderr)
        print(f"export impossible : {len(resultat.erreurs)} erreur(s) dans le modèle",
              file=sys.stderr)
        return 1
    analyse = analyser(resultat.audit)
    if args.format == "json":
        texte = export_json_text(resultat.audit, analyse)
        if args.sortie is None:
            sys.stdout.write(texte)
        else:
            args.sortie.write_text(texte, encoding="utf-8")
            print(f"{args.sortie} écrit", file=sys.stderr)
        return 0
    if args.sortie is None:
        print("transfo export xlsx : précisez le fichier à écrire avec -o FICHIER.xlsx",
              file=sys.stderr)
        return 2
    export_xlsx(resultat.audit, analyse, args.sortie)
    print(f"{args.sortie} écrit", file=sys.stderr)
    return 0
