"""Each vocabulary is written twice: as the ``Literal`` the model validates and as the label
dict pages and exports read. They must name the same codes, in the same order (the order in
which tables and legends list them)."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from pydantic import BaseModel

from transfo import constants as c
from transfo.model import entities as e


def codes_du_champ(modele: type[BaseModel], champ: str) -> tuple[str, ...]:
    annotation: Any = modele.model_fields[champ].annotation
    codes = tuple(a for a in get_args(annotation) if isinstance(a, str))
    if codes:
        return codes
    # ``Literal[...] | None``: the literal is the first argument of the union.
    return tuple(get_args(get_args(annotation)[0]))


PAIRES: list[tuple[str, tuple[Any, ...], dict[str, str]]] = [
    ("Famille", get_args(e.Famille), c.FAMILLES),
    ("Potentiel", get_args(e.Potentiel), c.POTENTIELS),
    ("Levier", get_args(e.Levier), c.LEVIERS),
    ("Enjeu", get_args(e.Enjeu), c.ENJEUX),
    ("Canal", get_args(e.Canal), c.CANAUX),
    ("Categorie", get_args(e.Categorie), c.CATEGORIES),
    ("Niveau", get_args(e.Niveau), c.NIVEAUX),
    ("Unite", get_args(e.Unite), c.UNITES),
    ("NatureValeur", get_args(e.NatureValeur), c.NATURES_VALEUR),
    ("GenreUsager", get_args(e.GenreUsager), c.GENRES_USAGER),
    ("GenrePartenaire", get_args(e.GenrePartenaire), c.GENRES_PARTENAIRE),
    ("Acteur.type", codes_du_champ(e.Acteur, "type"), c.TYPES_ACTEUR),
    ("Gain.nature", codes_du_champ(e.Gain, "nature"), c.NATURES_GAIN),
    ("Gain.axe", codes_du_champ(e.Gain, "axe"), c.AXES_MAREVA),
    ("Gain.confiance", codes_du_champ(e.Gain, "confiance"), c.CONFIANCES),
    ("Valorisation.type", codes_du_champ(e.Valorisation, "type"), c.VALORISATIONS),
    ("Chantier.horizon", codes_du_champ(e.Chantier, "horizon"), c.HORIZONS),
    ("MotifType", get_args(e.MotifType), c.MOTIFS_NECESSITE),
    ("CritereMaitrise", get_args(e.CritereMaitrise), c.CRITERES_MAITRISE),
    ("InstanceDecision", get_args(e.InstanceDecision), c.INSTANCES),
    ("VoieAchat", get_args(e.VoieAchat), c.VOIES_ACHAT),
    ("ConduiteDuChangement", tuple(e.ConduiteDuChangement.model_fields),
     c.DIMENSIONS_CHANGEMENT),
]


@pytest.mark.parametrize(("nom", "codes", "libelles"), PAIRES, ids=[p[0] for p in PAIRES])
def test_the_model_and_its_labels_name_the_same_codes_in_the_same_order(
        nom: str, codes: tuple[str, ...], libelles: dict[str, str]) -> None:
    assert codes, f"{nom} : aucun code lu dans le modèle"
    assert list(codes) == list(libelles), nom
    assert all(libelle.strip() for libelle in libelles.values()), nom


def test_every_label_dict_of_the_constants_is_checked_against_the_model() -> None:
    """A vocabulary added to constants.py without its pair above is caught here."""
    verifies = {id(libelles) for _, _, libelles in PAIRES}
    # Not vocabularies of the YAML: id prefixes, file names, spreads by confidence, and the
    # labels of what pages compute (RACI letters, kinds of entries of the short-term plan).
    autres = {"PREFIXES", "KIND_FILES", "ECART_CONFIANCE", "LETTRES_RACI", "GENRES_PLAN"}
    dictionnaires = {nom for nom, valeur in vars(c).items()
                     if nom.isupper() and isinstance(valeur, dict) and nom not in autres}
    assert {nom for nom in dictionnaires if id(getattr(c, nom)) not in verifies} == set()
