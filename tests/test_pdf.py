"""``transfo pdf``: the printable document as a paginated PDF (cover, numbered table of
contents, running header, « page X / Y », French, tagged, vector diagrams), and how the
command refuses a bad output path or a missing Chromium."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import MINI, RACINE, lancer, remplacer
from tests.outils_site import copier_projet
from transfo.export.imprimable import date_longue
from transfo.export.pdf_export import pages_des_sections
from transfo.validate.runner import valider_dossier

ENTREE = re.compile(r"^(\d+)\. (.*?) (\d+)$")


def _normal(texte: str) -> str:
    return " ".join(texte.split())


@pytest.fixture(scope="module")
def projet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small model with a status date, and the sample's site: a document of a few dozen
    pages lays out in seconds, and shows every feature the sample's 400 pages would."""
    projet = copier_projet(tmp_path_factory.mktemp("pdf") / "p", MINI)
    remplacer(projet / "processes" / "referentiel.yml", "collectivite:",
              'date_situation: "2026-03-31"\ncollectivite:')
    return projet


@pytest.fixture(scope="module", params=["un lot", "en lots"])
def pdf(projet: Path, request: pytest.FixtureRequest) -> PdfReader:
    """The document laid out at once (a few dozen pages of the site), then in lots of 7 pages
    of the site merged, as a long document is."""
    sortie = projet / f"audit-{request.param.replace(' ', '-')}.pdf"
    lots = ["--pages-par-lot", "7"] if request.param == "en lots" else []
    fini = lancer("pdf", "processes", "--config", "mkdocs.yml", "-o", str(sortie), *lots,
                  cwd=projet, timeout=900)
    assert fini.returncode == 0, fini.stderr
    assert "mise en page (Chromium)" in fini.stderr  # the progress lines
    if lots:
        assert re.search(r"en [4-9] lots, 2 à la fois", fini.stderr), fini.stderr
        assert "assemblage" in fini.stderr
    return PdfReader(sortie)


def _en_lots(request: pytest.FixtureRequest) -> bool:
    return bool(request.node.callspec.params["pdf"] == "en lots")


@pytest.mark.browser
def test_les_numeros_du_sommaire_sont_ceux_des_pages(pdf: PdfReader) -> None:
    textes = [page.extract_text() for page in pdf.pages]
    entrees: list[tuple[int, str, int]] = []
    attente = ""
    for feuille_sommaire, texte in enumerate(textes[1:], start=2):  # after the cover
        if entrees and feuille_sommaire >= entrees[0][2]:
            break  # the table of contents ends where the first page of the site begins
        for ligne in texte.splitlines():
            ligne = f"{attente} {ligne}".strip() if attente else ligne.strip()
            m = ENTREE.match(ligne)
            if m:
                entrees.append((int(m.group(1)), m.group(2), int(m.group(3))))
                attente = ""
            elif re.match(r"^\d+\. ", ligne):
                attente = ligne  # a long title goes on to the next line
    assert len(entrees) == len(valider_pages(pdf)), "une page du site manque au sommaire"
    assert [n for n, _, _ in entrees] == list(range(1, len(entrees) + 1))
    for numero, titre, feuille in entrees:
        assert f"{numero}. {_normal(titre)}" in _normal(textes[feuille - 1]), (
            f"« {numero}. {titre} » annoncé page {feuille}")


@pytest.mark.browser
def test_chaque_entree_du_sommaire_mene_a_sa_page(pdf: PdfReader) -> None:
    debuts = pages_des_sections(pdf)
    cibles = []
    for page in pdf.pages[1:debuts[1] - 1]:  # the table of contents (after the cover)
        for annotation in page.get("/Annots") or []:
            lien = annotation.get_object()
            action = lien.get("/A") or {}
            assert "/URI" not in action, lien  # no link left outside the document
            destination = lien.get("/Dest", action.get("/D"))
            if isinstance(destination, str):  # a named destination
                feuille = pdf.get_destination_page_number(pdf.named_destinations[destination])
            else:
                feuille = pdf.get_page_number(destination[0].get_object())
            assert feuille is not None
            cibles.append(feuille + 1)
    assert cibles == [debuts[n] for n in sorted(debuts)]


