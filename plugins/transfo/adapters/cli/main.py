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
from transfo.adapters.cli.francais import Analyseur, installer
from transfo.adapters.cli.migration import migrer_modele
from transfo.constants import FAMILLES
from transfo.export.imprimable import PAGES_PAR_LOT
from transfo.model.genres import GENRES

DOSSIER_DEFAUT = Path("processes")


def _entier_positif(texte: str) -> int:
    try:
        valeur = int(texte)
    except ValueError:
        valeur = 0
    if valeur < 1:
        raise argparse.ArgumentTypeError(f"nombre entier positif attendu, pas « {texte} »")
    return valeur


def _dossier(parser: argparse.ArgumentParser, *, positionnel: bool = False) -> None:
    """The model folder, an argument of most commands."""
    if positionnel:
        parser.add_argument("dossier", nargs="?", type=Path, default=DOSSIER_DEFAUT,
                            help="dossier du modèle (défaut : processes/)")
    else:
        parser.add_argument("--dossier", type=Path, default=DOSSIER_DEFAUT,
                            help="dossier du modèle (défaut : processes/)")


def _generer(args: argparse.Namespace) -> int:
    from transfo.adapters.cli.generer import generer

    return generer(args)


def _parser() -> argparse.ArgumentParser:
    installer()
    parser = Analyseur(
        prog="transfo",
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
        description="Charge tous les fichiers du modèle et signale chaque problème, trié, sous "
        "la forme fichier:ligne:colonne: message — indice.",
    )
    _dossier(valider, positionnel=True)
    valider.add_argument("--format", choices=["texte", "json", "github", "gitlab"],
                         default="texte",
                         help="texte (défaut), json pour la CI, github (annotations "
                         "::error), gitlab (rapport Code Quality)")
    valider.add_argument("--strict", action="store_true",
                         help="les avertissements font aussi échouer la commande")
    valider.add_argument("--ignorer", action="append", default=[], metavar="CODE",
                         help="n'affiche ni ne compte les avertissements de cette règle "
                         "(répétable ; la page « Contribuer » liste les codes ; une erreur ne "
                         "s'ignore pas)")
    valider.set_defaults(action=commandes.valider)

    nouveau = sous.add_parser(
        "new", help="crée un fichier commenté, valide, prêt à compléter",
        description="Écrit un nouveau fichier à partir d'un modèle commenté ; ne remplace "
        "jamais un fichier existant.",
    )
    nouveau.add_argument("genre", choices=[g.code for g in GENRES if g.gabarit],
                         help="ce que l'on crée")
    nouveau.add_argument("id", help="identifiant de la nouvelle entité (ex. P-SOL-PCH)")
    nouveau.add_argument("--nom", help="nom de l'entité (sinon à compléter)")
    nouveau.add_argument("--macroprocessus", metavar="MP-…",
                         help="macroprocessus du processus (obligatoire pour un processus)")
    nouveau.add_argument("--direction", metavar="DIR-…",
                         help="direction (défaut : la première du référentiel)")
    nouveau.add_argument("--famille", choices=list(FAMILLES),
                         default="realisation", help="famille d'un macroprocessus")
    _dossier(nouveau)
    nouveau.set_defaults(action=commandes.nouveau)

    schema = sous.add_parser(
        "schema", help="écrit les schémas JSON (draft-07) utilisés par l'éditeur",
        description="Écrit un schéma JSON par genre de fichier ; avec --verifier, échoue si "
        "les schémas enregistrés ne sont plus à jour.",
    )
    schema.add_argument("--sortie", type=Path, default=Path("schemas"),
                        help="dossier des schémas (défaut : schemas/)")
    schema.add_argument("--verifier", action="store_true",
                        help="n'écrit rien ; code 1 si un schéma diffère")
    schema.set_defaults(action=commandes.schema)

    exporter = sous.add_parser(
        "export", help="exporte le modèle et ses chiffres (json, xlsx, ods, bpmn, donnees)",
        description="json : tout le modèle avec chaque chiffre dérivé ; xlsx et ods : registre "
        "des gains, chantiers et flux annuels, analyse des écarts ; bpmn : un fichier BPMN 2.0 "
        "par processus et version ; donnees : CSV et datapackage.json pour l'open data.",
    )
    exporter.add_argument("format", choices=["json", "xlsx", "ods", "bpmn", "donnees"],
                          help="format de l'export")
    _dossier(exporter, positionnel=True)
    exporter.add_argument("-o", "--sortie", type=Path,
                          help="fichier ou dossier (bpmn, donnees) à écrire "
                          "(json : défaut sortie standard)")
    exporter.add_argument("--force", action="store_true",
                          help="remplace le fichier ou le dossier s'il existe (ods, bpmn, donnees)")
    version = exporter.add_mutually_exclusive_group()
    version.add_argument("--public", dest="public", action="store_true", default=None,
                         help="version publique : sans rien de ce qui est marqué "
                         "« visibilite: interne », chiffres recalculés sans lui (défaut avec "
                         "TRANSFO_PUBLIC=1)")
    version.add_argument("--interne", dest="public", action="store_false",
                         help="version interne, complète, avec une colonne « Visibilité » "
                         "dans le classeur (défaut)")
    exporter.set_defaults(action=commandes.exporter)
    pdf = sous.add_parser(
        "pdf", help="écrit le document complet en PDF paginé (couverture, sommaire numéroté)",
        description="Construit le site dans un dossier temporaire, puis imprime sa page "
        "« Document complet » avec Chromium headless : couverture (collectivité, date de "
        "l'état des lieux), sommaire avec numéros de page, en-tête courant, « page X / Y », "
        "diagrammes en vectoriel, PDF balisé en français. Un document de plus de "
        f"{PAGES_PAR_LOT} pages du site est mis en page par lots, deux à la fois.",
    )
    _dossier(pdf, positionnel=True)
    pdf.add_argument("-o", "--sortie", type=Path, help="fichier PDF à écrire")
    pdf.add_argument("--config", type=Path, default=Path("mkdocs.yml"),
                     help="configuration du site (défaut : mkdocs.yml)")
    pdf.add_argument("--force", action="store_true", help="remplace le fichier s'il existe")
    pdf.add_argument("--public", dest="public", action="store_true", default=None,
                     help="version publique, sans le contenu interne (défaut avec "
                     "TRANSFO_PUBLIC=1)")
    pdf.add_argument("--pages-par-lot", type=_entier_positif, default=PAGES_PAR_LOT,
                     metavar="N",
                     help=f"pages du site mises en page par un même Chromium (défaut : "
                     f"{PAGES_PAR_LOT}) ; au-delà, le document est mis en page par lots puis "
                     "assemblé, sans le balisage d'accessibilité ; baissez-le si la mémoire "
                     "manque (environ 1 Go pour 100 pages)")
    pdf.set_defaults(action=commandes.pdf)

    generation = sous.add_parser(
        "generer", help="écrit les pages générées, SVG, exports et navigation dans un dossier",
        description="Écrit dans DOSSIER la partie générée du site, celle que le greffon mkdocs "
        "donne à mkdocs : une page Markdown par entité et par section (DOSSIER/<page>.md), "
        "les diagrammes et graphiques SVG, les exports (JSON, xlsx, ods) et navigation.yml, "
        "la navigation de ces pages au format de la clé « nav: » de mkdocs.yml. Tout moteur "
        "qui lit du Markdown peut en construire le site, avec les pages écrites à la main de "
        "content/. Le dossier est écrit en entier ou pas du tout.",
        epilog="Exemples :\n  transfo generer genere/\n  transfo generer genere/ --public "
        "--force\n\nCodes de sortie : 0 dossier écrit, 1 erreurs dans le modèle ou génération "
        "impossible, 2 commande mal employée (sortie refusée).",
    )
    generation.add_argument("sortie", type=Path, metavar="DOSSIER",
                            help="dossier à écrire ; il ne peut pas être dans le modèle")
    generation.add_argument("--modele", type=Path, default=DOSSIER_DEFAUT,
                            help="dossier du modèle (défaut : processes/)")
    generation.add_argument("--force", action="store_true",
                            help="remplace en entier un dossier existant qui n'est pas vide")
    generation.add_argument("--public", dest="public", action="store_true", default=None,
                            help="version publique, sans le contenu interne (défaut avec "
                            "TRANSFO_PUBLIC=1)")
    generation.set_defaults(action=_generer)

    difference = sous.add_parser(
        "diff", help="ce qu'une modification change à l'audit (entités et chiffres)",
        description="Compare le modèle à deux révisions git (lues dans les objets git, sans "
        "toucher l'arbre de travail) ou dans deux dossiers : entités ajoutées, supprimées, "
        "modifiées (champ par champ), et effet sur la VAN, les délais de retour, les flux, "
        "les ETP, les dates et les dépendances. Sans TETE : l'arbre de travail.",
        epilog="Exemples :\n  transfo diff main\n  transfo diff HEAD~1 HEAD --format json\n"
        "  transfo diff ancien/processes processes",
    )
    difference.add_argument("base", help="révision git (main, HEAD~1…) ou dossier du modèle")
    difference.add_argument("tete", nargs="?", help="révision ou dossier (défaut : l'arbre de "
                            "travail)")
    _dossier(difference)
    difference.add_argument("--format", choices=["markdown", "json"], default="markdown",
                            help="markdown (commentaire de revue, défaut) ou json")
    difference.add_argument("--apercu", metavar="URL",
                            help="adresse du site d'aperçu, pour relier chaque entité à sa page")
    difference.add_argument("-o", "--sortie", type=Path, help="fichier à écrire")
    difference.set_defaults(action=commandes.difference)

    revue = sous.add_parser(
        "review", help="note qu'un gain ou un chantier a été revu, avec ses dépendances",
        description="Écrit dans le fichier YAML de chaque gain ou chantier la date de revue "
        "et l'empreinte de ce dont il dépend (processus, paramètres, dates et coûts…). "
        "Quand l'une de ces dépendances change, « transfo validate » avertit qu'il faut le "
        "revoir et dit ce qui a changé.",
    )
    revue.add_argument("ids", nargs="+", metavar="ID", help="gains (G-…) ou chantiers (C-…)")
    revue.add_argument("--date", help="date de la revue, AAAA-MM-JJ (défaut : aujourd'hui)")
    _dossier(revue)
    revue.set_defaults(action=commandes.revoir)

    migration = sous.add_parser(
        "migrate", help="met à jour un modèle écrit dans un format antérieur",
        description="Met le modèle au format courant en ne touchant que les lignes à changer "
        "(commentaires, ordre des clés et mise en forme gardés) ; affiche ce qui a changé et "
        "ce qui reste à décider.",
    )
    _dossier(migration, positionnel=True)
    migration.add_argument("--essai", action="store_true",
                           help="n'écrit rien ; dit seulement ce qui changerait")
    migration.set_defaults(action=migrer_modele)

    planification = sous.add_parser(
        "planifier", help="propose des dates de chantiers qui tiennent la capacité des équipes",
        description="Propose un nouvel ordonnancement des chantiers qui respecte leurs "
        "dépendances (un chantier commence après la fin de ceux dont il dépend, au "
        "chevauchement près que le calendrier du référentiel admet, jamais avant leur début) "
        "et la capacité de chaque équipe à chaque trimestre, et qui avance la valeur : les "
        "chantiers sont placés un à un, celui qui rapporte le plus par jour-personne d'abord "
        "(VAN socio-économique divisée par sa charge totale ; à égalité, par identifiant), "
        "chacun à la première date qui tient la capacité. Un chantier se déplace par mois "
        "entiers et garde sa durée ; sans --des, il ne commence jamais plus tôt que prévu. "
        "Affiche la liste des changements de dates et la pointe de charge de chaque équipe "
        "avant et après. Ne modifie jamais le modèle : reportez vous-même les dates retenues.",
        epilog="Exemples :\n  transfo planifier\n  transfo planifier --des 2026-07-01\n\n"
        "Codes de sortie : 0 une proposition existe, 1 modèle en erreur ou aucun calendrier "
        "possible, 2 commande mal employée.",
    )
    _dossier(planification, positionnel=True)
    planification.add_argument(
        "--des", metavar="AAAA-MM-JJ",
        help="replanifie à partir de cette date : un chantier commencé avant garde ses "
        "dates, les autres peuvent commencer dès cette date")
    planification.set_defaults(action=commandes.planifier)

    init = sous.add_parser(
        "init", help="écrit la CI et les réglages de l'éditeur du dépôt d'audit",
        description="Écrit la CI (.github/workflows/audit.yml et .gitlab-ci.yml : validation "
        "avec annotations, construction stricte, commentaire « transfo diff » sur les "
        "demandes de fusion, aperçu du site, publication sur Pages) et l'éditeur : les "
        "schémas JSON dans schemas/, .vscode/settings.json qui associe chaque fichier du "
        "modèle à son schéma et .vscode/extensions.json qui recommande l'extension YAML de "
        "Red Hat. N'écrase aucun fichier : des réglages VS Code existants reçoivent les "
        "seules associations de schémas, le reste est gardé. Relancée, ne change rien.",
        epilog="Exemples :\n  transfo init\n  transfo init --forge gitlab --sans-editeur\n"
        "  transfo init --sans-ci\n\nCodes de sortie : 0 fichiers écrits ou déjà en place, "
        "1 un fichier refusé (réglages VS Code illisibles, lien symbolique…), rien n'étant "
        "alors écrit pour l'éditeur, ou la CI demandée par --forge déjà présente, "
        "2 commande mal employée.",
    )
    init.add_argument("depot", nargs="?", type=Path, default=Path("."),
                      help="racine du dépôt (défaut : le dossier courant)")
    quoi = init.add_mutually_exclusive_group()
    quoi.add_argument("--forge", action="append", choices=["github", "gitlab"],
                      help="une seule forge (par défaut : les deux)")
    quoi.add_argument("--sans-ci", action="store_true",
                      help="n'écrit pas la CI, seulement les réglages de l'éditeur")
    init.add_argument("--sans-editeur", action="store_true",
                      help="n'écrit ni schemas/ ni .vscode/, seulement la CI")
    init.set_defaults(action=commandes.initialiser)
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
