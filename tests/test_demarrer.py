"""The README's « Démarrer un nouvel audit », replayed as written: its commands, read from the
README itself so that the two cannot drift, run in a temporary folder beside a stand-in for
this repository; its YAML replacements applied; what it says the commands print, checked.
``--strict`` must fail while the examples written by ``transfo new`` remain, and pass once
they are replaced."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import RACINE

SECTION = "## Démarrer un nouvel audit\n"
BLOC = re.compile(r"^```(\w+)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
VALIDATION = "transfo validate --strict"


def blocs_du_parcours() -> list[tuple[str, str]]:
    """(language, content) of each fenced block of the README's walkthrough, in order."""
    texte = (RACINE / "README.md").read_text(encoding="utf-8")
    debut = texte.index(SECTION)
    fin = texte.index("\n## ", debut + len(SECTION))
    return [(m.group(1), m.group(2)) for m in BLOC.finditer(texte[debut:fin])]


def depot_simule(dossier: Path) -> Path:
    """A stand-in for the clone named ``transfo``: the files the walkthrough copies, and an
    ``activate`` that puts this test's environment first on the PATH."""
    depot = dossier / "transfo"
    depot.mkdir()
    for nom in ("mkdocs.yml", "content", "schemas", ".vscode", "processes"):
        (depot / nom).symlink_to(RACINE / nom)
    activer = depot / ".venv" / "bin" / "activate"
    activer.parent.mkdir(parents=True)
    activer.write_text(f'export PATH="{Path(sys.executable).parent}:$PATH"\n', encoding="utf-8")
    return depot


def lancer_bloc(commandes: str, cwd: Path) -> tuple[int, str, Path]:
    """Runs a block as a consultant pastes it into a shell: stops at the first failing
    command; returns the exit code, what it printed and the folder it ends in."""
    fin = cwd / ".dossier-final"
    script = f'trap \'pwd > "{fin}"\' EXIT\nset -e\n{commandes}'
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    env.pop("TRANSFO_PUBLIC", None)
    r = subprocess.run(["bash", "-c", script], cwd=cwd, capture_output=True, text=True,
                       env=env, timeout=300)
    return r.returncode, r.stdout + r.stderr, Path(fin.read_text(encoding="utf-8").strip())


def remplacer_cles(fichier: Path, bloc: str) -> None:
    """Replaces each top-level key of ``bloc`` in ``fichier``: its line and the indented
    lines that continue it (a block of text), as the README asks the consultant to."""
    lignes = fichier.read_text(encoding="utf-8").splitlines(keepends=True)
    groupes: list[list[str]] = []
    for ligne in bloc.splitlines(keepends=True):
        if ligne.startswith(" "):
            groupes[-1].append(ligne)
        else:
            groupes.append([ligne])
    for groupe in groupes:
        cle = groupe[0].split(":", 1)[0] + ":"
        debut = next(k for k, ligne in enumerate(lignes) if ligne.startswith(cle))
        fin = debut + 1
        while fin < len(lignes) and lignes[fin].startswith(" "):
            fin += 1
        lignes[debut:fin] = groupe
    fichier.write_text("".join(lignes), encoding="utf-8")


def test_the_readme_walkthrough_fails_strict_with_examples_and_passes_once_replaced(
        tmp_path: Path) -> None:
    blocs = blocs_du_parcours()
    assert [langue for langue, _ in blocs].count("yaml") == 3
    depot_simule(tmp_path)
    dossier = tmp_path
    validations: list[int] = []
    sortie = ""
    remplacements = 0
    for k, (langue, contenu) in enumerate(blocs):
        if langue == "bash":
            if contenu.strip() == "mkdocs serve":
                continue  # a server that runs until stopped: the walkthrough ends there
            code, sortie, dossier = lancer_bloc(contenu, dossier)
            if contenu.strip() == VALIDATION:
                validations.append(code)
            else:
                assert code == 0, sortie
            suivant = blocs[k + 1] if k + 1 < len(blocs) else ("", "")
            if suivant[0] == "text":  # what the README says the commands print
                for ligne in suivant[1].splitlines():
                    assert ligne in sortie.splitlines(), (ligne, sortie)
        elif langue == "yaml":
            premiere, reste = contenu.split("\n", 1)
            assert premiere.startswith("# processes/"), premiere
            remplacer_cles(dossier / premiere.removeprefix("# "), reste)
            remplacements += 1
    # Fails (code 1) on the examples of « transfo new », passes once they are replaced.
    assert validations == [1, 0]
    assert remplacements == 3
    assert sortie.strip() == "0 erreur, 0 avertissement (4 fichiers lus)"
    assert (dossier / ".github" / "workflows" / "audit.yml").is_file()
    assert dossier.name == "mon-audit"


def test_the_walkthrough_shows_the_warnings_strict_fails_on() -> None:
    """The excerpt after the first validation is real output, and it names placeholders."""
    blocs = blocs_du_parcours()
    premiere = next(k for k, (langue, contenu) in enumerate(blocs)
                    if langue == "bash" and contenu.strip() == VALIDATION)
    extrait = blocs[premiere + 1][1]
    assert "texte d'exemple écrit par « transfo new »" in extrait
    assert extrait.splitlines()[-1] == "0 erreur, 6 avertissements (4 fichiers lus)"
