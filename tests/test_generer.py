"""``transfo generer``: the generated part of the site as plain files (pages, SVG, exports,
navigation), the same as the plugin's, deterministic, written whole or not at all; and the
sample built with ProperDocs, the maintained fork of MkDocs 1.x (marker ``moteurs``)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import RACINE, lancer, remplacer
from tests.outils_site import copier_projet
from tests.outils_visibilite import SENTINELLES, modele_avec_interne
from transfo.validate.runner import valider_dossier

RESUME = re.compile(r"(\d+) pages, (\d+) fichiers \(diagrammes, graphiques, exports\) et "
                    r"navigation\.yml écrits dans (\S+)")
LIEN_FICHIER = re.compile(r'(?:src|href)="((?:\.\./)*(?:diagrammes|graphiques|exports)/[^"#]+)"')


def contenu(dossier: Path) -> dict[str, bytes]:
    """Every file of ``dossier`` by its path relative to it."""
    return {f.relative_to(dossier).as_posix(): f.read_bytes()
            for f in sorted(dossier.rglob("*")) if f.is_file()}


def cibles_nav(nav: object) -> list[str]:
    """Every page a ``nav:`` list points to."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [c for x in nav for c in cibles_nav(x)]
    if isinstance(nav, dict):
        return [c for x in nav.values() for c in cibles_nav(x)]
    return []


