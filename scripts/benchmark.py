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
    ``transfo pdf`` (a build with the « Document complet » page, then Chromium), then
    ``transfo generer`` on the diagrams that build left in the cache;
  - the live preview: ``mkdocs serve`` on the model, then, three times each (median), the time
    from saving a process file, a chantier, a référentiel parameter or a hand-written page to
    the served page showing the edit (the browser's reload signal, then the page fetched).
It prints the ratios to the plain build. Machines are noisy: compare ratios of one run.

    python scripts/benchmark.py --apercu-seul 100 1000   # only the live preview
    python scripts/benchmark.py --sans-exports           # builds and preview, no exports
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from statistics import median

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
    from transfo.publication import Publication
    from transfo.render import diagrammes
    from transfo.render.generation import Edition
    from transfo.render.site import navigation
    from transfo.validate.runner import valider_dossier

    resultat = valider_dossier(source / "processes")
    audit = resultat.audit
    analyse = analyser(audit)
    cache = dossier / "cache"
    site = Publication(Edition(audit, analyse, public=False, revues=resultat.revues), cache,
                       urls_repertoires=False).generer()
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
                  "donnees": "donnees", "pdf": "audit.pdf", "generer": "genere"}

_COLONNES = {"pdf": "transfo pdf", "generer": "transfo generer (SVG en cache)"}


def mesurer_exports(projet: Path) -> dict[str, float]:
    """Seconds of ``transfo export FORMAT`` for each file format, and of ``transfo pdf``
    (site build and two layouts by Chromium), validation included."""
    durees = {}
    sorties = Path(tempfile.mkdtemp(prefix="exports-", dir=projet))
    for fmt, nom in FORMATS_EXPORT.items():
        debut = time.perf_counter()
        commande = (["pdf", "processes", "--config", "mkdocs-document.yml", "-o"]
                    if fmt == "pdf" else ["generer"] if fmt == "generer"
                    else ["export", fmt, "processes", "-o"])
        r = subprocess.run([sys.executable, "-m", "transfo.adapters.cli.main", *commande,
                            str(sorties / nom)],
                           cwd=projet, capture_output=True, text=True)
        durees[fmt] = time.perf_counter() - debut
        if r.returncode:
            raise SystemExit(f"échec de transfo export {fmt} :\n{r.stderr[-2000:]}")
    shutil.rmtree(sorties)
    return durees


def _lire(url: str, delai: float = 120) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=delai) as reponse:
            contenu: bytes = reponse.read()
            return contenu
    except (urllib.error.URLError, OSError):
        return None


_SCRIPT_RECHARGEMENT = re.compile(rb"<script>(?:(?!</script>).)*?livereload.*?</script>", re.S)


def _page_servie(url: str) -> bytes | None:
    """The page as served, less the reload script that mkdocs serve injects (it carries the
    time of the last build)."""
    contenu = _lire(url)
    return None if contenu is None else _SCRIPT_RECHARGEMENT.sub(b"", contenu)


def _remplacer(fichier: Path, motif: str, nouveau: Callable[[re.Match[str]], str]) -> None:
    texte = fichier.read_text("utf-8")
    texte, n = re.subn(motif, nouveau, texte, count=1)
    if n != 1:
        raise SystemExit(f"{fichier} : « {motif} » introuvable")
    fichier.write_text(texte, "utf-8")


# Each edit: the file saved, how it changes (k = 1, 2, 3), the page that must show it.
MODIFICATIONS: dict[str, tuple[str, str, Callable[[int], Callable[[re.Match[str]], str]], str]] = {
    "processus": ("processes/*/P-S0.yml", r"duree_minutes: (\d+)",
                  lambda k: lambda m: f"duree_minutes: {int(m[1]) + k}", "processus/P-S0/"),
    "chantier": ("processes/feuille-de-route/C-S0.yml", r"investissement_externe: (\d+)",
                 lambda k: lambda m: f"investissement_externe: {int(m[1]) + 1000 * k}",
                 "chantiers/C-S0/"),
    "référentiel": ("processes/referentiel.yml", r"taux_actualisation:\n    valeur: ([\d.]+)",
                    lambda k: lambda m: f"taux_actualisation:\n    valeur: "
                                        f"{float(m[1]) + 0.001 * k:.3f}", "valeur/"),
    "page écrite à la main": ("docs/index.md", r"Modèle synthétique[^\n]*",
                              lambda k: lambda m: f"Modèle synthétique, modification {k}.", ""),
}


