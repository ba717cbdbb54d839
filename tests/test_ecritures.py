"""Writes that cannot lose data: ``transfo review`` edits the parsed structure and refuses
what it cannot edit safely; every file is written whole, all together, never through a link."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import remplacer
from transfo.adapters.cli.main import main
from transfo.ecriture import Ecriture, ErreurEcriture, ecrire_atomique, ecrire_plusieurs
from transfo.load.yaml_loader import load_file


@pytest.fixture
def modele(mini: Path) -> Path:
    return mini


def revoir(capsys: pytest.CaptureFixture[str], modele: Path, *ids: str,
           date: str = "2026-02-03") -> tuple[int, str, str]:
    code = main(["review", *ids, "--date", date, "--dossier", str(modele)])
    sortie = capsys.readouterr()
    assert "Traceback" not in sortie.out + sortie.err
    return code, sortie.out, sortie.err


def revue_de(fichier: Path, *chemin: str | int) -> Any:
    entite = load_file(fichier).donnees
    for partie in chemin:
        entite = entite[partie]
    return entite["revue"]


def test_a_crlf_file_keeps_its_line_endings_comments_and_every_other_byte(
        modele: Path, capsys: pytest.CaptureFixture[str]) -> None:
    apa = modele / "autonomie" / "P-SOL-APA.yml"
    texte = apa.read_text(encoding="utf-8").replace(
        "  - id: G-SOL-APA-2\n", "  - id: G-SOL-APA-2   # temps des familles\n")
    apa.write_bytes(("\ufeff" + texte.replace("\n", "\r\n")).encode("utf-8"))
    avant = apa.read_bytes()
    code, _, err = revoir(capsys, modele, "G-SOL-APA-2", "G-SOL-APA-3")
    assert code == 0, err
    apres = apa.read_bytes()
    assert apres.startswith(b"\xef\xbb\xbf") and b"\n" not in apres.replace(b"\r\n", b"")
    ajoutees = [ligne for ligne in apres.split(b"\r\n") if ligne not in avant.split(b"\r\n")]
    assert [ligne.strip()[:26] for ligne in ajoutees] == [b'revue: {date: "2026-02-03"'] * 2
    retirees = [ligne for ligne in avant.split(b"\r\n") if ligne not in apres.split(b"\r\n")]
    assert retirees == []
    assert b"  - id: G-SOL-APA-2   # temps des familles\r\n    revue: {" in apres
    assert revue_de(apa, "gains", 2)["date"] == "2026-02-03"


def test_an_updated_review_keeps_the_comment_after_it(
        modele: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chantier = modele / "feuille-de-route" / "C-PORTAIL.yml"
    assert revoir(capsys, modele, "C-PORTAIL", date="2025-09-09")[0] == 0
    texte = chantier.read_text(encoding="utf-8")
    ligne = next(ligne for ligne in texte.splitlines() if ligne.startswith("revue:"))
    chantier.write_text(texte.replace(ligne, ligne + "  # relu en comité de pilotage"),
                        encoding="utf-8")
    assert revoir(capsys, modele, "C-PORTAIL", date="2026-04-30")[0] == 0
    apres = chantier.read_text(encoding="utf-8")
    assert apres.count("revue:") == 1
    assert 'revue: {date: "2026-04-30", ' in apres
    assert "}  # relu en comité de pilotage\nnom: Portail" in apres


@pytest.mark.parametrize(("avant", "apres", "attendu"), [
    ("  - id: G-SOL-APA-3\n    libelle: Usagers mieux informés\n    nature: qualitatif\n"
     "    axe: externalites\n    hypothese: Suivi en ligne du dossier.\n"
     "    source: Entretiens\n    confiance: forte",
     "  - {id: G-SOL-APA-3, libelle: Usagers mieux informés, nature: qualitatif,\n"
     "     axe: externalites, hypothese: Suivi en ligne du dossier., source: Entretiens,\n"
     "     confiance: forte}", ":72:5: entité écrite en style flux"),
    ("  - id: G-SOL-APA-3\n", "  - id:\n      G-SOL-APA-3\n",
     ":72:5: la valeur de « id: » n'est pas sur la ligne de la clé"),
    ("  - id: G-SOL-APA-3\n", '  - id: G-SOL-APA-3\n    revue: {date: "2024-05-05",\n'
     "      empreintes: {}}\n", ":73:5: la revue existante n'est pas un {…} sur une seule"),
    ("  - id: G-SOL-APA-3\n", '  - id: G-SOL-APA-3\n    revue:\n      date: "2024-05-05"\n'
     "      empreintes: {}\n", ":73:5: la revue existante"),
])
def test_what_cannot_be_edited_safely_is_refused_and_nothing_is_written(
        modele: Path, capsys: pytest.CaptureFixture[str], avant: str, apres: str,
        attendu: str) -> None:
    apa = modele / "autonomie" / "P-SOL-APA.yml"
    chantier = modele / "feuille-de-route" / "C-PORTAIL.yml"
    remplacer(apa, avant, apres)
    octets = apa.read_bytes(), chantier.read_bytes()
    code, sortie, err = revoir(capsys, modele, "C-PORTAIL", "G-SOL-APA-3")
    assert code == 1 and sortie == ""
    assert f"P-SOL-APA.yml{attendu}" in err and " — " in err  # position, then a hint
    assert (apa.read_bytes(), chantier.read_bytes()) == octets  # not even the chantier


def test_a_full_disk_leaves_every_original_intact(
        modele: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    apa = modele / "autonomie" / "P-SOL-APA.yml"
    chantier = modele / "feuille-de-route" / "C-PORTAIL.yml"
    octets = apa.read_bytes(), chantier.read_bytes()
    vrai_write = os.write
    ecrits: list[int] = []

    def write(fd: int, donnees: Any) -> int:
        if ecrits:  # the first temporary is written, the second hits a full disk
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        ecrits.append(fd)
        return vrai_write(fd, bytes(donnees)[:4096])

    monkeypatch.setattr(os, "write", write)
    code, sortie, err = revoir(capsys, modele, "G-SOL-APA-1", "C-PORTAIL")
    monkeypatch.undo()
    assert code == 1 and sortie == ""
    assert err.count("\n") == 1 and "disque plein" in err and "aucun fichier" in err
    assert (apa.read_bytes(), chantier.read_bytes()) == octets
    assert not [p for p in modele.rglob(".*") if p.suffix == ".tmp"]


def test_a_save_by_the_editor_during_the_command_is_never_overwritten(
        modele: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from transfo.analyse.revue import Empreintes

    chantier = modele / "feuille-de-route" / "C-PORTAIL.yml"
    vrai = Empreintes.de

    def de(self: Empreintes, ident: str) -> dict[str, str]:
        remplacer(chantier, "nom: Portail", "nom: Guichet")  # saved after validation
        return vrai(self, ident)

    monkeypatch.setattr(Empreintes, "de", de)
    code, _, err = revoir(capsys, modele, "C-PORTAIL")
    assert code == 1 and "a changé depuis sa validation" in err
    assert "revue:" not in chantier.read_text(encoding="utf-8")


def test_a_file_changed_between_read_and_write_is_not_replaced(tmp_path: Path) -> None:
    fichier = tmp_path / "f.yml"
    fichier.write_bytes(b"a: 1\n")
    lu = fichier.read_bytes()
    fichier.write_bytes(b"a: 2\n")
    with pytest.raises(ErreurEcriture, match="modifié pendant la commande"):
        ecrire_atomique(fichier, b"a: 3\n", lu=lu)
    assert fichier.read_bytes() == b"a: 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.yml"]


def test_several_files_are_written_all_or_none(tmp_path: Path) -> None:
    premier, second = tmp_path / "un.yml", tmp_path / "absent" / "deux.yml"
    premier.write_bytes(b"x: 1\n")
    with pytest.raises(ErreurEcriture, match="aucun fichier n'a été modifié"):
        ecrire_plusieurs([Ecriture(premier, b"x: 2\n", lu=b"x: 1\n"),
                          Ecriture(second, b"y: 2\n")])
    assert premier.read_bytes() == b"x: 1\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["un.yml"]
    premier.chmod(0o640)
    ecrire_atomique(premier, b"x: 3\n", lu=b"x: 1\n")
    assert premier.read_bytes() == b"x: 3\n" and premier.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("cible_existe", [True, False])
def test_nothing_is_written_through_a_symlink(tmp_path: Path, cible_existe: bool) -> None:
    dehors = tmp_path / "dehors.txt"
    if cible_existe:
        dehors.write_bytes(b"original\n")
    lien = tmp_path / "lien.yml"
    lien.symlink_to(dehors)
    with pytest.raises(ErreurEcriture, match="lien symbolique"):
        ecrire_atomique(lien, b"nouveau\n")
    assert lien.is_symlink()
    assert (dehors.read_bytes() if cible_existe else dehors.exists()) in (b"original\n", False)


def test_review_refuses_a_model_file_that_is_a_symlink(
        modele: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    ailleurs = tmp_path / "ailleurs.yml"
    chantier = modele / "feuille-de-route" / "C-PORTAIL.yml"
    chantier.rename(ailleurs)
    chantier.symlink_to(ailleurs)
    avant = ailleurs.read_bytes()
    code, _, err = revoir(capsys, modele, "C-PORTAIL")
    if code != 2:  # a loader that refuses links says so first; otherwise review refuses it
        assert code == 1 and "lien symbolique" in err
    assert ailleurs.read_bytes() == avant and chantier.is_symlink()


@pytest.mark.parametrize(("texte", "attendu"), [
    ("gains:\r  - id: G-A-1  # mac\r    libelle: x\r",
     'gains:\r  - id: G-A-1  # mac\r    revue: {date: "2026-05-06", empreintes: {gain: "0a"}}\r'
     "    libelle: x\r"),
    ("gains:\n  - libelle: y\n    id: G-A-1",
     'gains:\n  - libelle: y\n    id: G-A-1\n    revue: {date: "2026-05-06", '
     'empreintes: {gain: "0a"}}'),
    ('gains:\n  - id: "G-A-1"\n    revue: {date: "2020-01-01", empreintes: {}}#fin\n',
     'gains:\n  - id: "G-A-1"\n    revue: {date: "2026-05-06", empreintes: {gain: "0a"}}'
     "#fin\n"),
])
def test_the_review_goes_where_the_structure_says(texte: str, attendu: str) -> None:
    from datetime import date

    from transfo.load.edition import editer_revue

    assert editer_revue(texte, Path("f.yml"), ("gains", 0), date(2026, 5, 6),
                        {"gain": "0a"}) == attendu


def test_a_new_file_created_meanwhile_by_someone_else_is_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import transfo.ecriture as ecriture

    cible = tmp_path / "C-NEUF.yml"
    vrai = ecriture._temporaire

    def temporaire(e: Ecriture) -> str:
        cible.write_bytes(b"ecrit par l'editeur\n")  # between the check and the rename
        return vrai(e)

    monkeypatch.setattr(ecriture, "_temporaire", temporaire)
    monkeypatch.setattr(ecriture, "_verifier", lambda e: None)
    with pytest.raises(ErreurEcriture, match="existe déjà"):
        ecrire_atomique(cible, b"id: C-NEUF\n", nouveau=True)
    assert cible.read_bytes() == b"ecrit par l'editeur\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["C-NEUF.yml"]


def test_a_cache_entry_skips_the_flush_that_a_model_file_gets(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    vidages: list[int] = []
    vrai_fsync = os.fsync
    def espion(fd: int) -> None:
        vidages.append(fd)
        vrai_fsync(fd)

    monkeypatch.setattr(os, "fsync", espion)
    ecrire_atomique(tmp_path / "modele.yml", b"id: P-X\n")
    assert len(vidages) == 1
    ecrire_atomique(tmp_path / "cache.svg", b"<svg/>", durable=False)
    assert len(vidages) == 1 and (tmp_path / "cache.svg").read_bytes() == b"<svg/>"
