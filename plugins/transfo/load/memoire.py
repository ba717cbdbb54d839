"""Model files parsed once per content, for the live preview.

Each save in ``mkdocs serve`` validates the whole model again (a change in one file can make
another one wrong), but most of that time is the parsing of YAML files that did not change.
:class:`ChargeurMemorise` reads each file's bytes and parses only the files whose bytes
(sha256) differ from the last call, and :meth:`ChargeurMemorise.typer` types again (pydantic)
only those files: the typed entities are frozen and nothing changes them once built, so the
same entity serves every build while its file's bytes stay the same. The checks that follow
run on the whole model as before.
"""

from __future__ import annotations

import hashlib
import os
import stat

from pydantic import BaseModel

from transfo.constants import LIMITE_TAILLE_OCTETS
from transfo.load.discovery import FichierModele, lire
from transfo.load.yaml_loader import Document, load_bytes


def _octets(fichier: FichierModele) -> bytes | None:
    """The bytes of a regular file within the size limit, else None (``lire`` then says
    why the file is refused)."""
    drapeaux = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descripteur = os.open(fichier.path, drapeaux)
    except OSError:
        return None
    with os.fdopen(descripteur, "rb") as flux:
        etat = os.fstat(flux.fileno())
        if not stat.S_ISREG(etat.st_mode) or etat.st_size > LIMITE_TAILLE_OCTETS:
            return None
        try:
            brut = flux.read(LIMITE_TAILLE_OCTETS + 1)
        except OSError:
            return None
    return brut if len(brut) <= LIMITE_TAILLE_OCTETS else None


class ChargeurMemorise:
    """:func:`~transfo.load.discovery.lire` that parses a file again only when its bytes
    changed. Each call returns its own :class:`Document` and provenance (validation lets the
    positions of its copy go)."""

    def __init__(self) -> None:
        self._connus: dict[str, tuple[bytes, Document]] = {}
        self._types: dict[str, tuple[bytes, type[BaseModel], BaseModel]] = {}
        self.relus = 0
        """Files parsed by the last calls (the others were taken back from memory)."""
        self.retypes = 0
        """Files typed by the last calls."""

    def typer(self, fichier: FichierModele, document: Document,
              classe: type[BaseModel]) -> BaseModel:
        """The typed entity of ``document``, just returned by this loader for ``fichier``:
        the one of the last call when the file's bytes and the class are the same."""
        connu = self._connus.get(fichier.chemin)
        deja = self._types.get(fichier.chemin)
        if connu is not None and deja is not None and (deja[0], deja[1]) == (connu[0], classe):
            return deja[2]
        self._types.pop(fichier.chemin, None)
        modele = classe.model_validate(document.donnees)  # a ValidationError is not kept
        self.retypes += 1
        if connu is not None:
            self._types[fichier.chemin] = (connu[0], classe, modele)
        return modele

    def __call__(self, fichier: FichierModele) -> Document:
        brut = None if fichier.refus is not None else _octets(fichier)
        if brut is None:
            self._connus.pop(fichier.chemin, None)
            return lire(fichier)
        empreinte = hashlib.sha256(brut).digest()
        connu = self._connus.get(fichier.chemin)
        if connu is not None and connu[0] == empreinte:
            return connu[1].copie()
        self._connus.pop(fichier.chemin, None)
        document = load_bytes(fichier.chemin, brut)  # a LoadError is not remembered
        self.relus += 1
        self._connus[fichier.chemin] = (empreinte, document)
        return document.copie()
