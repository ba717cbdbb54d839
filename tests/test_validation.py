"""Validation of a whole model: every problem at once, in French, at its line, with a hint.
One mistake and the problems it gives are cases: tests/cas/validation (run by test_cas.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, remplacer
from transfo.validate.runner import valider_dossier

Valider = Callable[[Path], list[str]]
APA = "autonomie/P-SOL-APA.yml"
CHANTIER = "feuille-de-route/C-PORTAIL.yml"


def test_the_mini_model_is_clean(mini: Path, valider: Valider) -> None:
    assert valider(mini) == []


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
