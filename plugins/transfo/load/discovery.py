"""Finds the model's files and tells their kind from where they stand.

Only regular files in real folders are model files: a symbolic link (to a file or a folder)
or a special file (pipe, device) under the model folder is refused and never opened, and so
is a file or folder whose name could carry markup or a line break into a page, a link or a
CI annotation."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from transfo.load.yaml_loader import Document, LoadError, load_file
from transfo.model.genres import par_regle
from transfo.problems import Position, Probleme

EXTENSIONS = (".yml", ".yaml")
NOM_SUR = re.compile(r"[^\W_][\w.-]*")
"""A file or folder name of the model: letters (accented ones included), digits, « - », « _ »
and « . », starting with a letter or a digit."""
_PAR_REGLE = par_regle()


@dataclass(frozen=True)
class FichierModele:
    path: Path
    kind: str
    chemin: str
    """The path shown to consultants: relative to the base of the validation (the project's
    root, the working directory by default) when the file is under it, else absolute."""
    refus: Probleme | None = None
    """Why the entry is not read at all (a link, a special file, an unsafe name)."""


def genre_de(path: Path, racine: Path) -> str:
    """The kind of a model file, by the first rule of the registry that takes it
    (:func:`transfo.model.genres.par_regle`): ``referentiel.yml`` and ``synthese.yml`` at the
    root; chantiers in ``feuille-de-route/``, scenarios in ``scenarios/``, follow-up files in
    ``suivi/``; ``macroprocessus.yml`` in a folder; any other YAML file in a macroprocess
    folder is a process."""
    parties = path.relative_to(racine).parts
    return next(g.code for g in _PAR_REGLE if g.fichier is not None
                and g.fichier.accepte(parties))


def shown_path(path: Path, base: Path | None = None) -> str:
    """``path`` as a consultant reads it: relative to ``base`` (the working directory by
    default) when it is under it, else as given."""
    try:
        relative = os.path.relpath(path, base)
    except ValueError:  # pragma: no cover - another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def visible(texte: str) -> str:
    """A name as it can be printed on one line: invisible characters written ``\\xNN``."""
    return "".join(c if c.isprintable() else ascii(c)[1:-1] for c in texte)


def nom_sur(nom: str) -> bool:
    return NOM_SUR.fullmatch(nom) is not None


def refus_nom(nom: str, genre: str, chemin: str) -> Probleme:
    """The problem with an unsafe file or folder name (``genre``) at ``chemin``."""
    return Probleme(
        Position(visible(chemin)),
        f"nom de {genre} refusé : « {visible(nom)} »",
        "renommez-le avec des lettres, des chiffres, « - », « _ » ou « . » (sans espace, "
        "guillemet, chevron ni autre signe), par exemple « solidarites-autonomie »",
        code="fichier",
    )


def refus_lien(chemin: str, genre: str) -> Probleme:
    return Probleme(
        Position(visible(chemin)),
        f"{genre} refusé dans le dossier du modèle : il n'est pas lu",
        "remplacez-le par un vrai fichier YAML (ou un vrai dossier) : un fichier du modèle "
        "est toujours un fichier ordinaire sous processes/",
        code="fichier",
    )


class NomsSurs:
    """The unsafe file and folder names of one listing, each reported once: a folder with an
    unsafe name stands for all the files under it."""

    def __init__(self) -> None:
        self.signales: set[tuple[str, ...]] = set()

    def examiner(self, parties: tuple[str, ...], montrer: Callable[[tuple[str, ...]], str]
                 ) -> tuple[bool, Probleme | None, str | None]:
        """(already reported, so the entry is skipped; the refusal of a newly met unsafe
        name; the path of the unsafe file or folder, as ``montrer`` shows it)."""
        mauvais = next((i for i, nom in enumerate(parties) if not nom_sur(nom)), None)
        if mauvais is None:
            return False, None, None
        cle = parties[: mauvais + 1]
        if cle in self.signales:
            return True, None, None
        self.signales.add(cle)
        genre = "dossier" if mauvais < len(parties) - 1 else "fichier"
        chemin = montrer(cle)
        return False, refus_nom(parties[mauvais], genre, chemin), chemin


def _parcourir(racine: Path) -> list[tuple[Path, str | None]]:
    """Every YAML file under ``racine`` and every link or special file, without following
    any link: ``(path, why it is refused)``; hidden entries are skipped."""
    trouves: list[tuple[Path, str | None]] = []
    a_voir = [racine]
    while a_voir:
        dossier = a_voir.pop()
        with os.scandir(dossier) as entrees:
            for entree in entrees:
                if entree.name.startswith("."):
                    continue
                chemin = Path(entree.path)
                mode = entree.stat(follow_symlinks=False).st_mode
                if stat.S_ISLNK(mode):
                    trouves.append((chemin, "lien symbolique"))
                elif stat.S_ISDIR(mode):
                    a_voir.append(chemin)
                elif not stat.S_ISREG(mode):
                    trouves.append((chemin, "fichier spécial (ni fichier ordinaire ni dossier)"))
                elif chemin.suffix in EXTENSIONS:
                    trouves.append((chemin, None))
    return trouves


def discover(racine: Path, base: Path | None = None) -> list[FichierModele]:
    """Every ``.yml``/``.yaml`` file under the model folder, in a stable order; links,
    special files and unsafe names come as refused entries (one per unsafe folder). Their
    paths are shown relative to ``base`` (see :func:`shown_path`)."""
    fichiers: list[FichierModele] = []
    noms = NomsSurs()
    for path, genre in sorted(_parcourir(racine)):
        parties = path.relative_to(racine).parts
        chemin = shown_path(path, base)
        refus = refus_lien(chemin, genre) if genre else None
        if refus is None:
            deja, refus, montre = noms.examiner(
                parties, lambda cle: shown_path(racine.joinpath(*cle), base))
            if deja:
                continue
            chemin = montre or chemin
        fichiers.append(FichierModele(path, genre_de(path, racine), chemin, refus))
    return fichiers


def lire(fichier: FichierModele) -> Document:
    """Loads a discovered file from disk, or raises the reason it is refused."""
    if fichier.refus is not None:
        raise LoadError(fichier.refus)
    return load_file(fichier.path, fichier.chemin)
