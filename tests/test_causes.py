"""Errors ordered by cause: a file that cannot be read, or an entity that fails validation,
is reported first and once; what its absence does to other files is not reported as their
own mistakes (no « inconnu », no suggestion toward another id, no « livré par aucun »)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import remplacer

Valider = Callable[[Path], list[str]]
APA = "autonomie/P-SOL-APA.yml"
CHANTIER = "feuille-de-route/C-PORTAIL.yml"
REF = "referentiel.yml"
NON_LU_APA = (
    "processes/feuille-de-route/C-PORTAIL.yml:8:13: avertissement : non vérifié : le fichier "
    "processes/autonomie/P-SOL-APA.yml n'a pas pu être lu — références à « P-SOL-APA », "
    "« G-SOL-APA-1 », « G-SOL-APA-2 », « G-SOL-APA-3 » : corrigez d'abord l'erreur de ce "
    "fichier"
)


def test_an_unquoted_colon_gives_its_error_first_and_one_unverified_note(
    mini: Path, valider: Valider
) -> None:
    remplacer(mini / APA, "    libelle: Enregistrement\n",
              "    libelle: Enregistrement au service: saisie\n")
    assert valider(mini) == [
        "processes/autonomie/P-SOL-APA.yml:14:39: erreur : syntaxe YAML invalide (mapping "
        "values are not allowed in this context) — un texte contenant « : » doit être entre "
        "guillemets, par exemple libelle: \"Réception : guichet\"",
        NON_LU_APA,
    ]


def test_a_tab_in_the_indentation_gives_its_error_first(mini: Path, valider: Valider) -> None:
    remplacer(mini / APA, "    delai_jours: 15\n", "\tdelai_jours: 15\n")
    problemes = valider(mini)
    assert [p.split(" : ")[0] for p in problemes] == [
        "processes/autonomie/P-SOL-APA.yml:33:1: erreur",
        "processes/feuille-de-route/C-PORTAIL.yml:8:13: avertissement",
    ]
    assert "tabulation dans l'indentation" in problemes[0]
    assert problemes[1] == NON_LU_APA
    assert not any("inconnu" in p or "vouliez-vous dire" in p for p in problemes)


def test_an_impossible_date_hides_the_chantier_without_delivery_warnings(
    mini: Path, valider: Valider
) -> None:
    remplacer(mini / CHANTIER, 'debut: "2025-01-01"', 'debut: "2025-04-31"')
    assert valider(mini) == [
        "processes/feuille-de-route/C-PORTAIL.yml:5:8: erreur : date impossible « 2025-04-31 »",
    ]


def test_a_chantier_that_cannot_be_read_hides_no_delivery_warning(
    mini: Path, valider: Valider
) -> None:
    remplacer(mini / CHANTIER, "nom: Portail de démarches en ligne",
              "nom: Portail : démarches [en ligne")
    problemes = valider(mini)
    assert len(problemes) == 1 and problemes[0].startswith(
        "processes/feuille-de-route/C-PORTAIL.yml:2:"), problemes


def test_an_unreadable_referentiel_is_one_note_per_referring_file(
    mini: Path, valider: Valider
) -> None:
    remplacer(mini / REF, "collectivite:", "collectivite: [")
    problemes = valider(mini)
    assert problemes[0].startswith("processes/referentiel.yml:"), problemes
    assert "erreur : syntaxe YAML invalide" in problemes[0]
    notes = problemes[1:]
    assert [n.split(": avertissement : ")[0].rsplit(":", 2)[0] for n in notes] == [
        "processes/autonomie/P-SOL-APA.yml",
        "processes/autonomie/macroprocessus.yml",
        "processes/feuille-de-route/C-PORTAIL.yml",
    ], problemes
    assert all("non vérifié : le fichier processes/referentiel.yml n'a pas pu être lu" in n
               for n in notes)
    assert "« DIR-SOL », « ACT-USAGER », « ACT-ACCUEIL », « APP-GED »" in notes[0]


def test_an_undecodable_file_may_define_any_id_of_its_kind(mini: Path, valider: Valider) -> None:
    fichier = mini / APA
    fichier.write_bytes(fichier.read_bytes().replace("Dépôt".encode(), "D\xe9p\xf4t".encode(
        "latin-1"), 1))
    problemes = valider(mini)
    assert problemes[0].startswith("processes/autonomie/P-SOL-APA.yml:"), problemes
    assert problemes[1:] == [NON_LU_APA]


def test_an_entity_failing_validation_still_defines_its_ids(mini: Path, valider: Valider) -> None:
    remplacer(mini / APA, "volume_annuel: 1000", "volume_annuel: mille")
    remplacer(mini / CHANTIER, "gains: [G-SOL-APA-1,", "gains: [G-SOL-APA-4, G-SOL-APA-1,")
    assert [p.split(" — ")[0] for p in valider(mini)] == [
        "processes/autonomie/P-SOL-APA.yml:6:16: erreur : nombre attendu, trouvé « mille »",
        "processes/feuille-de-route/C-PORTAIL.yml:9:9: erreur : gain inconnu « G-SOL-APA-4 »",
    ]


def test_a_suggestion_may_point_to_an_id_of_a_file_that_failed_validation(
    mini: Path, valider: Valider
) -> None:
    remplacer(mini / APA, "volume_annuel: 1000", "volume_annuel: -3")
    remplacer(mini / CHANTIER, "processus: [P-SOL-APA]", "processus: [P-SOL-APPA]")
    assert valider(mini) == [
        "processes/autonomie/P-SOL-APA.yml:6:16: erreur : la valeur -3 doit être supérieure ou "
        "égale à 0",
        "processes/feuille-de-route/C-PORTAIL.yml:8:13: erreur : processus inconnu « P-SOL-APPA »"
        " — vouliez-vous dire « P-SOL-APA » ?",
    ]
