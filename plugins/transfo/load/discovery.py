"""Finds the model's files and tells their kind from where they stand."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from transfo.constants import DOSSIER_CHANTIERS, KIND_FILES


@dataclass(frozen=True)
class FichierModele:
    path: Path
    kind: str
    chemin: str
    """The path shown to consultants: relative to the working directory when possible."""


def kind_of(path: Path, racine: Path) -> str:
    """``referentiel.yml`` at the root; ``macroprocessus.yml`` in a folder; chantiers in
    ``feuille-de-route/``; any other YAML file in a macroprocess folder is a process."""
    relative = path.relative_to(racine)
    if relative.name == KIND_FILES["referentiel"] and len(relative.parts) == 1:
        return "referentiel"
    if relative.parts[0] == DOSSIER_CHANTIERS:
        return "chantier"
    if relative.name == KIND_FILES["macroprocessus"]:
        return "macroprocessus"
    return "processus"


def shown_path(path: Path) -> str:
    try:
        relative = os.path.relpath(path)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def discover(racine: Path) -> list[FichierModele]:
    """Every ``.yml``/``.yaml`` file under the model folder, in a stable order."""
    found = [
        p for p in racine.rglob("*")
        if p.suffix in (".yml", ".yaml") and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(racine).parts)
    ]
    return [FichierModele(p, kind_of(p, racine), shown_path(p)) for p in sorted(found)]
