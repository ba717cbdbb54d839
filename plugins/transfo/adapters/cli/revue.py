"""``transfo review``: records that gains or chantiers were reviewed against what they
depend on today."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from transfo.analyse.revue import Empreintes
from transfo.load.edition import ecrire_revue
from transfo.validate.runner import valider_dossier
from transfo.validate.schema_errors import suggestion


def revoir(args: argparse.Namespace) -> int:
    resultat = valider_dossier(args.dossier)
    if resultat.erreurs:
        for p in resultat.erreurs:
            print(p.format(), file=sys.stderr)
        print("transfo review : corrigez d'abord les erreurs du modèle", file=sys.stderr)
        return 1
    audit = resultat.audit
    le = date.fromisoformat(args.date) if args.date else date.today()
    inconnus = [i for i in args.ids if i not in audit.gains and i not in audit.chantiers]
    for ident in inconnus:
        indice = suggestion(ident, [*audit.gains, *audit.chantiers])
        print(f"transfo review : ni gain ni chantier « {ident} »"
              + (f" — {indice}" if indice else ""), file=sys.stderr)
    if inconnus:
        return 2
    calcul = Empreintes(audit)
    for ident in args.ids:
        source = audit.sources[ident]
        try:
            ecrire_revue(Path(source.fichier), source.chemin, le, calcul.de(ident))
        except ValueError as exc:
            print(f"transfo review : {exc}", file=sys.stderr)
            return 1
        print(f"{ident} : revu le {le.isoformat()} ({source.fichier})")
    return 0
