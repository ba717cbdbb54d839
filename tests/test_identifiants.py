"""Ids are checked as whole texts and capped in length, wherever they are checked."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import lancer, remplacer
from transfo.constants import LONGUEUR_MAX_ID
from transfo.model.genres import PREFIXES, id_valide


@pytest.mark.parametrize("genre", [*PREFIXES, "etape"])
def test_a_final_line_feed_or_an_excess_length_makes_an_id_invalid(genre: str) -> None:
    correct = "E2" if genre == "etape" else f"{PREFIXES[genre]}-AB-12"
    assert id_valide(genre, correct)
    for faux in (correct + "\n", "\n" + correct, correct + "\r\n", correct + " "):
        assert not id_valide(genre, faux), repr(faux)
    long = correct + "X" * (LONGUEUR_MAX_ID - len(correct))
    assert id_valide(genre, long) and not id_valide(genre, long + "X")


def test_new_refuses_an_id_ending_with_a_line_feed(mini: Path) -> None:
    r = lancer("new", "chantier", "C-NOUVEAU\n", cwd=mini.parent)
    assert r.returncode == 2 and "mal formé" in r.stderr
    assert not list((mini / "feuille-de-route").glob("C-NOUVEAU*"))


def test_id_with_a_final_line_feed_in_yaml_is_refused(
        mini: Path, valider: Callable[[Path], list[str]]) -> None:
    remplacer(mini / "feuille-de-route" / "C-PORTAIL.yml", "id: C-PORTAIL", 'id: "C-PORTAIL\\n"')
    assert any(m.startswith("processes/feuille-de-route/C-PORTAIL.yml:1:5: erreur : "
                            "identifiant « C-PORTAIL") for m in valider(mini))


def test_too_long_id_is_refused_at_its_position(
        mini: Path, valider: Callable[[Path], list[str]]) -> None:
    long = "G-SOL-APA-" + "LONG" * 30
    remplacer(mini / "autonomie" / "P-SOL-APA.yml", "  - id: G-SOL-APA-1", f"  - id: {long}")
    messages = valider(mini)
    attendu = (f"processes/autonomie/P-SOL-APA.yml:53:9: erreur : identifiant trop long "
               f"({len(long)} caractères, au plus {LONGUEUR_MAX_ID})")
    assert any(m.startswith(attendu) for m in messages), messages
