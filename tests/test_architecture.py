"""The package's layers, read from its imports: the core never imports mkdocs, each layer
imports only the layers below it, and the README's module map names every module."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import RACINE

PAQUET = RACINE / "plugins" / "transfo"
BASE = {"constants", "problems", "formats", "ecriture", "typographie", "empreinte"}
"""Modules beside the layers: anyone may import them; they import only each other."""
PERMIS: dict[str, set[str]] = {
    "model": BASE,
    "load": BASE | {"model"},
    "analyse": BASE | {"model"},
    "validate": BASE | {"model", "load", "analyse"},
    "render": BASE | {"model", "analyse"},
    "export": BASE | {"model", "analyse"},
    "publication": BASE | {"model", "analyse", "render", "export"},
}
"""The pipeline: load and validate the model, analyse it, render or export it, publish both
(a build's pages with its exports, on one background worker); the adapters (CLI, mkdocs
plugin, macros) sit on top and may import everything. The analysis is made of pure
functions of the typed model (it never reads files nor validation's results), so
validation sits above it: some rules are about figures (a team overloaded, a scenario over
its cap, a derived gain that is negative, more posts removed than time freed) and call the
same functions as the pages, never a second copy of them. Render and export never import
validate."""
A_REDRESSER: set[tuple[str, str]] = set()
"""Edges that run backwards, each to be removed by moving code to its layer: none is left.
The test fails on a new one (and on one listed here that no longer exists)."""


def couche(fichier: Path) -> str:
    parties = fichier.relative_to(PAQUET).parts
    return parties[0] if len(parties) > 1 else parties[0].removesuffix(".py")


def imports(fichier: Path) -> set[str]:
    noms: set[str] = set()
    for noeud in ast.walk(ast.parse(fichier.read_text(encoding="utf-8"))):
        if isinstance(noeud, ast.ImportFrom) and noeud.module and not noeud.level:
            noms.add(noeud.module)
        elif isinstance(noeud, ast.Import):
            noms.update(a.name for a in noeud.names)
    return noms


def modules() -> list[Path]:
    return sorted(f for f in PAQUET.rglob("*.py") if f.name != "__init__.py")


def test_the_core_never_imports_mkdocs() -> None:
    fautifs = [str(f.relative_to(PAQUET)) for f in modules() if couche(f) != "adapters"
               and any(m.split(".")[0] in ("mkdocs", "material", "mkdocs_macros")
                       for m in imports(f))]
    assert fautifs == []


def test_each_layer_imports_only_the_layers_below_it() -> None:
    aretes: set[tuple[str, str]] = set()
    for f in modules():
        source = couche(f)
        for m in imports(f):
            if m.startswith("transfo.") and (cible := m.split(".")[1]) != source:
                aretes.add((source, cible))
    interdites = {(s, c) for s, c in aretes
                  if s != "adapters" and c not in PERMIS.get(s, BASE)}
    assert interdites - A_REDRESSER == set(), "nouvelle dépendance à rebours"
    assert A_REDRESSER - interdites == set(), "dépendance redressée : retirez-la de la liste"


def test_the_readme_module_map_names_every_module() -> None:
    readme = (RACINE / "README.md").read_text(encoding="utf-8")
    carte = readme.split("its folders follow the pipeline:", 1)[1].split("```", 2)[1]
    absents = []
    for f in modules():
        relatif = f.relative_to(PAQUET)
        dossier = f"{relatif.parts[0]}/" if len(relatif.parts) > 1 else ""
        if not re.search(rf"\b{re.escape(f.name)}\b", carte) or (
                dossier and dossier not in carte):
            absents.append(str(relatif))
    assert absents == []
