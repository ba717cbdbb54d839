"""``transfo export``: validates the model, then writes its figures as JSON or xlsx.

``--public`` (or ``TRANSFO_PUBLIC=1``) exports the public version only, computed from the
public model as the public site is; ``--interne`` forces the full version."""

from __future__ import annotations

import argparse
import sys

from transfo.analyse.valeur import analyser
from transfo.export.json_export import export_json_text
from transfo.export.xlsx_export import export_xlsx
from transfo.model.visibilite import public_demande, version_publique
from transfo.validate.runner import valider_dossier


def exporter(args: argparse.Namespace) -> int:
    resultat = valider_dossier(args.dossier)
    if resultat.erreurs:
        for probleme in resultat.erreurs:
            print(probleme.format(), file=sys.stderr)
        print(f"export impossible : {len(resultat.erreurs)} erreur(s) dans le modèle",
              file=sys.stderr)
        return 1
    public = public_demande() if args.public is None else args.public
    audit = version_publique(resultat.audit) if public else resultat.audit
    analyse = analyser(audit)
    if args.format == "json":
        texte = export_json_text(audit, analyse)
        if args.sortie is None:
            sys.stdout.write(texte)
        else:
            args.sortie.write_text(texte, encoding="utf-8")
            print(f"{args.sortie} écrit" + (" (version publique)" if public else ""),
                  file=sys.stderr)
        return 0
    if args.sortie is None:
        print("transfo export xlsx : précisez le fichier à écrire avec -o FICHIER.xlsx",
              file=sys.stderr)
        return 2
    export_xlsx(audit, analyse, args.sortie, public=public)
    print(f"{args.sortie} écrit" + (" (version publique)" if public else ""), file=sys.stderr)
    return 0