def generer(projet: Path, *args: str, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    return lancer("generer", *args, cwd=projet, env={"TRANSFO_PUBLIC": "0", **(env or {})},
                  timeout=600)


@pytest.fixture(scope="module")
def genere_mini(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """``transfo generer genere`` on a copy of the small model, and what it printed."""
    from tests.conftest import MINI

    projet = tmp_path_factory.mktemp("mini")
    shutil.copytree(MINI, projet / "processes")
    fini = generer(projet, "genere")
    assert fini.returncode == 0, fini.stderr
    return projet / "genere", fini.stderr


def test_writes_every_page_its_files_and_a_navigation(genere_mini: tuple[Path, str]) -> None:
    dossier, sortie = genere_mini
    resume = RESUME.search(sortie)
    assert resume is not None, sortie
    pages = sorted(p.relative_to(dossier).as_posix() for p in dossier.rglob("*.md"))
    autres = [f for f in dossier.rglob("*") if f.is_file() and f.suffix != ".md"
              and f.name != "navigation.yml"]
    assert (int(resume[1]), int(resume[2]), resume[3]) == (len(pages), len(autres), "genere")
    for attendue in ("processus/P-SOL-APA/index.md", "chantiers/C-PORTAIL/index.md",
                     "macroprocessus/MP-SOL-AUTONOMIE/index.md", "cartographie/index.md",
                     "revue/index.md", "exports/audit.json", "exports/audit.xlsx",
                     "exports/audit.ods"):
        assert (dossier / attendue).is_file(), attendue
    page = (dossier / "processus/P-SOL-APA/index.md").read_text(encoding="utf-8")
    assert page.startswith("---\nrender_macros: false\n")  # read by mkdocs-macros as is
    # Every diagram, chart and export a page links to is in the folder, at that link.
    for chemin in pages:
        texte = (dossier / chemin).read_text(encoding="utf-8")
        for lien in LIEN_FICHIER.findall(texte):
            cible = (dossier / chemin).parent / lien
            assert cible.resolve().is_file(), f"{chemin} → {lien}"
    assert any(f.suffix == ".svg" and f.parent.name == "diagrammes" for f in autres)
    # The navigation names each page once, and only pages of the folder.
    texte_nav = (dossier / "navigation.yml").read_text(encoding="utf-8")
    assert texte_nav.startswith("# Navigation des pages générées par « transfo generer »")
    nav = yaml.safe_load(texte_nav)["nav"]
    assert sorted(cibles_nav(nav)) == pages
    assert nav[0] == {"Cartographie des macroprocessus": [
        "cartographie/index.md",
        {"Accompagner l&#x27;autonomie": [
            {"Accompagner l&#x27;autonomie": "macroprocessus/MP-SOL-AUTONOMIE/index.md"},
            {"Instruire une demande d&#x27;APA": "processus/P-SOL-APA/index.md"}]}]}


def test_two_runs_give_identical_files(genere_mini: tuple[Path, str]) -> None:
    """The first run rendered every SVG, the second reads them from the cache."""
    dossier, _ = genere_mini
    fini = generer(dossier.parent, "deuxieme")
    assert fini.returncode == 0, fini.stderr
    premier, second = contenu(dossier), contenu(dossier.parent / "deuxieme")
    assert sorted(premier) == sorted(second)
    assert [f for f in premier if premier[f] != second[f]] == []


def test_public_version_has_nothing_internal(tmp_path: Path) -> None:
    modele_avec_interne(tmp_path / "processes")
    interne = generer(tmp_path, "interne")
    public = generer(tmp_path, "public", "--public")
    assert interne.returncode == public.returncode == 0, interne.stderr + public.stderr
    assert "(version publique)" in public.stderr

    def textes(dossier: Path) -> str:
        return "\n".join(f.read_text(encoding="utf-8") for f in sorted(dossier.rglob("*"))
                         if f.suffix in (".md", ".svg", ".json", ".yml"))

    # The internal version has every sentinel: the check below could fail.
    assert all(s in textes(tmp_path / "interne") for s in SENTINELLES.values())
    assert [s for s in SENTINELLES.values() if s in textes(tmp_path / "public")] == []
    assert not (tmp_path / "public" / "revue").exists()
    texte_nav = (tmp_path / "public" / "navigation.yml").read_text(encoding="utf-8")
    assert ("# Version publique : laissez de côté les pages écrites à la main réservées à "
            "l'équipe\n# (contribuer.md).\n") in texte_nav
    assert "revue/index.md" not in cibles_nav(yaml.safe_load(texte_nav)["nav"])
    assert "revue/index.md" in cibles_nav(
        yaml.safe_load((tmp_path / "interne" / "navigation.yml").read_text("utf-8"))["nav"])


# --- bad input: a French line, exit code 2 (1 for the model), nothing written ------------------


def test_output_inside_the_model_is_refused(mini: Path) -> None:
    avant = contenu(mini)
    fini = generer(mini.parent, "processes/genere")
    assert fini.returncode == 2
    assert fini.stderr == ("transfo generer : « processes/genere » est dans le dossier du "
                           "modèle (processes) — écrivez le site généré ailleurs, le modèle ne "
                           "contient que des YAML\n")
    assert contenu(mini) == avant
    assert not (mini.parent / ".cache").exists()


def test_output_holding_the_model_is_refused_even_with_force(mini: Path) -> None:
    fini = generer(mini.parent, ".", "--force")
    assert fini.returncode == 2
    assert "contient le modèle ou le dossier courant" in fini.stderr
    assert (mini / "referentiel.yml").is_file()


def test_existing_non_empty_folder_needs_force(mini: Path) -> None:
    sortie = mini.parent / "genere"
    sortie.mkdir()
    (sortie / "ancien.md").write_text("ancien", encoding="utf-8")
    fini = generer(mini.parent, "genere")
    assert fini.returncode == 2
    assert fini.stderr == ("transfo generer : « genere » existe et n'est pas vide — ajoutez "
                           "--force pour le remplacer en entier\n")
    assert contenu(sortie) == {"ancien.md": b"ancien"}
    fini = generer(mini.parent, "genere", "--force")
    assert fini.returncode == 0, fini.stderr
    assert not (sortie / "ancien.md").exists()
    assert (sortie / "processus/P-SOL-APA/index.md").is_file()
    assert [p.name for p in mini.parent.iterdir() if p.name.startswith(".genere")] == []


def test_existing_file_missing_parent_or_model_are_refused(mini: Path) -> None:
    (mini.parent / "genere").write_text("", encoding="utf-8")
    fini = generer(mini.parent, "genere", "--force")
    assert (fini.returncode, fini.stderr) == (2, "transfo generer : « genere » existe et "
                                              "n'est pas un dossier — choisissez un autre "
                                              "chemin\n")
    fini = generer(mini.parent, "absent/genere")
    assert (fini.returncode, fini.stderr) == (2, "transfo generer : le dossier « absent » "
                                              "n'existe pas — créez-le d'abord\n")
    fini = generer(mini.parent, "ailleurs", "--modele", "modele")
    assert (fini.returncode, fini.stderr) == (2, "transfo generer : dossier du modèle "
                                              "introuvable « modele » — indiquez-le avec "
                                              "--modele (par défaut processes/)\n")
    assert not (mini.parent / "ailleurs").exists()


def test_broken_model_prints_its_errors_and_writes_nothing(mini: Path) -> None:
    remplacer(mini / "autonomie" / "P-SOL-APA.yml", "macroprocessus: MP-SOL-AUTONOMIE",
              "macroprocessus: MP-INCONNU")
    fini = generer(mini.parent, "genere")
    assert fini.returncode == 1
    lignes = fini.stderr.splitlines()
    assert any(re.match(r"processes/autonomie/P-SOL-APA\.yml:\d+:\d+: .*MP-INCONNU", ligne)
               for ligne in lignes), fini.stderr
    assert lignes[-1] == "transfo generer : 1 erreur(s) dans le modèle ; rien n'est écrit"
    assert sorted(p.name for p in mini.parent.iterdir()) == ["processes"]


def test_a_failure_midway_leaves_the_previous_folder(mini: Path) -> None:
    """Without Graphviz the diagrams cannot be drawn: the folder given with --force stays as
    it was and no temporary folder is left beside it."""
    sortie = mini.parent / "genere"
    sortie.mkdir()
    (sortie / "ancien.md").write_text("ancien", encoding="utf-8")
    sans_dot = mini.parent / "bin"
    sans_dot.mkdir()
    fini = generer(mini.parent, "genere", "--force", env={"PATH": str(sans_dot)})
    assert fini.returncode == 1
    derniere = fini.stderr.splitlines()[-1]
    assert derniere.startswith("transfo generer : génération impossible (la commande « dot » "
                               "de Graphviz est introuvable")
    assert derniere.endswith(") ; rien n'est écrit")
    assert "Traceback" not in fini.stderr
    assert contenu(sortie) == {"ancien.md": b"ancien"}
    assert sorted(p.name for p in mini.parent.iterdir() if p.name != ".cache") == [
        "bin", "genere", "processes"]


# --- the sample: the plugin's pages, and the site built by ProperDocs ---------------------------


@pytest.fixture(scope="module")
def projet_exemple(site_exemple: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the sample project with the SVG cache of the mkdocs build (``site_exemple``
    stays untouched): what follows renders no diagram again."""
    return copier_projet(tmp_path_factory.mktemp("moteurs"), diagrammes_de=site_exemple)


def test_the_sample_folder_holds_the_plugins_pages_and_files(site_exemple: Path,
                                                              projet_exemple: Path) -> None:
    fini = generer(projet_exemple, "genere")
    assert fini.returncode == 0, fini.stderr
    genere = projet_exemple / "genere"
    pages_plugin = site_exemple / ".cache" / "plugin" / "transfo" / "pages" / "interne"
    plugin = contenu(pages_plugin)
    pages = {k: v for k, v in contenu(genere).items() if k.endswith(".md")}
    assert sorted(pages) == sorted(plugin)
    assert [p for p in pages if pages[p] != plugin[p]] == []
    site = site_exemple / "site"
    for f in sorted((genere / "diagrammes").iterdir()) + sorted((genere / "graphiques").iterdir()):
        assert f.read_bytes() == (site / f.parent.name / f.name).read_bytes(), f.name
    assert (genere / "exports" / "audit.json").read_bytes() == (
        site / "exports" / "audit.json").read_bytes()


ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


@pytest.mark.moteurs
def test_properdocs_builds_the_same_site(site_exemple: Path, projet_exemple: Path) -> None:
    """ProperDocs reads mkdocs.yml and runs the same plugins (transfo, macros, search,
    offline) and the material theme: same HTML pages, same content in each."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TRANSFO_PUBLIC": "0"}
    fini = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-d", "site-properdocs"],
        cwd=projet_exemple, capture_output=True, text=True, timeout=600, env=env)
    assert fini.returncode == 0, fini.stderr[-3000:]
    mkdocs, properdocs = site_exemple / "site", projet_exemple / "site-properdocs"
    pages_mkdocs = sorted(p.relative_to(mkdocs).as_posix() for p in mkdocs.rglob("*.html"))
    pages_properdocs = sorted(p.relative_to(properdocs).as_posix()
                              for p in properdocs.rglob("*.html"))
    audit = valider_dossier(RACINE / "processes").audit
    assert {f"processus/{p}/index.html" for p in audit.processus} <= set(pages_mkdocs)
    assert {f"chantiers/{c}/index.html" for c in audit.chantiers} <= set(pages_mkdocs)
    assert pages_properdocs == pages_mkdocs
    differentes = []
    for page in pages_mkdocs:
        if page == "document-complet/index.html":  # it carries the day of the build
            continue
        avant = ARTICLE.findall((mkdocs / page).read_text(encoding="utf-8"))
        apres = ARTICLE.findall((properdocs / page).read_text(encoding="utf-8"))
        if avant != apres:
            differentes.append(page)
    assert differentes == []
    processus = (properdocs / "processus/P-SOL-APA/index.html").read_text(encoding="utf-8")
    assert "mkdocs-ProperDocs 1.6" in processus
    assert "diagrammes/" in ARTICLE.findall(processus)[0]
