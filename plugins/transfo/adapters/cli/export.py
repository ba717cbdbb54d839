"""``transfo export``: validates the model, then writes its figures as JSON, xlsx or ODS, its
processes as BPMN 2.0, or its public content as open data (CSV and datapackage.json).

``--public`` (or ``TRANSFO_PUBLIC=1``) exports the public version only, computed from the
public model as the public site is; ``--interne`` forces the full version. Open data are
always the public version."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from transfo.adapters.cli.communs import dire_les_erreurs
from transfo.analyse.valeur import analyser
from transfo.export.json_export import export_json_text
from transfo.export.xlsx_export import export_xlsx
from transfo.model.visibilite import public_demande, version_publique
from transfo.validate.runner import valider_dossier

DOSSIERS = {"bpmn", "donnees"}
"""Formats written as a folder; the others are one file."""

_EXEMPLES = {"ods": "audit.ods", "bpmn": "bpmn/", "donnees": "donnees/"}


def _sortie_refusee(args: argparse.Namespace) -> str | None:
    """Why the output path cannot be used, as a one-line French message; None if it can."""
    fmt = args.format
    sortie: Path | None = args.sortie
    genre = "dossier" if fmt in DOSSIERS else "fichier"
    if sortie is None:
        return (f"transfo export {fmt} : précisez le {genre} à écrire avec "
                f"-o {_EXEMPLES[fmt]}")
    absolue = sortie.resolve()
    modele = Path(args.dossier).resolve()
    if absolue == modele or modele in absolue.parents:
        return (f"transfo export {fmt} : « {sortie} » est dans le dossier du modèle "
                f"({args.dossier}) — écrivez l'export ailleurs, le modèle ne contient que "
                "des YAML")
    if not absolue.parent.is_dir():
        return (f"transfo export {fmt} : le dossier « {sortie.parent} » n'existe pas — "
                "créez-le d'abord")
    if sortie.exists():
        if (fmt in DOSSIERS) != sortie.is_dir():
            attendu = "un dossier" if fmt in DOSSIERS else "un fichier"
            return (f"transfo export {fmt} : « {sortie} » existe et n'est pas {attendu} — "
                    "choisissez un autre chemin")
        if not args.force:
            return (f"transfo export {fmt} : « {sortie} » existe déjà — ajoutez --force "
                    "pour le remplacer")
    return None


def exporter(args: argparse.Namespace) -> int:
    if args.format in {"ods", *DOSSIERS}:
        refus = _sortie_refusee(args)
        if refus:
            print(refus, file=sys.stderr)
            return 2
    resultat = valider_dossier(args.dossier)
    if dire_les_erreurs(resultat, f"export impossible : {len(resultat.erreurs)} erreur(s) "
                        "dans le modèle"):
        return 1
    public = public_demande() if args.public is None else args.public
    audit = version_publique(resultat.audit) if public else resultat.audit
    if args.format == "donnees":
        from transfo.ecriture import ecrire_dossier_atomique
        from transfo.export.donnees_export import export_donnees

        ecrire_dossier_atomique(args.sortie,
                                lambda dossier: export_donnees(resultat.audit, dossier))
        print(f"{args.sortie}/ écrit (données publiques)", file=sys.stderr)
        return 0
    if args.format == "bpmn":
        from transfo.ecriture import ecrire_dossier_atomique
        from transfo.export.bpmn_export import export_bpmn

        ecrire_dossier_atomique(args.sortie, lambda dossier: export_bpmn(audit, dossier))
        print(f"{args.sortie}/ écrit ({2 * len(audit.processus)} fichiers BPMN)",
              file=sys.stderr)
        return 0
    analyse = analyser(audit)
    if args.format == "ods":
        from transfo.ecriture import ecrire_atomique
        from transfo.export.ods_export import export_ods

        ecrire_atomique(args.sortie, export_ods(audit, analyse, public=public))
        print(f"{args.sortie} écrit" + (" (version publique)" if public else ""),
              file=sys.stderr)
        return 0
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
