"""The generated pages, family by family, and the one list that orders them.

Each module of this package is a page family: it declares its sections (:class:`Section`:
key, folder, title, template, the file its « modifier » link opens) or, for an entity's
pages, its kind and template, and writes its pages through the build's
:class:`~transfo.render.site.Generateur`. :data:`FAMILLES` orders them (the order pages are
written, which is mkdocs' order of conversion and of the search index); :data:`NAVIGATION`
orders the sections in the site's navigation. Everything else is derived from these two
lists: the page addresses (:func:`transfo.render.urls.page_section`), the navigation and its
titles, the edit links, the portfolio and team-only pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transfo.model.audit import Audit


@dataclass(frozen=True)
class Section:
    """A page of the site that is not an entity's: the roadmap, the gains register…"""

    cle: str
    """The name code and templates use (``url_section("valeur")``)."""
    chemin: str
    """Its folder in the site: the page is ``<chemin>/index.md``."""
    titre: str
    """Its one title: heading, browser tab, navigation, « Document complet »."""
    gabarit: str | None = None
    """Its template in ``render/templates``; None for a page the mkdocs plugin assembles."""
    source: Callable[[Audit], str | None] | None = None
    """The model file its « modifier » link opens, if any."""
    presente: Callable[[Audit], bool] | None = None
    """Whether the model has this page (the synthesis note needs ``synthese.yml``)."""
    enfants: Callable[[Audit], list[Any]] | None = None
    """The entity pages listed under it in the navigation (processes, chantiers)."""
    portefeuille: bool = False
    """Its figures or lists cover the whole portfolio (a public build says when they leave
    internal content out)."""
    equipe: bool = False
    """Meant for the audit team only: left out of a public build."""

    @property
    def src_uri(self) -> str:
        return f"{self.chemin}/index.md"

    def dans(self, audit: Audit) -> bool:
        return self.presente is None or self.presente(audit)


@dataclass(frozen=True)
class Groupe:
    """Sections gathered under one entry of the navigation, which opens the first of them
    and bears its title. A group has such a page of its own: with the theme's
    ``navigation.indexes``, a group without one would open its first member and no longer
    list it."""

    sections: tuple[str, ...]


def familles() -> tuple[Any, ...]:
    """Every page family (module), in the order their pages are written. Imported here, not
    above: the families import this module (and :mod:`transfo.render.urls`, which reads the
    sections)."""
    from transfo.render.pages import (
        capacite,
        cartographie,
        chantier,
        conduite,
        document,
        feuille_de_route,
        gouvernance,
        index,
        macroprocessus,
        processus,
        revue,
        scenarios,
        suivi,
        synthese,
        valeur,
    )

    return (macroprocessus, processus, chantier, cartographie, feuille_de_route, capacite,
            gouvernance, valeur, conduite, index, scenarios, revue, synthese, suivi, document)


TETE = ("synthese",)
"""Sections before every other entry of the navigation, the hand-written pages included
(the synthesis note also opens the « Document complet », which follows the navigation)."""
NAVIGATION: tuple[str | Groupe, ...] = (
    "cartographie", "feuille_de_route", "capacite", "gouvernance",
    Groupe(("valeur", "gains", "methode_valeur", "hypotheses_valeur", "scenarios")),
    "suivi", "conduite", "revue",
    Groupe(("index", "index_directions", "index_applications", "index_leviers",
            "index_enjeux")),
)
"""The generated sections in the navigation, after the first hand-written pages."""

_SECTIONS: dict[str, Section] = {}


def sections() -> dict[str, Section]:
    """Every section, by key, from the families."""
    if not _SECTIONS:
        for famille in familles():
            for section in getattr(famille, "SECTIONS", ()):
                if section.cle in _SECTIONS:
                    raise ValueError(f"section déclarée deux fois : {section.cle}")
                _SECTIONS[section.cle] = section
    return _SECTIONS


def section(cle: str) -> Section:
    return sections()[cle]


def _entree(audit: Audit, cle: str) -> dict[str, Any] | None:
    s = section(cle)
    if not s.dans(audit):
        return None
    if s.enfants is not None:
        return {escape(s.titre): [s.src_uri, *s.enfants(audit)]}
    return {escape(s.titre): s.src_uri}


def _navigation(audit: Audit, entrees: tuple[str | Groupe, ...]) -> list[Any]:
    nav: list[Any] = []
    for e in entrees:
        if isinstance(e, str):
            entree = _entree(audit, e)
            if entree is not None:
                nav.append(entree)
            continue
        membres = [x for x in (_entree(audit, c) for c in e.sections) if x is not None]
        tete = section(e.sections[0])
        nav.append({escape(tete.titre): [tete.src_uri, *membres[1:]]})
    return nav


def navigation(audit: Audit) -> list[Any]:
    """The generated sections of the site's navigation, in the model's order. Titles are
    escaped here: mkdocs themes write navigation titles into pages without escaping."""
    return _navigation(audit, NAVIGATION)


def navigation_tete(audit: Audit) -> list[Any]:
    """What comes before every other entry of the navigation (:data:`TETE`)."""
    return _navigation(audit, TETE)


def fichier(audit: Audit, ident: str) -> str | None:
    """The model file that holds ``ident``, relative to the repository."""
    source = audit.sources.get(ident)
    return None if source is None else source.fichier


def fichier_referentiel(audit: Audit) -> str | None:
    """The référentiel's file (the one that holds the directions)."""
    return fichier(audit, next(iter(audit.directions), ""))
