"""Reads the model as it was at a git revision, from git's objects: the working tree is
never touched, so that a reviewer can compare any two revisions.

A revision is resolved once to its commit, with ``--end-of-options`` so that no name is ever
read as an option, and every later command uses that commit's hash; entries of the tree that
are links, submodules or unsafe names are refused as on disk."""

from __future__ import annotations

import subprocess
from pathlib import Path, PurePosixPath

from transfo.load.discovery import (
    EXTENSIONS,
    FichierModele,
    NomsSurs,
    genre_de,
    refus_lien,
)
from transfo.load.yaml_loader import Document, LoadError, load_bytes
from transfo.problems import Position, Probleme

_FICHIERS_ORDINAIRES = {b"100644", b"100755"}


class ErreurGit(Exception):
    """git is missing, or refused the command (unknown revision, not a repository)."""


def _lancer(depot: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=depot, capture_output=True, check=False,
                              timeout=60)
    except FileNotFoundError:
        raise ErreurGit("git est introuvable : installez-le (Debian : apt-get install git)") \
            from None


def _git(depot: Path, *args: str) -> bytes:
    resultat = _lancer(depot, *args)
    if resultat.returncode != 0:
        raise ErreurGit(resultat.stderr.decode(errors="replace").strip() or "git a échoué")
    return resultat.stdout


def racine_depot(dossier: Path) -> Path:
    return Path(_git(dossier, "rev-parse", "--show-toplevel").decode().strip())


def commit_de(depot: Path, revision: str) -> str | None:
    """The hash of the commit ``revision`` names, or None if it names none; never reads the
    name as an option (``--end-of-options``)."""
    resultat = _lancer(depot, "rev-parse", "--verify", "--quiet", "--end-of-options",
                       f"{revision}^{{commit}}")
    if resultat.returncode == 0:
        return resultat.stdout.decode().strip()
    if resultat.returncode == 1:
        return None
    raise ErreurGit(resultat.stderr.decode(errors="replace").strip() or "git a échoué")


class ModeleGit:
    """The model folder ``dossier`` (relative to the repository) at ``revision``."""

    def __init__(self, depot: Path, revision: str, dossier: str) -> None:
        self.depot = depot
        self.revision = revision
        self.dossier = PurePosixPath(dossier)
        commit = commit_de(depot, revision)
        if commit is None:
            raise ErreurGit(f"révision git inconnue « {revision} »")
        self.commit = commit

    def fichiers(self) -> list[FichierModele]:
        sortie = _git(self.depot, "ls-tree", "-r", "-z", "--full-tree", self.commit, "--",
                      f"{self.dossier}/")
        fichiers = []
        noms = NomsSurs()
        entrees = []
        for entree in sortie.split(b"\0"):
            entete, _, nom_brut = entree.partition(b"\t")
            if nom_brut:
                entrees.append((nom_brut.decode("utf-8", errors="replace"),
                                entete.split(b" ", 1)[0]))
        for nom, mode in sorted(entrees):
            chemin = PurePosixPath(nom)
            parties = chemin.relative_to(self.dossier).parts
            if any(p.startswith(".") for p in parties):
                continue
            montre = f"{self.revision}:{nom}"
            refus = None
            if mode == b"120000":
                refus = refus_lien(montre, "lien symbolique")
            elif mode not in _FICHIERS_ORDINAIRES:
                refus = refus_lien(montre, "sous-module ou entrée spéciale")
            elif chemin.suffix not in EXTENSIONS:
                continue
            if refus is None:
                deja, refus, refuse = noms.examiner(
                    parties, lambda cle: f"{self.revision}:{self.dossier.joinpath(*cle)}")
                if deja:
                    continue
                montre = refuse or montre
            kind = genre_de(Path(chemin), Path(self.dossier))
            fichiers.append(FichierModele(Path(chemin), kind, montre, refus))
        return fichiers

    def charger(self, fichier: FichierModele) -> Document:
        if fichier.refus is not None:
            raise LoadError(fichier.refus)
        try:
            contenu = _git(self.depot, "cat-file", "blob",
                           f"{self.commit}:{fichier.path.as_posix()}")
        except ErreurGit as exc:
            raise LoadError(Probleme(Position(fichier.chemin), f"lecture git impossible ({exc})",
                                     code="fichier")) from None
        return load_bytes(fichier.chemin, contenu)
