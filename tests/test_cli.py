"""The transfo command as consultants and CI run it: exit codes, formats, scaffolding."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import RACINE, lancer, remplacer
from transfo.model.json_schema import schema_files


def test_validate_exits_0_on_a_clean_model(mini: Path) -> None:
    r = lancer("validate", "processes", cwd=mini.parent)
    assert r.returncode == 0, r.stdout + r.stderr
    assert r.stdout.strip().endswith("0 erreur, 0 avertissement (4 fichiers lus)")


def test_validate_exits_2_on_misuse_with_a_french_message(mini: Path) -> None:
    r = lancer("validate", "--format", "xml", cwd=mini.parent)
    assert r.returncode == 2 and "choix invalide" in r.stderr
    assert lancer(cwd=mini.parent).returncode == 2


def test_json_and_github_formats(mini: Path) -> None:
    remplacer(mini / "feuille-de-route" / "C-PORTAIL.yml", "pilote: DIR-DSN", "pilote: DIR-DNS")
    r = lancer("validate", "--format", "json", cwd=mini.parent)
    rapport = json.loads(r.stdout)
    assert r.returncode == 1 and rapport["erreurs"] == 1
    assert rapport["problemes"][0]["ligne"] == 7
    r = lancer("validate", "--format", "github", cwd=mini.parent)
    assert r.stdout.startswith(
        "::error file=processes/feuille-de-route/C-PORTAIL.yml,line=7,col=9,title=transfo::"
        "direction inconnue « DIR-DNS »")
    r = lancer("validate", "--format", "gitlab", cwd=mini.parent)
    assert json.loads(r.stdout)[0]["location"] == {
        "path": "processes/feuille-de-route/C-PORTAIL.yml", "lines": {"begin": 7}}


def test_warnings_fail_only_with_strict(mini: Path) -> None:
    remplacer(mini / "feuille-de-route" / "C-PORTAIL.yml", "processus: [P-SOL-APA]",
              "processus: []")
    assert lancer("validate", cwd=mini.parent).returncode == 0
    assert lancer("validate", "--strict", cwd=mini.parent).returncode == 1


def test_help_is_in_french_for_every_command() -> None:
    for commande in ([], ["validate"], ["new"], ["schema"], ["export"]):
        r = lancer(*commande, "--help")
        assert r.returncode == 0
        assert "utilisation :" in r.stdout and "affiche cette aide et quitte" in r.stdout


def test_new_writes_valid_files_and_never_overwrites(mini: Path) -> None:
    cwd = mini.parent
    r = lancer("new", "processus", "P-SOL-PCH", "--macroprocessus", "MP-SOL-AUTONOMIE",
               "--nom", "Instruire une demande de PCH", cwd=cwd)
    assert r.returncode == 0, r.stderr
    cree = mini / "autonomie" / "P-SOL-PCH.yml"
    assert cree.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../schemas/processus.schema.json")
    assert lancer("new", "chantier", "C-GRC", cwd=cwd).returncode == 0
    assert lancer("new", "macroprocessus", "MP-ROUTES", cwd=cwd).returncode == 0
    assert (mini / "routes" / "macroprocessus.yml").exists()
    assert lancer("validate", cwd=cwd).returncode == 0
    avant = cree.read_text(encoding="utf-8")
    r = lancer("new", "processus", "P-SOL-PCH", "--macroprocessus", "MP-SOL-AUTONOMIE", cwd=cwd)
    assert r.returncode == 2 and "existe déjà" in r.stderr
    assert cree.read_text(encoding="utf-8") == avant
    r = lancer("new", "processus", "P-SOL-X", "--macroprocessus", "MP-SOL-AUTONOMY", cwd=cwd)
    assert r.returncode == 2 and "vouliez-vous dire « MP-SOL-AUTONOMIE »" in r.stderr
    assert lancer("new", "chantier", "mauvais id", cwd=cwd).returncode == 2


def test_committed_schemas_are_up_to_date() -> None:
    for nom, contenu in schema_files().items():
        assert (RACINE / "schemas" / nom).read_text(encoding="utf-8") == contenu, (
            f"schemas/{nom} est périmé : lancez « transfo schema »")


def test_schema_is_draft_07_and_describes_fields() -> None:
    schema = json.loads(schema_files()["processus.schema.json"])
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert "$defs" not in json.dumps(schema) and "definitions" in schema
    assert schema["additionalProperties"] is False


def test_schema_check_fails_on_stale_schemas(tmp_path: Path) -> None:
    assert lancer("schema", "--sortie", str(tmp_path), "--verifier").returncode == 1
    assert lancer("schema", "--sortie", str(tmp_path)).returncode == 0
    assert lancer("schema", "--sortie", str(tmp_path), "--verifier").returncode == 0


def test_exports_json_and_xlsx(mini: Path) -> None:
    r = lancer("export", "json", cwd=mini.parent)
    donnees = json.loads(r.stdout)
    assert donnees["parametres"]["taux_actualisation"] == 0.1
    assert donnees["parametres"]["annee_reference"] == 2025
    chantier = donnees["chantiers"][0]
    assert chantier["id"] == "C-PORTAIL" and len(chantier["flux"]) == 6
    assert all(set(f) == {"annee", "couts", "gains_budgetaires", "gains_temps_agents",
                          "gains_temps_usagers", "gains_temps_partenaires"}
               for f in chantier["flux"])
    assert set(chantier) >= {"van_financiere", "van_socio_economique", "delai_retour_annees",
                             "delai_retour_actualise_annees", "annee_mise_en_service"}
    assert set(chantier["scenarios"]["pessimiste"]) == {"van_financiere",
                                                        "van_socio_economique"}
    assert "annee_mise_en_service" not in donnees["portefeuille"]
    assert donnees["annee_reference"] == 2025
    assert chantier["annee_mise_en_service"] == 2025
    assert set(chantier["scenarios"]) == {"pessimiste", "optimiste"}
    sortie = mini.parent / "audit.xlsx"
    assert lancer("export", "xlsx", "-o", str(sortie), cwd=mini.parent).returncode == 0
    classeur = openpyxl.load_workbook(sortie)
    assert classeur.sheetnames == ["Paramètres", "Gains", "Flux", "Chantiers", "Sensibilité",
                                   "Écarts"]
    assert classeur["Chantiers"]["H2"].value == "=SUMIF(Flux!$A:$A,A2,Flux!$K:$K)"
    assert classeur["Chantiers"]["I2"].value == "=SUMIF(Flux!$A:$A,A2,Flux!$L:$L)"
    assert classeur["Flux"]["I2"].value == "=E2-D2"
    assert classeur["Flux"]["J2"].value == "=E2+F2+G2+H2-D2"
    assert lancer("export", "xlsx", cwd=mini.parent).returncode == 2


def test_every_sample_file_passes_its_editor_schema() -> None:
    """What the editor checks agrees with the validator on the sample deliverable."""
    import jsonschema

    from transfo.load.discovery import discover
    from transfo.load.yaml_loader import load_file

    schemas = {nom: json.loads(texte) for nom, texte in schema_files().items()}
    fichiers = discover(RACINE / "processes")
    # Every schema is checked against at least one sample file of its kind.
    assert {f"{f.kind}.schema.json" for f in fichiers} == set(schemas)
    for fichier in fichiers:
        schema = schemas[f"{fichier.kind}.schema.json"]
        jsonschema.Draft7Validator(schema).validate(load_file(fichier.path).donnees)


def test_the_synthetic_model_generator_writes_a_clean_model(tmp_path: Path) -> None:
    import subprocess
    import sys

    # 100 processes: the size at which a random target once took longer than its existant.
    r = subprocess.run([sys.executable, str(RACINE / "scripts" / "generer_modele.py"), "100",
                        str(tmp_path / "processes")], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    r = lancer("validate", "--strict", "processes", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    # référentiel, 10 macroprocessus, 100 processus, 10 chantiers
    assert "0 erreur, 0 avertissement (121 fichiers lus)" in r.stdout


def test_validate_on_a_missing_folder_is_a_misuse(tmp_path: Path) -> None:
    r = lancer("validate", "nulle-part", cwd=tmp_path)
    assert r.returncode == 2 and "dossier introuvable « nulle-part »" in r.stderr


@pytest.mark.parametrize(("commande", "option", "exemple"), [
    ("review", "--date", "--date 2026-03-31"), ("planifier", "--des", "--des 2026-07-01")])
def test_commands_that_take_a_date_or_a_model_say_what_is_wrong_with_it(
        tmp_path: Path, commande: str, option: str, exemple: str) -> None:
    ids = ["G-X"] if commande == "review" else []
    r = lancer(commande, *ids, option, "2026-02-30", cwd=tmp_path)
    assert r.returncode == 2 and r.stderr == (
        f"transfo {commande} : date invalide « 2026-02-30 » — écrivez-la AAAA-MM-JJ, "
        f"par exemple {exemple}\n")
    r = lancer(commande, *ids, cwd=tmp_path)
    assert r.returncode == 2 and "dossier introuvable « processes »" in r.stderr
    assert "Traceback" not in r.stderr


def test_an_export_of_a_broken_model_lists_its_errors_and_writes_nothing(mini: Path) -> None:
    remplacer(mini / "feuille-de-route" / "C-PORTAIL.yml", "pilote: ", "pilote: DIR-INCONNUE #")
    r = lancer("export", "json", "processes", "-o", "audit.json", cwd=mini.parent)
    assert r.returncode == 1 and "Traceback" not in r.stderr
    lignes = r.stderr.splitlines()
    assert lignes[0].startswith("processes/feuille-de-route/C-PORTAIL.yml:")
    assert "DIR-INCONNUE" in lignes[0] and ": erreur :" in lignes[0]
    assert lignes[-1] == f"export impossible : {len(lignes) - 1} erreur(s) dans le modèle"
    assert not (mini.parent / "audit.json").exists()
