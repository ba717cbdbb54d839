"""The editor schemas carry the model's numeric bounds in draft-07 form, so that an editor
flags the values ``transfo validate`` refuses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft7Validator

from tests.conftest import MINI, RACINE
from transfo.load.discovery import discover
from transfo.load.yaml_loader import load_file
from transfo.model.genres import FICHIERS
from transfo.model.json_schema import BORNES, schema_of


def _validateur(kind: str) -> Draft7Validator:
    schema = schema_of(kind)
    Draft7Validator.check_schema(schema)
    return Draft7Validator(schema)


def _cles(noeud: Any) -> set[str]:
    if isinstance(noeud, dict):
        return set(noeud) | {c for v in noeud.values() for c in _cles(v)}
    if isinstance(noeud, list):
        return {c for v in noeud for c in _cles(v)}
    return set()


@pytest.mark.parametrize("genre", [g.code for g in FICHIERS])
def test_no_pydantic_bound_is_left_raw(genre: str) -> None:
    cles = _cles(schema_of(genre))
    # the names of properties are keys too: none of the model's fields is called ge/le/gt/lt
    assert not cles & set(BORNES), sorted(cles & set(BORNES))


@pytest.mark.parametrize("dossier", [MINI, RACINE / "processes"])
def test_every_sample_file_passes_its_schema(dossier: Path) -> None:
    for fichier in discover(dossier):
        donnees = load_file(fichier.path).donnees
        erreurs = list(_validateur(fichier.kind).iter_errors(donnees))
        assert erreurs == [], (fichier.chemin, [e.message for e in erreurs])


def _processus() -> dict[str, Any]:
    donnees = load_file(MINI / "autonomie" / "P-SOL-APA.yml").donnees
    assert isinstance(donnees, dict)
    return donnees


@pytest.mark.parametrize(
    ("modifier", "mot_cle", "valeur"),
    [
        (lambda p: p["existant"][0].__setitem__("duree_minutes", -5), "minimum", -5),
        (lambda p: p["existant"][0].__setitem__("part", 7), "maximum", 7),
        (lambda p: p["existant"][0].__setitem__("part", 0), "exclusiveMinimum", 0),
        (lambda p: p.__setitem__("volume_annuel", -120), "minimum", -120),
        (lambda p: p["gains"][0].__setitem__("montee_en_charge", [0.5, 1.5]), "maximum", 1.5),
    ],
    ids=["duree-negative", "part-7", "part-0", "volume-negatif", "montee-au-dela-de-1"],
)
def test_a_draft07_validator_flags_out_of_bounds_numbers(
    modifier: Any, mot_cle: str, valeur: float
) -> None:
    donnees = _processus()
    assert list(_validateur("processus").iter_errors(donnees)) == []
    modifier(donnees)
    erreurs = list(_validateur("processus").iter_errors(donnees))
    assert [(e.validator, e.instance) for e in erreurs] == [(mot_cle, valeur)]


def test_a_draft07_validator_flags_a_negative_cost_and_a_rate_above_its_bound() -> None:
    chantier = load_file(MINI / "feuille-de-route" / "C-PORTAIL.yml").donnees
    chantier["couts"][0]["investissement_externe"] = -40000
    assert [e.validator for e in _validateur("chantier").iter_errors(chantier)] == ["minimum"]
    referentiel = load_file(MINI / "referentiel.yml").donnees
    referentiel["parametres"]["taux_actualisation"]["valeur"] = 0.5
    erreurs = list(_validateur("referentiel").iter_errors(referentiel))
    # the rate may also be left out for its β form: the bound is the reason inside anyOf
    assert len(erreurs) == 1
    assert "maximum" in {e.validator for e in erreurs[0].context or [erreurs[0]]}
