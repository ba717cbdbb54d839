"""Measures transfo against a plain mkdocs build of the same pages, in one run.

    python scripts/benchmark.py            # 100 and 1,000 processes
    python scripts/benchmark.py 200        # other sizes

For each size it writes a synthetic model, then measures:
  - ``transfo validate`` alone;
  - a cold build (empty diagram cache) and a rebuild after one process file changed;
  - a plain mkdocs build of the same pages written as Markdown, with the same SVG files,
    the same theme, navigation and plugins (less transfo and macros);
  - ``dot`` alone on every diagram, with one process per diagram on every core;
  - each file export on its own: ``transfo export ods``, ``bpmn`` and ``donnees``, and
    ``transfo pdf`` (a build with the « Document complet » page, then Chromium).
It prints the ratios to the plain build. Machines are noisy: compare ratios of one run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

RACINE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(RACINE / "scripts"))

from generer_modele import generer  # noqa: E402

# Runs a command in-process and prints its peak memory (this process and its children).
MESURE = (
    "import resource, runpy, sys, json;"
    "sys.argv = sys.argv[1:];"
    "code = 0\n"
    "try: runpy.run_module(sys.argv[0], run_name='__main__')\n"
    "except SystemExit as e: code = e.code or 0\n"
    "soi = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
    "print(json.dumps({'rss_kib': soi, 'code': code}), file=sys.stderr)"
)

MKDOCS_COMMUN = {
    "site_name": "Banc d'essai",
    "docs_dir": "docs",
    "theme": {"name": "material", "language": "fr", "font": False,
              "features": ["navigation.prune", "navigation.indexes"]},
    "extra": {"polyfills": ["assets/javascripts/iframe-worker-shim.js"]},
    "markdown_extensions": ["toc", "tables", "attr_list", "md_in_html"],
}


def _mkdocs(projet: Path) -> tuple[float, float]:
    """(seconds, peak MiB) of ``mkdocs build`` in a fresh process."""
    debut = time.perf_counter()
    r = subprocess.run(
        [sys.executable, "-c", MESURE, "mkdocs", "build", "--quiet"],
        cwd=projet, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TRANSFO_PUBLIC": "0"},
    )
    duree = time.perf_counter() - debut
    derniere = r.stderr.strip().splitlines()[-1]
    mesure = json.loads(derniere)
    if mesure["code"]:
        raise SystemExit(f"échec de la construction dans {projet} :\n{r.stderr[-3000:]}")
    return duree, mesure["rss_kib"] / 1024


def _projet_transfo(dossier: Path, nombre: int) -> Path:
    generer(nombre, dossier / "processes")
    docs = dossier / "docs"
    shutil.copytree(RACINE / "content" / "assets", docs / "assets")
    (docs / "index.md").write_text("# Banc d'essai\n\nModèle synthétique.\n", encoding="utf-8")
    config = {**MKDOCS_COMMUN, "nav": [{"Accueil": "index.md"}],
              "plugins": ["search", {"transfo": {"modele": "processes", "document_complet": False}},
                          "offline"]}
    (dossier / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    # transfo pdf prints the « Document complet » page, which the measured builds leave out.
    config["plugins"][1] = {"transfo": {"modele": "processes"}}
    (dossier / "mkdocs-document.yml").write_text(yaml.safe_dump(config, allow_unicode=True),
                                                 "utf-8")
    return dossier


def _projet_ordinaire(dossier: Path, source: Path) -> tuple[Path, list[str]]:
    """The same pages as plain Markdown files, the same SVG and exports, the same nav.
    Returns the project and the DOT sources of its diagrams."""
    sys.path.insert(0, str(RACINE / "plugins"))
    from transfo.analyse.valeur import analyser
    from transfo.render import diagrammes
    from transfo.render.site import Generateur, navigation
    from transfo.validate.runner import valider_dossier

    audit = valider_dossier(source / "processes").audit
    analyse = analyser(audit)
    cache = dossier / "cache"
    site = Generateur(audit, cache, analyse=analyse, urls_repertoires=False,
                      public=False).generer()
    site.attendre()
    docs = dossier / "docs"
    shutil.copytree(RACINE / "content" / "assets", docs / "assets")
    (docs / "index.md").write_text("# Banc d'essai\n\nModèle synthétique.\n", encoding="utf-8")
    for page in site.pages:
        cible = docs / page.src_uri
        cible.parent.mkdir(parents=True, exist_ok=True)
        cible.write_text(page.contenu, encoding="utf-8")
    for uri, chemin in site.fichiers.items():
        cible = docs / uri
        cible.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(chemin, cible)
    config = {**MKDOCS_COMMUN, "nav": [{"Accueil": "index.md"}, *navigation(audit)],
              "plugins": ["search", "offline"]}
    (dossier / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    sources = []
    for proc in audit.processus.values():
        avant, apres = diagrammes.statuts_etapes(analyse.ecarts[proc.id])
        sources.append(diagrammes.couloirs(f"{proc.nom} — existant", proc.existant, audit, avant))
        sources.append(diagrammes.couloirs(f"{proc.nom} — cible", proc.cible, audit, apres))
    return dossier, sources


def _dot_seul(sources: list[str]) -> float:
    """Seconds for ``dot`` alone on every diagram, one process per diagram on every core."""
    def rendre(source: str) -> None:
        subprocess.run(["dot", "-Tsvg"], input=source.encode(), capture_output=True, check=True)

    debut = time.perf_counter()
    with ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        list(pool.map(rendre, sources))
    return time.perf_counter() - debut


FORMATS_EXPORT = {"xlsx": "audit.xlsx", "ods": "audit.ods", "bpmn": "bpmn",
                  "donnees": "donnees", "pdf": "audit.pdf"}


def mesurer_exports(projet: Path) -> dict[str, float]:
    """Seconds of ``transfo export FORMAT`` for each file format, and of ``transfo pdf``
    (site build and two layouts by Chromium), validation included."""
    durees = {}
    sorties = Path(tempfile.mkdtemp(prefix="exports-", dir=projet))
    for fmt, nom in FORMATS_EXPORT.items():
        debut = time.perf_counter()
        commande = (["pdf", "processes", "--config", "mkdocs-document.yml"] if fmt == "pdf"
                    else ["export", fmt, "processes"])
        r = subprocess.run([sys.executable, "-m", "transfo.adapters.cli.main", *commande,
                            "-o", str(sorties / nom)],
                           cwd=projet, capture_output=True, text=True)
        durees[fmt] = time.perf_counter() - debut
        if r.returncode:
            raise SystemExit(f"échec de transfo export {fmt} :\n{r.stderr[-2000:]}")
    shutil.rmtree(sorties)
    return durees


def mesurer(nombre: int, dossier: Path) -> dict[str, float]:
    projet = _projet_transfo(dossier / "transfo", nombre)
    debut = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "transfo.adapters.cli.main", "validate",
                        "processes"], cwd=projet, capture_output=True, text=True)
    validation = time.perf_counter() - debut
    if r.returncode:
        raise SystemExit(r.stdout[-2000:])
    print(f"  {nombre} processus : exports…", flush=True)
    exports = {f"export_{fmt}_s": duree for fmt, duree in mesurer_exports(projet).items()}
    print(f"  {nombre} processus : construction à froid…", flush=True)
    froid, memoire = _mkdocs(projet)
    fichier = next((projet / "processes").rglob("P-S0.yml"))
    fichier.write_text(fichier.read_text("utf-8").replace("duree_minutes: 40",
                                                          "duree_minutes: 41", 1), "utf-8")
    print(f"  {nombre} processus : reconstruction après une modification…", flush=True)
    chaud, _ = _mkdocs(projet)
    print(f"  {nombre} processus : construction ordinaire des mêmes pages…", flush=True)
    ordinaire, sources = _projet_ordinaire(dossier / "ordinaire", projet)
    simple, memoire_simple = _mkdocs(ordinaire)
    dot = _dot_seul(sources)
    return {"processus": nombre, "validation_s": validation, "froid_s": froid,
            "reconstruction_s": chaud, "ordinaire_s": simple, "dot_seul_s": dot,
            "memoire_mib": memoire, "memoire_ordinaire_mib": memoire_simple,
            "diagrammes": len(sources), **exports}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tailles", nargs="*", type=int, default=[100, 1000],
                        help="nombres de processus (défaut : 100 1000)")
    parser.add_argument("--garder", type=Path, help="dossier où garder les projets mesurés")
    args = parser.parse_args()
    resultats = []
    with tempfile.TemporaryDirectory(prefix="transfo-bench-") as temporaire:
        base = args.garder or Path(temporaire)
        for nombre in args.tailles:
            resultats.append(mesurer(nombre, base / str(nombre)))
    print()
    print("| processus | validate | ordinaire | froid | froid / ordinaire | froid / "
          "(ordinaire + dot seul) | reconstruction / ordinaire | mémoire / ordinaire |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for m in resultats:
        print(
            f"| {m['processus']:.0f} | {m['validation_s']:.2f} s | {m['ordinaire_s']:.1f} s "
            f"| {m['froid_s']:.1f} s | {m['froid_s'] / m['ordinaire_s']:.2f} "
            f"| {m['froid_s'] / (m['ordinaire_s'] + m['dot_seul_s']):.2f} "
            f"(dot seul : {m['dot_seul_s']:.1f} s, {m['diagrammes']:.0f} diagrammes) "
            f"| {m['reconstruction_s'] / m['ordinaire_s']:.2f} "
            f"| {m['memoire_mib'] / m['memoire_ordinaire_mib']:.2f} "
            f"({m['memoire_mib']:.0f} / {m['memoire_ordinaire_mib']:.0f} Mio) |"
        )
    print()
    print("| processus | " + " | ".join(f"export {fmt}" if fmt != "pdf" else "transfo pdf"
                                         for fmt in FORMATS_EXPORT) + " |")
    print("| --- |" + " --- |" * len(FORMATS_EXPORT))
    for m in resultats:
        print(f"| {m['processus']:.0f} | "
              + " | ".join(f"{m[f'export_{fmt}_s']:.1f} s" for fmt in FORMATS_EXPORT) + " |")
    print("\nCibles à 1 000 processus : reconstruction ≤ 1,3 × ordinaire ; froid ≤ 1,25 × "
          "(ordinaire + dot seul) ; mémoire ≤ 1,5 × ordinaire ; validate < 2 s.")


if __name__ == "__main__":
    main()
