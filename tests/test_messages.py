"""The wording of validation messages: close suggestions only, found without comparing every
name with every other. The exact messages a consultant reads are cases: tests/cas/messages."""

from __future__ import annotations

import pytest

from transfo.validate.schema_errors import Suggesteur, distance, suggestion


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
