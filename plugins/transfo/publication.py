"""Publication: one build's pages, files and exports, above render and export.

The generated site is written by :mod:`transfo.render` and the exports by
:mod:`transfo.export`; this module runs both for a build, the mkdocs plugin's and
``transfo generer``'s alike (:class:`Publication`), and owns the background worker they
share.

Background work on the second core: charts (matplotlib) and exports (JSON, xlsx, ods).
mkdocs renders pages on one core. Charts and exports are pure Python, so threads would
only share that core with it: they run in one worker process instead. The worker is
forked as soon as the model is loaded, before any thread starts, and reads the model from
its own copy of memory, so that jobs carry only a few small arguments. Where ``fork`` does
not exist (Windows, some macOS setups), jobs run at once in the calling process.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from transfo.analyse.valeur import Analyse
from transfo.model.audit import Audit
from transfo.render.contexte import Contexte
from transfo.render.generation import Edition
from transfo.render.memo import MemoPages
from transfo.render.site import Generateur, SiteGenere
from transfo.render.urls import EXPORTS

_MODELE: tuple[Audit, Analyse] | None = None
"""The model of the build, set before the fork; read by the jobs in the worker."""
EXPORTS_DU_SITE = ("audit.json", "audit.xlsx", "audit.ods")
"""The exports every site offers for download."""


def ecrire_exports(dossier: str, public: bool = False) -> None:
    """Writes ``audit.json``, ``audit.xlsx`` and ``audit.ods`` of the current model into
    ``dossier``; ``public``: the model is the public version (the workbooks then have no
    visibility column)."""
    # Imported here, in the worker: the build's own process never pays for the workbooks.
    from transfo.ecriture import ecrire_atomique
    from transfo.export.json_export import export_json_text
    from transfo.export.ods_export import export_ods
    from transfo.export.xlsx_export import export_xlsx

    assert _MODELE is not None
    audit, analyse = _MODELE
    cible = Path(dossier)
    cible.mkdir(parents=True, exist_ok=True)
    ecrire_atomique(cible / "audit.json", export_json_text(audit, analyse).encode())
    ecrire_atomique(cible / "audit.xlsx", export_xlsx(audit, analyse, public=public))
    ecrire_atomique(cible / "audit.ods", export_ods(audit, analyse, public=public))


class TravauxDeFond:
    def __init__(self, audit: Audit, analyse: Analyse) -> None:
        global _MODELE
        _MODELE = (audit, analyse)
        self._pool: ProcessPoolExecutor | None = None
        self._taches: list[Future[Any]] = []
        self._differees: list[Future[Any]] = []
        """Jobs whose output no page shows (the exports): a live preview may show the pages
        before they are done (:meth:`attendre` with ``differees=False``)."""
        if "fork" in multiprocessing.get_all_start_methods():
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self._taches.append(self._pool.submit(int))  # forks the worker now, thread-free

    def soumettre(self, fonction: Callable[..., Any], *args: Any) -> None:
        if self._pool is None:
            fonction(*args)
        else:
            self._taches.append(self._pool.submit(fonction, *args))

    def soumettre_differee(self, fonction: Callable[..., Any], *args: Any) -> None:
        """A job whose output no page shows (see ``_differees``)."""
        if self._pool is None:
            fonction(*args)
        else:
            self._differees.append(self._pool.submit(fonction, *args))

    def attendre(self, *, differees: bool = True) -> None:
        """Returns when every job is done (``differees=False``: every job but the deferred
        ones, which :meth:`attendre` awaits later); re-raises the first failure."""
        taches = self._taches + (self._differees if differees else [])
        try:
            for tache in taches:
                tache.result()
        finally:
            self._taches.clear()
            if differees:
                self._differees.clear()
            if self._pool is not None and not self._differees:
                self._pool.shutdown()
                self._pool = None


class Publication:
    """One build of the generated site: the worker forked first, then the pages, diagrams
    and charts (:class:`~transfo.render.site.Generateur`), then the exports scheduled on
    the worker, their files listed with the site's."""

    def __init__(self, edition: Edition, cache: Path, *, urls_repertoires: bool,
                 memo: MemoPages | None = None) -> None:
        """``memo``: the pages of the previous build of a live preview
        (:mod:`transfo.render.memo`)."""
        self.edition = edition
        self.cache = cache
        self.travaux = TravauxDeFond(edition.audit, edition.analyse)  # before any thread
        self.generateur = Generateur(edition.audit, cache, analyse=edition.analyse,
                                     urls_repertoires=urls_repertoires,
                                     public=edition.public, travaux=self.travaux,
                                     revues=edition.revues, memo=memo)

    @property
    def ctx(self) -> Contexte:
        """What every page shares (the macros of hand-written pages use it too)."""
        return self.generateur.ctx

    def generer(self) -> SiteGenere:
        site = self.generateur.generer()
        # One folder per kind of build: an internal build running at the same time (mkdocs
        # serve) never writes where a public build reads.
        dossier = self.cache / "exports" / self.edition.genre
        self.travaux.soumettre_differee(ecrire_exports, str(dossier), self.edition.public)
        for nom in EXPORTS_DU_SITE:
            site.fichiers[f"{EXPORTS}/{nom}"] = dossier / nom
        return site
