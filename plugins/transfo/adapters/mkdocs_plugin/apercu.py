"""The live preview (``mkdocs serve``) rebuilds only what a save changed.

mkdocs rebuilds the whole site on every save: every page is converted from Markdown, indexed
for search, rendered through the theme and given French typography, whatever changed. Its
``--dirty`` mode skips the pages whose source is older than their output, but then the
navigation, the search index, the printable document and the files that disappeared are
wrong. In ``mkdocs serve``, the plugin replaces the server's rebuild by a dirty build that it
makes exact:

- the model is still validated and every generated page regenerated at each save; a
  generated page is rewritten on disk only when its text changed
  (:func:`~transfo.render.site.ecrire_si_change`), so that only the pages whose text
  changed — the edited process, and the chantier, portfolio, index… pages whose figures
  moved — are converted and rendered again;
- hand-written pages are always rebuilt (their macros read the model);
- every page is rebuilt when the navigation, the set of pages or ``mkdocs.yml`` changed, or
  when a rebuilt page's title or front matter changed (other pages' sidebars show it);
- a page that is not rebuilt gets back its converted content, table of contents, title and
  front matter from the previous build, so that the printable document and the other pages
  read the same as in a full build;
- its search entries are kept from the previous build and put back in the site's order;
- files that a previous build wrote and this one does not produce any more are removed;
- the theme's templates are compiled once per server (a bytecode cache in memory, checked
  against each template's source) and its list of files read once (the theme's own folders
  do not change while serving; a ``custom_dir`` is read again); its static pages (404,
  sitemap), which depend only on the navigation and ``mkdocs.yml``, are written again only
  when those changed;
- the exports (JSON, xlsx, ods), which no page shows, are finished by the background worker
  after the pages are served, and copied into the served folder when done (unless a later
  save already started newer ones).

Nothing is kept from a build that failed: a broken file stops the build in ``on_config``,
before anything is written, and the server keeps serving the last good pages.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import json
import logging
import os
import shutil
import sysconfig
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from transfo.adapters.mkdocs_plugin.recherche import SectionsConnues, indexer_par_section
from transfo.load.memoire import ChargeurMemorise
from transfo.render.memo import MemoPages

log = logging.getLogger("mkdocs.plugins.transfo")


@dataclass
class PageConvertie:
    """What the conversion of one page produced, as other pages and the search see it."""

    markdown: str
    content: str
    toc: Any
    meta: dict[str, Any]
    titre: str | None
    """The page's title as other pages show it (navigation, printable document)."""
    titre_rendu: str | None
    """Its first heading, from which mkdocs takes the title when nothing else gives one."""
    ancres: set[str] | None


@dataclass
class EtatApercu:
    """What one ``mkdocs serve`` keeps from its last successful build."""

    empreinte: str = ""
    pages: dict[str, PageConvertie] = field(default_factory=dict)
    recherche: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    sorties: set[str] = field(default_factory=set)
    chargeur: ChargeurMemorise = field(default_factory=ChargeurMemorise)
    """Parses again only the model files whose bytes changed."""
    sections: SectionsConnues = field(default_factory=SectionsConnues)
    """Indexes again, in a rebuilt page, only the sections whose HTML changed."""
    memo: MemoPages = field(default_factory=lambda: MemoPages(verifier=verifier_memo()))
    """Renders again only the generated pages whose key changed."""


def verifier_memo() -> bool:
    """``TRANSFO_VERIFIER_APERCU=1``: every page taken back from the previous build is
    rendered too, and the preview fails if they differ (the tests run the preview so)."""
    return os.environ.get("TRANSFO_VERIFIER_APERCU") == "1"


_ETATS: dict[str, EtatApercu] = {}
"""One state per served project and kind of build (internal or public)."""
_SERVIS: set[str] = set()
"""Configuration files served by ``mkdocs serve`` in this process."""
_INCREMENTAL = False
"""True while the preview's own rebuild runs (a dirty build made exact by the plugin)."""


class _CompilesEnMemoire(jinja2.BytecodeCache):
    """The compiled theme templates of this server; jinja2 compiles a template again when
    its source's checksum differs from the one stored with its code."""

    def __init__(self) -> None:
        self._codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._codes[bucket.key] = bucket.bytecode_to_string()


