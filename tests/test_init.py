"""``transfo init``'s editor part (the schemas and the VS Code settings that bind them, merged
into existing settings without losing a byte of them, refused whole when they cannot be read)
and the pre-commit hook that an audit repository takes from this one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from tests.conftest import MINI, RACINE, remplacer
from transfo.adapters.cli.editeur import LIAISONS, neutraliser
from transfo.adapters.cli.main import main
from transfo.load.discovery import discover
from transfo.model.entities import KINDS
from transfo.model.json_schema import schema_files

REGLAGES = Path(".vscode") / "settings.json"
EXTENSIONS = Path(".vscode") / "extensions.json"


def init(capsys: pytest.CaptureFixture[str], depot: Path, *options: str) -> tuple[int, str, str]:
    try:
        code = main(["init", str(depot), *options])
    except SystemExit as fin:  # argparse's usage errors
        code = int(fin.code or 0)
    sortie = capsys.readouterr()
    assert "Traceback" not in sortie.out + sortie.err
    return code, sortie.out, sortie.err


def lire_jsonc(fichier: Path) -> Any:
    return json.loads(neutraliser(fichier.read_text(encoding="utf-8-sig"))[0])


def instantane(dossier: Path) -> dict[str, bytes]:
    return {str(p.relative_to(dossier)): p.read_bytes()
            for p in sorted(dossier.rglob("*")) if p.is_file()}


def correspond(chemin: str, motif: str) -> bool:
    """VS Code's glob on a workspace path: ``*`` never crosses a ``/``."""
    parties, motifs = PurePosixPath(chemin).parts, PurePosixPath(motif).parts
    return len(parties) == len(motifs) and all(
        PurePosixPath(p).match(m) for p, m in zip(parties, motifs, strict=True))


