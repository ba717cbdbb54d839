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

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from transfo.render.site import PageGeneree


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