def valider_pages(pdf: PdfReader) -> list[str]:
    """The named destinations of the pages of the site (one per page)."""
    return [n for n in pdf.named_destinations if re.fullmatch(r"/?page-\d+", n)]


@pytest.mark.browser
def test_couverture_en_tete_pied_de_page_langue_et_vectoriel(
        pdf: PdfReader, projet: Path, request: pytest.FixtureRequest) -> None:
    referentiel = valider_dossier(projet / "processes").audit.referentiel
    assert referentiel is not None and referentiel.date_situation is not None
    situation = referentiel.date_situation
    total = len(pdf.pages)
    couverture = pdf.pages[0].extract_text()
    assert f"Situation au {date_longue(situation)}" in _normal(couverture)
    assert "Édition du" not in couverture  # the status date, never the day of the build
    assert "page 1 /" not in couverture  # no running header on the cover
    collectivite = _normal(referentiel.collectivite.replace("'", "’"))
    for i in (1, total // 2, total - 1):
        texte = _normal(pdf.pages[i].extract_text())
        assert collectivite in texte
        assert f"Situation au {situation.strftime('%d/%m/%Y')}" in texte
        assert f"page {i + 1} / {total}" in texte
    catalogue: Any = pdf.trailer["/Root"]
    assert catalogue["/Lang"] == "fr"
    # Tagged when laid out at once; the merge of lots keeps no tags (said in the help).
    assert ("/StructTreeRoot" in catalogue) is not _en_lots(request)
    assert pdf.outline, "le PDF n'a pas de signets"
    ressources: list[Any] = [page["/Resources"] for page in pdf.pages]
    images = [x for r in ressources for x in (r.get("/XObject") or {}).values()
              if x.get_object().get("/Subtype") == "/Image"]
    assert images == [], "un diagramme ou un graphique a été rastérisé"


def test_sortie_dans_le_modele_refusee() -> None:
    fini = lancer("pdf", str(RACINE / "processes"), "-o",
                  str(RACINE / "processes" / "audit.pdf"))
    assert fini.returncode == 2
    assert "est dans le dossier du modèle" in fini.stderr
    assert not (RACINE / "processes" / "audit.pdf").exists()


def test_fichier_existant_sans_force_refuse(tmp_path: Path) -> None:
    sortie = tmp_path / "audit.pdf"
    sortie.write_bytes(b"ancien")
    fini = lancer("pdf", str(RACINE / "processes"), "-o", str(sortie))
    assert fini.returncode == 2
    assert "existe déjà — ajoutez --force" in fini.stderr
    assert sortie.read_bytes() == b"ancien"


@pytest.mark.skipif(os.geteuid() == 0, reason="root écrit partout")
def test_dossier_non_inscriptible_refuse(tmp_path: Path) -> None:
    dossier = tmp_path / "lecture-seule"
    dossier.mkdir()
    dossier.chmod(0o555)
    fini = lancer("pdf", str(RACINE / "processes"), "-o", str(dossier / "audit.pdf"))
    assert fini.returncode == 2
    assert "n'est pas accessible en écriture" in fini.stderr


def test_chromium_absent(tmp_path: Path) -> None:
    fini = lancer("pdf", str(RACINE / "processes"), "-o", str(tmp_path / "audit.pdf"),
                  env={"TRANSFO_CHROMIUM": "chromium-absent-de-cette-machine"})
    assert fini.returncode == 2
    assert "Chromium est introuvable" in fini.stderr
    assert "Traceback" not in fini.stderr
    assert not (tmp_path / "audit.pdf").exists()
