"""The ``transfo`` mkdocs plugin: a thin adapter that hands the generated site to mkdocs.

Validation runs in ``on_config``, before mkdocs cleans the output folder, so that a broken
model aborts the build with every ``path:line:col`` message and leaves the previous site.
"""

from __future__ import annotations

import html
import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.utils import get_build_datetime

from transfo.adapters.mkdocs_plugin.config import TransfoConfig
from transfo.analyse.valeur import Analyse, analyser
from transfo.model.audit import Audit
from transfo.model.visibilite import version_publique
from transfo.render.contexte import Contexte
from transfo.render.document import PageRendue, assembler
from transfo.render.site import Generateur, SiteGenere, ecrire_si_change, navigation
from transfo.render.svg_cache import DotIntrouvable, ErreurDot
from transfo.render.typographie import html as typographie_html
from transfo.render.urls import chemin_edition, page_section
from transfo.validate.runner import valider_dossier

log = logging.getLogger("mkdocs.plugins.transfo")
DOCUMENT = page_section("document")
DOCUMENT_SOURCE = """---
render_macros: false
search:
  exclude: true
hide:
  - navigation
  - toc
title: Document complet
---

Le document complet est assemblé à la fin de la construction.
"""


class TransfoPlugin(BasePlugin[TransfoConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.audit: Audit | None = None
        self.analyse: Analyse | None = None
        self.site: SiteGenere | None = None
        self.racine: Path = Path.cwd()
        self.navigation: Navigation | None = None
        self.contexte: Contexte | None = None
        """Shared with the macros of hand-written pages, which run after ``on_files``."""

    @property
    def public(self) -> bool:
        env = os.environ.get("TRANSFO_PUBLIC")
        if env is not None and env.strip() != "":
            return env.strip().lower() not in ("0", "false", "non", "no")
        return bool(self.config.public)

    def dossier_modele(self) -> Path:
        return self.racine / self.config.modele

    # Before other plugins (mkdocs-macros reads the model in its own on_config).
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.racine = Path(config.config_file_path).parent.resolve()
        resultat = valider_dossier(self.dossier_modele())
        for probleme in resultat.avertissements:
            # A stale review is shown on the site (page « Revue ») and must not block the
            # build of the very pull request that a reviewer is asked to look at.
            (log.info if probleme.code == "revue" else log.warning)(probleme.format())
        if resultat.erreurs:
            raise PluginError(
                f"le modèle a {len(resultat.erreurs)} erreur(s) ; le site n'est pas "
                "reconstruit :\n" + "\n".join(p.format() for p in resultat.erreurs)
            )
        audit = resultat.audit
        audit.alleger()
        self.audit = version_publique(audit) if self.public else audit
        self.analyse = analyser(self.audit)
        nav = list(config.nav or [])
        position = min(max(self.config.position_navigation, 0), len(nav))
        config.nav = [*nav[:position], *navigation(self.audit), *nav[position:]]
        if self.config.document_complet:
            config.nav.append({"Document complet": DOCUMENT})
        if self.public:
            log.info("transfo : construction publique, contenu interne retiré")
        return config

    # After mkdocs collected docs_dir, before the navigation is built from the files.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.audit is not None and self.analyse is not None
        generateur = Generateur(
            self.audit, self.racine / self.config.cache, analyse=self.analyse,
            urls_repertoires=config.use_directory_urls, public=self.public,
        )
        self.contexte = generateur.ctx
        try:
            self.site = generateur.generer()
        except DotIntrouvable as exc:
            raise PluginError(str(exc)) from None
        docs = Path(config.docs_dir).resolve()
        pages = self.racine / self.config.cache / "pages"
        for page in self.site.pages:
            # On disk rather than in memory: mkdocs then holds one copy of each page, as for
            # hand-written pages, and an unchanged page is not even rewritten.
            fichier = File.generated(config, page.src_uri,
                                     abs_src_path=str(ecrire_si_change(pages, page)))
            fichier.edit_uri = chemin_edition(page.source, docs) if page.source else None
            files.append(fichier)
        self.site.pages.clear()  # mkdocs holds each page's text from now on
        if self.config.document_complet:
            files.append(File.generated(config, DOCUMENT, content=DOCUMENT_SOURCE))
        for uri, chemin in self.site.fichiers.items():
            files.append(File.generated(config, uri, abs_src_path=str(chemin)))
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.navigation = nav
        return nav

    # Pages are converted by now; static files (the SVG) are copied right after this event.
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.config.document_complet and self.navigation is not None:
            self._assembler_document(config, files)
        if self.site is not None:
            try:
                self.site.attendre()
            except ErreurDot as exc:
                raise PluginError(str(exc)) from None
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

    # The page as the reader gets it (content, navigation, table of contents, title), in
    # French typography; the search index keeps the text as typed, as readers type it.
    def on_post_page(self, sortie: str, *, page: Any, config: MkDocsConfig) -> str:
        return typographie_html(sortie)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.dossier_modele()))
        return server
