"""The wording of validation messages: agreement, close suggestions only, the docs' forms."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import remplacer
from transfo.validate.schema_errors import Suggesteur, distance, suggestion

Valider = Callable[[Path], list[str]]
APA = "autonomie/P-SOL-APA.yml"
CHANTIER = "feuille-de-route/C-PORTAIL.yml"


@pytest.mark.parametrize(
    ("fichier", "avant", "apres", "attendu"),
    [
        (APA, "    duree_minutes: 20\n", "    duree_minutes: -5\n",
         "processes/autonomie/P-SOL-APA.yml:25:20: erreur : la valeur -5 doit être supérieure "
         "ou égale à 0"),
        (APA, "    part: 0.5\n", "    part: 0\n",
         "processes/autonomie/P-SOL-APA.yml:26:11: erreur : la valeur 0 doit être strictement "
         "supérieure à 0 — une part ou un taux s'écrit en fraction : 0.8 pour 80 %"),
        (APA, "    part: 0.5\n", "    part: 7\n",
         "processes/autonomie/P-SOL-APA.yml:26:11: erreur : la valeur 7 doit être inférieure ou "
         "égale à 1 — une part ou un taux s'écrit en fraction : 0.8 pour 80 %"),
        (APA, "montee_en_charge: [0.5, 1.0]", "montee_en_charge: 1",
         "processes/autonomie/P-SOL-APA.yml:58:23: erreur : liste attendue, trouvé « 1 » — "
         "écrivez la liste entre crochets, même pour une seule valeur : "
         "« montee_en_charge: [1] »"),
        (APA, "leviers: [demarches_en_ligne]", "leviers: demarches_en_ligne",
         "processes/autonomie/P-SOL-APA.yml:50:10: erreur : liste attendue, trouvé "
         "« demarches_en_ligne » — écrivez la liste entre crochets, même pour une seule valeur :"
         " « leviers: [demarches_en_ligne] »"),
        (APA, "montee_en_charge: [0.5, 1.0]", "montee_en_charge: []",
         "processes/autonomie/P-SOL-APA.yml:58:23: erreur : au moins 1 élément attendu"),
        (APA, "    source: Entretiens\n    confiance: forte\n",
         "    source: Entretiens\n    confiance: forte\n    note: à revoir\n",
         "processes/autonomie/P-SOL-APA.yml:79:5: erreur : champ inconnu « note » — champs "
         "possibles : annee_debut, axe, cible, confiance, hypothese, id, indicateur, libelle, "
         "montee_en_charge, nature, reference, revue, source, unite, valorisation, visibilite"),
        (APA, "    source: Entretiens\n    confiance: forte\n",
         "    source: Entretiens\n    confiance: forte\n    hypotese: à revoir\n",
         "processes/autonomie/P-SOL-APA.yml:79:5: erreur : champ inconnu « hypotese » — "
         "vouliez-vous dire « hypothese » ?"),
        (APA, "    confiance: forte\n", "    confiance: fort\n",
         "processes/autonomie/P-SOL-APA.yml:78:16: erreur : valeur « fort » non reconnue — "
         "vouliez-vous dire « forte » ? (valeurs possibles : faible, moyenne, forte)"),
        (APA, "    confiance: forte\n", "    confiance: haute\n",
         "processes/autonomie/P-SOL-APA.yml:78:16: erreur : valeur « haute » non reconnue — "
         "valeurs possibles : faible, moyenne, forte"),
    ],
    ids=["duree-negative", "part-nulle", "part-7", "montee-scalaire", "leviers-scalaire",
         "montee-vide", "note-inconnu", "hypotese", "fort", "haute"],
)
def test_exact_messages(mini: Path, valider: Valider, fichier: str, avant: str, apres: str,
                        attendu: str) -> None:
    remplacer(mini / fichier, avant, apres)
    assert attendu in valider(mini)


@pytest.mark.parametrize(
    ("valeur", "possibles", "attendu"),
    [
        ("note", ["unite", "indicateur", "libelle"], None),
        ("D", ["A", "B", "C"], None),
        ("P-SOL-FORMATION", ["P-SOL-RESERVATION"], None),
        ("libele", ["libelle", "libre"], "libelle"),
        ("descritpion", ["description", "direction"], "description"),
        ("MP-SOL-AUTONOMY", ["MP-SOL-AUTONOMIE", "MP-SOL-ENFANCE"], "MP-SOL-AUTONOMIE"),
        ("ACT-AGNET-12", ["ACT-AGENT-12", "ACT-AGENT-21"], "ACT-AGENT-12"),
    ],
)
def test_suggestions_are_close_names_only(valeur: str, possibles: list[str],
                                          attendu: str | None) -> None:
    assert suggestion(valeur, possibles) == (
        f"vouliez-vous dire « {attendu} » ?" if attendu else None)


def test_edit_distance_counts_swaps_and_stops_past_its_ceiling() -> None:
    assert distance("hypothese", "hypotehse", 2) == 1
    assert distance("unite", "note", 2) == 2
    assert distance("abcdefgh", "zyxwvuts", 2) == 3


def test_suggestions_are_not_quadratic_in_the_number_of_names() -> None:
    """N misspelt references against N names: the comparisons grow with N, not N²."""
    for n in (200, 800):
        noms = [f"ACT-AGENT-{i:04d}" for i in range(n)]
        suggesteur = Suggesteur(noms)
        trouves = [suggesteur.proche(f"ACT-AGENX-{i:04d}") for i in range(n)]
        assert trouves == noms
        sans_proche = [suggesteur.proche(f"ACT-BENEVOLE-{i:04d}") for i in range(n)]
        assert sans_proche == [None] * n
        assert suggesteur.comparaisons <= Suggesteur.PLAFOND * 2 * n
