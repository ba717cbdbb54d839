"""Builds a copy of the sample project with mkdocs, as a user would, and reads the output."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tests.conftest import RACINE

CACHE = Path(".cache") / "plugin" / "transfo"
"""The plugin's cache in a project (its default ``cache`` option)."""


def copier_projet(cible: Path, modele: Path | None = None, *,
                  diagrammes_de: Path | None = None) -> Path:
    """mkdocs.yml, content/ and the model (the sample's, or ``modele``) in ``cible``; with
    ``diagrammes_de`` (a built project), that project's SVG files too, so that a build of
    the same model renders no diagram or chart again (each file is named by a hash of its
    whole source)."""
    cible.mkdir(parents=True, exist_ok=True)
    shutil.copy(RACINE / "mkdocs.yml", cible / "mkdocs.yml")
    shutil.copytree(RACINE / "content", cible / "content")
    shutil.copytree(modele or RACINE / "processes", cible / "processes")
    if diagrammes_de is not None:
        shutil.copytree(diagrammes_de / CACHE, cible / CACHE,
                        ignore=shutil.ignore_patterns("pages", "exports"))
    return cible


def construire(projet: Path, *args: str, public: bool = False,
               timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TRANSFO_PUBLIC": "1" if public else "0"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args],
        cwd=projet, capture_output=True, text=True, timeout=timeout, env=env,
    )


class _Liens(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.liens: list[tuple[str, str]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for nom, valeur in attrs:
            if valeur is None:
                continue
            if nom == "id":
                self.ids.add(valeur)
            if (tag, nom) in (("a", "href"), ("img", "src"), ("link", "href"),
                              ("script", "src"), ("a", "xlink:href")):
                self.liens.append((tag, valeur))


def lire(fichier: Path) -> _Liens:
    analyseur = _Liens()
    analyseur.feed(fichier.read_text(encoding="utf-8"))
    return analyseur


def liens_casses(site: Path) -> list[str]:
    """Every relative link and image of every page that points to no file or no anchor."""
    pages = {p: lire(p) for p in site.rglob("*.html")}
    casses = []
    for page, contenu in pages.items():
        for _tag, lien in contenu.liens:
            parties = urlsplit(html.unescape(lien))
            if parties.scheme or lien.startswith(("//", "mailto:")):
                continue
            if not parties.path:
                cible = page
            elif parties.path.startswith("/"):  # 404.html links from the site's root
                cible = (site / unquote(parties.path).lstrip("/")).resolve()
            else:
                cible = (page.parent / unquote(parties.path)).resolve()
                if cible.is_dir():
                    cible = cible / "index.html"
            if not cible.exists():
                casses.append(f"{page.relative_to(site)} → {lien}")
            elif parties.fragment and cible.suffix == ".html":
                ids = pages[cible].ids if cible in pages else lire(cible).ids
                if unquote(parties.fragment) not in ids:
                    casses.append(f"{page.relative_to(site)} → {lien} (ancre absente)")
    return casses


def texte_visible(fichier: Path) -> str:
    brut = re.sub(r"<[^>]+>", " ", fichier.read_text(encoding="utf-8"))
    return html.unescape(brut)
