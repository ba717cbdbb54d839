"""``transfo diff`` takes a revision for a revision: never a folder of the same name, never an
option, never a link stored in git."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import MINI, lancer, remplacer

_ENV = {"GIT_AUTHOR_NAME": "Relecteur", "GIT_AUTHOR_EMAIL": "r@example.org",
        "GIT_COMMITTER_NAME": "Relecteur", "GIT_COMMITTER_EMAIL": "r@example.org",
        "GIT_AUTHOR_DATE": "2026-02-01T00:00:00", "GIT_COMMITTER_DATE": "2026-02-01T00:00:00"}


def git(depot: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=depot, check=True, capture_output=True,
                          text=True, env={**os.environ, **_ENV}).stdout


@pytest.fixture
def depot(tmp_path: Path) -> Path:
    """Tag ``reference``: the mini model. Then: a chantier's investment tripled, and a folder
    named ``reference/modele`` holding a copy of the new model, committed with it."""
    depot = tmp_path / "audit"
    shutil.copytree(MINI, depot / "processes")
    git(depot, "init", "-q", "-b", "main")
    git(depot, "add", "-A")
    git(depot, "commit", "-q", "-m", "Premier état")
    git(depot, "tag", "reference")
    remplacer(depot / "processes" / "feuille-de-route" / "C-PORTAIL.yml",
              "investissement_externe: 40000", "investissement_externe: 120000")
    shutil.copytree(depot / "processes", depot / "reference")
    git(depot, "add", "-A")
    git(depot, "commit", "-q", "-m", "Investissement revu")
    return depot


def test_a_name_both_folder_and_revision_is_refused_with_the_way_out(depot: Path) -> None:
    r = lancer("diff", "reference", cwd=depot)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stdout == ""
    assert r.stderr == (
        "transfo diff : « reference » est à la fois une révision git et un dossier de l'espace "
        "de travail : écrivez « ./reference » pour comparer le dossier, ou "
        "« reference^{commit} » pour comparer la révision\n")


def test_each_way_out_compares_what_it_names(depot: Path) -> None:
    revision = lancer("diff", "reference^{commit}", cwd=depot)
    assert revision.returncode == 0, revision.stderr
    assert "`couts[0].investissement_externe` : `40000.0` → `120000.0`" in revision.stdout
    dossier = lancer("diff", "./reference", cwd=depot)
    assert dossier.returncode == 0, dossier.stderr
    assert "Aucun changement dans le modèle" in dossier.stdout


def test_a_revision_is_never_read_as_an_option(depot: Path) -> None:
    r = lancer("diff", "--", "--output=piege.txt", cwd=depot)
    assert r.returncode == 2 and "révision git inconnue « --output=piege.txt »" in r.stderr
    assert not (depot / "piege.txt").exists()


def test_a_link_stored_in_git_is_refused_unread(depot: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_text("id: C-SECRET\nnom: code d'accès 8472\n", encoding="utf-8")
    os.symlink(secret, depot / "processes" / "feuille-de-route" / "C-SECRET.yml")
    git(depot, "add", "-A")
    git(depot, "commit", "-q", "-m", "Lien")
    r = lancer("diff", "HEAD", "HEAD~1", cwd=depot)
    assert r.returncode == 1
    assert ("HEAD:processes/feuille-de-route/C-SECRET.yml:1:1: erreur : lien symbolique refusé"
            in r.stdout), r.stdout
    assert "8472" not in r.stdout + r.stderr
