"""Generated pages kept from one build to the next, by the fingerprint of what they show.

The live preview regenerates the site at every save, but a save of one process file
changes one process page: the thousand others would come out the same. A page family that
can say everything one of its pages reads gives :meth:`~transfo.render.site.Generateur.
page_memorisee` a key: a :func:`empreinte` of those values (the entity itself, the shared
part of the model, the figures of the analysis it shows). When the key is the one of the
last build, the page written then, and the diagram files it registered, are taken back
instead of rendering the template again.

A key is a fingerprint of values, not of files or dates: an edit that changes a value the
page shows changes the key, whatever file it was made in. :attr:`MemoPages.verifier` renders
every page anyway and fails on a page taken back that differs from its new rendering; the
tests run the preview's edits in that mode (``tests/test_memo.py``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

if TYPE_CHECKING:
    from transfo.render.site import PageGeneree


def _morceaux(valeur: Any) -> Iterator[bytes]:
    """A value as bytes that differ whenever it differs (its type included)."""
    if isinstance(valeur, BaseModel):
        yield type(valeur).__name__.encode()
        yield valeur.model_dump_json().encode()
    elif isinstance(valeur, dict):
        yield b"{"
        for cle, sous in valeur.items():
            yield from _morceaux(cle)
            yield from _morceaux(sous)
        yield b"}"
    elif isinstance(valeur, list | tuple):
        yield b"["
        for sous in valeur:
            yield from _morceaux(sous)
        yield b"]"
    elif isinstance(valeur, set | frozenset):
        yield b"<"
        for sous in sorted(valeur, key=repr):
            yield from _morceaux(sous)
        yield b">"
    elif dataclasses.is_dataclass(valeur) and not isinstance(valeur, type):
        # A dataclass's repr shows every field (none of the analysis hides one from it).
        yield repr(valeur).encode()
    else:
        yield f"{type(valeur).__name__}:{valeur!r}".encode()
    yield b"\0"


def empreinte(*valeurs: Any) -> bytes:
    """The sha256 of ``valeurs``, as pickle writes them: every field of pydantic models and
    dataclasses, containers item by item in their order, floats exactly. Pickle gives back
    what it wrote, so two different values never have the same bytes; two equal values may
    (a set built in another order, an object shared or copied), which only renders a page
    again. A value pickle cannot write is read by :func:`_morceaux` instead."""
    try:
        octets = pickle.dumps(valeurs, protocol=5)
    except (pickle.PicklingError, TypeError, AttributeError):
        h = hashlib.sha256()
        for morceau in _morceaux(valeurs):
            h.update(morceau)
        return h.digest()
    return hashlib.sha256(octets).digest()


def empreinte_gabarits(dossier: Path) -> bytes:
    """The templates' sources: a template edited while serving changes every key."""
    h = hashlib.sha256()
    for chemin in sorted(dossier.rglob("*.j2")):
        h.update(chemin.name.encode())
        h.update(chemin.read_bytes())
    return h.digest()


class MemoPerime(AssertionError):
    """A page taken back differs from its new rendering: its key misses something it shows."""


@dataclass
class PageMemorisee:
    cle: bytes
    page: PageGeneree
    fichiers: dict[str, Path]
    """The diagrams and charts the page registered (``src_uri`` → file in the cache)."""


@dataclass
class MemoPages:
    """The pages of the last build that had a key, by ``src_uri``."""

    verifier: bool = False
    """Render every page anyway and raise :class:`MemoPerime` when one taken back differs."""
    pages: dict[str, PageMemorisee] = field(default_factory=dict)
    reprises: int = 0
    """Pages taken back by the last build."""
    rendues: list[str] = field(default_factory=list)
    """Pages with a key that the last build rendered (``src_uri``)."""

    def nouvelle_construction(self) -> None:
        self.reprises = 0
        self.rendues = []

    def reprendre(self, src_uri: str, cle: bytes) -> PageMemorisee | None:
        """The page kept for ``src_uri`` if its key is ``cle`` and its files are still on
        disk."""
        memo = self.pages.get(src_uri)
        if memo is None or memo.cle != cle:
            return None
        if not all(chemin.is_file() for chemin in memo.fichiers.values()):
            return None
        return memo

    def garder(self, src_uri: str, cle: bytes, page: PageGeneree,
               fichiers: dict[str, Path]) -> None:
        self.pages[src_uri] = PageMemorisee(cle, page, fichiers)

    def oublier_sauf(self, src_uris: Iterable[str]) -> None:
        """Lets go the pages a build no longer has (a process removed or renamed)."""
        garder = set(src_uris)
        for uri in [u for u in self.pages if u not in garder]:
            del self.pages[uri]
