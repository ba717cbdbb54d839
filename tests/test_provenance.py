"""Where an entity is written: the provenance the loader fills and validation reads, let go
once the checks are done; shown paths relative to the base the validation is given."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import remplacer
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
