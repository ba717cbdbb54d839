"""The one switch that rewrites expected outputs (the cases of ``tests/cas`` and the golden
files of ``tests/golden``): ``TRANSFO_REGENERER=1``.

A regenerating run writes the new expectations and fails every test that wrote one, so that
it can never pass for a green run: the new expectations are read in ``git diff tests/``
before they are committed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REGENERER = os.environ.get("TRANSFO_REGENERER") == "1"
"""True when this run rewrites the expected outputs instead of checking them."""

MESSAGE = "attendu régénéré : relisez le diff (git diff tests/) avant de le commiter"


def regenerer(fichier: Path, contenu: str) -> None:
    """Writes ``contenu`` as the new expectation in ``fichier``, then fails the test."""
    fichier.write_text(contenu, encoding="utf-8")
    racine = Path(__file__).resolve().parent.parent
    montre = fichier.relative_to(racine) if fichier.is_relative_to(racine) else fichier
    pytest.fail(f"{MESSAGE} ({montre})", pytrace=False)
