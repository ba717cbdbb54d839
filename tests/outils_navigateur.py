"""Headless Chromium (Debian's package) for the browser tests: one browser per session."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--allow-file-access-from-files"]


class Visite:
    """A page with everything it requested and every console error it logged."""

    def __init__(self, navigateur: Browser, site: Path) -> None:
        self.site = site
        self.contexte = navigateur.new_context(viewport={"width": 1280, "height": 900})
        self.page: Page = self.contexte.new_page()
        self.requetes: list[str] = []
        self.erreurs: list[str] = []
        self.page.on("request", lambda r: self.requetes.append(r.url))
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda e: self.erreurs.append(str(e)))
        self.dialogues: list[str] = []
        self.page.on("dialog", self._dialogue)

    def _dialogue(self, dialogue: Dialog) -> None:
        self.dialogues.append(dialogue.message)
        dialogue.dismiss()

    def _console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.erreurs.append(message.text)

    def ouvrir(self, chemin: str) -> Page:
        self.page.goto((self.site / chemin).as_uri())
        self.page.wait_for_load_state("load")
        return self.page

    def exterieures(self) -> list[str]:
        racine = self.site.as_uri()
        return [u for u in self.requetes
                if not u.startswith(racine) and not u.startswith(("data:", "blob:", "about:"))]

    def fermer(self) -> None:
        self.contexte.close()
