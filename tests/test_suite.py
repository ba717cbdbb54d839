"""The test suite's own rules: browser tests are marked and Playwright is imported only when
one runs."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field

import pytest

from tests.conftest import RACINE, pytest_collection_modifyitems


def test_collecting_every_test_module_imports_no_playwright() -> None:
    """A machine without Playwright (or a run with ``-m "not browser"``) collects the whole
    suite: Playwright is imported inside the browser fixtures and tests only."""
    code = (
        "import importlib, pathlib, sys\n"
        "for p in sorted(pathlib.Path('tests').glob('*.py')):\n"
        "    if p.stem != 'outils_navigateur':\n"
        "        importlib.import_module('tests.' + p.stem)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'playwright'))\n")
    r = subprocess.run([sys.executable, "-c", code], cwd=RACINE, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "[]"


@dataclass
class _Test:
    nodeid: str
    fixturenames: tuple[str, ...]
    marqueurs: set[str] = field(default_factory=set)

    def get_closest_marker(self, nom: str) -> str | None:
        return nom if nom in self.marqueurs else None


def test_a_test_opening_chromium_without_the_browser_marker_stops_the_run() -> None:
    marque = _Test("t.py::marque", ("visite", "navigateur"), {"browser"})
    oublie = _Test("t.py::oublie", ("visite", "navigateur"))
    sans_navigateur = _Test("t.py::ordinaire", ("tmp_path",))
    pytest_collection_modifyitems([marque, sans_navigateur])  # type: ignore[list-item]
    with pytest.raises(pytest.UsageError, match=r"t\.py::oublie"):
        pytest_collection_modifyitems([marque, oublie])  # type: ignore[list-item]
