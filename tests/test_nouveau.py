"""``transfo init`` and ``transfo new``: files written inside the repository only, never
through a link, with names as typed, and every misuse a French message without traceback."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.conftest import remplacer
from transfo.adapters.cli.main import main
from transfo.load.yaml_loader import load_file
from transfo.model.entities import Chantier


@pytest.fixture
def modele(mini: Path) -> Path:
    return mini


DOSSIER = ("--dossier", "MODÈLE")
"""The model folder, the copy of each test: written as a placeholder in parameters."""


def ici(modele: Path, args: tuple[str, ...]) -> list[str]:
    """``args`` with the placeholders made paths: « MODÈLE » the test's model folder,
    « À-CÔTÉ/… » a path beside it (which does not exist)."""
    return [str(modele) if a == "MODÈLE"
            else str(modele.parent / a.removeprefix("À-CÔTÉ/")) if a.startswith("À-CÔTÉ/")
            else a for a in args]


def lancer_ici(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    try:
        code = main(list(args))
    except SystemExit as fin:  # argparse's usage errors
        code = int(fin.code or 0)
    sortie = capsys.readouterr()
    assert "Traceback" not in sortie.out + sortie.err
    return code, sortie.err


@pytest.mark.parametrize("nom", [
    "Réaliser & suivre les aides",
    "Accueil : guichet unique",
    'Le « bon » dossier, dit "complet"',
    "Dossiers #2 et #3",
    "- premier tiret",
    "&ancre et *alias",
    "2027",
    "oui",
    "Élève \\ collège ' apostrophe",
    "[crochets] {accolades}",
])
def test_new_writes_the_name_as_typed_and_reads_it_back(
        modele: Path, capsys: pytest.CaptureFixture[str], nom: str) -> None:
    code, err = lancer_ici(capsys, "new", "chantier", "C-NOM", "--nom", nom,
                           "--dossier", str(modele))
    assert code == 0, err
    fichier = modele / "feuille-de-route" / "C-NOM.yml"
    assert load_file(fichier).donnees["nom"] == nom
    texte = fichier.read_text(encoding="utf-8")
    assert "\\u00" not in texte and "\\u0026" not in texte
    ligne = next(ligne for ligne in texte.splitlines() if ligne.startswith("nom: "))
    sans_guillemets = {"Réaliser & suivre les aides", 'Le « bon » dossier, dit "complet"',
                       "oui", "Élève \\ collège ' apostrophe"}
    assert (ligne == f"nom: {nom}") == (nom in sans_guillemets)  # quoted only when needed


def test_new_chantier_dates_come_from_the_reference_year(
        modele: Path, capsys: pytest.CaptureFixture[str]) -> None:
    remplacer(modele / "referentiel.yml", "valeur: 2025", "valeur: 2031")
    code, err = lancer_ici(capsys, "new", "chantier", "C-DATES", "--dossier", str(modele))
    assert code == 0, err
    donnees = load_file(modele / "feuille-de-route" / "C-DATES.yml").donnees
    assert (donnees["debut"], donnees["fin"]) == ("2031-01-01", "2031-12-31")


@pytest.mark.parametrize("args", [
    ("new", "processus", "P-SOL-FIN\n", "--macroprocessus", "MP-SOL-AUTONOMIE", *DOSSIER),
    ("new", "chantier", "C-X\n", *DOSSIER),
    ("new", "chantier", "C-NOM", "--nom", "deux\nlignes", *DOSSIER),
    ("new", "chantier", "C-NOM", "--nom", "tab\there", *DOSSIER),
    ("new", "chantier", "C-NOM", "--dossier", "À-CÔTÉ/ailleurs"),
    ("new", "macroprocessus", "MP-FEUILLE-DE-ROUTE", *DOSSIER),
    ("review", "C-PORTAIL", "--date", "2026-02-30", *DOSSIER),
    ("review", "C-PORTAIL", "--date", "20260101", *DOSSIER),
    ("review", "C-PORTAIL", "--dossier", "À-CÔTÉ/ailleurs"),
    ("new", "chantier", "C-NOM", "--famille", "autre", *DOSSIER),
    ("init", "À-CÔTÉ/nulle-part"),
    ("pdf", "MODÈLE", "-o", "À-CÔTÉ/audit.pdf", "--pages-par-lot", "0"),
    ("pdf", "MODÈLE", "-o", "À-CÔTÉ/audit.pdf", "--pages-par-lot", "cent"),
])
def test_every_bad_value_is_a_french_usage_error(
        modele: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...]) -> None:
    avant = sorted(p.relative_to(modele) for p in modele.rglob("*"))
    code, err = lancer_ici(capsys, *ici(modele, args))
    assert code == 2 and err.count("\n") >= 1 and err.startswith(("transfo", "utilisation"))
    assert sorted(p.relative_to(modele) for p in modele.rglob("*")) == avant


def test_new_refuses_a_symlink_on_the_way_dangling_or_not(
        modele: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    dehors = tmp_path / "dehors"
    (modele / "feuille-de-route" / "C-LIEN.yml").symlink_to(dehors / "C-LIEN.yml")
    code, err = lancer_ici(capsys, "new", "chantier", "C-LIEN", "--dossier", str(modele))
    assert code != 0 and "lien symbolique" in err
    dehors.mkdir()
    (modele / "ailleurs").symlink_to(dehors, target_is_directory=True)
    code, err = lancer_ici(capsys, "new", "macroprocessus", "MP-AILLEURS", "--dossier", str(modele))
    assert code != 0 and "ailleurs est un lien symbolique" in err
    assert list(dehors.iterdir()) == []


def test_init_never_writes_through_a_link(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    depot = tmp_path / "depot"
    (depot / ".github").mkdir(parents=True)
    (depot / ".github" / "workflows").symlink_to(tmp_path / "absent", target_is_directory=True)
    (depot / ".gitlab-ci.yml").symlink_to(tmp_path / "HORS-DEPOT.yml")
    code, err = lancer_ici(capsys, "init", str(depot))
    assert code == 1
    assert err.count("lien symbolique") == 2 and err.count("\n") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["depot"]
    (depot / ".gitlab-ci.yml").unlink()
    code, err = lancer_ici(capsys, "init", str(depot), "--forge", "gitlab")
    assert code == 0, err
    fichier = depot / ".gitlab-ci.yml"
    umask = os.umask(0o022)
    os.umask(umask)
    assert not fichier.is_symlink() and fichier.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.parametrize(("genre", "ident", "options", "fichier"), [
    ("processus", "P-SOL-AIDE", ("--macroprocessus", "MP-SOL-AUTONOMIE"),
     "autonomie/P-SOL-AIDE.yml"),
    ("macroprocessus", "MP-CULTURE", (), "culture/macroprocessus.yml"),
])
def test_every_template_writes_a_hostile_name_that_validates(
        modele: Path, capsys: pytest.CaptureFixture[str], genre: str, ident: str,
        options: tuple[str, ...], fichier: str) -> None:
    nom = "« Suivi » : aides & prêts #1 — 'été'"
    code, err = lancer_ici(capsys, "new", genre, ident, "--nom", nom, *options,
                           "--dossier", str(modele))
    assert code == 0, err
    assert load_file(modele / fichier).donnees["nom"] == nom
    assert lancer_ici(capsys, "validate", str(modele))[0] == 0


def test_a_full_disk_during_new_leaves_no_file(
        modele: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def plein(fd: int, donnees: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "write", plein)
    code, err = lancer_ici(capsys, "new", "chantier", "C-PLEIN", "--dossier", str(modele))
    monkeypatch.undo()
    assert code == 1 and err.count("\n") == 1 and "disque plein" in err
    assert sorted(p.name for p in (modele / "feuille-de-route").iterdir()) == ["C-PORTAIL.yml"]


NON_PROPOSES = {
    "chantier": {"revue": "écrit par transfo review", "visibilite": "rare, dit par le guide"},
}
"""Fields of a kind that ``transfo new`` does not write, and why."""


def test_new_chantier_names_every_field_of_a_chantier(
        modele: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A block added to the model is offered to whoever starts a chantier (as a key or a
    commented key with its form)."""
    code, err = lancer_ici(capsys, "new", "chantier", "C-CHAMPS", "--nom", "Champs",
                           "--dossier", str(modele))
    assert code == 0, err
    texte = (modele / "feuille-de-route" / "C-CHAMPS.yml").read_text(encoding="utf-8")
    absents = [champ for champ in Chantier.model_fields
               if champ not in NON_PROPOSES["chantier"]
               and not re.search(rf"^(# )?{champ}:", texte, re.MULTILINE)]
    assert absents == []