_COMPILES = _CompilesEnMemoire()
_LISTES: dict[tuple[str, ...], list[str]] = {}
"""The templates of each theme folder (``custom_dir`` included), by the folders and, for the
folders outside the installed packages, what they hold."""


def dossiers_utilisateur(dossiers: list[str]) -> list[str]:
    """The theme folders a user may edit while serving (``custom_dir``), not the installed
    theme packages."""
    paquets = {Path(sysconfig.get_paths()[nom]).resolve() for nom in ("purelib", "platlib")}
    return [d for d in dossiers
            if not any(p == Path(d).resolve() or p in Path(d).resolve().parents
                       for p in paquets)]


def signature_dossiers(dossiers: list[str]) -> tuple[str, ...]:
    """Every file of ``dossiers`` with its size and date: changes when one is added, removed
    or saved."""
    signature = []
    for dossier in dossiers:
        for chemin in sorted(Path(dossier).rglob("*")):
            if chemin.is_file():
                etat = chemin.stat()
                signature.append(f"{chemin}\0{etat.st_size}\0{etat.st_mtime_ns}")
    return tuple(signature)


class _ChargeurListeMemorisee(jinja2.BaseLoader):
    """The theme's loader, whose list of templates (a walk of every file of the theme, icons
    included) is read once per server."""

    def __init__(self, chargeur: jinja2.FileSystemLoader) -> None:
        self.chargeur = chargeur
        self.searchpath = chargeur.searchpath

    def get_source(self, environment: jinja2.Environment,
                   template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        return self.chargeur.get_source(environment, template)

    def list_templates(self) -> list[str]:
        dossiers = list(self.searchpath)
        cle = (*dossiers, *signature_dossiers(dossiers_utilisateur(dossiers)))
        if cle not in _LISTES:
            _LISTES[cle] = self.chargeur.list_templates()
        return list(_LISTES[cle])


def accelerer_theme(config: MkDocsConfig) -> None:
    """The builds of ``mkdocs serve`` compile the theme's templates and list its files once
    (mkdocs makes a new Jinja environment for every build)."""
    theme = config.theme
    creer = theme.get_env

    def environnement() -> jinja2.Environment:
        env = creer()
        env.bytecode_cache = _COMPILES
        if isinstance(env.loader, jinja2.FileSystemLoader):
            env.loader = _ChargeurListeMemorisee(env.loader)
        return env

    vars(theme)["get_env"] = environnement


def _cle(config: MkDocsConfig, genre: str) -> str:
    return f"{Path(config.config_file_path or '').resolve()}|{genre}"


PRECHARGES = ("matplotlib.figure", "matplotlib.backends.backend_svg", "matplotlib.dates",
              "matplotlib.ticker", "transfo.export.json_export", "transfo.export.xlsx_export",
              "transfo.export.ods_export")
"""What the background worker of a build imports (charts, exports). Each rebuild forks its
worker from the server's process: imported there once, they are not imported again by every
rebuild's worker."""


def demarrer(fichier_config: str | None) -> None:
    """Called by ``on_startup`` of ``mkdocs serve``: its builds keep an :class:`EtatApercu`."""
    _SERVIS.add(str(Path(fichier_config or "").resolve()))
    for module in PRECHARGES:
        importlib.import_module(module)


def etat(config: MkDocsConfig, genre: str) -> EtatApercu | None:
    """The preview state of this project, or None outside ``mkdocs serve``."""
    if str(Path(config.config_file_path or "").resolve()) not in _SERVIS:
        return None
    return _ETATS.setdefault(_cle(config, genre), EtatApercu())


def incremental() -> bool:
    """True during a rebuild of the preview (the output folder holds the previous build)."""
    return _INCREMENTAL


class _SansAvertissementDirty(logging.Filter):
    """mkdocs warns that a dirty build leaves navigation and links wrong: the plugin makes
    them right, and under ``--strict`` the warning would abort the preview."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "'dirty' build" not in record.getMessage()


def installer(server: Any, builder: Callable[..., Any]) -> bool:
    """Replaces the rebuild of ``mkdocs serve`` by the plugin's exact dirty build.

    mkdocs' builder reloads the configuration (with the command line's options) through a
    local function; the new builder calls the same one. Where it cannot be found (another
    mkdocs), the server keeps mkdocs' full rebuilds, slower but exact.
    """
    try:
        variables = inspect.getclosurevars(builder).nonlocals
    except (TypeError, ValueError):
        return False
    charger = variables.get("get_config")
    adresse = variables.get("serve_url")
    if not callable(charger) or not isinstance(adresse, str) or variables.get("is_clean"):
        return False

    def reconstruire(config: MkDocsConfig | None = None) -> None:
        global _INCREMENTAL
        log.info("transfo : mise à jour de l'aperçu")
        if config is None:
            config = charger()
            config.site_url = adresse
        filtre = _SansAvertissementDirty()
        journal = logging.getLogger("mkdocs.commands.build")
        journal.addFilter(filtre)
        _INCREMENTAL = True
        try:
            build(config, serve_url=adresse, dirty=True)
        finally:
            _INCREMENTAL = False
            journal.removeFilter(filtre)

    server.builder = reconstruire
    return True


_PUBLICATION: threading.Thread | None = None
_VERROU = threading.Lock()
_DERNIERE = 0
"""Number of the last rebuild whose exports are pending: an older one never overwrites it."""


def publier_exports(attendre: Callable[[], None], copies: dict[Path, Path]) -> None:
    """Once ``attendre`` returns (the background worker finished the exports), copies each
    export (value) to its place in the served folder (key), in a thread: the pages are
    already served meanwhile."""
    global _PUBLICATION, _DERNIERE
    with _VERROU:
        _DERNIERE += 1
        numero = _DERNIERE

    def publier() -> None:
        try:
            attendre()
        except Exception as exc:  # the worker's own failure, said in one line
            log.error(f"transfo : exports de l'aperçu non mis à jour ({type(exc).__name__} : "
                      f"{exc})")
            return
        with _VERROU:
            if numero != _DERNIERE:
                return
            for cible, source in copies.items():
                temporaire = cible.with_name(f".{cible.name}.{os.getpid()}")
                cible.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, temporaire)
                os.replace(temporaire, cible)

    _PUBLICATION = threading.Thread(target=publier, name="transfo-exports", daemon=True)
    _PUBLICATION.start()


def attendre_exports() -> None:
    """Returns when the exports of the last rebuild are in the served folder."""
    if _PUBLICATION is not None:
        _PUBLICATION.join()


def _toujours() -> bool:
    return True


def reconstruire_page(fichier: File) -> None:
    """Makes a dirty build convert and render ``fichier`` whatever the dates say."""
    vars(fichier)["is_modified"] = _toujours


def empreinte(config: MkDocsConfig, files: Files) -> str:
    """What every page's frame depends on: the navigation, the set of pages, mkdocs.yml and
    the theme's templates a user may edit (``custom_dir``)."""
    h = hashlib.sha256()
    for ligne in signature_dossiers(dossiers_utilisateur(list(config.theme.dirs))):
        h.update(f"\0{ligne}".encode())
    h.update(json.dumps(config.nav, ensure_ascii=False, sort_keys=True, default=str).encode())
    for f in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
        h.update(f"\0{f.src_uri}".encode())
    chemin = Path(config.config_file_path or "")
    if chemin.is_file():
        h.update(chemin.read_bytes())
    return h.hexdigest()


