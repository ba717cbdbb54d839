"""The whole audit once loaded: every entity by id, and where it is written (its
:class:`~transfo.model.provenance.Source`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transfo.model.entities import (
    Acteur,
    Application,
    Chantier,
    Direction,
    Gain,
    Macroprocessus,
    Processus,
    Referentiel,
    Scenario,
    Suivi,
    Synthese,
)
from transfo.model.genres import TABLES
from transfo.model.provenance import Source as Source  # named by the rules with the audit


@dataclass
class Audit:
    """Every entity of the audit, indexed by id; built only from valid files."""

    racine: Path
    referentiel: Referentiel | None = None
    source_referentiel: Source | None = None
    """Where the référentiel is written: its parameters, teams, roles are checked there."""
    synthese: Synthese | None = None
    """The synthesis note (``synthese.yml``), optional."""
    source_synthese: Source | None = None
    directions: dict[str, Direction] = field(default_factory=dict)
    acteurs: dict[str, Acteur] = field(default_factory=dict)
    applications: dict[str, Application] = field(default_factory=dict)
    macroprocessus: dict[str, Macroprocessus] = field(default_factory=dict)
    processus: dict[str, Processus] = field(default_factory=dict)
    gains: dict[str, Gain] = field(default_factory=dict)
    chantiers: dict[str, Chantier] = field(default_factory=dict)
    scenarios: dict[str, Scenario] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    processus_du_gain: dict[str, str] = field(default_factory=dict)
    chantier_du_gain: dict[str, str] = field(default_factory=dict)
    """Gain id → the chantier that carries it (``gains_propres``), for gains without process."""
    ids_invalides: set[str] = field(default_factory=set)
    """Ids of entities whose file failed validation: references to them are not reported."""
    suivis: dict[str, Suivi] = field(default_factory=dict)
    """Chantier id → its follow-up file (``suivi/<C-…>.yml``), the first one if several."""
    sources_suivi: dict[str, Source] = field(default_factory=dict)
    retraits: set[str] = field(default_factory=set)
    """Public version only: ids of the entities whose lists or figures leave internal
    content out (``PORTEFEUILLE`` for the portfolio), see :mod:`transfo.model.visibilite`."""

    def connu(self, ident: str) -> bool:
        return ident in self.sources or ident in self.ids_invalides

    def tables(self) -> list[tuple[str, dict[str, Any]]]:
        """Each kind of entity with its table, in the registry's order
        (:data:`transfo.model.genres.TABLES` names the attribute of each)."""
        return [(g.code, getattr(self, g.table)) for g in TABLES if g.table is not None]

    def genre(self, ident: str) -> str | None:
        return next((genre for genre, table in self.tables() if ident in table), None)

    def entite(self, ident: str) -> object | None:
        return next((table[ident] for _genre, table in self.tables() if ident in table), None)

    def nom(self, ident: str) -> str:
        """The display name of any entity: its ``nom``, or a gain's ``libelle``."""
        return nom_entite(self.entite(ident), ident)

    def chantiers_du_gain(self) -> dict[str, list[str]]:
        """Gain id → the chantiers that deliver it."""
        return inverser(self.chantiers.values(), lambda c: c.ids_gains)

    def chantiers_du_processus(self) -> dict[str, list[str]]:
        """Process id → the chantiers that transform it."""
        return inverser(self.chantiers.values(), lambda c: c.processus)

    def dependants(self) -> dict[str, list[str]]:
        """Chantier id → chantiers that depend on it (the reverse of ``depend_de``)."""
        return inverser(self.chantiers.values(), lambda c: c.depend_de)

    def processus_du_macro(self) -> dict[str, list[str]]:
        """Macroprocess id → its processes, in the model's order."""
        return inverser(self.processus.values(), lambda p: [p.macroprocessus])


def nom_entite(entite: object, ident: str) -> str:
    """The display name of an entity: its ``nom``, or a gain's ``libelle``, else its id."""
    return str(getattr(entite, "nom", None) or getattr(entite, "libelle", ident))


def inverser(entites: Iterable[Any], cles: Callable[[Any], Iterable[str]]) -> dict[str, list[str]]:
    """Reverses a reference: each id named by ``cles(entite)`` → the entities naming it."""
    inverse: dict[str, list[str]] = defaultdict(list)
    for entite in entites:
        for cle in cles(entite):
            inverse[cle].append(entite.id)
    return dict(inverse)