def test_init_on_an_empty_repository_writes_schemas_and_settings_that_bind_them(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = init(capsys, tmp_path)
    assert code == 0, err
    assert out.splitlines()[2:] == [
        f"{tmp_path}/schemas/ : 7 schémas JSON écrits",
        f"{tmp_path / REGLAGES} écrit",
        f"{tmp_path / EXTENSIONS} écrit",
    ]
    for nom, texte in schema_files().items():
        assert (tmp_path / "schemas" / nom).read_text(encoding="utf-8") == texte
    liaisons = lire_jsonc(tmp_path / REGLAGES)["yaml.schemas"]
    # every mapped schema is a file of the audit repository, one per kind of file
    assert sorted(PurePosixPath(c).name for c in liaisons) == sorted(schema_files())
    assert all((tmp_path / chemin).is_file() for chemin in liaisons)
    assert lire_jsonc(tmp_path / EXTENSIONS) == {"recommendations": ["redhat.vscode-yaml"]}
    # the same mapping as this repository's own settings: the two cannot drift apart
    assert lire_jsonc(RACINE / REGLAGES)["yaml.schemas"] == liaisons == LIAISONS


@pytest.mark.parametrize("dossier", [MINI, RACINE / "processes"], ids=["mini", "exemple"])
def test_the_globs_bind_every_model_file_to_the_schema_of_its_kind(dossier: Path) -> None:
    assert {PurePosixPath(c).name.removesuffix(".schema.json") for c in LIAISONS} == set(KINDS)
    for fichier in discover(dossier):
        chemin = f"processes/{fichier.path.relative_to(dossier).as_posix()}"
        lies = [c for c, motifs in LIAISONS.items() if any(correspond(chemin, m) for m in motifs)]
        assert lies == [f"./schemas/{fichier.kind}.schema.json"], chemin


AVANT = """// Réglages de l'équipe
{
    "editor.rulers": [100], // une règle
    /* les schémas des autres outils */
    "yaml.schemas": {
        "https://json.schemastore.org/github-workflow.json": ".github/workflows/*.yml",
        "schemas/processus.schema.json": "processes/**/P-*.yml",
    },
    "files.trimTrailingWhitespace": true,
}
"""


def test_existing_settings_keep_every_other_byte_and_entry(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / REGLAGES).write_text(AVANT, encoding="utf-8")
    (tmp_path / EXTENSIONS).write_text('{"recommendations": ["ms-python.python"]}\n',
                                       encoding="utf-8")
    code, out, err = init(capsys, tmp_path, "--sans-ci")
    assert code == 0, err
    assert out.splitlines() == [
        f"{tmp_path}/schemas/ : 7 schémas JSON écrits",
        f"{tmp_path / REGLAGES} mis à jour : 6 schémas associés et 1 association remplacée "
        "(schemas/processus.schema.json) dans « yaml.schemas » ; le reste du fichier est "
        "inchangé",
        f"{tmp_path / EXTENSIONS} mis à jour : extension « redhat.vscode-yaml » (YAML de Red "
        "Hat) recommandée ; le reste du fichier est inchangé",
    ]
    apres = (tmp_path / REGLAGES).read_text(encoding="utf-8")
    # the comments, the other settings and the indentation are where they were
    debut, fin = AVANT.index('"yaml.schemas": ') + 16, AVANT.index("    },\n") + 5
    assert apres.startswith(AVANT[:debut]) and apres.endswith(AVANT[fin:])
    reglages = lire_jsonc(tmp_path / REGLAGES)
    assert reglages["editor.rulers"] == [100] and reglages["files.trimTrailingWhitespace"]
    schemas = reglages["yaml.schemas"]
    assert schemas["https://json.schemastore.org/github-workflow.json"] == \
        ".github/workflows/*.yml"
    # the user's spelling of our path is kept, its files are ours: no second binding
    assert schemas["schemas/processus.schema.json"] == ["processes/*/P-*.yml"]
    assert "./schemas/processus.schema.json" not in schemas and len(schemas) == 8
    assert '        "./schemas/suivi.schema.json": ["processes/suivi/*.yml"],\n' in apres
    assert lire_jsonc(tmp_path / EXTENSIONS)["recommendations"] == [
        "ms-python.python", "redhat.vscode-yaml"]
    assert not (tmp_path / ".gitlab-ci.yml").exists()


def test_a_second_run_changes_nothing_and_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / REGLAGES).write_bytes(b"\xef\xbb\xbf" + AVANT.encode("utf-8"))
    assert init(capsys, tmp_path)[0] == 0
    premier = instantane(tmp_path)
    assert premier[str(REGLAGES)].startswith(b"\xef\xbb\xbf// R")  # the byte-order mark stays
    dates = {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")}
    code, out, err = init(capsys, tmp_path)
    assert code == 0, err
    assert out.splitlines() == [f"{tmp_path}/schemas/ : schémas déjà présents",
                                f"{tmp_path / REGLAGES} : déjà à jour",
                                f"{tmp_path / EXTENSIONS} : déjà à jour"]
    assert err.count("existe déjà : rien n'est écrasé") == 2
    assert instantane(tmp_path) == premier
    assert {p: p.stat().st_mtime_ns for p in tmp_path.rglob("*")} == dates


@pytest.mark.parametrize(("fichier", "texte", "attendu"), [
    (REGLAGES, '{\n  "editor.rulers": [100]\n  "yaml.validate": true\n}\n',
     "3:3: erreur : virgule attendue — corrigez le fichier (VS Code le souligne aussi)"),
    (REGLAGES, '{\n  "a": 1,\n  /* jamais fermé\n}\n',
     "3:3: erreur : commentaire « /* » jamais fermé"),
    (REGLAGES, "{\n  'yaml.schemas': {}\n}\n",
     "2:3: erreur : nom de clé entre guillemets droits attendu"),
    (REGLAGES, '{"a": 1,, "b": 2}', "1:9: erreur : nom de clé entre guillemets droits attendu"),
    (REGLAGES, '{"a": "deux\nlignes"}', "1:12: erreur : caractère de contrôle dans une chaîne"),
    (REGLAGES, '{"a": 1}\n{"b": 2}\n', "2:1: erreur : texte après la fin de l'objet JSON"),
    (REGLAGES, '["yaml.schemas"]\n',
     "1:1: erreur : le fichier doit contenir un objet JSON « { … } »"),
    (REGLAGES, '{\n  "yaml.schemas": "schemas/"\n}\n',
     "2:19: erreur : « yaml.schemas » n'est pas un objet — écrivez-le"),
    (REGLAGES, '{\n  "yaml.schemas": {\n    // nos schémas\n    "a.json": "b.yml"\n  }\n}\n',
     "3:5: erreur : un commentaire dans « yaml.schemas », que la mise à jour perdrait — "
     "déplacez-le hors de « yaml.schemas » puis relancez « transfo init »"),
    (REGLAGES, '{"yaml.schemas": {}, "yaml.schemas": {}}',
     "1:22: erreur : clé « yaml.schemas » en double"),
    (EXTENSIONS, '{"recommendations": "redhat.vscode-yaml"}',
     "1:21: erreur : « recommendations » n'est pas une liste"),
])
def test_unreadable_settings_are_refused_at_their_position_and_nothing_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], fichier: Path, texte: str,
        attendu: str) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / fichier).write_text(texte, encoding="utf-8")
    avant = instantane(tmp_path)
    code, out, err = init(capsys, tmp_path, "--sans-ci")
    assert code == 1 and out == ""
    assert err.splitlines()[0].startswith(f"{tmp_path / fichier}:{attendu}"), err
    assert err.splitlines()[0].endswith(" ; le fichier n'a pas été modifié")
    assert err.splitlines()[-1] == ("transfo init : aucun fichier de l'éditeur n'a été modifié "
                                    "(schemas/, .vscode/)")
    assert instantane(tmp_path) == avant  # no schema, no other settings file either


