"""Validation of a whole model: every problem at once, in French, at its line, with a hint."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, remplacer
from transfo.validate.runner import valider_dossier

Valider = Callable[[Path], list[str]]
APA = "autonomie/P-SOL-APA.yml"
CHANTIER = "feuille-de-route/C-PORTAIL.yml"
REF = "referentiel.yml"


def test_the_mini_model_is_clean(mini: Path, valider: Valider) -> None:
    assert valider(mini) == []


def un_seul(valider: Valider, mini: Path) -> str:
    problemes = valider(mini)
    assert len(problemes) == 1, problemes
    return problemes[0]


@pytest.mark.parametrize(
    ("fichier", "avant", "apres", "attendu"),
    [
        (APA, "acteur: ACT-INSTRUCTEUR\n    canal: application\n    duree_minutes: 60",
         "acteur: ACT-INSTRUCTEUX\n    canal: application\n    duree_minutes: 60",
         "processes/autonomie/P-SOL-APA.yml:30:13: erreur : acteur inconnu « ACT-INSTRUCTEUX » "
         "— vouliez-vous dire « ACT-INSTRUCTEUR » ?"),
        (CHANTIER, "gains: [G-SOL-APA-1,", "gains: [G-SOL-APA-9,",
         "processes/feuille-de-route/C-PORTAIL.yml:9:9: erreur : gain inconnu « G-SOL-APA-9 »"),
        (CHANTIER, "investissement_externe: 40000", "investissement_externe: -40000",
         "processes/feuille-de-route/C-PORTAIL.yml:12:29: erreur : la valeur -40000 doit être "
         "supérieure ou égale à 0"),
        (CHANTIER, "investissement_externe: 40000", "investissement_externe: .nan",
         "processes/feuille-de-route/C-PORTAIL.yml:12:29: erreur : nombre fini attendu"),
        (CHANTIER, "investissement_externe: 40000", "investissement_externe: .inf",
         "processes/feuille-de-route/C-PORTAIL.yml:12:29: erreur : nombre fini attendu"),
        (CHANTIER, "investissement_externe: 40000", "investissement_externe: 1 500 €",
         "processes/feuille-de-route/C-PORTAIL.yml:12:29: erreur : nombre attendu, trouvé "
         "« 1 500 € » — écrivez le nombre seul, sans espace, unité ni symbole"),
        (CHANTIER, "investissement_externe: 40000", "investissement_externe: 1,5",
         "processes/feuille-de-route/C-PORTAIL.yml:12:29: erreur : nombre attendu, trouvé « 1,5 »"
         " — utilisez le point comme séparateur décimal"),
        (CHANTIER, 'fin: "2025-12-31"', 'fin: "2024-12-31"',
         "processes/feuille-de-route/C-PORTAIL.yml:6:6: erreur : la fin (2024-12-31) précède le "
         "début (2025-01-01)"),
        (CHANTIER, 'fin: "2025-12-31"', 'fin: "2024-13-45"',
         "processes/feuille-de-route/C-PORTAIL.yml:6:6: erreur : date impossible « 2024-13-45 »"),
        (CHANTIER, 'fin: "2025-12-31"', "fin: 31/03/2024",
         "processes/feuille-de-route/C-PORTAIL.yml:6:6: erreur : date attendue au format "
         "AAAA-MM-JJ, trouvé « 31/03/2024 »"),
        (APA, "valorisation: {nature: temps_agent, type: etp, derivee: true}",
         "valorisation: {nature: temps_agent, type: etp, derivee: oui}",
         "processes/autonomie/P-SOL-APA.yml:57:61: erreur : booléen attendu, trouvé « oui » — "
         "écrivez true ou false"),
        (APA, "valorisation: {nature: temps_agent, type: etp, derivee: true}",
         "valorisation: {nature: temps_agent, type: etp, derivee: NO}",
         "processes/autonomie/P-SOL-APA.yml:57:61: erreur : booléen attendu, trouvé « NO »"),
        (APA, "    libelle: Temps d'agent libéré\n", "    libelle: Temps d'agent libéré\n"
         "    unite: litres\n",
         "processes/autonomie/P-SOL-APA.yml:55:12: erreur : valeur « litres » non reconnue"),
        (APA, "    duree_minutes: 30\n    delai_jours: 5\n    suivantes",
         "    duree_minute: 30\n    delai_jours: 5\n    suivantes",
         "processes/autonomie/P-SOL-APA.yml:18:5: erreur : champ inconnu « duree_minute » — "
         "vouliez-vous dire « duree_minutes » ?"),
        (REF, "  - id: DIR-DSN\n    nom: Direction des systèmes numériques\n",
         "  - id: DIR-DSN\n",
         "processes/referentiel.yml:23:5: erreur : champ obligatoire « nom » manquant"),
    ],
)
def test_each_mistake_is_reported_at_its_line(
    mini: Path, valider: Valider, fichier: str, avant: str, apres: str, attendu: str
) -> None:
    remplacer(mini / fichier, avant, apres)
    problemes = valider(mini)
    assert any(p.startswith(attendu) for p in problemes), problemes


def test_list_where_a_mapping_is_expected(mini: Path, valider: Valider) -> None:
    remplacer(mini / APA, "valorisation: {nature: temps_agent, type: etp, derivee: true}",
              "valorisation: [etp, true]")
    problemes = valider(mini)
    assert any(
        p.startswith("processes/autonomie/P-SOL-APA.yml:57:19: erreur : objet attendu (des lignes "
                     "« champ: valeur »), trouvé « une liste »")
        for p in problemes
    ), problemes


def test_same_id_in_two_files_names_both(mini: Path, valider: Valider) -> None:
    copie = mini / "autonomie" / "P-SOL-APA-BIS.yml"
    copie.write_text((mini / APA).read_text(encoding="utf-8").replace(
        "id: G-SOL-APA-", "id: G-SOL-BIS-"), encoding="utf-8")
    problemes = valider(mini)
    assert any(
        "identifiant « P-SOL-APA » déjà utilisé (processes/autonomie/P-SOL-APA-BIS.yml:1:5)" in p
        or "identifiant « P-SOL-APA » déjà utilisé (processes/autonomie/P-SOL-APA.yml:1:5)" in p
        for p in problemes
    ), problemes


def test_dependency_cycle_is_printed(mini: Path, valider: Valider) -> None:
    second = mini / "feuille-de-route" / "C-SOCLE.yml"
    second.write_text((mini / CHANTIER).read_text(encoding="utf-8").replace(
        "id: C-PORTAIL", "id: C-SOCLE").replace("gains: [G-SOL-APA-1, G-SOL-APA-2, G-SOL-APA-3]",
                                                "gains: []\ndepend_de: [C-PORTAIL]").replace(
        "couts:", "couts_inutiles:"), encoding="utf-8")
    remplacer(second, "couts_inutiles:", "couts:")
    remplacer(mini / CHANTIER, "pilote: DIR-DSN", "pilote: DIR-DSN\ndepend_de: [C-SOCLE]")
    problemes = valider(mini)
    assert any("dépendances circulaires entre chantiers : C-PORTAIL → C-SOCLE → C-PORTAIL" in p
               for p in problemes), problemes


def test_step_cycle_and_unreachable_step(mini: Path, valider: Valider) -> None:
    remplacer(mini / APA, "    part: 0.5\n", "    part: 0.5\n    suivantes: [E2]\n")
    problemes = valider(mini)
    assert any("boucle dans les étapes de « existant » : E2 → E3 → E2" in p for p in problemes)
    remplacer(mini / APA, "    suivantes: [E3, E4]\n", "    suivantes: [E4]\n")
    problemes = valider(mini)
    assert any("étape « E3 » inatteignable depuis « E1 »" in p for p in problemes), problemes


def test_warnings_for_incoherences(mini: Path, valider: Valider) -> None:
    remplacer(mini / APA, "    annee_debut: 2026\n    hypothese: La saisie",
              "    annee_debut: 2025\n    hypothese: La saisie")
    remplacer(mini / CHANTIER, 'fin: "2025-12-31"', 'fin: "2026-06-30"')
    remplacer(mini / CHANTIER, "processus: [P-SOL-APA]", "processus: []")
    remplacer(mini / CHANTIER, "gains: [G-SOL-APA-1, G-SOL-APA-2, G-SOL-APA-3]",
              "gains: [G-SOL-APA-1]")
    problemes = valider(mini)
    assert any("avertissement : le gain commence en 2025, avant la mise en service du "
               "chantier « C-PORTAIL » qui le livre (2026-06-30)" in p
               for p in problemes)
    assert any("avertissement : le processus « P-SOL-APA » a des gains mais aucun chantier" in p
               for p in problemes)
    assert any("avertissement : le gain « G-SOL-APA-2 » n'est livré par aucun chantier" in p
               for p in problemes)
    remplacer(mini / CHANTIER, "gains: [G-SOL-APA-1]", "gains: []")
    assert any("a des coûts mais aucun gain" in p for p in valider(mini))


@pytest.mark.parametrize(
    ("avant", "apres", "attendu"),
    [
        ("taux_actualisation: {valeur: 0.1", "taux_actualisation: {valeur: -0.02",
         "referentiel.yml:6:32: erreur : la valeur -0.02 doit être supérieure ou égale à 0"),
        ("horizon_annees: {valeur: 5", "horizon_annees: {valeur: 0",
         "referentiel.yml:5:28: erreur : la valeur 0 doit être supérieure ou égale à 1"),
    ],
)
def test_bad_parameters_are_errors(mini: Path, valider: Valider, avant: str, apres: str,
                                   attendu: str) -> None:
    remplacer(mini / REF, avant, apres)
    assert any(attendu in p for p in valider(mini)), valider(mini)


def test_ramp_up_over_100_percent_is_an_error(mini: Path, valider: Valider) -> None:
    remplacer(mini / APA, "montee_en_charge: [0.5, 1.0]", "montee_en_charge: [0.5, 1.2]")
    assert any("P-SOL-APA.yml:58:29: erreur : la valeur 1.2 doit être inférieure ou égale à 1" in p
               for p in valider(mini))


def test_all_problems_come_in_one_run_sorted(mini: Path, valider: Valider) -> None:
    remplacer(mini / APA, "acteur: ACT-ACCUEIL", "acteur: ACT-ACUEIL")
    remplacer(mini / CHANTIER, "pilote: DIR-DSN", "pilote: DIR-DNS")
    remplacer(mini / REF, "categorie: C", "categorie: D")
    problemes = valider(mini)
    # the referentiel fails validation: its error hides entities, so it comes first
    assert [p.split(" — ")[0] for p in problemes] == [
        "processes/referentiel.yml:32:16: erreur : valeur « D » non reconnue",
        "processes/autonomie/P-SOL-APA.yml:15:13: erreur : acteur inconnu « ACT-ACUEIL »",
        "processes/feuille-de-route/C-PORTAIL.yml:7:9: erreur : direction inconnue « DIR-DNS »",
    ]
    assert "vouliez-vous dire « ACT-ACCUEIL » ?" in problemes[1]
    assert "vouliez-vous dire « DIR-DSN » ?" in problemes[2]


def test_dangling_reference_after_a_gain_is_removed(mini: Path, valider: Valider) -> None:
    texte = (mini / APA).read_text(encoding="utf-8")
    debut = texte.index("  - id: G-SOL-APA-3")
    (mini / APA).write_text(texte[:debut], encoding="utf-8")
    problemes = valider(mini)
    assert any("C-PORTAIL.yml:9:35: erreur : gain inconnu « G-SOL-APA-3 »" in p
               for p in problemes), problemes


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_mutated_files_end_in_positioned_problems_only(mini: Path, data: st.DataObject) -> None:
    fichier = mini / APA
    original = (MINI / APA).read_bytes()
    octets = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(octets) - 1))
        octets[position] = data.draw(st.integers(0, 255))
    fichier.write_bytes(bytes(octets))
    resultat = valider_dossier(mini)
    for probleme in resultat.problemes:
        assert probleme.position.chemin.endswith(".yml")
        assert probleme.position.ligne >= 1 and probleme.position.colonne >= 1
    fichier.write_bytes(original)
