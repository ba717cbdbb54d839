"""``transfo generer DIR``: the generated part of the site as plain files, for any engine that
reads Markdown (ProperDocs, Zensical…), through the same code as the mkdocs plugin
(:mod:`transfo.render.generation`).

The folder is written whole or not at all: filled beside the target, then renamed into place
(:func:`~transfo.ecriture.ecrire_dossier_atomique`). Diagrams and charts are rendered into
the plugin's cache, beside the model (``.cache/plugin/transfo``), so that a build and this
command reuse each other's SVG files.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

from transfo import __version__
from transfo.adapters.cli.communs import modele_sans_erreur, progression
from transfo.ecriture import ErreurEcriture, ecrire_dossier_atomique
from transfo.model.visibilite import public_demande
from transfo.publication import Publication
from transfo.render.generation import NAVIGATION, ecrire_site, editer
from transfo.render.svg_cache import ErreurDot

CACHE = Path(".cache") / "plugin" / "transfo"
"""The plugin's default cache, relative to the folder that holds the model."""


def _sortie_refusee(args: argparse.Namespace) -> str | None:
    """Why the output folder cannot be used, as a one-line French message; None if it can."""
    sortie: Path = args.sortie
    modele: Path = args.modele
    if not modele.is_dir():
        return (f"transfo generer : dossier du modèle introuvable « {modele} » — indiquez-le "
                "avec --modele (par défaut processes/)")
    absolue = sortie.resolve()
    modele_absolu = modele.resolve()
    if absolue == modele_absolu or modele_absolu in absolue.parents:
        return (f"transfo generer : « {sortie} » est dans le dossier du modèle ({modele}) — "
                "écrivez le site généré ailleurs, le modèle ne contient que des YAML")
    if absolue in modele_absolu.parents or absolue in (Path.cwd(), *Path.cwd().parents):
        return (f"transfo generer : « {sortie} » contient le modèle ou le dossier courant — "
                "choisissez un dossier à part : il est remplacé en entier")
    if not absolue.parent.is_dir():
        return (f"transfo generer : le dossier « {sortie.parent} » n'existe pas — "
                "créez-le d'abord")
    if sortie.is_symlink():
        return (f"transfo generer : « {sortie} » est un lien symbolique — rien n'est écrit à "
                "travers un lien ; choisissez un autre chemin")
    if sortie.exists():
        if not sortie.is_dir():
            return (f"transfo generer : « {sortie} » existe et n'est pas un dossier — "
                    "choisissez un autre chemin")
        if any(sortie.iterdir()) and not args.force:
            return (f"transfo generer : « {sortie} » existe et n'est pas vide — ajoutez "
                    "--force pour le remplacer en entier")
    return None


def _raison(exc: Exception) -> str:
    """What went wrong, in one line: ``dot``'s own message, or the system's for a write."""
    if isinstance(exc, ErreurDot | RuntimeError) and str(exc):
        return str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror + (f" : {exc.filename}" if exc.filename else "")
    return f"{type(exc).__name__} : {exc}"


def generer(args: argparse.Namespace) -> int:
    dire = progression("generer")
    refus = _sortie_refusee(args)
    if refus:
        print(refus, file=sys.stderr)
        return 2
    resultat = modele_sans_erreur(dire, args.modele, "transfo generer : {n} erreur(s) dans le "
                                  "modèle ; rien n'est écrit")
    if resultat is None:
        return 1
    public = public_demande() if args.public is None else args.public
    edition = editer(resultat.audit, public=public, revues=resultat.revues)
    dire("génération des pages, diagrammes, graphiques et exports"
         + (" (version publique)" if public else "") + "…")
    cache = args.modele.resolve().parent / CACHE
    pages = 0
    fichiers = 0

    def remplir(dossier: Path) -> None:
        nonlocal pages, fichiers
        # Offline-friendly links (``…/index.html``): they work from the disk and on a server.
        generateur = Publication(edition, cache, urls_repertoires=False)
        try:
            site = generateur.generer()
            pages = len(site.pages)
            fichiers = ecrire_site(dossier, edition, site, f"transfo {__version__}")
        except BaseException:
            # The background worker is stopped before the error is told: a process pool
            # still running when Python exits can print a traceback from its own thread.
            with contextlib.suppress(Exception):
                generateur.travaux.attendre()
            raise

    try:
        ecrire_dossier_atomique(args.sortie, remplir)
    except ErreurEcriture as exc:
        print(f"transfo generer : {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # dot missing or failing, the worker, a full disk
        print(f"transfo generer : génération impossible ({_raison(exc)}) ; rien n'est écrit",
              file=sys.stderr)
        return 1
    dire(f"{pages} pages, {fichiers - pages - 1} fichiers (diagrammes, graphiques, "
         f"exports) et {NAVIGATION} écrits dans {args.sortie}"
         + (" (version publique)" if public else ""))
    return 0