def test_the_readme_shows_what_a_refused_file_prints(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    texte = (RACINE / "README.md").read_text(encoding="utf-8")
    section = texte[texte.index("### Dans l'éditeur"):texte.index("### Avant chaque commit")]
    debut = section.index("```text\n") + 8
    extrait = section[debut:section.index("```", debut)]
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".vscode").mkdir()
    (tmp_path / REGLAGES).write_text('{\n  "editor.rulers": [100]\n  "yaml.validate": true\n}\n',
                                     encoding="utf-8")
    code, _, err = init(capsys, Path("."), "--sans-ci")
    assert code == 1 and err == extrait


def test_settings_that_are_not_utf8_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / REGLAGES).write_bytes('{"a": "é"}'.encode("latin-1"))
    avant = instantane(tmp_path)
    code, _, err = init(capsys, tmp_path, "--sans-ci")
    assert code == 1
    assert err.startswith(f"{tmp_path / REGLAGES}: erreur : le fichier n'est pas en UTF-8 "
                          "(octet 8)")
    assert instantane(tmp_path) == avant


@pytest.mark.parametrize(("texte", "apres"), [
    ("", '{\n  "yaml.schemas": {'),
    ("{}", '{\n  "yaml.schemas": {'),
    ("// seul un commentaire\n", '// seul un commentaire\n{\n  "yaml.schemas": {'),
    ('{"yaml.validate": true}', '{\n  "yaml.schemas": {\n    "./schemas/referentiel'),
    ('{ // au début\n\t"a": 1\n}\n', '{\n\t"yaml.schemas": {\n\t\t"./schemas/referentiel'),
])
def test_the_binding_is_inserted_into_any_object_vscode_accepts(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], texte: str, apres: str) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / REGLAGES).write_text(texte, encoding="utf-8")
    code, _, err = init(capsys, tmp_path, "--sans-ci")
    assert code == 0, err
    resultat = (tmp_path / REGLAGES).read_text(encoding="utf-8")
    assert resultat.startswith(apres), resultat
    assert lire_jsonc(tmp_path / REGLAGES)["yaml.schemas"] == LIAISONS
    assert texte.replace("{", "").replace("}", "").strip() in resultat


