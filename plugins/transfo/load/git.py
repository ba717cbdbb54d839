"""Reads the model as it was at a git revision, from git's objects: the working tree is
never touched, so that a reviewer can compare any two revisions."""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from transfo.load.discovery import FichierModele, kind_of
from transfo.load.yaml_loader import Document, LoadError, load_bytes
from transfo.problems import Position, Probleme


class ErreurGit(Exception):
    """git is missing, or refused the command (unknown revision, not a repository)."""


def _git(depot: Path, *args: str) -> bytes:
    try:
        resultat = subprocess.run(["git", *args], cwd=depot, capture_output=True, check=False,
                                  timeout=60)
    except FileNotFoundError:
        raise ErreurGit("git est introuvable : installez-le (Debian : apt-get install git)") \
            from None
    if resultat.returncode != 0:
        raise ErreurGit(resultat.stderr.decode(errors="replace").strip() or "git a échoué")
    return resultat.stdout


def racine_depot(dossier: Path) -> Path:
    return Path(_git(dossier, "rev-parse", "--show-toplevel").decode().strip())


class ModeleGit:
    """The model folder ``dossier`` (relative to the repository) at ``revision``."""

    def __init__(self, depot: Path, revision: str, dossier: str) -> None:
        self.depot = depot
        self.revision = revision
        self.dossier = PurePosixPath(dossier)
        try:
            _git(depot, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
        except ErreurGit:
            raise ErreurGit(f"révision git inconnue « {revision} »") from None

    def fichiers(self) -> list[FichierModele]:
        sortie = _git(self.depot, "ls-tree", "-r", "-z", "--name-only", self.revision, "--",
                      f"{self.dossier}/")
        fichiers = []
        for nom in sorted(n for n in sortie.decode().split("\0") if n):
            chemin = PurePosixPath(nom)
            if chemin.suffix not in (".yml", ".yaml"):
                continue
            kind = kind_of(Path(chemin), Path(self.dossier))
            fichiers.append(FichierModele(Path(chemin), kind, f"{self.revision}:{nom}"))
        return fichiers

    def charger(self, fichier: FichierModele) -> Document:
        try:
            contenu = _git(self.depot, "cat-file", "blob",
                           f"{self.revision}:{fichier.path.as_posix()}")
        except ErreurGit as exc:
            raise LoadError(Probleme(Position(fichier.chemin), f"lecture git impossible ({exc})",
                                     code="fichier")) from None
        return load_bytes(fichier.chemin, contenu)
