"""The generated part of the site: every page, diagram and chart, and the navigation.

Plain Python: the mkdocs plugin only hands these pages and files to mkdocs, through
:mod:`transfo.publication`, which adds the exports. The pages are
written family by family (:mod:`transfo.render.pages`); this module holds what a build
shares between them (the model, its analysis, the templates, the diagram and chart
renderers) and the files it produces. Diagrams are submitted to the Graphviz pool as pages
are written, so that rendering overlaps the rest of the build; :meth:`SiteGenere.attendre`
returns when every SVG is on disk.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path
from typing import Any, Protocol

from jinja2 import Environment

from transfo.analyse import scenarios
from transfo.analyse.capacite import analyser_capacite
from transfo.analyse.gouvernance import gouvernance
from transfo.analyse.revue import StatutRevue
from transfo.analyse.suivi import analyser_suivi
from transfo.analyse.valeur import SCENARIOS, Analyse, ValeurChantier, analyser
from transfo.model.audit import Audit
from transfo.model.entities import Chantier
from transfo.model.genres import PAR_CODE
from transfo.model.visibilite import NOTE_RETRAIT, PORTEFEUILLE
from transfo.render import graphiques
from transfo.render.contexte import BADGE_INTERNE, Contexte, Page, creer_environnement
from transfo.render.graphiques import Graphiques
from transfo.render.memo import MemoPages, MemoPerime, empreinte_gabarits
from transfo.render.pages import Section, familles, navigation, navigation_tete, sections
from transfo.render.svg_cache import RenduSvg
from transfo.render.urls import DIAGRAMMES, GRAPHIQUES, page_entite, page_section

__all__ = ["Generateur", "PageGeneree", "SiteGenere", "ecrire_si_change", "navigation",
           "navigation_tete"]

GABARITS = Path(__file__).parent / "templates"
_TITRE = re.compile(r"^# .*\n", re.MULTILINE)


def avec_mention(contenu: str, mention: str) -> str:
    """The page with ``mention`` (HTML) right under its title."""
    titre = _TITRE.search(contenu)
    if titre is None:
        return contenu
    return f"{contenu[:titre.end()]}\n{mention}\n{contenu[titre.end():]}"


def note_retrait() -> str:
    """Said under the title of a public page whose figures leave internal content out."""
    return environnement().get_template("mention_retrait.html.j2").render(note=NOTE_RETRAIT)


def mention_interne() -> str:
    """Said under the title of an internal entity's page, in an internal build."""
    return environnement().get_template("mention_interne.html.j2").render(badge=BADGE_INTERNE)


@cache
def environnement() -> Environment:
    """The pages' templates, compiled once per process: the rebuilds of a live preview reuse
    them (Jinja still reloads a template whose file changed)."""
    return creer_environnement()


@dataclass(frozen=True)
class PageGeneree:
    src_uri: str
    titre: str
    contenu: str
    source: str | None = None
    """The YAML file the page comes from (for the edit link), relative to the repository."""


def ecrire_si_change(dossier: Path, page: PageGeneree) -> Path:
    """Writes a generated page under ``dossier`` unless it is already there, unchanged."""
    chemin = dossier / page.src_uri
    contenu = page.contenu.encode()
    if not chemin.exists() or chemin.read_bytes() != contenu:
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_bytes(contenu)
    return chemin


class Travaux(Protocol):
    """Where charts are drawn and exports written: the publication's background worker
    (:class:`transfo.publication.TravauxDeFond`)."""

    def soumettre(self, fonction: Callable[..., Any], *args: Any) -> None: ...

    def attendre(self, *, differees: bool = True) -> None: ...


@dataclass
class SiteGenere:
    pages: list[PageGeneree] = field(default_factory=list)
    fichiers: dict[str, Path] = field(default_factory=dict)
    """``src_uri`` → its file on disk (diagrams, charts and exports, in the cache)."""
    rendu: RenduSvg | None = None
    travaux: Travaux | None = None
    """The background worker, when the build has one (:mod:`transfo.publication`)."""

    def attendre(self, *, exports: bool = True) -> None:
        """Returns when every diagram, chart and export (``exports=False``: every file but
        the exports, which ``travaux.attendre()`` awaits later) is on disk."""
        if self.rendu is not None:
            self.rendu.attendre()
        if self.travaux is not None:
            self.travaux.attendre(differees=exports)


