"""``transfo review``: records that gains or chantiers were reviewed against what they
depend on today."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from transfo.analyse.revue import Empreintes
from transfo.load.edition import RefusEdition, ecrire_revues
from transfo.validate.runner import valider_dossier
from transfo.validate.schema_errors import suggestion


def _date(texte: str | None) -> date | None:
    if texte is None:
        return date.today()
    try:
        return date.fromisoformat(texte) if len(texte) == 10 else None
    except ValueError:
        return None


def revoir(args: argparse.Namespace) -> int:
    le = _date(args.date)
    if le is None:
        print(f"transfo review : date invalide « {args.date} » — écrivez-la AAAA-MM-JJ, "
              "par exemple --date 2026-03-31", file=sys.stderr)
        return 2
    if not args.dossier.is_dir():
        print(f"transfo review : dossier introuvable « {args.dossier} » — indiquez le dossier "
              "du modèle avec --dossier (par défaut processes/)", file=sys.stderr)
        return 2
    resultat = valider_dossier(args.dossier)
    if resultat.erreurs:
        for p in resultat.erreurs:
            print(p.format(), file=sys.stderr)
        print("transfo review : corrigez d'abord les erreurs du modèle", file=sys.stderr)
        return 1
    audit = resultat.audit
    inconnus = [i for i in args.ids if i not in audit.gains and i not in audit.chantiers]
    for ident in inconnus:
        indice = suggestion(ident, [*audit.gains, *audit.chantiers])
        print(f"transfo review : ni gain ni chantier « {ident} »"
              + (f" — {indice}" if indice else ""), file=sys.stderr)
    if inconnus:
        return 2
    calcul = Empreintes(audit)
    ids = list(dict.fromkeys(args.ids))
    sources = {ident: audit.sources[ident] for ident in ids}
    try:
        ecrire_revues(
            [(Path(s.fichier), s.chemin, ident, le, calcul.de(ident))
             for ident, s in sources.items()],
            {Path(s.fichier): s.document.donnees for s in sources.values()},
        )
    except (RefusEdition, OSError) as exc:
        print(f"transfo review : {exc}", file=sys.stderr)
        return 1
    for ident, source in sources.items():
        print(f"{ident} : revu le {le.isoformat()} ({source.fichier})")
    return 0
