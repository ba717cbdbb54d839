"""The live preview (``mkdocs serve``): a save rebuilds only what changed, and the served site
is the one a clean build gives.

The preview's rebuilds are run in-process, as ``mkdocs serve`` runs them (a dirty build into
the served folder, with the plugin's state kept between builds); each is compared, file by
file, with a clean ``mkdocs build`` of the same model.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

import jinja2
import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort

from tests.outils_site import copier_projet
from transfo.adapters.mkdocs_plugin import apercu

ADRESSE = "http://127.0.0.1:8000/"


class Apercu:
    """A project served by ``mkdocs serve``: its first build, then its rebuilds."""

    def __init__(self, projet: Path) -> None:
        self.projet = projet
        self.site = projet / "servi"
        self.construits = 0

    def _config(self, site: Path) -> MkDocsConfig:
        config = load_config(str(self.projet / "mkdocs.yml"), site_dir=str(site))
        config.site_url = ADRESSE
        return config

    def premier(self) -> None:
        apercu.demarrer(str(self.projet / "mkdocs.yml"))
        build(self._config(self.site), serve_url=ADRESSE)

    def mettre_a_jour(self) -> None:
        """What the server runs after a save: the plugin's exact dirty build."""
        apercu._INCREMENTAL = True
        try:
            build(self._config(self.site), serve_url=ADRESSE, dirty=True)
        finally:
            apercu._INCREMENTAL = False
        apercu.attendre_exports()  # the exports follow the pages

    def construction_propre(self) -> Path:
        """A clean build of the same model into a fresh folder, outside the preview."""
        self.construits += 1
        site = self.projet / f"propre-{self.construits}"
        servis = set(apercu._SERVIS)
        apercu._SERVIS.clear()
        try:
            build(self._config(site), serve_url=ADRESSE)
        finally:
            apercu._SERVIS.update(servis)
        return site


def _fichiers(site: Path) -> dict[str, bytes]:
    return {str(f.relative_to(site)): f.read_bytes() for f in sorted(site.rglob("*"))
            if f.is_file()}


def differences(servi: Path, propre: Path) -> list[str]:
    """The files that differ between two built sites (missing, extra or other bytes)."""
    a, b = _fichiers(servi), _fichiers(propre)
    return sorted({f for f in a.keys() | b.keys() if a.get(f) != b.get(f)})


def remplacer(fichier: Path, motif: str, nouveau: str) -> None:
    texte, n = re.subn(motif, nouveau, fichier.read_text("utf-8"), count=1)
    assert n == 1, motif
    fichier.write_text(texte, "utf-8")


