"""The preview's watcher (:mod:`transfo.adapters.mkdocs_plugin.surveillance`): a save is
seen at once through the system's notifications, once, and still seen by the polling where
the system says nothing. Run on mkdocs' own live-reload server, whose rebuild flag is read."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from transfo.adapters.mkdocs_plugin import surveillance
from transfo.adapters.mkdocs_plugin.surveillance import Surveillance


@pytest.fixture
def modele(tmp_path: Path) -> Path:
    dossier = tmp_path / "processes"
    dossier.mkdir()
    return dossier


@pytest.fixture
def serveur(tmp_path: Path, modele: Path) -> Iterator[LiveReloadServer]:
    """A server watching ``modele`` as ``mkdocs serve`` does, with the plugin's watcher
    installed after (as in ``on_serve``), its observers started, the first listing done."""
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0,
                              root=str(tmp_path))
    server.watch(str(modele))
    assert surveillance.installer(server)
    assert isinstance(server.observer, Surveillance)
    server.observer.start()
    time.sleep(0.7)
    yield server
    server.observer.stop()
    server.server_close()


def _demande(server: LiveReloadServer, delai: float) -> float | None:
    """Seconds until the server wants a rebuild, or None after ``delai``."""
    debut = time.monotonic()
    with server._rebuild_cond:
        if server._rebuild_cond.wait_for(lambda: server._want_rebuild, timeout=delai):
            return time.monotonic() - debut
    return None


def _oublier(server: LiveReloadServer) -> None:
    with server._rebuild_cond:
        server._want_rebuild = False


def test_the_system_reports_a_save_without_the_polling(serveur: LiveReloadServer,
                                                       modele: Path) -> None:
    sondage = serveur.observer.sondage  # type: ignore[attr-defined]
    sondage.stop()
    sondage.join()
    (modele / "P-X.yml").write_text("id: P-X\n", "utf-8")
    assert _demande(serveur, 2) is not None


def test_a_save_both_report_starts_one_rebuild(serveur: LiveReloadServer,
                                               modele: Path) -> None:
    (modele / "P-X.yml").write_text("id: P-X\n", "utf-8")
    assert _demande(serveur, 2) is not None
    time.sleep(0.2)
    _oublier(serveur)
    # The polling lists the folder twice more and sees the save: it does not report it again.
    assert _demande(serveur, 1.2) is None


def test_an_atomic_save_starts_one_rebuild(serveur: LiveReloadServer, modele: Path) -> None:
    """Many editors (and ``sed -i``) write a new file and rename it over the old one: the
    system reports a move, the polling a file deleted then created."""
    dossier = modele / "solidarites"
    dossier.mkdir()
    fichier = dossier / "P-X.yml"
    fichier.write_text("id: P-X\nduree_minutes: 90\n", "utf-8")
    assert _demande(serveur, 2) is not None
    time.sleep(1.2)
    _oublier(serveur)
    subprocess.run(["sed", "-i", "s/duree_minutes: 90/duree_minutes: 150/", str(fichier)],
                   check=True)
    assert _demande(serveur, 2) is not None
    time.sleep(0.2)
    _oublier(serveur)
    assert _demande(serveur, 1.2) is None


def test_after_the_system_s_move_the_polling_s_delete_and_create_are_left_aside() -> None:
    """The order that started a second rebuild: the system reports the rename first, then
    the polling lists the path deleted, then created."""
    from watchdog.events import FileCreatedEvent, FileDeletedEvent, FileMovedEvent
    from watchdog.observers.polling import PollingObserver

    suivi = Surveillance(PollingObserver())
    assert suivi.retenir(FileMovedEvent("/m/sedAbC", "/m/P-X.yml"), natif=True)
    assert not suivi.retenir(FileDeletedEvent("/m/P-X.yml"), natif=False)
    assert not suivi.retenir(FileCreatedEvent("/m/P-X.yml"), natif=False)
    # A path the system never reported is still the polling's to report.
    assert suivi.retenir(FileCreatedEvent("/m/P-Y.yml"), natif=False)


def test_without_the_system_s_notifications_the_polling_still_sees_a_save(
        serveur: LiveReloadServer, modele: Path) -> None:
    natif = serveur.observer.natif  # type: ignore[attr-defined]
    natif.stop()  # a network drive: the system reports nothing
    natif.join()
    (modele / "P-X.yml").write_text("id: P-X\n", "utf-8")
    assert _demande(serveur, 2) is not None


def test_an_editor_s_working_file_starts_no_rebuild(serveur: LiveReloadServer,
                                                    modele: Path) -> None:
    for nom in (".P-X.yml.swp", "P-X.yml~", "#P-X.yml#"):
        (modele / nom).write_text("brouillon", "utf-8")
    assert _demande(serveur, 1.2) is None
    (modele / "P-X.yml").write_text("id: P-X\n", "utf-8")
    assert _demande(serveur, 2) is not None


def test_reading_a_file_starts_no_rebuild(serveur: LiveReloadServer, modele: Path) -> None:
    """Each build reads every model file: the system reports each one opened and closed."""
    fichier = modele / "P-X.yml"
    fichier.write_text("id: P-X\n", "utf-8")
    assert _demande(serveur, 2) is not None
    time.sleep(0.7)
    _oublier(serveur)
    for _ in range(3):
        fichier.read_bytes()
    assert _demande(serveur, 1.2) is None
