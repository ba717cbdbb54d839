"""The ``transfo`` command: validate the model, scaffold entries, write schemas, export figures.

Exit codes: 0 clean, 1 the model has errors, 2 the command was misused.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from transfo import __version__
from transfo.adapters.cli import commandes
from transfo.adapters.cli.francais import Formateur, installer

DOSSIER_DEFAUT = Path("processes")


def _parser() -> argparse.ArgumentParser:
    installer()
    parser = argparse.ArgumentParser(
        prog="transfo",
        formatter_class=Formateur,
        description="L'audit de transformation en code : valider le modèle YAML, créer des "
        "entrées, écrire les schémas de l'éditeur et exporter les chiffres.",
        epilog="Exemples :\n"
        "  transfo validate                     vérifie processes/\n"
        "  transfo new processus P-SOL-PCH --macroprocessus MP-SOL-AUTONOMIE\n"
        "  transfo export xlsx -o audit.xlsx\n\n"
        "Codes de sortie : 0 sans erreur, 1 erreurs dans le modèle, 2 commande mal employée.",
    )
    parser.add_argument("--version", action="version", version=f"transfo {__version__}",
                        help="affiche la version et quitte")
    sous = parser.add_subparsers(dest="commande", metavar="COMMANDE", title="commandes")

    valider = sous.add_parser(
        "validate", help="vérifie tout le modèle et liste chaque problème",
        formatter_class=Formateur,
        description="Charge tous les fichiers du modèle et signale chaque problème, trié, sous "
        "la forme fichier:ligne:colonne: message — indice.",
    )
    valider.add_argument("dossier", nargs="?", type=Path, default=DOSSIER_DEFAUT,
                         help="dossier du modèle (défaut : processes/)")
    valider.add_argument("--format", choices=["texte", "json", "github", "gitlab"],
                         default="texte",
                         help="texte (défaut), json pour la CI, github (annotations "
                         "::error), gitlab (rapport Code Quality)")
    valider.add_argument("--strict", action="store_true",
                         help="les avertissements font aussi échouer la commande")
    valider.set_defaults(action=commandes.valider)

    nouveau = sous.add_parser(
        "new", help="crée un fichier commenté, valide, prêt à compléter",
        formatter_class=Formateur,
        description="Écrit un nouveau fichier à partir d'un modèle commenté ; ne remplace "
        "jamais un fichier existant.",
    )
    nouveau.add_argument("genre", choices=["processus", "chantier", "macroprocessus"],
                         help="ce que l'on crée")
    nouveau.add_argument("id", help="identifiant de la nouvelle entité (ex. P-SOL-PCH)")
    nouveau.add_argument("--nom", help="nom de l'entité (sinon à compléter)")
    nouveau.add_argument("--macroprocessus", metavar="MP-…",
                         help="macroprocessus du processus (obligatoire pour un processus)")
    nouveau.add_argument("--direction", metavar="DIR-…",
                         help="direction (défaut : la première du référentiel)")
    nouveau.add_argument("--famille", choices=["pilotage", "realisation", "support"],
                         default="realisation", help="famille d'un macroprocessus")
    nouveau.add_argument("--dossier", type=Path, default=DOSSIER_DEFAUT,
                         help="dossier du modèle (défaut : processes/)")
    nouveau.set_defaults(action=commandes.nouveau)

    schema = sous.add_parser(
        "schema", help="écrit les schémas JSON (draft-07) utilisés par l'éditeur",
        formatter_class=Formateur,
        description="Écrit un schéma JSON par genre de fichier ; avec --verifier, échoue si "
        "les schémas enregistrés ne sont plus à jour.",
    )
    schema.add_argument("--sortie", type=Path, default=Path("schemas"),
                        help="dossier des schémas (défaut : schemas/)")
    schema.add_argument("--verifier", action="store_true",
                        help="n'écrit rien ; code 1 si un schéma diffère")
    schema.set_defaults(action=commandes.schema)

    exporter = sous.add_parser(
        "export", help="exporte le modèle et tous ses chiffres (json ou xlsx)",
        formatter_class=Formateur,
        description="json : tout le modèle avec chaque chiffre dérivé ; xlsx : registre des "
        "gains, chantiers et flux annuels, analyse des écarts.",
    )
    exporter.add_argument("format", choices=["json", "xlsx"], help="format de l'export")
    exporter.add_argument("dossier", nargs="?", type=Path, default=DOSSIER_DEFAUT,
                          help="dossier du modèle (défaut : processes/)")
    exporter.add_argument("-o", "--sortie", type=Path,
                          help="fichier à écrire (json : défaut sortie standard)")
    exporter.set_defaults(action=commandes.exporter)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if getattr(args, "action", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.action(args))
    except KeyboardInterrupt:
        print("interrompu", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
