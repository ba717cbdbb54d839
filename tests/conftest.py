"""Shared fixtures: a small valid model to break in each test, and CLI runners."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from transfo.validate.runner import Resultat, valider_dossier

if TYPE_CHECKING:  # Playwright is imported by the browser tests only
    from playwright.sync_api import Browser

RACINE = Path(__file__).resolve().parent.parent
MINI = RACINE / "tests" / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small valid model, free to break."""
    cible = tmp_path / "processes"
    shutil.copytree(MINI, cible)
    return cible


def remplacer(fichier: Path, avant: str, apres: str) -> None:
    texte = fichier.read_text(encoding="utf-8")
    assert avant in texte, f"{avant!r} absent de {fichier}"
    fichier.write_text(texte.replace(avant, apres, 1), encoding="utf-8")


def messages(resultat: Resultat) -> list[str]:
    return [p.format() for p in resultat.problemes]


def valider_depuis_parent(dossier: Path) -> Resultat:
    """Validates ``dossier`` with its parent folder as the base of shown paths, so that they
    read as a consultant sees them (« processes/… »)."""
    return valider_dossier(dossier, base=dossier.parent)


@pytest.fixture
def valider() -> Callable[[Path], list[str]]:
    def _valider(dossier: Path) -> list[str]:
        return messages(valider_depuis_parent(dossier))

    return _valider


def lancer(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
           timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Runs the installed ``transfo`` command as a consultant would."""
    return subprocess.run(
        [sys.executable, "-m", "transfo.adapters.cli.main", *args],
        cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that opens Chromium (through the ``navigateur`` fixture, directly or by
    another fixture) carries the ``browser`` marker, so that ``-m "not browser"`` leaves
    them all out: an unmarked one stops the run before any test."""
    sans_marqueur = [item.nodeid for item in items
                     if "navigateur" in getattr(item, "fixturenames", ())
                     and item.get_closest_marker("browser") is None]
    if sans_marqueur:
        raise pytest.UsageError("tests qui ouvrent Chromium sans le marqueur « browser » : "
                                + ", ".join(sans_marqueur))


@pytest.fixture(scope="session")
def navigateur() -> Iterator[Browser]:
    """Debian's Chromium, headless; never a browser downloaded by a test tool."""
    from playwright.sync_api import sync_playwright

    from tests.outils_navigateur import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium est introuvable : lancez scripts/test, qui installe le paquet "
                    "chromium")
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield navigateur
        navigateur.close()


@pytest.fixture(scope="session")
def site_exemple(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample deliverable built once per test session (internal build), shared by the
    site, page and browser tests: read it, never change it."""
    from tests.outils_site import construire, copier_projet  # it imports this module

    projet = copier_projet(tmp_path_factory.mktemp("exemple"))
    r = construire(projet)
    assert r.returncode == 0, r.stderr[-3000:]
    return projet


INDICATEUR_INTERNE = "Tickets rouverts par la maintenance interne"
IRRITANT_INTERNE = "SENTINELLE INTERNE irritant confidentiel"


@pytest.fixture(scope="session")
def exemple_avec_interne(tmp_path_factory: pytest.TempPathFactory,
                         site_exemple: Path) -> dict[str, Path]:
    """The sample with internal content added — an irritant of its first process
    (:data:`IRRITANT_INTERNE`) and an indicator of C-CENTRE-SERVICES
    (:data:`INDICATEUR_INTERNE`) — built internal (``interne``) then public (``public``),
    once per session for the tests of what a public build leaves out: read it, never change
    it. ``projet`` is its folder."""
    import yaml

    from tests.outils_site import construire, copier_projet  # it imports this module

    projet = copier_projet(tmp_path_factory.mktemp("exemple-interne") / "p",
                           diagrammes_de=site_exemple)
    fichier = sorted((projet / "processes").rglob("P-*.yml"))[0]
    donnees = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    donnees["irritants"].append({"libelle": {"texte": IRRITANT_INTERNE,
                                             "visibilite": "interne"}})
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False), "utf-8")
    suivi = projet / "processes" / "suivi" / "C-CENTRE-SERVICES.yml"
    suivi.write_text(suivi.read_text(encoding="utf-8") + f"""\
- id: IND-CDS-INTERNE
  visibilite: interne
  libelle: {INDICATEUR_INTERNE}
  unite: nombre
  valeur_initiale: {{valeur: 12, date: "2024-12-31"}}
  cible: {{valeur: 4, date: "2026-12-31"}}
  source: Registre interne des tickets rouverts
  frequence: mensuelle
""", encoding="utf-8")
    r = construire(projet, public=False)
    assert r.returncode == 0, r.stderr[-3000:]
    shutil.copytree(projet / "site", projet / "site-interne")
    r = construire(projet, public=True)
    assert r.returncode == 0, r.stderr[-3000:]
    return {"projet": projet, "interne": projet / "site-interne", "public": projet / "site"}

