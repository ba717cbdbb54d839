"""A build that fails after validation keeps the previous site whole, and says why in one
French sentence: ``dot`` failing, the background worker failing, a warning under --strict."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MINI, remplacer
from tests.outils_site import construire, copier_projet


def _instantane(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


@pytest.fixture
def projet_construit(tmp_path: Path) -> tuple[Path, dict[str, bytes]]:
    projet = copier_projet(tmp_path / "p", MINI)
    r = construire(projet)
    assert r.returncode == 0, r.stderr[-2000:]
    return projet, _instantane(projet / "site")


def _changer_un_diagramme(projet: Path) -> None:
    """A step label changes: its diagram is not in the SVG cache."""
    remplacer(projet / "processes" / "autonomie" / "P-SOL-APA.yml",
              "libelle: Demande de pièces", "libelle: Demande des pièces manquantes")


def _pid_termine() -> int:
    """The id of a process that has ended."""
    fini = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(fini.stdout)


def _restes(projet: Path) -> list[str]:
    return [p.name for p in projet.iterdir() if ".construction-" in p.name or ".ancien-" in p.name]


def test_a_failing_dot_keeps_the_previous_site(
        projet_construit: tuple[Path, dict[str, bytes]], tmp_path: Path) -> None:
    projet, avant = projet_construit
    _changer_un_diagramme(projet)
    faux = tmp_path / "bin"
    faux.mkdir()
    dot = faux / "dot"
    dot.write_text("#!/bin/sh\necho 'dot: plantage simulé' >&2\nexit 1\n", encoding="utf-8")
    dot.chmod(dot.stat().st_mode | stat.S_IXUSR)
    r = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=projet, capture_output=True,
        text=True, timeout=300,
        env={**os.environ, "PATH": f"{faux}{os.pathsep}{os.environ['PATH']}",
             "NO_MKDOCS_2_WARNING": "1", "TRANSFO_PUBLIC": "0"},
    )
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert "Graphviz a échoué" in r.stderr and "le site précédent est conservé" in r.stderr
    assert _instantane(projet / "site") == avant
    assert _restes(projet) == []


def test_a_failing_background_worker_keeps_the_previous_site(
        projet_construit: tuple[Path, dict[str, bytes]]) -> None:
    projet, avant = projet_construit
    exports = projet / ".cache" / "plugin" / "transfo" / "exports" / "interne"
    for fichier in exports.iterdir():
        fichier.unlink()
    exports.rmdir()
    exports.write_text("un fichier à la place du dossier\n", encoding="utf-8")
    r = construire(projet)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert "le site précédent est conservé" in r.stderr
    assert _instantane(projet / "site") == avant
    assert _restes(projet) == []


def test_a_strict_build_with_a_warning_keeps_the_previous_site(
        projet_construit: tuple[Path, dict[str, bytes]]) -> None:
    projet, avant = projet_construit
    _changer_un_diagramme(projet)
    with (projet / "content" / "glossaire.md").open("a", encoding="utf-8") as f:
        f.write("\nVoir aussi [une page absente](absente.md).\n")
    r = construire(projet)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "absente.md" in r.stderr
    assert _instantane(projet / "site") == avant
    assert _restes(projet) == []


def test_a_successful_build_replaces_the_site_whole(
        projet_construit: tuple[Path, dict[str, bytes]]) -> None:
    projet, avant = projet_construit
    (projet / "site" / "reste-d-une-ancienne-construction.html").write_text("x", "utf-8")
    # The work folder of a build stopped by Ctrl+C (its process is gone) is cleaned up.
    interrompue = projet / f".site.construction-{_pid_termine()}"
    (interrompue / "processus").mkdir(parents=True)
    _changer_un_diagramme(projet)
    r = construire(projet)
    assert r.returncode == 0, r.stderr[-2000:]
    apres = _instantane(projet / "site")
    assert "reste-d-une-ancienne-construction.html" not in apres
    assert set(apres) - set(avant) == set() or all(
        n.startswith("diagrammes/") for n in set(apres) - set(avant))
    assert "Demande des pièces manquantes" in apres["processus/P-SOL-APA/index.html"].decode()
    assert _restes(projet) == []