def test_windows_line_breaks_stay_windows_line_breaks(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / ".vscode").mkdir()
    (tmp_path / REGLAGES).write_bytes(AVANT.replace("\n", "\r\n").encode("utf-8"))
    (tmp_path / EXTENSIONS).write_bytes(b'{\r\n  "recommendations": []\r\n}\r\n')
    assert init(capsys, tmp_path, "--sans-ci")[0] == 0
    for fichier in (REGLAGES, EXTENSIONS):
        octets = (tmp_path / fichier).read_bytes()
        assert octets.count(b"\n") == octets.count(b"\r\n") > 2, octets
    assert lire_jsonc(tmp_path / REGLAGES)["yaml.schemas"]["./schemas/suivi.schema.json"]


def test_a_schema_that_differs_is_left_as_it_is(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "schemas").mkdir()
    ancien = tmp_path / "schemas" / "processus.schema.json"
    ancien.write_text("{}\n", encoding="utf-8")
    code, out, err = init(capsys, tmp_path, "--sans-ci")
    assert code == 0, err
    assert ancien.read_text(encoding="utf-8") == "{}\n"
    assert err == (f"{ancien} diffère du schéma de cette version de transfo : laissé tel quel "
                   "— « transfo schema » le met à jour\n")
    assert f"{tmp_path}/schemas/ : 6 schémas JSON écrits" in out.splitlines()


def test_options_choose_what_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ci, editeur = tmp_path / "ci", tmp_path / "editeur"
    ci.mkdir()
    editeur.mkdir()
    assert init(capsys, ci, "--sans-editeur")[0] == 0
    assert sorted(instantane(ci)) == [".github/workflows/audit.yml", ".gitlab-ci.yml"]
    assert init(capsys, editeur, "--sans-ci")[0] == 0
    assert sorted(p for p in instantane(editeur) if not p.startswith("schemas/")) == [
        str(EXTENSIONS), str(REGLAGES)]
    code, _, err = init(capsys, tmp_path, "--sans-ci", "--sans-editeur")
    assert code == 2 and "ne laissent rien à écrire" in err
    code, _, err = init(capsys, tmp_path, "--sans-ci", "--forge", "gitlab")
    assert code == 2 and "--forge" in err and "--sans-ci" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ci", "editeur"]


def test_settings_that_are_a_folder_are_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / REGLAGES).mkdir(parents=True)
    code, _, err = init(capsys, tmp_path, "--sans-ci")
    assert code == 1
    assert err.splitlines()[0] == (f"transfo init : {tmp_path / REGLAGES} est un dossier : "
                                   "rien n'est écrit")
    assert sorted(p.name for p in tmp_path.rglob("*")) == [".vscode", "settings.json"]


def test_a_link_in_vscode_refuses_the_editor_files_only(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    depot = tmp_path / "depot"
    depot.mkdir()
    (depot / ".vscode").symlink_to(tmp_path / "ailleurs", target_is_directory=True)
    code, _, err = init(capsys, depot)
    assert code == 1
    assert ".vscode est un lien symbolique" in err
    assert not (depot / "schemas").exists() and not (tmp_path / "ailleurs").exists()
    assert (depot / ".gitlab-ci.yml").is_file()  # the CI does not depend on the editor


# --- pre-commit, as an audit repository uses it ----------------------------------------------

IDENTITE = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
            "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}


def git(dossier: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=dossier, check=True, capture_output=True,
                   env={**os.environ, **IDENTITE})


def copie_commitee(dossier: Path) -> Path:
    """This repository as it is on disk (uncommitted edits and new files included, ignored
    files left out), committed in a fresh repository: what pre-commit clones."""
    liste = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                           cwd=RACINE, check=True, capture_output=True).stdout
    for nom in filter(None, liste.decode("utf-8").split("\0")):
        source = RACINE / nom
        if source.is_file() and not source.is_symlink():
            (dossier / nom).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dossier / nom)
    git(dossier, "init", "-q", "-b", "main")
    git(dossier, "add", "-A")
    git(dossier, "commit", "-q", "-m", "copie de travail")
    return dossier


