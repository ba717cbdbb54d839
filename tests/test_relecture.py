"""The reviewer's workflow on a temporary git repository with two commits: what the change
does (transfo diff), which reviews went stale, and the CI templates."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.attendus import REGENERER, regenerer
from tests.conftest import MINI, RACINE, lancer, remplacer
from tests.outils_site import construire

GOLDEN = RACINE / "tests" / "golden" / "diff.md"


def git(depot: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Relecteur", "GIT_AUTHOR_EMAIL": "r@example.org",
           "GIT_COMMITTER_NAME": "Relecteur", "GIT_COMMITTER_EMAIL": "r@example.org",
           "GIT_AUTHOR_DATE": "2026-01-01T00:00:00", "GIT_COMMITTER_DATE": "2026-01-01T00:00:00"}
    return subprocess.run(["git", *args], cwd=depot, check=True, capture_output=True,
                          text=True, env=env).stdout


@pytest.fixture
def depot(tmp_path: Path) -> Path:
    """Commit 1: the mini model, its gain and chantier reviewed. Commit 2: one process's
    cible, one chantier's dates and one parameter changed, and the process file moved."""
    depot = tmp_path / "audit"
    shutil.copytree(MINI, depot / "processes")
    shutil.copy(RACINE / "mkdocs.yml", depot / "mkdocs.yml")
    shutil.copytree(RACINE / "content", depot / "content")
    git(depot, "init", "-q", "-b", "main")
    r = lancer("review", "G-SOL-APA-1", "C-PORTAIL", "--date", "2026-01-01", cwd=depot)
    assert r.returncode == 0, r.stderr
    git(depot, "add", "-A")
    git(depot, "commit", "-q", "-m", "Premier état de l'audit")
    apa = depot / "processes" / "autonomie" / "P-SOL-APA.yml"
    remplacer(apa, "    duree_minutes: 45\n    delai_jours: 5", "    duree_minutes: 30\n"
              "    delai_jours: 5\n  - id: N1\n    libelle: Notification en ligne\n"
              "    acteur: ACT-INSTRUCTEUR\n    canal: portail\n    duree_minutes: 5")
    remplacer(depot / "processes" / "feuille-de-route" / "C-PORTAIL.yml",
              'fin: "2025-12-31"', 'fin: "2026-03-31"')
    remplacer(depot / "processes" / "referentiel.yml", "taux_actualisation: {valeur: 0.1",
              "taux_actualisation: {valeur: 0.08")
    (depot / "processes" / "solidarites").mkdir()
    git(depot, "mv", "processes/autonomie/P-SOL-APA.yml", "processes/solidarites/")
    git(depot, "mv", "processes/autonomie/macroprocessus.yml", "processes/solidarites/")
    git(depot, "add", "-A")
    git(depot, "commit", "-q", "-m", "Cible revue, chantier décalé, taux révisé")
    return depot


def test_diff_names_exactly_the_changes_and_their_effect(depot: Path) -> None:
    r = lancer("diff", "HEAD~1", "HEAD", cwd=depot)
    assert r.returncode == 0, r.stderr
    if REGENERER:
        regenerer(GOLDEN, r.stdout)
    assert r.stdout == GOLDEN.read_text(encoding="utf-8")
    donnees = json.loads(lancer("diff", "HEAD~1", "--format", "json", cwd=depot).stdout)
    assert {(c["id"], c["nature"]) for c in donnees["changements"]} == {
        ("P-SOL-APA", "modification"), ("C-PORTAIL", "modification"),
        ("parametres", "modification")}  # the moved files are neither removed nor added
    assert donnees["glissements"] == [{"chantier": "C-PORTAIL", "champ": "fin",
                                       "avant": "2025-12-31", "apres": "2026-03-31",
                                       "jours": 90}]
    assert donnees["etapes_cibles"] == {"P-SOL-APA": {"ajoutees": ["N1"], "retirees": []}}
    van = next(e for e in donnees["portefeuille"] if e["libelle"] == "VAN socio-économique")
    assert van["apres"] > van["avant"]  # faster cible and a lower rate both raise the VAN
    # The freed time is agents' time, not budget: the financial VAN only sees the costs, one
    # more year of running cost as the go-live slips into 2026.
    financiere = next(e for e in donnees["portefeuille"] if e["libelle"] == "VAN financière")
    assert financiere["apres"] < financiere["avant"] < 0
    etp = next(e for e in donnees["processus"]["P-SOL-APA"] if e["libelle"] == "ETP libérés")
    assert etp["ecart"] == pytest.approx((45 - 30 - 5) * 1000 / 60 / 1607)


