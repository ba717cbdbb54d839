"""Each vocabulary is written twice: as the ``Literal`` the model validates and as the label
dict pages and exports read. They must name the same codes, in the same order (the order in
which tables and legends list them)."""

from __future__ import annotations

from typing import Any, get_args

import pytest
from pydantic import BaseModel

from transfo import constants as c
from transfo.adapters.cli.main import _parser
from transfo.analyse.suivi import FREQUENCES, MOIS_PAR_FREQUENCE
from transfo.analyse.valeur import NIVEAUX_RISQUE, POSTES_COUT, POSTES_FONCTIONNEMENT
from transfo.model import entities as e
from transfo.render.graphique_budget import SERIES


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
    ("Chantier.confiance_couts", codes_du_champ(e.Chantier, "confiance_couts"), c.CONFIANCES),
    ("Frequence", get_args(e.Frequence), FREQUENCES),
    ("ValeursHeureUsager", tuple(e.ValeursHeureUsager.model_fields), c.GENRES_USAGER),
    ("ValeursHeurePartenaire", tuple(e.ValeursHeurePartenaire.model_fields),
     c.GENRES_PARTENAIRE),
    ("CoutsEtp", tuple(e.CoutsEtp.model_fields), c.CATEGORIES),
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
    # Not vocabularies of the YAML: spreads by confidence, and the labels of what pages
    # compute (RACI letters, kinds of entries of the short-term plan).
    autres = {"ECART_CONFIANCE", "LETTRES_RACI", "GENRES_PLAN"}
    dictionnaires = {nom for nom, valeur in vars(c).items()
                     if nom.isupper() and isinstance(valeur, dict) and nom not in autres}
    assert {nom for nom in dictionnaires if id(getattr(c, nom)) not in verifies} == set()


POSTES = tuple(n for n in e.CoutAnnuel.model_fields if n != "annee")
"""The cost lines, as a chantier's ``couts`` write them."""

AUTRES_FORMES: list[tuple[str, tuple[Any, ...], tuple[Any, ...]]] = [
    # Same codes, whatever the order: tables of figures keyed by a vocabulary.
    ("POSTES_COUT", tuple(sorted(POSTES_COUT)), tuple(sorted(POSTES))),
    ("POSTES_FONCTIONNEMENT", POSTES_FONCTIONNEMENT,
     tuple(p for p in POSTES if p.startswith("fonctionnement_"))),
    ("graphique_budget.SERIES", tuple(sorted(s[0] for s in SERIES)), tuple(sorted(POSTES))),
    ("MOIS_PAR_FREQUENCE", tuple(MOIS_PAR_FREQUENCE), get_args(e.Frequence)),
    ("ECART_CONFIANCE", tuple(sorted(c.ECART_CONFIANCE)), tuple(sorted(c.CONFIANCES))),
    ("NIVEAUX_RISQUE", tuple(NIVEAUX_RISQUE), get_args(e.Niveau)),
    ("Risque.probabilite", codes_du_champ(e.Risque, "probabilite"), get_args(e.Niveau)),
]


@pytest.mark.parametrize(("nom", "codes", "attendus"), AUTRES_FORMES,
                         ids=[f[0] for f in AUTRES_FORMES])
def test_every_other_form_of_a_vocabulary_names_the_same_codes(
        nom: str, codes: tuple[Any, ...], attendus: tuple[Any, ...]) -> None:
    assert attendus, f"{nom} : aucun code lu dans le modèle"
    assert codes == attendus, nom


def test_the_cli_offers_the_families_of_the_model() -> None:
    args = _parser().parse_args(["new", "macroprocessus", "MP-X"])
    assert args.famille in c.FAMILLES
    for famille in c.FAMILLES:
        assert _parser().parse_args(
            ["new", "macroprocessus", "MP-X", "--famille", famille]).famille == famille
