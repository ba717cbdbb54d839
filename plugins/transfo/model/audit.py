"""The whole audit once loaded: every entity by id, and the file and place it comes from."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from transfo.load.yaml_loader import Chemin, Document
from transfo.model.entities import (
    Acteur,
    Application,
    Chantier,
    Direction,
    Gain,
    Macroprocessus,
    Processus,
    Referentiel,
)
from transfo.problems import Position


@dataclass(frozen=True)
class Source:
    """Where an entity is written: its document and the path of the entity inside it."""

    document: Document
    chemin: Chemin = ()

    def position(self, *sous_chemin: str | int, cle: bool = False) -> Position:
        return self.document.position((*self.chemin, *sous_chemin), cle=cle)

    @property
    def fichier(self) -> str:
        return self.document.chemin


@dataclass
class Audit:
    """Every entity of the audit, indexed by id; built only from valid files."""

    racine: Path
    referentiel: Referentiel | None = None
    directions: dict[str, Direction] = field(default_factory=dict)
    acteurs: dict[str, Acteur] = field(default_factory=dict)
    applications: dict[str, Application] = field(default_factory=dict)
    macroprocessus: dict[str, Macroprocessus] = field(default_factory=dict)
    processus: dict[str, Processus] = field(default_factory=dict)
    gains: dict[str, Gain] = field(default_factory=dict)
    chantiers: dict[str, Chantier] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    processus_du_gain: dict[str, str] = field(default_factory=dict)
    ids_invalides: set[str] = field(default_factory=set)
    """Ids of entities whose file failed validation: references to them are not reported."""
    fichiers: list[Document] = field(default_factory=list)

    def alleger(self) -> None:
        """Drops the raw data and the position tables of the files once validation is over:
        the site only needs the typed model and each entity's file name, and on a large
        model those tables weigh more than the model itself."""
        for document in self.fichiers:
            document.donnees = None
            document.positions = {}
            document.positions_cles = {}

    def connu(self, ident: str) -> bool:
        return ident in self.sources or ident in self.ids_invalides

    def entite(self, ident: str) -> object | None:
        for table in (
            self.directions, self.acteurs, self.applications, self.macroprocessus,
            self.processus, self.gains, self.chantiers,
        ):
            if ident in table:
                return table[ident]
        return None

    def nom(self, ident: str) -> str:
        """The display name of any entity: its ``nom``, or a gain's ``libelle``."""
        entite = self.entite(ident)
        return str(getattr(entite, "nom", None) or getattr(entite, "libelle", ident))

    def chantiers_du_gain(self) -> dict[str, list[str]]:
        livreurs: dict[str, list[str]] = defaultdict(list)
        for chantier in self.chantiers.values():
            for gid in chantier.gains:
                livreurs[gid].append(chantier.id)
        return dict(livreurs)

    def chantiers_du_processus(self) -> dict[str, list[str]]:
        par_processus: dict[str, list[str]] = defaultdict(list)
        for chantier in self.chantiers.values():
            for pid in chantier.processus:
                par_processus[pid].append(chantier.id)
        return dict(par_processus)

    def dependants(self) -> dict[str, list[str]]:
        """Chantier id → chantiers that depend on it (the reverse of ``depend_de``)."""
        inverse: dict[str, list[str]] = defaultdict(list)
        for chantier in self.chantiers.values():
            for dep in chantier.depend_de:
                inverse[dep].append(chantier.id)
        return dict(inverse)

    def processus_du_macro(self) -> dict[str, list[str]]:
        par_macro: dict[str, list[str]] = defaultdict(list)
        for proc in self.processus.values():
            par_macro[proc.macroprocessus].append(proc.id)
        return dict(par_macro)
