"""Which files this process opens, seen from Python's audit hooks (PEP 578): every
``open()``, ``os.open()`` and ``Path.read_*`` raises the ``open`` audit event, whatever the
code under test calls, so a test can prove a file was never read rather than only that its
content was not shown."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_ECOUTES: list[list[str]] = []
_INSTALLE = False


def _ecouter(evenement: str, arguments: tuple[Any, ...]) -> None:
    if evenement != "open" or not _ECOUTES or not arguments:
        return
    chemin = arguments[0]
    if isinstance(chemin, str | bytes | os.PathLike):
        _ECOUTES[-1].append(os.path.abspath(os.fsdecode(chemin)))


@contextmanager
def fichiers_ouverts() -> Iterator[list[str]]:
    """The absolute path of every file opened by name inside the block, in order (an audit
    hook cannot be removed: it is installed once and records only inside such blocks)."""
    global _INSTALLE
    if not _INSTALLE:
        sys.addaudithook(_ecouter)
        _INSTALLE = True
    ouverts: list[str] = []
    _ECOUTES.append(ouverts)
    try:
        yield ouverts
    finally:
        _ECOUTES.remove(ouverts)
