"""``transfo diff``: what a change does to the audit, between two revisions or folders."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from transfo.analyse.comparaison import comparer
from transfo.analyse.valeur import analyser
from transfo.export import rapport_diff
from transfo.load.git import ErreurGit, ModeleGit, commit_de, racine_depot
from transfo.render.urls import adresse_apercu
from transfo.validate.runner import Resultat, valider_dossier, valider_fichiers


def _dossier_explicite(reference: str) -> bool:
    return reference in (".", "..") or reference.startswith(("./", "../", "/")) \
        or reference.endswith("/")


def charger(reference: str, dossier: Path) -> Resultat:
    """A folder as it is on disk, or the model folder at a git revision. A name that is both
    is refused: a folder committed under a branch's name must not stand for the branch."""
    chemin = Path(reference)
    if _dossier_explicite(reference):
        if not chemin.is_dir():
            raise ValueError(f"dossier introuvable « {reference} »")
        return valider_dossier(chemin)
    try:
        depot: Path | None = racine_depot(Path.cwd())
    except ErreurGit:
        depot = None
    if depot is None or commit_de(depot, reference) is None:
        if chemin.is_dir():
            return valider_dossier(chemin)
        if depot is None:
            raise ErreurGit(f"« {reference} » n'est ni un dossier ni une révision : le dossier "
                            "courant n'est pas dans un dépôt git")
        raise ErreurGit(f"révision git inconnue « {reference} »")
    if chemin.exists():
        genre = "dossier" if chemin.is_dir() else "fichier"
        raise ErreurGit(
            f"« {reference} » est à la fois une révision git et un {genre} "
            f"de l'espace de travail : écrivez « ./{reference} » pour comparer le dossier, ou "
            f"« {reference}^{{commit}} » pour comparer la révision")
    relatif = dossier.resolve().relative_to(depot).as_posix()
    modele = ModeleGit(depot, reference, relatif)
    return valider_fichiers(Path(relatif), modele.fichiers(), modele.charger)


def comparer_commande(args: argparse.Namespace) -> int:
    try:
        avant = charger(args.base, args.dossier)
        apres = charger(args.tete, args.dossier) if args.tete else valider_dossier(args.dossier)
    except (ErreurGit, ValueError) as exc:
        print(f"transfo diff : {exc}", file=sys.stderr)
        return 2
    sorties = []
    for cote, resultat in (("avant", avant), ("après", apres)):
        if resultat.erreurs:
            sorties.append(rapport_diff.erreurs_markdown(cote, resultat.erreurs))
    if sorties:
        texte = "\n".join(sorties)
        code = 1
    else:
        comparaison = comparer(avant.audit, analyser(avant.audit), apres.audit,
                               analyser(apres.audit))
        texte = (rapport_diff.json_texte(comparaison) if args.format == "json"
                 else rapport_diff.markdown(
                     comparaison,
                     apercu=adresse_apercu(args.apercu) if args.apercu else None))
        code = 0
    if args.sortie:
        args.sortie.write_text(texte, encoding="utf-8")
    else:
        sys.stdout.write(texte)
    return code
