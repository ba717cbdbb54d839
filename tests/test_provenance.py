"""Where an entity is written: the provenance the loader fills and validation reads, let go
once the checks are done; shown paths relative to the base the validation is given."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import remplacer
from tests.outils_site import copier_projet
from transfo.load.yaml_loader import load_text
from transfo.validate.runner import valider_dossier


def test_a_source_finds_the_value_and_the_key_of_an_entity_inside_its_file() -> None:
    from transfo.model.provenance import Source

    document = load_text("p.yml", "id: P-X\ngains:\n  - id: G-1\n    axe: usagers\n")
    gain = Source(document.provenance, ("gains", 0))
    assert gain.fichier == "p.yml"
    assert str(gain.position("axe")) == "p.yml:4:10"
    assert str(gain.position("axe", cle=True)) == "p.yml:4:5"
    assert str(gain.position("absent")) == "p.yml:3:5"  # the nearest known ancestor


def test_validation_lets_the_positions_go_once_its_problems_hold_theirs(mini: Path) -> None:
    proc = mini / "autonomie" / "P-SOL-APA.yml"
    remplacer(proc, "id: P-SOL-APA", "id: P-SOL-APA-RENOMME")
    resultat = valider_dossier(mini, base=mini.parent)
    nom = [p for p in resultat.problemes if p.code == "nom-fichier"]
    assert [str(p.position) for p in nom] == ["processes/autonomie/P-SOL-APA.yml:1:5"]
    sources = [*resultat.audit.sources.values(), *resultat.audit.sources_suivi.values()]
    assert sources and all(s.provenance.positions == {} and s.provenance.positions_cles == {}
                           for s in sources)
    assert resultat.audit.sources["P-SOL-APA-RENOMME"].fichier == \
        "processes/autonomie/P-SOL-APA.yml"


def test_by_default_paths_are_shown_from_the_current_directory(mini: Path) -> None:
    """The CLI's base: a model outside the current directory is shown by its whole path."""
    remplacer(mini / "autonomie" / "P-SOL-APA.yml", "id: P-SOL-APA", "id: P-SOL-APA-RENOMME")
    resultat = valider_dossier(mini)
    nom = next(p for p in resultat.problemes if p.code == "nom-fichier")
    assert str(nom.position) == f"{mini}/autonomie/P-SOL-APA.yml:1:5"
    manquant = valider_dossier(mini / "absent", base=mini.parent).problemes[0]
    assert str(manquant.position) == "processes/absent:1:1"


def test_the_plugin_shows_paths_from_the_folder_of_mkdocs_yml(mini: Path, tmp_path: Path) -> None:
    """Wherever mkdocs runs from, a consultant reads the same ``processes/…`` paths."""
    projet = copier_projet(tmp_path / "projet", mini)
    remplacer(projet / "processes" / "autonomie" / "P-SOL-APA.yml",
              "macroprocessus: MP-SOL-AUTONOMIE", "macroprocessus: MP-INCONNU")
    r = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "projet/mkdocs.yml"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TRANSFO_PUBLIC": "0"})
    assert r.returncode != 0
    assert "\nprocesses/autonomie/P-SOL-APA.yml:3:17: erreur : " in r.stderr, r.stderr[-2000:]