class Generateur:
    """One build's pages: what the page families (:mod:`transfo.render.pages`) share, and
    the helpers they write with."""

    def __init__(self, audit: Audit, cache: Path, *, urls_repertoires: bool, public: bool,
                 analyse: Analyse | None = None, travaux: Travaux | None = None,
                 revues: list[StatutRevue] | None = None,
                 memo: MemoPages | None = None) -> None:
        """``travaux``: the background worker charts are drawn on (forked before this
        starts any thread); without one, they are drawn here. ``memo``: the pages of the
        previous build (the live preview), taken back when their key did not change."""
        self.audit = audit
        self.memo = memo
        self._deposes: dict[str, Path] | None = None
        """The files registered by the page being written, while it is memorised."""
        self.analyse: Analyse = analyse or analyser(audit)
        self.ctx = Contexte(audit, self.analyse, urls_repertoires, public, revues)
        self.suivi = analyser_suivi(audit, self.analyse)
        self.env = environnement()
        self.rendu = RenduSvg(cache)
        self.graphiques = Graphiques(cache, travaux.soumettre if travaux else None)
        self.site = SiteGenere(rendu=self.rendu, travaux=travaux)
        self.capacite = analyser_capacite(audit)
        self.gouvernance = gouvernance(audit, page_section("gouvernance"))
        self.chantiers_par_processus = audit.chantiers_du_processus()
        self.processus_par_macro = audit.processus_du_macro()
        self.chantiers: list[Chantier] = sorted(audit.chantiers.values(),
                                                key=lambda c: (c.debut, c.id))
        """The chantiers by start date, as the roadmap lists them."""
        # Pages of an entity, to say on them that it is internal (internal build) or that
        # its figures leave internal content out (public build).
        self._entite_de_page = {
            page_entite(genre, ident): ident
            for genre, table in audit.tables() if PAR_CODE[genre].page_propre
            for ident in table
        }
        self._entite_de_page.update(
            {s.src_uri: PORTEFEUILLE for s in sections().values() if s.portefeuille})

    # --- what the page families call --------------------------------------------------------

    def page(self, src_uri: str, gabarit: str, titre: str, source: str | None = None,
             **variables: Any) -> None:
        """Writes one page from its template."""
        page = Page(self.ctx, src_uri)
        contenu = self.env.get_template(gabarit).render(
            **page.variables(), titre_meta=escape(titre), **variables)
        ident = self._entite_de_page.get(src_uri)
        if ident is not None and self.ctx.public and ident in self.audit.retraits:
            contenu = avec_mention(contenu, note_retrait())
        elif ident is not None and ident in self.ctx.internes and not self.ctx.public:
            contenu = avec_mention(contenu, mention_interne())
        self.site.pages.append(PageGeneree(src_uri, titre, contenu, source))

    def page_memorisee(self, src_uri: str, cle: bytes, ecrire: Callable[[], None]) -> None:
        """Writes the page ``src_uri`` with ``ecrire()`` (one call of :meth:`page`), unless
        the memo holds it with the same ``cle``: a fingerprint
        (:func:`~transfo.render.memo.empreinte`) of every value the page shows."""
        memo = self.memo
        if memo is None:
            ecrire()
            return
        reprise = memo.reprendre(src_uri, cle)
        if reprise is not None and not memo.verifier:
            memo.reprises += 1
            self.site.pages.append(reprise.page)
            self.site.fichiers.update(reprise.fichiers)
            return
        self._deposes = {}
        try:
            ecrire()
        finally:
            deposes, self._deposes = self._deposes, None
        page = self.site.pages[-1]
        assert page.src_uri == src_uri, f"{src_uri} : la page écrite est {page.src_uri}"
        if reprise is not None:
            memo.reprises += 1
            if (reprise.page, reprise.fichiers) != (page, deposes):
                raise MemoPerime(f"{src_uri} : la page reprise diffère de son nouveau rendu ; "
                                 "sa clé omet une valeur qu'elle montre")
        else:
            memo.rendues.append(src_uri)
        memo.garder(src_uri, cle, page, deposes)

    def _deposer(self, uri: str, chemin: Path) -> None:
        self.site.fichiers[uri] = chemin
        if self._deposes is not None:
            self._deposes[uri] = chemin

    def page_section(self, section: Section, **variables: Any) -> None:
        """Writes a section's page: its path, template, title (``titre_page``, the page's
        heading) and edit link as declared."""
        assert section.gabarit is not None
        source = section.source(self.audit) if section.source is not None else None
        self.page(section.src_uri, section.gabarit, section.titre, source,
                  titre_page=section.titre, **variables)

    def diagramme(self, source_dot: str) -> str:
        chemin = self.rendu.soumettre_dot(source_dot)
        uri = f"{DIAGRAMMES}/{chemin.name}"
        self._deposer(uri, chemin)
        return uri

    def graphique(self, genre: str, **donnees: Any) -> str:
        chemin = self.graphiques.graphique(genre, **donnees)
        uri = f"{GRAPHIQUES}/{chemin.name}"
        self._deposer(uri, chemin)
        return uri

    def lien_depuis(self, src_uri: str) -> Callable[[str], str]:
        """Links for a diagram shown on ``src_uri`` (an SVG's links are relative to the page
        that inlines it)."""
        page = Page(self.ctx, src_uri)
        return lambda ident: page.href(ident) or ""

    def graphiques_flux(self, v: ValeurChantier, nom: str) -> tuple[str, str, str, str]:
        """The cumulative flows of both views, three scenarios each, never on one chart, and
        the key message of each (the year the curve crosses zero, per scenario)."""
        annees = list(v.annees)
        cumuls_financiers = {s: [round(x, 2) for x in v.cumul_financier(s)] for s in SCENARIOS}
        cumuls_socio = {s: [round(x, 2) for x in v.cumul_socio_economique(s)]
                        for s in SCENARIOS}
        financier = self.graphique(
            "flux", annees=annees, titre=f"{nom} : flux financier cumulé (budget)",
            cumuls=cumuls_financiers)
        socio = self.graphique(
            "flux", annees=annees, titre=f"{nom} : flux socio-économique cumulé",
            cumuls=cumuls_socio)
        return (financier, socio, graphiques.message_flux(annees, cumuls_financiers),
                graphiques.message_flux(annees, cumuls_socio))

    @functools.cached_property
    def empreinte_gabarits(self) -> bytes:
        """The pages' templates, in the key of every memorised page."""
        return empreinte_gabarits(GABARITS)

    @functools.cached_property
    def chiffres_scenarios(self) -> dict[str, scenarios.ChiffresScenario]:
        """Each scenario's figures, computed once for the synthesis and the comparison page:
        each is a whole portfolio analysis."""
        return scenarios.analyser_scenarios(self.audit)

    # --- the build ---------------------------------------------------------------------------

    def generer(self) -> SiteGenere:
        if self.memo is not None:
            self.memo.nouvelle_construction()
        # The families that draw charts first: the worker draws while the others are
        # written. Their pages are then put back in the families' order.
        ordre = familles()
        pages_de: dict[int, list[PageGeneree]] = {}
        for rang in sorted(range(len(ordre)),
                           key=lambda r: not getattr(ordre[r], "DESSINE", False)):
            ecrire = getattr(ordre[rang], "generer", None)
            if ecrire is not None:
                debut = len(self.site.pages)
                ecrire(self)
                pages_de[rang] = self.site.pages[debut:]
        self.site.pages[:] = [page for rang in sorted(pages_de) for page in pages_de[rang]]
        if self.memo is not None:
            self.memo.oublier_sauf(page.src_uri for page in self.site.pages)
        return self.site
