"""Where each entity of the audit is written: its file, and where its values and keys stand.

The loader fills one :class:`Provenance` per file; validation reads its positions to report
problems as ``path:line:col`` and, once its checks are done, lets them go
(:meth:`Provenance.oublier_positions`): what comes after (pages, exports, commands) needs only
each entity's file. The file is shown as the consultant reads it, relative to the base the
validation was given (see :func:`transfo.validate.runner.valider_dossier`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from transfo.problems import Position

Chemin = tuple[str | int, ...]
"""The path of a value inside a file: keys and list indexes."""


@dataclass
class Provenance:
    """One model file: its shown path, and the 0-based ``(line, column)`` of each value and
    of each key (as PyYAML counts them; reported 1-based)."""

    fichier: str
    positions: dict[Chemin, tuple[int, int]] = field(default_factory=dict, repr=False)
    positions_cles: dict[Chemin, tuple[int, int]] = field(default_factory=dict, repr=False)

    def position(self, chemin: Chemin, *, cle: bool = False) -> Position:
        """The position of the value (or of the key) at ``chemin``, or of its nearest known
        ancestor; the start of the file once the positions are let go."""
        table = self.positions_cles if cle else self.positions
        parts = tuple(chemin)
        while parts:
            trouve = table.get(parts) or (self.positions.get(parts) if cle else None)
            if trouve is not None:
                return Position(self.fichier, trouve[0] + 1, trouve[1] + 1)
            parts = parts[:-1]
        ligne, colonne = self.positions.get((), (0, 0))
        return Position(self.fichier, ligne + 1, colonne + 1)

    def oublier_positions(self) -> None:
        """Lets the position tables go: on a large model they weigh more than the typed model
        itself, and nothing reads them after validation. Rebinds rather than clears, so that
        a copy of this provenance (the live preview keeps one per file) keeps its own."""
        self.positions = {}
        self.positions_cles = {}


@dataclass(frozen=True)
class Source:
    """Where an entity is written: its file's provenance and the path of the entity in it
    (``()`` for a file that holds one entity, ``("gains", 2)`` for a process's third gain)."""

    provenance: Provenance
    chemin: Chemin = ()

    def position(self, *sous_chemin: str | int, cle: bool = False) -> Position:
        return self.provenance.position((*self.chemin, *sous_chemin), cle=cle)

    @property
    def fichier(self) -> str:
        return self.provenance.fichier