class Suivi:
    """One build of the preview, as the plugin's events see it."""

    def __init__(self, etat: EtatApercu, incremental: bool) -> None:
        self.etat = etat
        self.incremental = incremental
        self.empreinte = ""
        self.converties: dict[str, PageConvertie] = {}
        self.indexees: dict[str, list[dict[str, Any]]] = {}
        self.titres_changes = False
        self.tout = True
        """Every page is rebuilt (navigation, set of pages or mkdocs.yml changed)."""
        self._marque = 0
        self.files: Files | None = None

    def fichiers(self, config: MkDocsConfig, files: Files, generees: set[str]) -> None:
        """After the generated pages were added: which pages must be rebuilt."""
        self.files = files
        self.empreinte = empreinte(config, files)
        if not self.incremental:
            return
        tout = self.empreinte != self.etat.empreinte
        if tout and self.etat.empreinte:
            log.info("transfo : navigation ou mkdocs.yml changés, toutes les pages sont "
                     "reconstruites")
        self.tout = tout
        for f in files.documentation_pages():
            if tout or f.src_uri not in generees or f.src_uri not in self.etat.pages:
                reconstruire_page(f)

    def convertie(self, page: Page) -> None:
        """A page was converted (``on_page_content``, last): kept for the next builds."""
        memo = PageConvertie(page.markdown or "", page.content or "", page.toc,
                             dict(page.meta), page.title, page._title_from_render,
                             page.present_anchor_ids)
        ancien = self.etat.pages.get(page.file.src_uri)
        if ancien is not None and (ancien.titre, ancien.meta) != (memo.titre, memo.meta):
            self.titres_changes = True
        self.converties[page.file.src_uri] = memo

    def restaurer(self, files: Files) -> None:
        """``on_env``: the pages not converted again get back what their conversion gave."""
        if not self.incremental:
            return
        for f in files.documentation_pages():
            page = f.page
            if page is None or f.src_uri in self.converties:
                continue
            memo = self.etat.pages[f.src_uri]
            page.markdown = memo.markdown
            page.content = memo.content
            page.toc = memo.toc
            page.meta = dict(memo.meta)
            page._title_from_render = memo.titre_rendu
            page.present_anchor_ids = memo.ancres
            if self.titres_changes:
                reconstruire_page(f)

    def garder_pages_statiques(self, config: MkDocsConfig) -> None:
        """``on_env``, after :meth:`restaurer`: the theme's static pages (404, sitemap) show
        the navigation and its titles, the set of pages and mkdocs.yml only; when none of
        them changed, those already written stay as they are."""
        if not self.incremental or self.tout or self.titres_changes:
            return
        site = Path(config.site_dir)
        config.theme.static_templates.difference_update(
            {nom for nom in config.theme.static_templates if (site / nom).is_file()})

    def debut_recherche(self, recherche: Any) -> None:
        if recherche is None:
            return
        self._marque = len(recherche.search_index.entries)
        self.etat.sections.nouvelle_construction()
        if type(recherche.search_index).__module__ == "material.plugins.search.plugin":
            from material.plugins.search.plugin import Parser

            indexer_par_section(recherche.search_index, self.etat.sections, Parser)

    def indexee(self, page: Page, recherche: Any) -> None:
        """``on_page_context``, after the search plugin: the entries it made for ``page``."""
        if recherche is None:
            return
        entrees = recherche.search_index.entries
        self.indexees[page.file.src_uri] = list(entrees[self._marque:])
        self._marque = len(entrees)

    def completer_recherche(self, recherche: Any,
                            inclusion: Callable[[InclusionLevel], bool]) -> None:
        """Before the search plugin writes its index: every page's entries, in site order."""
        if recherche is None or self.files is None:
            return
        entrees: list[dict[str, Any]] = []
        for f in self.files.documentation_pages(inclusion=inclusion):
            if f.src_uri in self.indexees:
                entrees.extend(self.indexees[f.src_uri])
            else:
                entrees.extend(self.etat.recherche.get(f.src_uri, []))
        recherche.search_index.entries = entrees

    def terminer(self, site: Path) -> None:
        """The build succeeded: its pages, entries and outputs become the reference; files
        of the previous build that this one no longer produces are removed."""
        assert self.files is not None
        sorties = {f.dest_uri for f in self.files}
        if self.incremental:
            sections, memo = self.etat.sections, self.etat.memo
            log.info(f"transfo : {memo.reprises} page(s) générée(s) reprises telles quelles, "
                     f"{len(self.converties)} page(s) reconverties, "
                     f"{len(self.indexees)} rendue(s) à nouveau"
                     + (" (navigation ou titres changés)" if self.titres_changes else "")
                     + f" ; recherche : {sections.relus} section(s) sur {sections.lus} "
                       "relue(s)")
            for perime in sorted(self.etat.sorties - sorties):
                chemin = site / perime
                if chemin.is_file():
                    chemin.unlink()
        self.etat.sorties = sorties
        self.etat.pages.update(self.converties)
        self.etat.recherche.update(self.indexees)
        presentes = {f.src_uri for f in self.files.documentation_pages()}
        for table in (self.etat.pages, self.etat.recherche):
            for uri in set(table) - presentes:
                del table[uri]
        self.etat.empreinte = self.empreinte


def moteur_recherche(config: MkDocsConfig) -> Any:
    """The search plugin of the build (material's or mkdocs'), or None."""
    for plugin in config.plugins.values():
        if hasattr(plugin, "search_index") and hasattr(plugin.search_index, "entries"):
            return plugin
    return None
