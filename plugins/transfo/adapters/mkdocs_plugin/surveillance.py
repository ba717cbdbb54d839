"""The preview's watcher: the system's file notifications, with mkdocs' polling kept behind.

``mkdocs serve`` notices a save by listing the watched folders every half second: a save
waits a quarter of a second on average before the rebuild starts, and up to half a second.
The system tells it at once (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on
Windows), except where it cannot (some network drives, a Windows folder seen from WSL): the
preview listens to both. A path the system reported is not reported again by the polling
for a while (:data:`OUBLI_S`); a change it missed still is, half a second later, as before.

Editors' own files (a hidden swap file, a ``~`` backup, an Emacs ``#lock#``) start no
rebuild: mkdocs leaves them out of the site and the model loader does not read them; nor
does a file opened to be read.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from typing import Any

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_DELETED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver, ObservedWatch

log = logging.getLogger("mkdocs.plugins.transfo")

ECRITURES = {EVENT_TYPE_CREATED, EVENT_TYPE_MODIFIED, EVENT_TYPE_DELETED, EVENT_TYPE_MOVED,
             EVENT_TYPE_CLOSED}
"""What changes a file. The system also reports a file opened or closed after reading
(each build reads every model file): that would start a build after every build.
"""
OUBLI_S = 30.0
"""How long the polling's reports of a path the system reported are left aside: longer
than a polling round during the longest rebuild."""


def fichier_d_editeur(chemin: str) -> bool:
    """An editor's working file, not a file of the site or of the model."""
    nom = os.path.basename(chemin)
    return nom.startswith(".") or nom.endswith("~") or (nom.startswith("#")
                                                        and nom.endswith("#"))


def _chemins(evenement: FileSystemEvent) -> set[str]:
    chemins = {os.fsdecode(evenement.src_path)}
    destination = getattr(evenement, "dest_path", "")
    if destination:
        chemins.add(os.fsdecode(destination))
    return chemins


class _Relais(FileSystemEventHandler):
    """Hands one observer's events to mkdocs' handler."""

    def __init__(self, cible: FileSystemEventHandler, surveillance: Surveillance,
                 natif: bool) -> None:
        self.cible = cible
        self.surveillance = surveillance
        self.natif = natif

    def on_any_event(self, event: FileSystemEvent) -> None:
        if not event.is_directory and self.surveillance.retenir(event, natif=self.natif):
            self.cible.dispatch(event)


class Surveillance:
    """What mkdocs' server calls its observer: ``schedule``, ``unschedule``, ``start``,
    ``stop`` and ``join``, on the system's observer and on mkdocs' polling one."""

    def __init__(self, sondage: BaseObserver) -> None:
        self.sondage = sondage
        self.natif: BaseObserver | None = Observer()
        self._signales: dict[str, float] = {}
        """Paths the system reported, by time: the polling does not report them again."""
        self._verrou = threading.Lock()

    def retenir(self, evenement: FileSystemEvent, *, natif: bool) -> bool:
        """Whether this event starts a rebuild."""
        chemins = _chemins(evenement)
        if evenement.event_type not in ECRITURES or all(fichier_d_editeur(c) for c in chemins):
            return False
        maintenant = time.monotonic()
        with self._verrou:
            if natif:
                self._signales.update(dict.fromkeys(chemins, maintenant))
                return True
            for chemin, quand in list(self._signales.items()):
                if maintenant - quand > OUBLI_S:
                    del self._signales[chemin]
            # Kept after a match: an editor's atomic save (a new file renamed over the old)
            # is one event for the system, two for the polling (deleted, then created).
            return not any(c in self._signales for c in chemins)

    def schedule(self, handler: FileSystemEventHandler, path: str, *, recursive: bool = False,
                 **options: Any) -> tuple[ObservedWatch | None, ObservedWatch]:
        natif = None
        if self.natif is not None:
            try:
                natif = self.natif.schedule(_Relais(handler, self, True), path,
                                            recursive=recursive)
            except OSError as exc:  # too many folders for inotify, a folder it cannot watch
                self._renoncer(exc)
        return natif, self.sondage.schedule(_Relais(handler, self, False), path,
                                            recursive=recursive)

    def unschedule(self, surveille: tuple[ObservedWatch | None, ObservedWatch]) -> None:
        natif, sondage = surveille
        if natif is not None and self.natif is not None:
            self.natif.unschedule(natif)
        self.sondage.unschedule(sondage)

    def start(self) -> None:
        if self.natif is not None:
            try:
                self.natif.start()
            except OSError as exc:
                self._renoncer(exc)
        self.sondage.start()

    def stop(self) -> None:
        if self.natif is not None:
            self.natif.stop()
        self.sondage.stop()

    def join(self, timeout: float | None = None) -> None:
        if self.natif is not None and self.natif.is_alive():
            self.natif.join(timeout)
        self.sondage.join(timeout)

    def _renoncer(self, exc: OSError) -> None:
        log.info(f"transfo : notifications du système indisponibles ({exc}) ; l'aperçu "
                 "relit les dossiers toutes les 0,5 s")
        if self.natif is not None and self.natif.is_alive():
            self.natif.stop()
        self.natif = None


def installer(server: Any) -> bool:
    """Gives ``server`` (mkdocs' live-reload server, not started yet) the system's
    notifications beside its polling. The paths it already watches are watched again
    through :class:`Surveillance`; where the server is not the one this was written for,
    it keeps its polling."""
    surveilles = getattr(server, "_watched_paths", None)
    sondage = getattr(server, "observer", None)
    if not isinstance(surveilles, dict) or not isinstance(sondage, BaseObserver) \
            or not callable(getattr(server, "unwatch", None)):
        return False
    comptes = dict(surveilles)
    for chemin, nombre in comptes.items():
        for _ in range(nombre):
            server.unwatch(chemin)
    server.observer = Surveillance(sondage)
    for chemin, nombre in comptes.items():
        for _ in range(nombre):
            server.watch(chemin)
    return True
