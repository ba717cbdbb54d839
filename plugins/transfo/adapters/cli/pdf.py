"""``transfo pdf``: validates the model, builds the site into a temporary folder (mkdocs, in
its own process, as ``mkdocs build`` would), then prints its « Document complet » page as a
paginated PDF with headless Chromium (:mod:`transfo.export.pdf_export`)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from transfo.adapters.cli.communs import modele_sans_erreur, progression
from transfo.ecriture import ErreurEcriture, ecrire_atomique
from transfo.export.imprimable import DocumentIntrouvable
from transfo.export.pdf_export import ErreurPdf, imprimer_pdf, trouver_chromium
from transfo.model.visibilite import public_demande
from transfo.render.urls import page_section


def _sortie_refusee(args: argparse.Namespace) -> str | None:
    sortie: Path | None = args.sortie
    if sortie is None:
        return "transfo pdf : précisez le fichier à écrire avec -o audit.pdf"
    absolue = sortie.resolve()
    modele = Path(args.dossier).resolve()
    if absolue == modele or modele in absolue.parents:
        return (f"transfo pdf : « {sortie} » est dans le dossier du modèle ({args.dossier}) — "
                "écrivez le PDF ailleurs, le modèle ne contient que des YAML")
    if not absolue.parent.is_dir():
        return f"transfo pdf : le dossier « {sortie.parent} » n'existe pas — créez-le d'abord"
    if not os.access(absolue.parent, os.W_OK):
        return f"transfo pdf : le dossier « {sortie.parent} » n'est pas accessible en écriture"
    if sortie.is_dir():
        return f"transfo pdf : « {sortie} » est un dossier — indiquez un fichier .pdf"
    if sortie.exists() and not args.force:
        return f"transfo pdf : « {sortie} » existe déjà — ajoutez --force pour le remplacer"
    if not args.config.is_file():
        return (f"transfo pdf : configuration du site introuvable « {args.config} » — lancez la "
                "commande à la racine du dépôt ou indiquez --config mkdocs.yml")
    return None


def imprimer(args: argparse.Namespace) -> int:
    dire = progression("pdf")
    refus = _sortie_refusee(args)
    if refus:
        print(refus, file=sys.stderr)
        return 2
    chromium = trouver_chromium()
    if chromium is None:
        print("transfo pdf : Chromium est introuvable — installez-le (Debian : sudo apt-get "
              "install chromium) ou indiquez son chemin dans TRANSFO_CHROMIUM", file=sys.stderr)
        return 2
    resultat = modele_sans_erreur(dire, args.dossier,
                                  "PDF impossible : {n} erreur(s) dans le modèle")
    if resultat is None:
        return 1
    referentiel = resultat.audit.referentiel
    collectivite = referentiel.collectivite if referentiel else ""
    situation = referentiel.date_situation if referentiel else None
    public = public_demande() if args.public is None else args.public
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TRANSFO_PUBLIC": "1" if public else "0"}
    with tempfile.TemporaryDirectory(prefix="transfo-pdf-site-") as site:
        dire("construction du site" + (" public" if public else "") + " (mkdocs)…")
        construction = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(args.config), "-d", site],
            env=env, capture_output=True, text=True, check=False)
        if construction.returncode != 0:
            sys.stderr.write(construction.stderr)
            print("transfo pdf : la construction du site a échoué (voir ci-dessus) ; aucun PDF "
                  "n'est écrit", file=sys.stderr)
            return 1
        page = Path(site) / page_section("document").replace(".md", ".html")
        if not page.is_file():
            print("transfo pdf : le site n'a pas de page « Document complet » — retirez "
                  "« document_complet: false » des options du greffon transfo dans "
                  f"{args.config}", file=sys.stderr)
            return 2
        try:
            contenu = imprimer_pdf(page, collectivite=collectivite, situation=situation,
                                   chromium=chromium, pages_par_lot=args.pages_par_lot,
                                   progression=dire)
            ecrire_atomique(args.sortie, contenu)
        except (ErreurPdf, DocumentIntrouvable, ErreurEcriture) as exc:
            print(f"transfo pdf : {exc}", file=sys.stderr)
            return 1
    dire(f"{args.sortie} écrit" + (" (version publique)" if public else ""))
    return 0