@contextmanager
def journal_transfo(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        yield


@pytest.fixture
def servi(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
          site_exemple: Path) -> Iterator[Apercu]:
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("TRANSFO_PUBLIC", "0")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    # Every generated page taken back from the previous build is rendered too, and the
    # build fails if they differ (transfo.render.memo).
    monkeypatch.setenv("TRANSFO_VERIFIER_APERCU", "1")
    projet = copier_projet(tmp_path / "projet", diagrammes_de=site_exemple)
    monkeypatch.chdir(projet)
    a = Apercu(projet)
    a.premier()
    yield a
    apercu._SERVIS.discard(str((projet / "mkdocs.yml").resolve()))
    apercu._ETATS.clear()


STATIQUES = ("404.html", "sitemap.xml")
"""The theme's static pages: they show the navigation, not a page's content."""


def compilations_du_theme(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The theme templates (material's) that jinja2 compiles from now on."""
    compiles: list[str] = []
    dossier = str(files("material"))
    compiler: Any = jinja2.Environment.compile

    def relever(env: jinja2.Environment, source: Any, name: str | None = None,
                filename: str | None = None, raw: bool = False,
                defer_init: bool = False) -> Any:
        if filename and filename.startswith(dossier):
            compiles.append(filename)
        return compiler(env, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", relever)
    return compiles


def _page(site: Path, uri: str) -> str:
    return (site / uri / "index.html").read_text("utf-8")


def test_a_process_edit_refreshes_its_chantier_and_the_portfolio_and_rebuilds_little(
        servi: Apercu, caplog: pytest.LogCaptureFixture,
        monkeypatch: pytest.MonkeyPatch) -> None:
    avant = {uri: _page(servi.site, uri) for uri in
             ("processus/P-SOL-APA", "chantiers/C-DEMAT-AUTONOMIE", "valeur",
              "processus/P-ASS-ACTES")}
    statiques = {nom: (servi.site / nom).stat().st_mtime_ns for nom in STATIQUES}
    apa = servi.projet / "processes/solidarites-autonomie/P-SOL-APA.yml"
    remplacer(apa, r"duree_minutes: 90", "duree_minutes: 150")
    compiles = compilations_du_theme(monkeypatch)
    with journal_transfo(caplog):
        servi.mettre_a_jour()
    # The theme's templates were compiled by the first build, not again…
    assert compiles == []
    # …and its static pages, which show only the unchanged navigation, were not rewritten.
    assert {nom: (servi.site / nom).stat().st_mtime_ns for nom in STATIQUES} == statiques
    apres = {uri: _page(servi.site, uri) for uri in avant}
    # The edited process and the pages whose figures depend on it show the new figures…
    for uri in ("processus/P-SOL-APA", "chantiers/C-DEMAT-AUTONOMIE", "valeur"):
        assert apres[uri] != avant[uri], uri
    # …a page that does not depend on it is left as it was…
    assert apres["processus/P-ASS-ACTES"] == avant["processus/P-ASS-ACTES"]
    # …and only a part of the site was converted again.
    bilan = next(r.getMessage() for r in caplog.records if "reconverties" in r.getMessage())
    reconverties = int(re.findall(r"(\d+) page\(s\) reconverties", bilan)[0])
    pages = len(list(servi.site.rglob("index.html")))
    assert 0 < reconverties < pages / 2, bilan
    # …of the generated process and chantier pages, only the edited process and its
    # chantier were rendered again…
    entites = len([*(servi.site / "processus").glob("*/index.html"),
                   *(servi.site / "chantiers").glob("*/index.html")])
    assert f"transfo : {entites - 2} page(s) générée(s) reprises telles quelles" in bilan
    # …and in those pages, the search index read again only the sections that changed.
    relues, lues = map(int, re.findall(r"recherche : (\d+) section\(s\) sur (\d+)", bilan)[0])
    assert 0 < relues < lues / 2, bilan
    assert differences(servi.site, servi.construction_propre()) == []


def test_after_a_sequence_of_edits_the_served_site_equals_a_clean_build(
        servi: Apercu) -> None:
    # None of these edits changes the navigation: each rebuild is a partial one, and a stale
    # page left by one of them would still be there at the end.
    processes = servi.projet / "processes"
    for fichier, motif, nouveau in [
        (processes / "solidarites-autonomie/P-SOL-APA.yml",
         r"duree_minutes: 15", "duree_minutes: 25"),
        (processes / "feuille-de-route/C-ACHAT-NUMERIQUE.yml",
         r"investissement_externe: 80000", "investissement_externe: 95000"),
        (processes / "referentiel.yml",
         r"taux_actualisation:\n    beta: 1\n", "taux_actualisation:\n    beta: 1.5\n"),
        (servi.projet / "content/index.md", r"## L'audit en bref",
         "## L'audit en quelques chiffres"),
        (processes / "solidarites-autonomie/P-SOL-APA.yml",
         r"duree_minutes: 25", "duree_minutes: 35"),
    ]:
        remplacer(fichier, motif, nouveau)
        servi.mettre_a_jour()
    assert differences(servi.site, servi.construction_propre()) == []


def test_a_renamed_process_and_a_removed_page_rebuild_the_navigation(servi: Apercu) -> None:
    remplacer(servi.projet / "processes/assemblees/P-ASS-ACTES.yml", r"\nnom: [^\n]*",
              "\nnom: Contrôle des actes renommé")
    remplacer(servi.projet / "mkdocs.yml", r"\n  - Glossaire: glossaire.md", "")
    (servi.projet / "content/glossaire.md").unlink()
    statiques = {nom: (servi.site / nom).stat().st_mtime_ns for nom in STATIQUES}
    servi.mettre_a_jour()
    # The navigation changed: the theme's static pages, which show it, are written again.
    for nom, date in statiques.items():
        assert (servi.site / nom).stat().st_mtime_ns != date, nom
    assert not (servi.site / "glossaire").exists()
    assert "Contrôle des actes renommé" in _page(servi.site, "processus/P-ASS-DELIBERATION")
    assert differences(servi.site, servi.construction_propre()) == []


def test_a_broken_file_is_reported_with_its_position_and_the_last_good_pages_stay(
        servi: Apercu, caplog: pytest.LogCaptureFixture) -> None:
    apa = servi.projet / "processes/solidarites-autonomie/P-SOL-APA.yml"
    bon = apa.read_text("utf-8")
    sain = _fichiers(servi.site)
    remplacer(apa, r"duree_minutes: 90", "duree_minutes: [90")
    with journal_transfo(caplog), pytest.raises(Abort):
        servi.mettre_a_jour()
    erreurs = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert any(re.search(r"processes/solidarites-autonomie/P-SOL-APA\.yml:\d+:\d+: ", e)
               for e in erreurs), erreurs
    assert "Traceback" not in caplog.text
    assert _fichiers(servi.site) == sain  # the last good pages are still served
    # The fix is shown, and the site is again the clean build's.
    apa.write_text(bon.replace("duree_minutes: 90", "duree_minutes: 95", 1), "utf-8")
    servi.mettre_a_jour()
    avant = sain["processus/P-SOL-APA/index.html"].decode("utf-8")
    assert _page(servi.site, "processus/P-SOL-APA") != avant
    assert differences(servi.site, servi.construction_propre()) == []


def test_the_server_rebuilds_with_the_exact_dirty_build(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """``mkdocs serve``'s rebuild is replaced by one that reloads the configuration the
    same way (command-line options included) and builds dirty, in the preview's mode."""

    class Serveur:
        builder: object = None

    def serve_de_mkdocs() -> object:
        serve_url = "http://127.0.0.1:8001/"
        is_clean = False

        def get_config() -> MkDocsConfig:
            return MkDocsConfig()

        def builder(config: MkDocsConfig | None = None) -> None:
            raise AssertionError((get_config, serve_url, is_clean))

        return builder

    construits: list[tuple[str | None, bool, bool]] = []

    def build_releve(config: MkDocsConfig, *, serve_url: str | None = None,
                     dirty: bool = False) -> None:
        construits.append((serve_url, dirty, apercu.incremental()))

    monkeypatch.setattr(apercu, "build", build_releve)
    serveur = Serveur()
    assert apercu.installer(serveur, serve_de_mkdocs())  # type: ignore[arg-type]
    serveur.builder()  # type: ignore[operator]
    assert construits == [("http://127.0.0.1:8001/", True, True)]
    assert not apercu.incremental()


def test_a_remembered_swimlane_is_the_one_graphviz_would_get_and_follows_a_renamed_actor(
) -> None:
    from tests.test_site import audit_exemple
    from transfo.analyse.valeur import analyser
    from transfo.render import diagrammes, memoire

    audit = audit_exemple()
    proc = audit.processus["P-SOL-APA"]
    avant, _ = diagrammes.statuts_etapes(analyser(audit).ecarts[proc.id])

    def les_deux() -> tuple[str, str]:
        return (memoire.couloirs("APA — existant", proc.existant, audit, avant),
                diagrammes.couloirs("APA — existant", proc.existant, audit, avant))

    premier, attendu = les_deux()
    assert premier == attendu
    assert les_deux()[0] is premier  # taken back from memory
    acteur = proc.existant[0].acteur
    audit.acteurs[acteur] = audit.acteurs[acteur].model_copy(update={"nom": "Rôle renommé"})
    renomme, attendu = les_deux()
    assert renomme == attendu and "Rôle renommé" in renomme
    etape = proc.existant[0].model_copy(update={"duree_minutes": 999})
    proc.existant[0] = etape
    assert les_deux()[0] == les_deux()[1] != renomme


def test_the_preview_parses_again_only_the_files_whose_bytes_changed(tmp_path: Path) -> None:
    from transfo.load.discovery import FichierModele
    from transfo.load.memoire import ChargeurMemorise
    from transfo.load.yaml_loader import LoadError

    chemin = tmp_path / "P-X.yml"
    chemin.write_text("id: P-X\nnom: Premier\n", "utf-8")
    fichier = FichierModele(chemin, "processus", "processes/m/P-X.yml")
    charger = ChargeurMemorise()
    premier = charger(fichier)
    premier.provenance.oublier_positions()  # what validation does once its checks are done
    second = charger(fichier)
    assert second.donnees == {"id": "P-X", "nom": "Premier"} and charger.relus == 1
    assert str(second.position(("nom",))) == "processes/m/P-X.yml:2:6"
    # Typed once while the bytes stay the same: the same frozen entity serves every build.
    from pydantic import BaseModel

    class Fiche(BaseModel):
        id: str
        nom: str

    type_premier = charger.typer(fichier, second, Fiche)
    assert charger.typer(fichier, charger(fichier), Fiche) is type_premier
    assert charger.retypes == 1
    chemin.write_text("id: P-X\nnom: Second\n", "utf-8")
    assert charger(fichier).donnees["nom"] == "Second" and charger.relus == 2
    assert charger.typer(fichier, charger(fichier), Fiche) == Fiche(id="P-X", nom="Second")
    assert charger.retypes == 2
    chemin.write_text("id: P-X\nnom: [Second\n", "utf-8")
    with pytest.raises(LoadError, match=r"processes/m/P-X\.yml:\d+:\d+"):
        charger(fichier)
    lien = tmp_path / "P-Y.yml"
    lien.symlink_to(chemin)
    with pytest.raises(LoadError, match="lien symbolique refusé"):
        charger(FichierModele(lien, "processus", "processes/m/P-Y.yml"))


def test_the_server_imports_what_every_rebuild_s_worker_would_import_again(
        tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys; from transfo.adapters.mkdocs_plugin import apercu; "
            "avant = 'matplotlib.figure' in sys.modules; apercu.demarrer('mkdocs.yml'); "
            "print(avant, all(m in sys.modules for m in apercu.PRECHARGES))")
    sortie = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=tmp_path, check=True).stdout.split()
    assert sortie == ["False", "True"]
