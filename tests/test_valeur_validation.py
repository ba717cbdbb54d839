"""Bad input in the value case: each mistake is an error or a warning at its line, with a
hint, never a wrong figure; and the old format is named with the command that upgrades it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import RACINE, lancer, remplacer

Valider = Callable[[Path], list[str]]
APA = "autonomie/P-SOL-APA.yml"
CHANTIER = "feuille-de-route/C-PORTAIL.yml"
REF = "referentiel.yml"


@pytest.mark.parametrize(
    ("fichier", "avant", "apres", "attendu"),
    [
        # An unknown nature, on the word itself.
        (APA, "{nature: temps_agent,", "{nature: temps_agents,",
         "processes/autonomie/P-SOL-APA.yml:57:28: erreur : valeur « temps_agents » non reconnue "
         "— vouliez-vous dire « temps_agent » ?"),
        # A valued gain without a nature.
        (APA, "{nature: temps_agent, type: etp", "{type: etp",
         "processes/autonomie/P-SOL-APA.yml:57:19: erreur : le gain quantitatif « G-SOL-APA-1 » "
         "ne dit pas sa nature — ajoutez valorisation.nature"),
        # A gain left on a project-level axis (line 75: « axe » of G-SOL-APA-3).
        (APA, "axe: externalites\n    hypothese: Suivi", "axe: necessite\n    hypothese: Suivi",
         "processes/autonomie/P-SOL-APA.yml:75:10: erreur : le gain « G-SOL-APA-3 » est sur "
         "l'axe « necessite », qui note le chantier lui-même et ne porte pas de gain"),
        # User time without the kind of user.
        (APA, "usager: particulier, ", "",
         "processes/autonomie/P-SOL-APA.yml:67:28: erreur : genre d'usager manquant"),
        # Budget savings claimed from agent time, without a non-replacement trajectory.
        (APA, "{nature: temps_agent, type: etp", "{nature: budgetaire, type: etp",
         "processes/autonomie/P-SOL-APA.yml:57:28: avertissement : le gain « G-SOL-APA-1 » "
         "présente du temps d'agent comme une économie budgétaire"),
        # A trajectory of 5 ETP not replaced, when the chantier frees 0.57 ETP.
        (CHANTIER, "couts:\n", "non_remplacement:\n  - {annee: 2027, etp: 5, categorie: B}\n"
         "couts:\n",
         "processes/feuille-de-route/C-PORTAIL.yml:11:24: erreur : 5,00 ETP non remplacés en 2027, "
         "plus que les 0,57 ETP que libèrent les gains du chantier"),
        # An avoided cost without a source.
        (CHANTIER, "couts:\n", "couts_evites:\n  - {libelle: Maintenance, montant_annuel: 9000}\n"
         "couts:\n",
         "processes/feuille-de-route/C-PORTAIL.yml:11:5: erreur : coût évité « Maintenance » sans "
         "source — un coût évité est un gain budgétaire"),
        # Posts not replaced before the tool is in service (go-live: end of 2025).
        (CHANTIER, "couts:\n", "non_remplacement:\n  - {annee: 2024, etp: 0.2, categorie: B}\n"
         "couts:\n",
         "processes/feuille-de-route/C-PORTAIL.yml:11:13: avertissement : postes non remplacés "
         "dès 2024, avant la mise en service (2025-12-31)"),
        # A gain that starts after the chantier's window (2025–2030).
        (APA, "annee_debut: 2026\n    hypothese: La saisie", "annee_debut: 2031\n    hypothese: "
         "La saisie",
         "processes/feuille-de-route/C-PORTAIL.yml:9:8: avertissement : le gain « G-SOL-APA-1 » "
         "commence en 2031, après la fenêtre d'analyse du chantier (2025–2030)"),
        # A negative cost overrun.
        (REF, "  heures_par_etp:", "  incertitude:\n    depassement_couts:\n"
         "      faible: {pessimiste: -0.1}\n  heures_par_etp:",
         "processes/referentiel.yml:9:28: erreur : dépassement des coûts négatif (-0.1) pour une "
         "confiance faible, cas pessimiste"),
    ],
)
def test_each_value_mistake_is_reported_at_its_line(
    mini: Path, valider: Valider, fichier: str, avant: str, apres: str, attendu: str
) -> None:
    remplacer(mini / fichier, avant, apres)
    problemes = valider(mini)
    assert any(p.startswith(attendu) for p in problemes), problemes
    assert all(" — " in p for p in problemes if p.startswith(attendu))  # with its hint


def test_an_old_model_is_named_with_the_command_that_upgrades_it() -> None:
    r = lancer("validate", "tests/fixtures/ancien-format/processes", cwd=RACINE)
    assert r.returncode == 1
    lignes = r.stdout.splitlines()
    assert lignes[0] == (
        "tests/fixtures/ancien-format/processes/referentiel.yml:2:1: erreur : modèle au format 1, "
        "cet outil lit le format 2 : lancez « transfo migrate "
        "tests/fixtures/ancien-format/processes » pour le mettre à jour")
    assert len(lignes) == 2 and lignes[1].startswith("1 erreur")


@pytest.mark.parametrize(("genre", "qui"), [("usager: particulier", "d'usager"),
                                            ("partenaire: benevole", "de partenaire")])
def test_a_kind_of_user_or_partner_on_another_nature_is_refused_where_it_is_written(
        mini: Path, valider: Callable[[Path], list[str]], genre: str, qui: str) -> None:
    champ = genre.split(":")[0]
    remplacer(mini / "autonomie" / "P-SOL-APA.yml",
              "{nature: temps_agent, type: etp, derivee: true}",
              f"{{nature: temps_agent, {genre}, type: etp, derivee: true}}")
    ligne = (mini / "autonomie" / "P-SOL-APA.yml").read_text("utf-8").splitlines()[56]
    colonne = ligne.index(genre.split(": ")[1]) + 1  # the kind's value
    attendu = (f"processes/autonomie/P-SOL-APA.yml:57:{colonne}: erreur : un genre {qui} "
               "n'a de sens "
               f"que pour un gain de temps {qui} — retirez {champ}, ou passez la nature en "
               f"temps_{champ}")
    assert attendu in valider(mini)
