"""Screenshots of the built sample at 1280 px, as an agent of the Département sees it.

    python scripts/captures.py                 # builds the sample, then takes the screenshots
    python scripts/captures.py --site site     # from a site already built

It opens, in Debian's headless Chromium, the map of macroprocesses, the longest process (its
diagrams), one chantier, the roadmap (its dependencies, then its calendar), the value page
the capacity page and the synthesis note (when the model has one), and writes one PNG per
view into ``content/assets/images/`` (``--sortie`` to change it). Each view starts at the
page's main
figure, so that what is captured is what the page is read for.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LARGEUR, HAUTEUR = 1280, 1000


def construire(dossier: Path) -> Path:
    """The sample project copied into ``dossier`` and built there; returns its site."""
    shutil.copy(RACINE / "mkdocs.yml", dossier / "mkdocs.yml")
    for nom in ("content", "processes"):
        shutil.copytree(RACINE / nom, dossier / nom)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TRANSFO_PUBLIC": "0"}
    resultat = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                              cwd=dossier, capture_output=True, text=True, env=env,
                              check=False)
    if resultat.returncode != 0:
        sys.exit("la construction de l'exemple a échoué :\n" + resultat.stderr[-2000:])
    return dossier / "site"


def vues(site: Path) -> list[tuple[str, str, str]]:
    """(file name, page, CSS selector of what the view starts at), read from the site."""
    processus = sorted(p.name for p in (site / "processus").iterdir()
                       if (p / "index.html").exists())
    long = _plus_long(site, processus)
    chantier = sorted(p.name for p in (site / "chantiers").iterdir()
                      if (p / "index.html").exists())[0]
    return [
        ("capture-cartographie.png", "cartographie/index.html", "figure"),
        ("capture-processus.png", f"processus/{long}/index.html", ".transfo-onglets"),
        ("capture-chantier.png", f"chantiers/{chantier}/index.html", "figure"),
        ("capture-feuille-de-route.png", "feuille-de-route/index.html", "figure"),
        ("capture-calendrier.png", "feuille-de-route/index.html", "figure.transfo-graphique"),
        ("capture-valeur.png", "valeur/index.html", "figure"),
        *([("capture-synthese.png", "synthese/index.html", "h1")]
          if (site / "synthese" / "index.html").exists() else []),
        ("capture-capacite.png", "capacite/index.html", "figure"),
    ]


def _plus_long(site: Path, processus: list[str]) -> str:
    """The process with the most steps (rows of its two step tables)."""
    def etapes(nom: str) -> int:
        texte = (site / "processus" / nom / "index.html").read_text(encoding="utf-8")
        return texte.count('<tr><th scope="row"><code>E')
    return max(processus, key=lambda nom: (etapes(nom), nom))


def capturer(site: Path, sortie: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    sortie.mkdir(parents=True, exist_ok=True)
    faites = []
    with sync_playwright() as p:
        navigateur = p.chromium.launch(executable_path=CHROMIUM,
                                       args=["--no-sandbox", "--disable-gpu",
                                             "--allow-file-access-from-files"])
        contexte = navigateur.new_context(viewport={"width": LARGEUR, "height": HAUTEUR})
        page = contexte.new_page()
        for fichier, chemin, selecteur in vues(site):
            page.goto((site / chemin).as_uri())
            page.wait_for_load_state("load")
            # Lazy images off screen would never load: every image is loaded first.
            page.evaluate("() => Promise.all([...document.images].map(i => {"
                          " i.loading = 'eager'; return i.decode().catch(() => null); }))")
            cible = page.locator(selecteur).first
            if cible.count():
                cible.evaluate("e => { const y = e.getBoundingClientRect().top + scrollY;"
                               " scrollTo(0, Math.max(0, y - 90)); }")
            page.wait_for_timeout(300)
            page.screenshot(path=str(sortie / fichier))
            faites.append(sortie / fichier)
        navigateur.close()
    return faites


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="un site déjà construit")
    parser.add_argument("--sortie", type=Path, default=RACINE / "content/assets/images")
    args = parser.parse_args()
    if args.site is not None:
        if not (args.site / "index.html").exists():
            sys.exit(f"{args.site} : pas de site construit (index.html absent)")
        faites = capturer(args.site, args.sortie)
    else:
        with tempfile.TemporaryDirectory() as dossier:
            faites = capturer(construire(Path(dossier)), args.sortie)
    for chemin in faites:
        print(chemin)


if __name__ == "__main__":
    main()
