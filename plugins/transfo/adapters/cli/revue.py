"""``transfo review``: records that gains or chantiers were reviewed against what they
depend on today."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from transfo.adapters.cli.communs import audit_sans_erreur, date_invalide, date_iso
from transfo.analyse.revue import Empreintes
from transfo.load.discovery import FichierModele, lire
from transfo.load.edition import RefusEdition, ecrire_revues
from transfo.load.yaml_loader import Document
from transfo.validate.schema_errors import suggestion


def revoir(args: argparse.Namespace) -> int:
    le = date.today() if args.date is None else date_iso(args.date)
    if le is None:
        return date_invalide("review", args.date, "--date 2026-03-31")
    lus: dict[str, Any] = {}  # each file's data when validated: written only if unchanged

    def charger(fichier: FichierModele) -> Document:
        document = lire(fichier)
        lus[document.chemin] = document.donnees
        return document

    audit = audit_sans_erreur("review", args.dossier, "avec --dossier", charger)
    if isinstance(audit, int):
        return audit
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
            {Path(s.fichier): lus[s.fichier] for s in sources.values()},
        )
    except (RefusEdition, OSError) as exc:
        print(f"transfo review : {exc}", file=sys.stderr)
        return 1
    for ident, source in sources.items():
        print(f"{ident} : revu le {le.isoformat()} ({source.fichier})")
    return 0
