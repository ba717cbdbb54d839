"""The YAML loader: positions, nothing implicit, every bad input a positioned problem."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transfo.constants import LIMITE_PROFONDEUR, LIMITE_TAILLE_OCTETS
from transfo.load.yaml_loader import LoadError, load_bytes, load_file, load_text
from transfo.problems import Probleme


def erreur(texte: str) -> Probleme:
    with pytest.raises(LoadError) as exc:
        load_text("f.yml", texte)
    return exc.value.probleme


def test_keeps_the_position_of_every_value_and_key() -> None:
    doc = load_text("f.yml", "a:\n  b: [1, deux]\n  c: x\n")
    assert doc.donnees == {"a": {"b": [1, "deux"], "c": "x"}}
    assert str(doc.position(("a", "b", 1))) == "f.yml:2:10"
    assert str(doc.position(("a", "c"), cle=True)) == "f.yml:3:3"
    assert str(doc.position(("a", "inconnu"))) == "f.yml:2:3"


@pytest.mark.parametrize("texte", ["NO", "no", "oui", "yes", "On", "0777", "12:30",
                                   "2024-03-31", "0x1F", "1_000", "1.10.0"])
def test_ambiguous_scalars_stay_strings(texte: str) -> None:
    assert load_text("f.yml", f"v: {texte}\n").donnees == {"v": texte}


def test_only_unambiguous_scalars_are_typed() -> None:
    doc = load_text("f.yml", "a: true\nb: 12\nc: 1.5\nd: null\ne: ~\nf: '12'\ng: -3\nh:\n")
    assert doc.donnees == {"a": True, "b": 12, "c": 1.5, "d": None, "e": None, "f": "12",
                           "g": -3, "h": None}


def test_duplicate_key_names_both_lines() -> None:
    p = erreur("nom: a\nid: X\nnom: b\n")
    assert p.format().startswith(
        "f.yml:3:1: erreur : clé « nom » en double (déjà définie ligne 1)")


def test_anchor_and_alias_are_refused() -> None:
    assert "ancre YAML « &x » refusée" in erreur("a: &x 1\nb: 2\n").message
    alias = erreur("a: 1\nb: *x\n")
    assert "alias" in alias.message and alias.position.ligne == 2


def test_explicit_tag_is_refused() -> None:
    p = erreur("a: !!python/object/apply:os.system ['echo pwned']\n")
    assert "étiquette YAML explicite" in p.message
    assert p.position.ligne == 1


def test_two_documents_are_refused() -> None:
    p = erreur("a: 1\n---\nb: 2\n")
    assert "plusieurs documents" in p.message and p.position.ligne == 2


@pytest.mark.parametrize("texte", ["", "   \n", "# seulement un commentaire\n"])
def test_empty_file_is_refused(texte: str) -> None:
    assert "fichier vide" in erreur(texte).message


def test_non_string_key_is_refused() -> None:
    assert "une clé doit être un texte simple" in erreur("? [a, b]\n: 1\n").message
    assert "une clé doit être un texte simple" in erreur("1: a\n").message


def test_tab_indentation_gets_a_hint() -> None:
    p = erreur("a:\n\tb: 1\n")
    assert p.message == "tabulation dans l'indentation" and p.position.ligne == 2
    assert "espaces" in (p.indice or "")


def test_latin1_file_names_the_byte_and_suggests_utf8(tmp_path: Path) -> None:
    f = tmp_path / "x.yml"
    f.write_bytes("nom: Réception\n".encode("latin-1"))
    with pytest.raises(LoadError) as exc:
        load_file(f, "x.yml")
    p = exc.value.probleme
    assert p.format().startswith("x.yml:1:7: erreur : le fichier n'est pas en UTF-8 (octet 0xE9")
    assert "UTF-8" in (p.indice or "")


def test_huge_file_is_refused_without_reading_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "gros.yml"
    f.write_bytes(b"a: " + b"x" * (LIMITE_TAILLE_OCTETS + 10))
    lectures: list[int] = []
    ouvrir = os.fdopen

    class Espion:
        def __init__(self, flux: Any) -> None:
            self.flux = flux

        def __enter__(self) -> Espion:
            return self

        def __exit__(self, *exc: object) -> None:
            self.flux.close()

        def fileno(self) -> int:
            return int(self.flux.fileno())

        def read(self, taille: int = -1) -> bytes:
            lectures.append(taille)
            return bytes(self.flux.read(taille))

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: Espion(ouvrir(*a, **k)))
    with pytest.raises(LoadError) as exc:
        load_file(f, "gros.yml")
    assert "trop volumineux" in exc.value.probleme.message
    assert lectures == []
    petit = tmp_path / "petit.yml"
    petit.write_bytes(b"a: 1\n")
    assert load_file(petit, "petit.yml").donnees == {"a": 1}
    assert lectures == [LIMITE_TAILLE_OCTETS + 1]


def test_alias_bomb_is_refused_at_its_first_anchor() -> None:
    bombe = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(9)
    )
    p = erreur(bombe)
    assert "ancre YAML « &a » refusée" in p.message
    assert (p.position.ligne, p.position.colonne) == (1, 4)


@pytest.mark.parametrize("texte", ["[" * 1000 + "]" * 1000,
                                   "".join(f"{' ' * i}a:\n" for i in range(1000))])
def test_thousand_deep_nesting_is_refused_at_the_limit(texte: str) -> None:
    p = erreur(texte)
    assert f"imbrication trop profonde (plus de {LIMITE_PROFONDEUR} niveaux)" in p.message
    # Refused where the limit is crossed, not after reading the thousand levels.
    assert p.position.ligne <= LIMITE_PROFONDEUR + 1
    assert p.position.colonne <= LIMITE_PROFONDEUR + 2


def test_syntax_error_is_positioned_with_a_hint() -> None:
    p = erreur("libelle: Réception : guichet\n")
    assert p.position.ligne == 1 and "guillemets" in (p.indice or "")


_FRAGMENTS = st.sampled_from([
    "a", "é", ":", ": ", "-", "- ", "\n", "  ", "\t", "[", "]", "{", "}", ",", "'", '"', "#",
    "&x", "*x", "!!str", "---", "...", "|", ">", "?", "%YAML 1.2", "\\", "\\x07", "\\u2028",
    "\x00", "\x1b", "\u2028", "\ufeff", "\udcff", "12", "1.5", "null", "2024-02-30",
])


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_FRAGMENTS, max_size=40), st.sampled_from(["utf-8", "latin-1", "utf-16"]))
def test_any_bytes_end_in_a_positioned_problem_or_data(
        fragments: list[str], encodage: str) -> None:
    """Every input reaches the loader as bytes (undecodable ones included): the loader
    returns data or one problem placed in the file, never another exception."""
    erreurs = "replace" if encodage == "latin-1" else "surrogatepass"
    octets = "".join(fragments).encode(encodage, errors=erreurs)
    try:
        doc = load_bytes("f.yml", octets)
    except LoadError as exc:
        assert exc.probleme.position.chemin == "f.yml"
        assert exc.probleme.position.ligne >= 1
    else:
        assert isinstance(doc.donnees, (dict, list, str, int, float, bool))


@pytest.mark.parametrize(("texte", "position", "nom"), [
    ("id: P-X\nlibelle: \"Accueil\\aguichet\"\n", "f.yml:2:18", "U+0007"),
    ("etapes:\n  - \"E1\"\n  - \"pré\\x1Fpost\"\n", "f.yml:3:9", "U+001F"),
    ("nom: \"\\u0000 début\"\n", "f.yml:1:7", "U+0000"),
    ("nom: \"fin \\u009B\"\n", "f.yml:1:11", "U+009B"),
    ("nom: \"un\\Pdeux\"\n", "f.yml:1:9", "U+2029"),
    ("nom: \"ab\\\n  cd \\v\"\n", "f.yml:2:6", "U+000B"),
    ("{\"clé\\x15\": 1}\n", "f.yml:1:6", "U+0015"),
    ("nom: texte\x7fcaché\n", "f.yml:1:11", "U+007F"),
    ("description: |\n  ligne\n  autre\u2028ligne\n", "f.yml:3:8", "U+2028"),
    ("a:\n  - b\x1bc\n", "f.yml:2:6", "U+001B"),
    ("'k\x0e': v\n", "f.yml:1:3", "U+000E"),
])
def test_invisible_characters_are_refused_where_they_are_written(
        texte: str, position: str, nom: str) -> None:
    probleme = erreur(texte)
    assert str(probleme.position) == position
    assert nom in probleme.message and "refusé" in probleme.message
    assert probleme.indice and "retirez-le" in probleme.indice
    assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in probleme.format())


def test_ordinary_escapes_and_line_breaks_stay_accepted() -> None:
    doc = load_text("f.yml", "a: \"x\\ty\\nz\\u00e9\\x41\"\nb: |\n  l1\r\n  l2\n")
    assert doc.donnees == {"a": "x\ty\nzéA", "b": "l1\nl2\n"}