def depot_audit(dossier: Path) -> Path:
    shutil.copytree(MINI, dossier / "processes")
    git(dossier, "init", "-q", "-b", "main")
    return dossier


def test_the_readme_snippet_is_a_valid_config_naming_the_offered_hooks(tmp_path: Path) -> None:
    texte = (RACINE / "README.md").read_text(encoding="utf-8")
    debut = texte.index("```yaml\n# .pre-commit-config.yaml") + 8
    extrait = texte[debut:texte.index("```", debut)]
    (tmp_path / ".pre-commit-config.yaml").write_text(extrait, encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config",
                        str(tmp_path / ".pre-commit-config.yaml")], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    offerts = yaml.safe_load((RACINE / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {c["id"] for c in offerts} == {"transfo-validate", "transfo-validate-strict"}
    (depot,) = yaml.safe_load(extrait)["repos"]
    assert {c["id"] for c in depot["hooks"]} <= {c["id"] for c in offerts}


def test_every_data_file_of_the_package_is_installed_by_pip() -> None:
    """pre-commit installs this repository with pip, not in editable mode: a template or other
    data file that no ``package-data`` pattern names would be missing from its environment."""
    with (RACINE / "pyproject.toml").open("rb") as fichier:
        motifs = tomllib.load(fichier)["tool"]["setuptools"]["package-data"]["transfo"]
    paquet = RACINE / "plugins" / "transfo"
    donnees = [p.relative_to(paquet).as_posix() for p in paquet.rglob("*")
               if p.is_file() and p.suffix not in (".py", ".pyc")]
    assert "adapters/cli/templates/ci/github.yml" in donnees
    oublies = [d for d in donnees if not any(correspond(d, m) for m in motifs)]
    assert oublies == []


def test_pre_commit_try_repo_passes_a_valid_model_and_fails_a_broken_one_at_its_line(
        tmp_path: Path) -> None:
    """pre-commit installs this package with pip into a fresh environment for each try-repo
    (dependencies from the pip cache, or PyPI): 30 to 60 s each; both run in parallel."""
    source = copie_commitee(tmp_path / "transfo")
    valide, casse = depot_audit(tmp_path / "valide"), depot_audit(tmp_path / "casse")
    referentiel = casse / "processes" / "referentiel.yml"
    remplacer(referentiel, "categorie: B", "categorie: X")
    lignes = referentiel.read_text(encoding="utf-8").splitlines()
    ligne = next(k for k, texte in enumerate(lignes, 1) if "categorie: X" in texte)
    colonne = lignes[ligne - 1].index("X") + 1
    for depot in (valide, casse):
        git(depot, "add", "-A")
    # PIP_COMPILE=0: pip does not byte-compile the packages it installs (a third of its time)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"), "PIP_COMPILE": "0"}
    debut = time.monotonic()
    processus = {
        depot: subprocess.Popen(
            [sys.executable, "-m", "pre_commit", "try-repo", str(source), "transfo-validate",
             "--all-files"], cwd=depot, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)
        for depot in (valide, casse)
    }
    sorties = {depot: p.communicate(timeout=600)[0] for depot, p in processus.items()}
    duree = time.monotonic() - debut
    assert processus[valide].returncode == 0, sorties[valide]
    assert "transfo validate (modèle de l'audit)" in sorties[valide]
    assert "Passed" in sorties[valide]
    assert processus[casse].returncode == 1, sorties[casse]
    assert (f"processes/referentiel.yml:{ligne}:{colonne}: erreur : valeur « X » non reconnue "
            "— valeurs possibles : A, B, C") in sorties[casse].splitlines()
    assert "Failed" in sorties[casse] and "Traceback" not in sorties[casse]
    print(f"pre-commit try-repo (deux en parallèle) : {duree:.1f} s")
