"""The publication step, above render and export: one build's pages with its exports on
the background worker, and the preview's addresses handed to the diff report."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import valider_depuis_parent
from transfo.export.json_export import export_json_text
from transfo.publication import EXPORTS_DU_SITE, Publication
from transfo.render.generation import editer
from transfo.render.urls import adresse_apercu


def test_a_build_lists_and_writes_its_exports_in_its_own_folder(mini: Path,
                                                                 tmp_path: Path) -> None:
    for public in (False, True):
        resultat = valider_depuis_parent(mini)
        edition = editer(resultat.audit, public=public, revues=resultat.revues)
        publication = Publication(edition, tmp_path / "cache", urls_repertoires=False)
        site = publication.generer()
        site.attendre()
        dossier = tmp_path / "cache" / "exports" / ("public" if public else "interne")
        assert {uri: chemin for uri, chemin in site.fichiers.items()
                if uri.startswith("exports/")} == {
            f"exports/{nom}": dossier / nom for nom in EXPORTS_DU_SITE}
        assert (dossier / "audit.json").read_text("utf-8") == export_json_text(
            edition.audit, edition.analyse)
        assert site.pages, "les pages sont écrites avec les exports"


def test_the_preview_addresses_name_pages_and_scenario_anchors() -> None:
    adresse = adresse_apercu("https://apercu.example.org/")
    assert adresse("P-SOL-APA", "processus") == "https://apercu.example.org/processus/P-SOL-APA/"
    assert adresse("S-A", "scenario") == "https://apercu.example.org/scenarios/#S-A"
    assert adresse("G-SOL-APA-1", "gain") is None
