"""The printable document as a PDF, laid out by headless Chromium.

Chromium was measured against WeasyPrint on the sample (README, « Measured »): ten times
faster, with the same features where they matter — ``@page`` margin boxes for the running
header and « page X / Y » (Chromium 131+), diagrams kept as vectors, a tagged PDF with its
outline and ``/Lang (fr)`` from ``<html lang="fr">``. It lacks ``target-counter()``, so the
table of contents is numbered in two layouts: the first one gives the sheet on which each
page of the site starts (its named destination ``page-N``), the second one prints those
numbers. The numbers sit in a column of fixed width, so that they do not move the layout.

Chromium runs with no network need: every file is local (``file://``), fonts are the
system's.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from transfo.render.imprimable import document_imprimable

CHROMIUMS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


class ErreurPdf(RuntimeError):
    """The PDF could not be made; the message is one French sentence."""


def trouver_chromium() -> str | None:
    """The Chromium to use: ``TRANSFO_CHROMIUM`` if set, else the first one on the PATH."""
    impose = os.environ.get("TRANSFO_CHROMIUM")
    if impose:
        return shutil.which(impose)
    for nom in CHROMIUMS:
        chemin = shutil.which(nom)
        if chemin:
            return chemin
    return None


def _imprimer(chromium: str, html: Path, pdf: Path) -> None:
    commande = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-pdf-header-footer", "--generate-pdf-document-outline",
                "--allow-file-access-from-files", f"--print-to-pdf={pdf}", html.as_uri()]
    try:
        fini = subprocess.run(commande, capture_output=True, text=True, timeout=3600,
                              check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ErreurPdf(f"Chromium n'a pas pu imprimer le document ({exc})") from None
    if fini.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
        derniere = (fini.stderr.strip().splitlines() or ["sans message"])[-1]
        raise ErreurPdf(f"Chromium n'a pas pu imprimer le document (code {fini.returncode} : "
                        f"{derniere})")


def pages_des_sections(pdf: Path) -> dict[int, int]:
    """The sheet (from 1) on which each page of the site starts, from the PDF's named
    destinations ``page-N``."""
    lecteur = PdfReader(pdf)
    numeros = {}
    for nom, destination in lecteur.named_destinations.items():
        nom = nom.lstrip("/")
        if nom.startswith("page-") and nom[5:].isdigit():
            feuille = lecteur.get_destination_page_number(destination)
            if feuille is not None and feuille >= 0:
                numeros[int(nom[5:])] = feuille + 1
    return numeros


def imprimer_pdf(page_document: Path, *, collectivite: str, situation: date | None,
                 chromium: str, progression: Callable[[str], None] = lambda _: None) -> bytes:
    """The PDF of the built « Document complet » page (its images beside it, as in the
    site)."""
    page_html = page_document.read_text(encoding="utf-8")
    dossier = page_document.parent
    with tempfile.TemporaryDirectory(prefix="transfo-pdf-") as travail:
        html = dossier / f".transfo-imprimable-{os.getpid()}.html"
        premier, second = Path(travail) / "1.pdf", Path(travail) / "2.pdf"
        try:
            html.write_text(document_imprimable(page_html, collectivite=collectivite,
                                                situation=situation), encoding="utf-8")
            progression("mise en page (Chromium)…")
            _imprimer(chromium, html, premier)
            numeros = pages_des_sections(premier)
            progression(f"sommaire numéroté, seconde mise en page ({len(numeros)} pages du "
                        "site)…")
            html.write_text(document_imprimable(page_html, collectivite=collectivite,
                                                situation=situation, numeros=numeros),
                            encoding="utf-8")
            _imprimer(chromium, html, second)
        finally:
            html.unlink(missing_ok=True)
        if pages_des_sections(second) != numeros:
            raise ErreurPdf("les numéros de page du sommaire ont bougé entre les deux mises "
                            "en page ; le PDF n'est pas écrit")
        return second.read_bytes()
