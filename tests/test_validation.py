"""Validation of a whole model: every problem at once, in French, at its line, with a hint.
One mistake and the problems it gives are cases: tests/cas/validation (run by test_cas.py)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, valider_depuis_parent
from transfo.load.yaml_loader import LoadError, load_text

Valider = Callable[[Path], list[str]]
APA = "autonomie/P-SOL-APA.yml"


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


VALEURS = ["", "-1", "0", "1.5", "1,5", "1 500 €", "oui", "NO", "null", "~", "[]", "{}",
           "[E2, E9]", "{nature: temps_agent}", '"2024-13-45"', "31/03/2024", "12:30", ".nan",
           "1e309", "ACT-INCONNU", "G-SOL-APA-9", "P-SOL-APA", "x" * 300, "« texte »",
           "'guillemet non fermé"]
CLES = ["id", "acteur", "duree_minutes", "suivantes", "part", "valorisation", "axe",
        "nature", "gains", "inconnu", "duree_minute"]


def muter(texte: str, choix: Callable[[int], int]) -> str:
    """``texte`` with 1 to 3 edits a consultant could make, each picked by ``choix(n)`` (an
    integer in ``range(n)``): a value or a key replaced by another one (a wrong type, an
    unknown id, a misspelt field…), a line removed, duplicated or moved, an indentation
    shifted. Most edits leave YAML that the loader reads, so that validation itself is what
    the mutations exercise."""
    lignes = texte.splitlines(keepends=True)
    for _ in range(1 + choix(3)):
        genre = choix(12)
        valeurs = [i for i, ligne in enumerate(lignes) if ": " in ligne]
        n = valeurs[choix(len(valeurs))] if genre < 9 else choix(len(lignes))
        ligne = lignes[n]
        retrait = ligne[: len(ligne) - len(ligne.lstrip(" "))]
        tiret = "- " if ligne.strip().startswith("- ") else ""
        cle, _, valeur = ligne.strip().removeprefix("- ").partition(": ")
        if genre < 7:  # another value
            lignes[n] = f"{retrait}{tiret}{cle}: {VALEURS[choix(len(VALEURS))]}\n"
        elif genre < 9:  # another key
            lignes[n] = f"{retrait}{tiret}{CLES[choix(len(CLES))]}: {valeur}\n"
        elif genre == 9 and len(lignes) > 1:  # a line removed
            del lignes[n]
        elif genre == 10:  # a line moved
            lignes.insert(choix(len(lignes)), lignes.pop(n))
        else:  # an indentation shifted
            lignes[n] = ("  " + ligne) if choix(2) or not retrait else ligne[2:]
    return "".join(lignes)


def test_the_mutations_reach_the_validator() -> None:
    """The fuzz test below is worth what its inputs exercise: most mutated files pass the
    loader with data different from the original's, so that validation runs on them (random
    bytes, the former inputs, were refused by the decoder or the parser 84 to 95 times in
    100)."""
    original = (MINI / APA).read_text(encoding="utf-8")
    hasard = random.Random(15)
    lus = changes = 0
    for _ in range(300):
        texte = muter(original, hasard.randrange)
        try:
            document = load_text("f.yml", texte)
        except LoadError:
            continue
        lus += 1
        changes += document.donnees != load_text("f.yml", original).donnees
    assert lus >= 0.6 * 300, lus
    assert changes >= 0.6 * 300, changes


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.data())
def test_mutated_files_end_in_positioned_problems_only(mini: Path, data: st.DataObject) -> None:
    """Whatever a consultant's edit leaves in a process file, validation returns (no
    exception, so no traceback for the commands) and every problem points into a file of the
    model, at a line of that file and a column within that line."""
    fichier = mini / APA
    original = (MINI / APA).read_text(encoding="utf-8")
    texte = muter(original, lambda n: data.draw(st.integers(0, n - 1)))
    fichier.write_text(texte, encoding="utf-8")
    try:
        resultat = valider_depuis_parent(mini)
    finally:
        fichier.write_text(original, encoding="utf-8")
    textes = {f"processes/{f.relative_to(mini).as_posix()}": f.read_text(encoding="utf-8")
              for f in mini.rglob("*.yml")}
    textes[f"processes/{APA}"] = texte
    for probleme in resultat.problemes:
        position = probleme.position
        assert position.chemin in textes, probleme.format()
        lignes = textes[position.chemin].splitlines() or [""]
        assert 1 <= position.ligne <= len(lignes) + 1, probleme.format()
        longueur = len(lignes[position.ligne - 1]) if position.ligne <= len(lignes) else 0
        assert 1 <= position.colonne <= longueur + 1, probleme.format()
