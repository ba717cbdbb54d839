"""The one place that maps entities and site sections to pages, and pages to links (each
section's folder is declared by its page family, :mod:`transfo.render.pages`).

Every generated page is ``<section>/index.md`` so that its address reads well both with
directory URLs (``processus/P-SOL-APA/``) and without them, as in the offline build
(``processus/P-SOL-APA/index.html``).
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from transfo.model.genres import GENRES, PAR_CODE

DOSSIERS_ENTITES = {g.code: g.pages for g in GENRES if g.pages is not None}
"""Each kind shown on the site → its folder (:attr:`transfo.model.genres.Genre.pages`)."""
DIAGRAMMES = "diagrammes"
GRAPHIQUES = "graphiques"
EXPORTS = "exports"


def page_entite(genre: str, ident: str) -> str:
    """The source path (``src_uri``) of an entity's page; a kind without pages of its own
    (directions, applications…) has an anchor in its folder's page."""
    if not PAR_CODE[genre].page_propre:
        return f"{DOSSIERS_ENTITES[genre]}/index.md"
    return f"{DOSSIERS_ENTITES[genre]}/{ident}/index.md"


def page_section(section: str) -> str:
    """The source path of a site section's page, as its page family declares it
    (:mod:`transfo.render.pages`)."""
    from transfo.render.pages import sections  # the families' list imports this module

    return sections()[section].src_uri


def adresse_apercu(site: str) -> Callable[[str, str | None], str | None]:
    """The address of an entity's page on the site published at ``site`` (the links of
    ``transfo diff --apercu``), from its id and kind; None for a kind without a page of its
    own; a kind without pages of its own (a scenario, a direction…) has an anchor in its
    folder's page."""
    racine = site.rstrip("/")

    def adresse(ident: str, genre: str | None) -> str | None:
        if genre is None or genre not in DOSSIERS_ENTITES:
            return None
        ancre = "" if PAR_CODE[genre].page_propre else f"#{ident}"
        return f"{racine}/{page_entite(genre, ident).removesuffix('index.md')}{ancre}"

    return adresse


def chemin_edition(source: str | Path, docs: str | Path) -> str:
    """The path of a model file relative to ``docs_dir``, for the « modifier » link.

    Percent-encoded here, where the link is built: the theme writes ``page.edit_url`` into
    an ``href`` without escaping, so a quote or a chevron in a file or folder name must never
    reach it as such."""
    return CheminsEdition(docs)(source)


class CheminsEdition:
    """:func:`chemin_edition` for the thousand files of one build, each folder resolved
    once (a file's own link, if it is one, is still followed)."""

    def __init__(self, docs: str | Path) -> None:
        self.docs = Path(docs).resolve()
        self._dossiers: dict[Path, Path] = {}

    def __call__(self, source: str | Path) -> str:
        source = Path(source)
        dossier = self._dossiers.get(source.parent)
        if dossier is None:
            dossier = self._dossiers[source.parent] = source.parent.resolve()
        cible = dossier / source.name
        if cible.is_symlink():
            cible = cible.resolve()
        relatif = Path(os.path.relpath(cible, self.docs)).as_posix()
        return quote(relatif, safe="/")


@dataclass(frozen=True)
class Liens:
    """Relative links from one page, for raw HTML where mkdocs does not rewrite links."""

    page: str
    """The ``src_uri`` of the page being written."""
    urls_repertoires: bool

    def url(self, cible: str, ancre: str | None = None) -> str:
        """Relative URL from this page to the file ``cible`` (a ``src_uri``)."""
        relatif = _relatif(self.page, cible, self.urls_repertoires)
        return relatif + (f"#{ancre}" if ancre else "")


def _dest(src: str, urls_repertoires: bool) -> str:
    if src.endswith("index.md"):
        return src[: -len("index.md")] + "index.html"
    if src.endswith(".md"):
        return src[:-3] + ("/index.html" if urls_repertoires else ".html")
    return src


@lru_cache(maxsize=65536)
def _relatif(page: str, cible: str, urls_repertoires: bool) -> str:
    dest = _dest(cible, urls_repertoires)
    repertoire = urls_repertoires and (dest == "index.html" or dest.endswith("/index.html"))
    if repertoire:
        dest = dest[: -len("index.html")]
    depuis = posixpath.dirname(_dest(page, urls_repertoires))
    relatif = posixpath.relpath(dest or ".", depuis or ".")
    if repertoire:
        relatif = relatif.rstrip("/") + "/"
    return relatif
