"""Writing an export whole or not at all: a file through ``ecrire_atomique``, a folder by
filling a temporary sibling folder then renaming it into place."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def ecrire_dossier_atomique(cible: Path, remplir: Callable[[Path], object]) -> None:
    """Calls ``remplir`` on an empty temporary folder beside ``cible``, then puts it in
    place of ``cible`` (replacing an existing one). If ``remplir`` fails, ``cible`` is left
    as it was and the temporary folder is removed."""
    temporaire = Path(tempfile.mkdtemp(dir=cible.parent, prefix=f".{cible.name}.tmp-"))
    try:
        remplir(temporaire)
        masque = os.umask(0)
        os.umask(masque)
        temporaire.chmod(0o777 & ~masque)
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
