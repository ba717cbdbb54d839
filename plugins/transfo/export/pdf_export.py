"""The printable document as a PDF, laid out by headless Chromium.

Chromium was measured against WeasyPrint on the sample (README, « Measured »): ten times
faster, with the same features where they matter — ``@page`` margin boxes for the running
header and « page X / Y » (Chromium 131+), diagrams kept as vectors, a tagged PDF with its
outline and ``/Lang (fr)`` from ``<html lang="fr">``. It lacks ``target-counter()``, so the
table of contents is numbered in two layouts: the first one gives the sheet on which each
page of the site starts (its named destination ``page-N``), the second one prints those
numbers. The numbers sit in a column of fixed width, so that they do not move the layout.

A long document is laid out in lots (:data:`~transfo.export.imprimable.PAGES_PAR_LOT`):
each page of the site starts a sheet, so a lot's layout does not depend on the others, and
the first layout of every lot gives the sheet where each lot starts; the second numbers each
lot's sheets from there.

Chromium runs with no network need: every file is local (``file://``), fonts are the
system's.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, NameObject, TextStringObject

from transfo.export.imprimable import (
    PAGES_PAR_LOT,
    Lot,
    lire_document,
    lot_imprimable,
    lots,
)

RENVOI = "https://renvoi.transfo.invalid/page-"
"""What a link of the table of contents points to while lots are laid out apart (the
``.invalid`` domain never resolves); the merge turns it into a link to the sheet."""
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
    # A profile of its own: two Chromiums sharing one would hand the work to each other.
    commande = [chromium, "--headless", "--no-sandbox", "--disable-gpu",
                f"--user-data-dir={pdf.with_suffix('.profil')}",
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


def pages_des_sections(pdf: Path | PdfReader) -> dict[int, int]:
    """The sheet (from 1) on which each page of the site starts, from the PDF's named
    destinations ``page-N``."""
    lecteur = pdf if isinstance(pdf, PdfReader) else PdfReader(pdf)
    numeros = {}
    for nom, destination in lecteur.named_destinations.items():
        nom = nom.lstrip("/")
        if nom.startswith("page-") and nom[5:].isdigit():
            feuille = lecteur.get_destination_page_number(destination)
            if feuille is not None and feuille >= 0:
                numeros[int(nom[5:])] = feuille + 1
    return numeros


@dataclass(frozen=True)
class Mise:
    """One lot laid out: its number of sheets and the sheet (in the lot) where each of its
    pages of the site starts."""

    feuilles: int
    debuts: dict[int, int]


def _mettre_en_page(chromium: str, travaux: list[tuple[str, Path, Path]],
                    paralleles: int) -> list[Mise]:
    """Lays out each (HTML, where to write it, PDF to write) with Chromium, ``paralleles`` at
    a time."""
    def une(travail: tuple[str, Path, Path]) -> Mise:
        html, source, pdf = travail
        source.write_text(html, encoding="utf-8")
        try:
            _imprimer(chromium, source, pdf)
        finally:
            source.unlink(missing_ok=True)
        lecteur = PdfReader(pdf)
        return Mise(len(lecteur.pages), pages_des_sections(lecteur))

    with ThreadPoolExecutor(max(1, paralleles)) as pool:
        return list(pool.map(une, travaux))


def fusionner(pdfs: list[Path], numeros: dict[int, int], *, titre: str) -> bytes:
    """The lots as one PDF: French, with the outline and the named destinations of each lot
    (``page-N`` where each page of the site starts), and the links of the table of contents
    (laid out as links to :data:`RENVOI`) sent to the sheet where their page starts."""
    ecrivain = PdfWriter()
    for pdf in pdfs:
        ecrivain.append(str(pdf))
    for page in ecrivain.pages:
        for annotation in page.get("/Annots") or []:
            lien = annotation.get_object()
            uri = str((lien.get("/A") or {}).get("/URI", ""))
            if not uri.startswith(RENVOI):
                continue
            cible = ecrivain.pages[numeros[int(uri[len(RENVOI):])] - 1]
            del lien[NameObject("/A")]
            lien[NameObject("/Dest")] = ArrayObject([cible.indirect_reference,
                                                     NameObject("/Fit")])
    ecrivain._root_object[NameObject("/Lang")] = TextStringObject("fr")
    ecrivain.add_metadata({"/Title": titre})
    sortie = io.BytesIO()
    ecrivain.write(sortie)
    return sortie.getvalue()


def imprimer_pdf(page_document: Path, *, collectivite: str, situation: date | None,
                 chromium: str, progression: Callable[[str], None] = lambda _: None,
                 pages_par_lot: int = PAGES_PAR_LOT) -> bytes:
    """The PDF of the built « Document complet » page (its images beside it, as in the
    site)."""
    document = lire_document(page_document.read_text(encoding="utf-8"))
    parties = lots(len(document.sections), pages_par_lot)
    unique = len(parties) == 1
    renvoi = "#page-" if unique else RENVOI
    paralleles = 1 if unique else min(2, os.cpu_count() or 1)
    dossier = page_document.parent

    def html(lot: Lot, **numerotation: Any) -> str:
        return lot_imprimable(document, lot, collectivite=collectivite, situation=situation,
                              renvoi=renvoi, **numerotation)

    with tempfile.TemporaryDirectory(prefix="transfo-pdf-") as travail:
        def pdf(passe: int, i: int) -> Path:
            return Path(travail) / f"{passe}-{i}.pdf"

        def source(passe: int, i: int) -> Path:
            # Beside the page, so that its images are found where the site has them.
            return dossier / f".transfo-imprimable-{os.getpid()}-{passe}-{i}.html"

        progression("mise en page (Chromium)…" if unique else
                    f"mise en page (Chromium) de {len(document.sections)} pages du site en "
                    f"{len(parties)} lots, {paralleles} à la fois…")
        premieres = _mettre_en_page(
            chromium, [(html(lot), source(1, i), pdf(1, i)) for i, lot in enumerate(parties)],
            paralleles)
        departs = [1 + sum(m.feuilles for m in premieres[:i]) for i in range(len(parties))]
        total = departs[-1] + premieres[-1].feuilles - 1
        numeros = {n: depart + debut - 1 for depart, mise in zip(departs, premieres, strict=True)
                   for n, debut in mise.debuts.items()}
        progression(f"sommaire numéroté, seconde mise en page ({len(numeros)} pages du site, "
                    f"{total} feuilles)…")
        secondes = _mettre_en_page(chromium, [
            (html(lot, numeros=numeros, premier_folio=depart, total=total), source(2, i),
             pdf(2, i))
            for i, (lot, depart) in enumerate(zip(parties, departs, strict=True))], paralleles)
        if secondes != premieres:
            raise ErreurPdf("les numéros de page du sommaire ont bougé entre les deux mises "
                            "en page ; le PDF n'est pas écrit")
        if unique:
            return pdf(2, 0).read_bytes()
        progression(f"assemblage des {len(parties)} lots (pypdf)…")
        return fusionner([pdf(2, i) for i in range(len(parties))], numeros,
                         titre=f"{document.titre} — {collectivite}")
