"""The ``transfo`` mkdocs plugin: a thin adapter that hands the generated site to mkdocs.

Validation runs in ``on_config``, before mkdocs cleans the output folder, so that a broken
model aborts the build with every ``path:line:col`` message and leaves the previous site.
What can fail later (``dot``, the background worker, a full disk, a warning under
``--strict``) must not cost the previous site either: mkdocs builds into a folder beside
``site_dir``, which replaces it only once the build has succeeded (:mod:`.chantier`).

A public build is computed from the public version of the model only
(:func:`~transfo.model.visibilite.version_publique`): pages, figures, diagrams, search
index and exports. Its generated pages and exports are kept apart from an internal build's
(``pages/public`` and ``exports/public`` in the cache), so that an internal ``mkdocs serve``
running at the same time cannot feed a public build; SVG files are shared, keyed by a hash
of their whole source. The review status and the pages meant for the audit team
(« Revue », « Contribuer ») are left out of a public build.
"""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.utils import get_build_datetime

from transfo.adapters.mkdocs_plugin import apercu, surveillance
from transfo.adapters.mkdocs_plugin.chantier import Chantier
from transfo.adapters.mkdocs_plugin.config import TransfoConfig
from transfo.adapters.mkdocs_plugin.html_brut import HtmlBrut
from transfo.analyse.valeur import Analyse
from transfo.load.discovery import lire
from transfo.model.audit import Audit
from transfo.model.visibilite import public_demande
from transfo.problems import Gravite
from transfo.publication import Publication
from transfo.render.contexte import Contexte
from transfo.render.document import PageRendue, assembler
from transfo.render.generation import PAGES_EQUIPE, Edition, editer
from transfo.render.pages.document import DOCUMENT as SECTION_DOCUMENT
from transfo.render.site import SiteGenere, ecrire_si_change
from transfo.render.svg_cache import ErreurDot
from transfo.render.urls import EXPORTS, CheminsEdition
from transfo.typographie import html as typographie_html
from transfo.validate.politique import Politique, codes_a_ignorer
from transfo.validate.runner import valider_dossier

log = logging.getLogger("mkdocs.plugins.transfo")
JOURNAL = {Gravite.AVERTISSEMENT: log.warning, Gravite.INFORMATION: log.info}
"""How each severity short of an error is logged; mkdocs --strict fails on warnings."""
DOCUMENT = SECTION_DOCUMENT.src_uri
DOCUMENT_SOURCE = f"""---
render_macros: false
search:
  exclude: true
hide:
  - navigation
  - toc
title: {SECTION_DOCUMENT.titre}
---

Le document complet est assemblé à la fin de la construction.
"""

