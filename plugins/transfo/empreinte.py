"""Fingerprints of values: the same bytes for equal values, never for different ones.

The live preview takes a generated page back from the previous build when the fingerprint
of what it shows did not change (:mod:`transfo.render.memo`), and the analysis values a
chantier once per distinct inputs (:mod:`transfo.analyse.valeur`). :class:`Memoire` is
the bounded memory those results are kept in.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import pickle
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

K = TypeVar("K")
V = TypeVar("V")


def _morceaux(valeur: Any) -> Iterator[bytes]:
    """A value as bytes that differ whenever it differs (its type included)."""
    if isinstance(valeur, BaseModel):
        yield type(valeur).__name__.encode()
        yield valeur.model_dump_json().encode()
    elif isinstance(valeur, dict):
        yield b"{"
        for cle, sous in valeur.items():
            yield from _morceaux(cle)
            yield from _morceaux(sous)
        yield b"}"
    elif isinstance(valeur, list | tuple):
        yield b"["
        for sous in valeur:
            yield from _morceaux(sous)
        yield b"]"
    elif isinstance(valeur, set | frozenset):
        yield b"<"
        for sous in sorted(valeur, key=repr):
            yield from _morceaux(sous)
        yield b">"
    elif dataclasses.is_dataclass(valeur) and not isinstance(valeur, type):
        # A dataclass's repr shows every field (none of the analysis hides one from it).
        yield repr(valeur).encode()
    else:
        yield f"{type(valeur).__name__}:{valeur!r}".encode()
    yield b"\0"


def octets(valeur: Any) -> bytes:
    """``valeur`` as pickle writes it, every object in full: without pickle's memo, an
    object met twice is written twice, so that equal values give the same bytes whether
    they share objects or not (a value taken back from a previous build beside a new one)."""
    flux = io.BytesIO()
    ecrivain = pickle.Pickler(flux, protocol=5)
    ecrivain.fast = True
    ecrivain.dump(valeur)
    return flux.getvalue()


def empreinte(*valeurs: Any) -> bytes:
    """The sha256 of ``valeurs``, as pickle writes them (:func:`octets`): every field of
    pydantic models and dataclasses, containers item by item in their order, floats
    exactly. Pickle gives back what it wrote, so two different values never have the same
    bytes; two equal values may (a set built in another order), which only renders a page
    again. A value pickle cannot write (or a cycle) is read by :func:`_morceaux` instead."""
    try:
        ecrits = octets(valeurs)
    except (pickle.PicklingError, TypeError, AttributeError, ValueError, RecursionError):
        h = hashlib.sha256()
        for morceau in _morceaux(valeurs):
            h.update(morceau)
        return h.digest()
    return hashlib.sha256(ecrits).digest()




class Memoire(Generic[K, V]):
    """The last ``limite`` results by key, the least recently used let go first: a live
    preview runs for hours, and each save brings new keys."""

    def __init__(self, limite: int = 20_000) -> None:
        self.limite = limite
        self._valeurs: OrderedDict[K, V] = OrderedDict()

    def get(self, cle: K) -> V | None:
        valeur = self._valeurs.get(cle)
        if valeur is not None:
            self._valeurs.move_to_end(cle)
        return valeur

    def garder(self, cle: K, valeur: V) -> V:
        self._valeurs[cle] = valeur
        self._valeurs.move_to_end(cle)
        if len(self._valeurs) > self.limite:
            self._valeurs.popitem(last=False)
        return valeur

    def __len__(self) -> int:
        return len(self._valeurs)


_FIGEES: Memoire[int, tuple[object, bytes]] = Memoire()
"""Fingerprints of frozen objects, by the object's id, with the object (kept, so that its id
is not given to another object while it is here)."""


def empreinte_figee(objet: object) -> bytes:
    """The sha256 of the pickle of a frozen object (a typed entity, a gain's value),
    computed once per object: the live preview keeps the entities of the files that did not
    change, and the sensitivity analysis values each chantier eleven times from the same
    gains."""
    deja = _FIGEES.get(id(objet))
    if deja is not None and deja[0] is objet:
        return deja[1]
    return _FIGEES.garder(id(objet), (objet, hashlib.sha256(octets(objet)).digest()))[1]
