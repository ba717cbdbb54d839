"""Builds the site beside ``site_dir`` and puts it in place only once the build succeeded.

mkdocs empties ``site_dir`` right after ``on_pre_build``; whatever fails after that (a
missing or failing ``dot``, the background worker, a full disk, a warning under
``--strict``) would leave no site at all. The plugin points mkdocs at a working folder next
to ``site_dir`` instead; at the very end of a successful build the working folder takes the
place of the previous site (two renames on the same file system), and on any failure it is
removed and the previous site is left as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils import CountHandler


class Chantier:
    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.final = Path(config.site_dir).resolve()
        self.travail = self.final.with_name(f".{self.final.name}.construction-{os.getpid()}")
        self._nettoyer_restes()
        config.site_dir = str(self.travail)
        # mkdocs aborts a --strict build on warnings only after the last event: they are
        # counted here too, so that such a build does not replace the previous site.
        self.compteur: CountHandler | None = None
        if config.strict:
            self.compteur = CountHandler()
            self.compteur.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.compteur)

    def _nettoyer_restes(self) -> None:
        """Removes the work folders of builds that were stopped (Ctrl+C, a killed process):
        those whose process no longer exists. A build running at the same time keeps its
        own."""
        for reste in self.final.parent.glob(f".{self.final.name}.*-*"):
            genre, _, pid = reste.name.rpartition("-")
            if not genre.endswith((".construction", ".ancien")) or not pid.isdigit():
                continue
            if int(pid) != os.getpid() and _vivant(int(pid)):
                continue
            shutil.rmtree(reste, ignore_errors=True)

    def _fin(self) -> bool:
        """Stops counting warnings; True when a --strict build had some."""
        if self.compteur is None:
            return False
        logging.getLogger("mkdocs").removeHandler(self.compteur)
        return bool(self.compteur.get_counts())

    def terminer(self) -> None:
        """The build succeeded: its folder becomes ``site_dir``."""
        if self._fin():
            self.abandonner()
            return
        self.travail.mkdir(parents=True, exist_ok=True)
        ancien = self.final.with_name(f".{self.final.name}.ancien-{os.getpid()}")
        shutil.rmtree(ancien, ignore_errors=True)
        try:
            if self.final.exists():
                os.replace(self.final, ancien)
            os.replace(self.travail, self.final)
        except OSError:
            # site_dir cannot be renamed (a mount point, say): its content is swapped instead.
            self._remplacer_contenu(ancien)
        shutil.rmtree(ancien, ignore_errors=True)
        self.config.site_dir = str(self.final)

    def _remplacer_contenu(self, ancien: Path) -> None:
        if ancien.exists() and not self.final.exists():
            os.replace(ancien, self.final)
        self.final.mkdir(parents=True, exist_ok=True)
        ancien.mkdir(exist_ok=True)
        for entree in list(self.final.iterdir()):
            os.replace(entree, ancien / entree.name)
        for entree in list(self.travail.iterdir()):
            os.replace(entree, self.final / entree.name)
        shutil.rmtree(self.travail, ignore_errors=True)

    def abandonner(self) -> None:
        """The build failed: its folder is removed, the previous site stays."""
        self._fin()
        shutil.rmtree(self.travail, ignore_errors=True)
        self.config.site_dir = str(self.final)


def _vivant(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by another user
        return True
    return True
