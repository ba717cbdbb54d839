"""Writes files whole or not at all: never a half file, never through a symbolic link, never
over a change made since the file was read, and several files all together or none.

Each new content goes to a temporary file in the same folder, is flushed to the disk
(``fsync``), then renamed over the target (``os.replace``, atomic on one file system). A
failure before the renames removes the temporaries and leaves every original as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once, at import: changing it later would race with other threads


class ErreurEcriture(OSError):
    """A write refused or failed; the message is French, one line, and names the file."""


@dataclass(frozen=True)
class Ecriture:
    """One file to write. ``lu``: the bytes read earlier, which the file must still hold
    (else someone saved it meanwhile); ``nouveau``: the file must not exist yet;
    ``durable``: flushed to the disk before the rename (not for a cache, which a lost entry
    only costs a new rendering)."""

    chemin: Path
    contenu: bytes
    lu: bytes | None = None
    nouveau: bool = False
    durable: bool = True


def _cause(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "disque plein"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission refusée"
    return exc.strerror or type(exc).__name__


def _verifier(ecriture: Ecriture) -> None:
    chemin = ecriture.chemin
    if chemin.is_symlink():
        raise ErreurEcriture(f"{chemin} est un lien symbolique : rien n'est écrit à travers un "
                             "lien ; remplacez-le par un vrai fichier")
    if ecriture.nouveau and os.path.lexists(chemin):
        raise ErreurEcriture(f"{chemin} existe déjà : rien n'est écrasé")
    if ecriture.lu is not None:
        try:
            actuel = chemin.read_bytes()
        except OSError as exc:
            raise ErreurEcriture(f"{chemin} : relecture impossible ({_cause(exc)})") from None
        if actuel != ecriture.lu:
            raise ErreurEcriture(f"{chemin} a été modifié pendant la commande (enregistré par "
                                 "un éditeur ?) : rien n'est écrit ; relancez la commande")


def _temporaire(ecriture: Ecriture) -> str:
    fd, temporaire = tempfile.mkstemp(dir=ecriture.chemin.parent,
                                      prefix=f".{ecriture.chemin.name}.", suffix=".tmp")
    try:
        vue = memoryview(ecriture.contenu)
        while vue:
            vue = vue[os.write(fd, vue):]
        try:  # the new file keeps the mode of the one it replaces (mkstemp's is 0600)
            mode = stat.S_IMODE(os.stat(ecriture.chemin).st_mode)
        except FileNotFoundError:
            mode = 0o666 & ~_UMASK
        os.fchmod(fd, mode)
        if ecriture.durable:
            os.fsync(fd)
    except BaseException:
        os.close(fd)
        os.unlink(temporaire)
        raise
    os.close(fd)
    return temporaire


def _renommer(temporaire: str, ecriture: Ecriture) -> None:
    if not ecriture.nouveau:
        os.replace(temporaire, ecriture.chemin)
        return
    try:  # a hard link fails if the name was taken meanwhile, where a rename would replace
        os.link(temporaire, ecriture.chemin)
    except FileExistsError:
        raise ErreurEcriture(f"{ecriture.chemin} existe déjà : rien n'est écrasé") from None
    except OSError:  # a file system without hard links: the check before the writes holds
        os.replace(temporaire, ecriture.chemin)
        return
    with contextlib.suppress(OSError):  # the file is written; a leftover name is harmless
        os.unlink(temporaire)


def ecrire_plusieurs(ecritures: Sequence[Ecriture]) -> None:
    """Writes every file or none: all contents go to temporaries before the first rename.
    Raises :class:`ErreurEcriture` with a French message, originals untouched."""
    for ecriture in ecritures:
        _verifier(ecriture)
    temporaires: list[str] = []
    try:
        for ecriture in ecritures:
            try:
                temporaires.append(_temporaire(ecriture))
            except OSError as exc:
                raise ErreurEcriture(
                    f"{ecriture.chemin} : écriture impossible ({_cause(exc)}) ; "
                    "aucun fichier n'a été modifié") from None
        for ecriture in ecritures:  # the files may have changed while the temporaries were written
            _verifier(ecriture)
        remplaces: list[str] = []
        for ecriture, temporaire in zip(ecritures, list(temporaires), strict=True):
            try:
                _renommer(temporaire, ecriture)
            except ErreurEcriture:
                raise
            except OSError as exc:  # after the checks and the writes: almost never
                deja = ", ".join(remplaces) or "aucun"
                raise ErreurEcriture(f"{ecriture.chemin} : remplacement impossible "
                                     f"({_cause(exc)}) ; déjà remplacés : {deja}") from None
            temporaires.remove(temporaire)
            remplaces.append(str(ecriture.chemin))
    finally:
        for temporaire in temporaires:
            try:
                os.unlink(temporaire)
            except OSError:
                continue


def ecrire_atomique(chemin: Path, contenu: bytes, *, lu: bytes | None = None,
                    nouveau: bool = False, durable: bool = True) -> None:
    """Writes one file whole or not at all: a build stopped midway leaves no half SVG that a
    later build would take for a rendered one, and an edit never leaves a truncated file."""
    ecrire_plusieurs([Ecriture(chemin, contenu, lu, nouveau, durable)])


def preparer_dossier(racine: Path, cible: Path, *, creer: bool = True) -> None:
    """Checks that ``cible`` stays inside ``racine`` with no symbolic link (dangling or not)
    on the way, then creates its missing folders (unless ``creer`` is false: the check alone,
    before several files are written together). Raises :class:`ErreurEcriture`."""
    relatif = Path(os.path.normpath(os.path.relpath(cible, racine)))
    if relatif.is_absolute() or relatif.parts[:1] == ("..",) or not relatif.parts:
        raise ErreurEcriture(f"{cible} est hors du dépôt {racine} : rien n'est écrit")
    courant = racine
    for partie in relatif.parts:
        courant = courant / partie
        if courant.is_symlink():
            raise ErreurEcriture(f"{courant} est un lien symbolique : rien n'est écrit à travers "
                                 "un lien ; supprimez-le ou remplacez-le par un vrai "
                                 + ("fichier" if courant == cible else "dossier"))
        if courant != cible and courant.exists() and not courant.is_dir():
            raise ErreurEcriture(f"{courant} existe et n'est pas un dossier : rien n'est écrit")
    if not creer:
        return
    try:
        cible.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ErreurEcriture(f"{cible.parent} : création du dossier impossible "
                             f"({_cause(exc)})") from None


def ecrire_dossier_atomique(cible: Path, remplir: Callable[[Path], object]) -> None:
    """A folder written whole or not at all: ``remplir`` fills an empty temporary folder
    beside ``cible``, which then takes the place of ``cible`` (replacing an existing one).
    If ``remplir`` fails, ``cible`` is left as it was and the temporary folder is removed."""
    temporaire = Path(tempfile.mkdtemp(dir=cible.parent, prefix=f".{cible.name}.tmp-"))
    try:
        remplir(temporaire)
        temporaire.chmod(0o777 & ~_UMASK)  # mkdtemp's is 0700
        if cible.exists():
            corbeille = Path(tempfile.mkdtemp(dir=cible.parent, prefix=f".{cible.name}.old-"))
            os.replace(cible, corbeille / cible.name)
            os.replace(temporaire, cible)
            shutil.rmtree(corbeille)
        else:
            os.replace(temporaire, cible)
    except BaseException:
        shutil.rmtree(temporaire, ignore_errors=True)
        raise