class TransfoPlugin(BasePlugin[TransfoConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.audit: Audit | None = None
        self.analyse: Analyse | None = None
        self.edition: Edition | None = None
        """The model as this build shows it, shared with ``transfo generer``."""
        self.site: SiteGenere | None = None
        self.racine: Path = Path.cwd()
        self.navigation: Navigation | None = None
        self.contexte: Contexte | None = None
        """Shared with the macros of hand-written pages, which run after ``on_files``."""
        self.chantier: Chantier | None = None
        self.suivi: apercu.Suivi | None = None
        """In ``mkdocs serve``: what this build rebuilds and keeps for the next one."""
        self.html_brut = HtmlBrut()
        """Sets aside the HTML blocks of the generated pages before their conversion."""
        self.generees: set[str] = set()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        if command == "serve":
            apercu.demarrer(self.config.config_file_path)

    @property
    def public(self) -> bool:
        return public_demande(bool(self.config.public))

    @property
    def _differer_exports(self) -> bool:
        return self.suivi is not None and self.suivi.incremental

    @property
    def genre(self) -> str:
        """The kind of build, which names its own folders in the cache."""
        return "public" if self.public else "interne"

    def dossier_modele(self) -> Path:
        return self.racine / self.config.modele

    # Before other plugins (mkdocs-macros reads the model in its own on_config).
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.racine = Path(config.config_file_path).parent.resolve()
        etat = apercu.etat(config, self.genre)
        if etat is not None:
            apercu.accelerer_theme(config)
        self.suivi = None if etat is None else apercu.Suivi(etat, apercu.incremental())
        # A rebuild of the preview updates the served folder in place (a failure stops it
        # before anything is written); any other build goes through a work folder.
        self.chantier = None if self.suivi and self.suivi.incremental else Chantier(config)
        ignorees, refus = codes_a_ignorer(self.config.ignorer)
        if refus:
            raise PluginError("option « ignorer » du plugin transfo : " + " ; ".join(refus))
        politique = Politique(ignorees=ignorees, site=True)
        # Paths shown from the project's root, wherever mkdocs runs from.
        if etat is None:
            resultat = valider_dossier(self.dossier_modele(), lire, politique, self.racine)
        else:  # the preview parses and types again only the files whose bytes changed
            resultat = valider_dossier(self.dossier_modele(), etat.chargeur, politique,
                                       self.racine, etat.chargeur.typer)
        for probleme in resultat.problemes:
            # A rule may be only an information while the site is built (a stale review is
            # shown on the page « Revue »): logged without failing ``--strict``.
            if probleme.gravite is not Gravite.ERREUR:
                JOURNAL[probleme.gravite](probleme.format())
        if resultat.erreurs:
            raise PluginError(
                f"le modèle a {len(resultat.erreurs)} erreur(s) ; le site n'est pas "
                "reconstruit :\n" + "\n".join(p.format() for p in resultat.erreurs)
            )
        self.edition = editer(resultat.audit, public=self.public, revues=resultat.revues)
        self.audit, self.analyse = self.edition.audit, self.edition.analyse
        config.markdown_extensions.append(self.html_brut)
        config.nav = self.edition.navigation(list(config.nav or []),
                                             self.config.position_navigation)
        if self.config.document_complet:
            config.nav.append({SECTION_DOCUMENT.titre: DOCUMENT})
        if self.public:
            log.info("transfo : construction publique, contenu interne retiré")
        return config

    # After mkdocs collected docs_dir, before the navigation is built from the files.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.edition is not None
        if self.public:
            for uri in PAGES_EQUIPE:
                fichier_equipe = files.get_file_from_path(uri)
                if fichier_equipe is not None:
                    files.remove(fichier_equipe)
        etat = self.suivi.etat if self.suivi is not None else None
        generateur = Publication(self.edition, self.racine / self.config.cache,
                                 urls_repertoires=config.use_directory_urls,
                                 memo=etat.memo if etat is not None else None)
        self.contexte = generateur.ctx
        try:
            self.site = generateur.generer()
        except (RuntimeError, OSError) as exc:  # dot missing or failing, a full disk
            raise PluginError(_echec(exc)) from None
        edition = CheminsEdition(config.docs_dir)
        pages = self.racine / self.config.cache / "pages" / self.genre
        generees = self.generees = {page.src_uri for page in self.site.pages}
        for page in self.site.pages:
            # On disk rather than in memory: mkdocs then holds one copy of each page, as for
            # hand-written pages, and an unchanged page is not even rewritten.
            fichier = File.generated(config, page.src_uri,
                                     abs_src_path=str(ecrire_si_change(pages, page)))
            fichier.edit_uri = (edition(self.racine / page.source)
                                if page.source else None)
            files.append(fichier)
        self.site.pages.clear()  # mkdocs holds each page's text from now on
        if self.config.document_complet:
            files.append(File.generated(config, DOCUMENT, content=DOCUMENT_SOURCE))
        for uri, chemin in self.site.fichiers.items():
            files.append(File.generated(config, uri, abs_src_path=str(chemin)))
        if self.suivi is not None:
            self.suivi.fichiers(config, files, generees)
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.navigation = nav
        return nav

    # Pages are converted by now; static files (the SVG) are copied right after this event.
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.suivi is not None:
            self.suivi.restaurer(files)
            self.suivi.garder_pages_statiques(config)
            self.suivi.debut_recherche(apercu.moteur_recherche(config))
        if self.config.document_complet and self.navigation is not None:
            self._assembler_document(config, files)
        if self.site is not None:
            try:
                # A rebuild of the preview serves its pages before the exports are done.
                self.site.attendre(exports=not self._differer_exports)
            except Exception as exc:  # any failure of dot or of the worker
                raise PluginError(_echec(exc)) from None
            rendu = self.site.rendu
            if rendu is not None:
                log.info(f"transfo : {rendu.rendus} diagramme(s) rendu(s), "
                         f"{rendu.en_cache} repris du cache")
        return env

    def _assembler_document(self, config: MkDocsConfig, files: Files) -> None:
        fichier = files.get_file_from_path(DOCUMENT)
        if fichier is None or fichier.page is None or self.navigation is None:
            return
        pages = [
            PageRendue(html.unescape(p.title or ""), p.file.dest_uri, p.content or "")
            for p in self.navigation.pages if p.file.src_uri != DOCUMENT
        ]
        collectivite = self.audit.referentiel.collectivite if self.audit and \
            self.audit.referentiel else ""
        # mkdocs' build date honours SOURCE_DATE_EPOCH, as its sitemap does: a reproducible
        # build can fix it; otherwise the edition date is the day of the build.
        fichier.page.content = assembler(pages, fichier.dest_uri, config.site_name,
                                         collectivite, get_build_datetime().date())

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig,
                         files: Files) -> str:
        self.html_brut.actif = page.file.src_uri in self.generees
        return markdown

    # The page as the reader gets it (content, navigation, table of contents, title), in
    # French typography; the search index keeps the text as typed, as readers type it.
    def on_post_page(self, sortie: str, *, page: Any, config: MkDocsConfig) -> str:
        return typographie_html(sortie)

    # Last, after the other plugins: what a page's conversion gave, for the next preview.
    @event_priority(-100)
    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig,
                        files: Files) -> str:
        if self.suivi is not None:
            self.suivi.convertie(page)
        return html

    # After the search plugin indexed the page.
    @event_priority(-100)
    def on_page_context(self, context: Any, *, page: Any, config: MkDocsConfig,
                        nav: Navigation) -> Any:
        if self.suivi is not None:
            self.suivi.indexee(page, apercu.moteur_recherche(config))
        return context

    # Before the search plugin writes its index: the entries of the pages not rebuilt.
    @event_priority(50)
    def _completer_recherche(self, *, config: MkDocsConfig) -> None:
        if self.suivi is not None:
            self.suivi.completer_recherche(apercu.moteur_recherche(config),
                                           InclusionLevel.is_in_serve)

    # Last, once every other plugin has written into the build folder (search index…).
    @event_priority(-100)
    def _terminer(self, *, config: MkDocsConfig) -> None:
        if self.chantier is not None:
            self.chantier.terminer()
            self.chantier = None
        differer = self._differer_exports
        if self.suivi is not None:
            self.suivi.terminer(Path(config.site_dir))
            self.suivi = None
        if differer and self.site is not None and self.site.travaux is not None:
            site = Path(config.site_dir)
            apercu.publier_exports(
                self.site.travaux.attendre,
                {site / uri: chemin for uri, chemin in self.site.fichiers.items()
                 if uri.startswith(f"{EXPORTS}/")})

    on_post_build = CombinedEvent(_completer_recherche, _terminer)

    def on_build_error(self, *, error: Exception) -> None:
        self.suivi = None  # nothing of a failed build is kept for the next preview
        if self.chantier is not None:
            self.chantier.abandonner()
            self.chantier = None

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.dossier_modele()))
        if apercu.etat(config, self.genre) is not None:
            apercu.installer(server, builder)
            surveillance.installer(server)
        return server


def _echec(exc: BaseException) -> str:
    """One French sentence for a failure after validation (no traceback)."""
    if isinstance(exc, ErreurDot | RuntimeError) and str(exc):
        raison = str(exc)
    elif isinstance(exc, OSError):
        raison = f"écriture impossible ({exc.strerror or exc})"
        if exc.filename:
            raison += f" : {exc.filename}"
    else:
        raison = f"les graphiques ou les exports ont échoué ({type(exc).__name__} : {exc})"
    return f"{raison} — le site précédent est conservé"