def mesurer_apercu(projet: Path, repetitions: int = 3) -> dict[str, float]:
    """Seconds from a save to the served page showing it, with ``mkdocs serve``: the first
    preview, then the median of ``repetitions`` saves of each kind of file."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    journal = (projet / "serve.log").open("w")
    debut = time.perf_counter()
    serveur = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=projet, stdout=journal, stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TRANSFO_PUBLIC": "0"},
    )
    durees: dict[str, float] = {}
    try:
        while _lire(base, 5) is None:
            if serveur.poll() is not None:
                journal_serveur = (projet / "serve.log").read_text()[-3000:]
                raise SystemExit(f"mkdocs serve s'est arrêté :\n{journal_serveur}")
            time.sleep(0.2)
        durees["apercu_premier_s"] = time.perf_counter() - debut
        for genre, (motif_fichier, motif, changement, page) in MODIFICATIONS.items():
            fichier = next(projet.glob(motif_fichier))
            mesures = []
            for k in range(1, repetitions + 1):
                epoque = (_lire(f"{base}livereload/0/0") or b"0").decode()
                avant = _page_servie(base + page)
                time.sleep(1.1)  # the watcher polls every 0.5 s: edits must not merge
                debut = time.perf_counter()
                _remplacer(fichier, motif, changement(k))
                while True:
                    _lire(f"{base}livereload/{epoque}/0")  # returns when browsers reload
                    apres = _page_servie(base + page)
                    if apres is not None and apres != avant:
                        break
                    if time.perf_counter() - debut > 600:
                        raise SystemExit(f"l'aperçu ne montre pas la modification ({genre})")
                    epoque = (_lire(f"{base}livereload/0/0") or b"0").decode()
                mesures.append(time.perf_counter() - debut)
            durees[f"apercu_{genre}_s"] = median(mesures)
            print(f"    aperçu, {genre} : " + ", ".join(f"{x:.2f} s" for x in mesures),
                  flush=True)
    finally:
        serveur.send_signal(signal.SIGINT)  # Ctrl+C, as a consultant stops the preview
        try:
            serveur.wait(60)
        except subprocess.TimeoutExpired:
            serveur.kill()
            serveur.wait()
        journal.close()
    return durees


def mesurer(nombre: int, dossier: Path, *, exports: bool = True) -> dict[str, float]:
    projet = _projet_transfo(dossier / "transfo", nombre)
    debut = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "transfo.adapters.cli.main", "validate",
                        "processes"], cwd=projet, capture_output=True, text=True)
    validation = time.perf_counter() - debut
    if r.returncode:
        raise SystemExit(r.stdout[-2000:])
    duree_exports: dict[str, float] = {}
    if exports:
        print(f"  {nombre} processus : exports…", flush=True)
        duree_exports = {f"export_{fmt}_s": duree
                         for fmt, duree in mesurer_exports(projet).items()}
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
    print(f"  {nombre} processus : aperçu (mkdocs serve)…", flush=True)
    apercu = mesurer_apercu(projet)
    return {**apercu, "processus": nombre, "validation_s": validation, "froid_s": froid,
            "reconstruction_s": chaud, "ordinaire_s": simple, "dot_seul_s": dot,
            "memoire_mib": memoire, "memoire_ordinaire_mib": memoire_simple,
            "diagrammes": len(sources), **duree_exports}


def imprimer_apercu(resultats: list[dict[str, float]]) -> None:
    print()
    print("| processus | premier aperçu | " + " | ".join(MODIFICATIONS) + " |")
    print("| --- | --- |" + " --- |" * len(MODIFICATIONS))
    for m in resultats:
        print(f"| {m['processus']:.0f} | {m['apercu_premier_s']:.1f} s | "
              + " | ".join(f"{m[f'apercu_{genre}_s']:.2f} s" for genre in MODIFICATIONS)
              + " |")
    print("(enregistrement → page servie à jour, médiane de 3 ; cibles : ≤ 1 s à 100 "
          "processus, ≤ 3 s à 1 000)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tailles", nargs="*", type=int, default=[100, 1000],
                        help="nombres de processus (défaut : 100 1000)")
    parser.add_argument("--garder", type=Path, help="dossier où garder les projets mesurés")
    parser.add_argument("--apercu-seul", action="store_true",
                        help="ne mesurer que l'aperçu (mkdocs serve)")
    parser.add_argument("--sans-exports", action="store_true",
                        help="ne pas mesurer les exports ni transfo pdf (les plus longs)")
    args = parser.parse_args()
    resultats = []
    with tempfile.TemporaryDirectory(prefix="transfo-bench-") as temporaire:
        base = args.garder or Path(temporaire)
        for nombre in args.tailles:
            if args.apercu_seul:
                projet = _projet_transfo(base / str(nombre) / "transfo", nombre)
                resultats.append({"processus": nombre, **mesurer_apercu(projet)})
            else:
                resultats.append(mesurer(nombre, base / str(nombre),
                                         exports=not args.sans_exports))
    imprimer_apercu(resultats)
    if args.apercu_seul:
        return
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
    print("\nCibles à 1 000 processus : reconstruction ≤ 1,3 × ordinaire ; froid ≤ 1,25 × "
          "(ordinaire + dot seul) ; mémoire ≤ 1,5 × ordinaire ; validate < 2 s.")
    if args.sans_exports:
        return
    print()
    print("| processus | " + " | ".join(_COLONNES.get(fmt, f"export {fmt}")
                                         for fmt in FORMATS_EXPORT) + " |")
    print("| --- |" + " --- |" * len(FORMATS_EXPORT))
    for m in resultats:
        print(f"| {m['processus']:.0f} | "
              + " | ".join(f"{m[f'export_{fmt}_s']:.1f} s" for fmt in FORMATS_EXPORT) + " |")


if __name__ == "__main__":
    main()