def test_reviews_of_what_depends_on_the_change_go_stale(depot: Path) -> None:
    r = lancer("validate", cwd=depot)
    assert r.returncode == 0
    assert ("« G-SOL-APA-1 » est à revoir : les paramètres de la valeur du référentiel, le "
            "processus (existant, cible, volumes) ont changé depuis la revue du 01/01/2026"
            in r.stdout), r.stdout
    assert "« C-PORTAIL » est à revoir : le chantier lui-même" in r.stdout
    assert lancer("validate", "--strict", cwd=depot).returncode == 1
    assert lancer("review", "G-SOL-APA-1", "C-PORTAIL", cwd=depot).returncode == 0
    assert "à revoir" not in lancer("validate", cwd=depot).stdout
    avant = (depot / "processes" / "feuille-de-route" / "C-PORTAIL.yml").read_text("utf-8")
    assert avant.count("revue:") == 1  # updated in place, not added twice


def test_diff_of_an_invalid_revision_reports_errors(depot: Path) -> None:
    remplacer(depot / "processes" / "feuille-de-route" / "C-PORTAIL.yml", "pilote: DIR-DSN",
              "pilote: DIR-DNS")
    r = lancer("diff", "HEAD", cwd=depot)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert "Le modèle ne se valide pas (après)" in r.stdout
    assert "C-PORTAIL.yml:8:9: erreur : direction inconnue « DIR-DNS »" in r.stdout
    r = lancer("diff", "pas-une-revision", cwd=depot)
    assert r.returncode == 2 and "révision git inconnue" in r.stderr


def test_diff_between_two_folders_and_a_preview_url(depot: Path, tmp_path: Path) -> None:
    ancien = tmp_path / "ancien"
    shutil.copytree(MINI, ancien)
    r = lancer("diff", str(ancien), "processes", "--apercu", "https://apercu.example.org/",
               cwd=depot)
    assert r.returncode == 0
    assert "[`C-PORTAIL`](https://apercu.example.org/chantiers/C-PORTAIL/)" in r.stdout


def test_ci_templates_pass_their_schemas_and_the_same_steps_run_here(depot: Path) -> None:
    assert lancer("init", cwd=depot).returncode == 0
    flux = depot / ".github" / "workflows" / "audit.yml"
    gitlab = depot / ".gitlab-ci.yml"
    for fichier, schema in ((flux, "vendor.github-workflows"), (gitlab, "vendor.gitlab-ci")):
        r = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                            schema, str(fichier)], capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
    r = lancer("init", cwd=depot)
    assert "existe déjà" in r.stderr  # never overwritten
    # The steps of the pull-request job, on this repository.
    assert lancer("validate", "--format", "github", cwd=depot).returncode == 0
    assert construire(depot).returncode == 0
    assert "Cible revue" not in lancer("diff", "HEAD~1", cwd=depot).stdout
    remplacer(depot / "processes" / "referentiel.yml", "categorie: B", "categorie: X")
    r = lancer("validate", "--format", "github", cwd=depot)
    assert r.returncode == 1
    assert r.stdout.startswith("::error file=processes/referentiel.yml,line=")


def test_fingerprints_ignore_formatting_and_comments(tmp_path: Path) -> None:
    modele = tmp_path / "processes"
    shutil.copytree(MINI, modele)
    assert lancer("review", "G-SOL-APA-1", "C-PORTAIL", cwd=tmp_path).returncode == 0
    chantier = modele / "feuille-de-route" / "C-PORTAIL.yml"
    texte = chantier.read_text(encoding="utf-8")
    texte = texte.replace("nom: Portail de démarches en ligne",
                          "# un commentaire\nnom: 'Portail de démarches en ligne'   # ici aussi")
    texte = texte.replace("processus: [P-SOL-APA]", "processus:\n  - P-SOL-APA")
    chantier.write_text(texte, encoding="utf-8")
    r = lancer("validate", "--strict", cwd=tmp_path)
    assert r.returncode == 0, r.stdout


def test_a_fingerprint_that_looks_like_a_number_stays_text() -> None:
    from datetime import date

    from transfo.load.edition import ligne_revue
    from transfo.load.yaml_loader import load_text

    ligne = ligne_revue(date(2026, 1, 1), {"gain": "1234e5678", "processus": "0777"})
    revue = load_text("f.yml", ligne + "\n").donnees["revue"]
    assert revue["empreintes"] == {"gain": "1234e5678", "processus": "0777"}


def test_a_site_build_computes_the_review_statuses_once(depot: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation computes them for its warnings and hands them to the pages, which show
    them: the second commit's stale reviews are on the page « Revue »."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from transfo.analyse.revue import statuts
    from transfo.render import contexte
    from transfo.validate import runner

    appels: list[int] = []

    def compter(audit: object) -> object:
        appels.append(1)
        return statuts(audit)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "statuts", compter)
    monkeypatch.setattr(contexte, "statuts", compter)
    monkeypatch.setenv("TRANSFO_PUBLIC", "0")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    build(load_config(str(depot / "mkdocs.yml")))
    assert len(appels) == 1
    revue = (depot / "site" / "revue" / "index.html").read_text(encoding="utf-8")
    assert "G-SOL-APA-1" in revue and "à revoir" in revue
