"""The registry of entity kinds (« genres »): one row per kind, read by every place that used to
list the kinds by hand (id prefixes, discovery, schemas, the audit's tables, the public
filter, references, page folders, diff links, ``transfo new`` and the editor settings).

A new kind costs one row here, its pydantic class in :mod:`transfo.model.entities`, its
templates, and ``transfo schema`` for the regenerated schemas; ``tests/test_genres.py``
fails when a place does not know a kind of the registry.

This module imports nothing of the model: the classes are named, and
:mod:`transfo.model.entities` builds its ``KINDS`` from these names (the id patterns the
classes use are read from here).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from transfo.constants import ETAPE_PATTERN, LONGUEUR_MAX_ID, SEGMENT

_RANG_RACINE, _RANG_DOSSIER, _RANG_NOM, _RANG_DEFAUT = range(4)


@dataclass(frozen=True)
class RegleFichier:
    """How discovery tells a kind of file from where it stands under the model folder.

    - ``nom`` and ``racine``: that file name at the root of the model folder;
    - ``dossier``: any file under that folder of the root;
    - ``nom`` alone: that file name in a macroprocess folder;
    - neither: any other YAML file of a macroprocess folder (the default, one kind only).

    Rules are tried in that order, so that a folder rule wins over a file name."""

    nom: str | None = None
    dossier: str | None = None
    racine: bool = False

    @property
    def rang(self) -> int:
        if self.racine:
            return _RANG_RACINE
        if self.dossier is not None:
            return _RANG_DOSSIER
        return _RANG_NOM if self.nom is not None else _RANG_DEFAUT

    def accepte(self, parties: Sequence[str]) -> bool:
        """Whether a file at ``parties`` (relative to the model folder) is of this kind,
        once the rules of a lower rank have not taken it."""
        if self.racine:
            return len(parties) == 1 and parties[0] == self.nom
        if self.dossier is not None:
            return len(parties) > 1 and parties[0] == self.dossier
        return self.nom is None or parties[-1] == self.nom

    def motif(self, prefixe: str | None) -> str:
        """The files of this kind as a glob relative to the model folder (editor settings);
        the default rule's files are named after their id."""
        if self.racine:
            return f"{self.nom}"
        if self.dossier is not None:
            return f"{self.dossier}/*.yml"
        return f"*/{self.nom}" if self.nom is not None else f"*/{prefixe}-*.yml"


@dataclass(frozen=True)
class Genre:
    """One kind of entity or of file; a field left empty means the kind has no such thing."""

    code: str
    """As the YAML, the schemas and the code name it (``processus``)."""
    classe: str
    """Its pydantic class in :mod:`transfo.model.entities`."""
    prefixe: str | None = None
    """Its ids are ``PREFIXE-SEGMENT(-SEGMENT)*``; None for a kind without an id."""
    fichier: RegleFichier | None = None
    """A kind of file: how discovery recognises it (it then has a schema)."""
    titre_schema: str | None = None
    """The title of its JSON schema (a kind of file)."""
    nomme_fichier: bool = False
    """Its file is named after its id (``P-SOL-APA.yml``)."""
    emplacements: tuple[tuple[str, str], ...] = ()
    """For an entity written inside a file of another kind: (that kind, the list field)."""
    table: str | None = None
    """The :class:`transfo.model.audit.Audit` attribute holding its entities by id."""
    feminin: bool = False
    """Grammatical gender of its French name, for messages (« une direction inconnue »)."""
    pages: str | None = None
    """The folder of the site where it is shown (``processus``)."""
    page_propre: bool = False
    """Each entity has a page of its own (``processus/P-SOL-APA/index.md``); otherwise it is
    an anchor of the folder's page (``index/directions/index.md#DIR-SOL``)."""
    gabarit: str | None = None
    """The template ``transfo new`` writes (``adapters/cli/templates/<gabarit>.yml.j2``)."""

    @property
    def defini_dans(self) -> str | None:
        """The kind of file its entities are defined in (the first place, for an entity that
        may be written in several)."""
        if self.emplacements:
            return self.emplacements[0][0]
        return self.code if self.fichier is not None else None


GENRES: tuple[Genre, ...] = (
    Genre("direction", "Direction", prefixe="DIR", table="directions", feminin=True,
          emplacements=(("referentiel", "directions"),), pages="index/directions"),
    Genre("acteur", "Acteur", prefixe="ACT", table="acteurs",
          emplacements=(("referentiel", "acteurs"),), pages="index/directions"),
    Genre("application", "Application", prefixe="APP", table="applications", feminin=True,
          emplacements=(("referentiel", "applications"),), pages="index/applications"),
    Genre("role", "Role", prefixe="ROLE", emplacements=(("referentiel", "roles"),)),
    Genre("instance", "Instance", prefixe="INST", feminin=True,
          emplacements=(("referentiel", "instances"),)),
    Genre("equipe", "Equipe", prefixe="EQ", feminin=True,
          emplacements=(("referentiel", "equipes"),)),
    Genre("referentiel", "Referentiel",
          fichier=RegleFichier(nom="referentiel.yml", racine=True),
          titre_schema="Référentiel de l'audit (directions, acteurs, applications, paramètres)"),
    Genre("macroprocessus", "Macroprocessus", prefixe="MP", table="macroprocessus",
          fichier=RegleFichier(nom="macroprocessus.yml"), titre_schema="Macroprocessus",
          pages="macroprocessus", page_propre=True, gabarit="macroprocessus"),
    Genre("processus", "Processus", prefixe="P", table="processus", nomme_fichier=True,
          fichier=RegleFichier(), titre_schema="Processus (existant, cible, gains)",
          pages="processus", page_propre=True, gabarit="processus"),
    Genre("gain", "Gain", prefixe="G", table="gains",
          emplacements=(("processus", "gains"), ("chantier", "gains_propres"))),
    Genre("chantier", "Chantier", prefixe="C", table="chantiers", nomme_fichier=True,
          fichier=RegleFichier(dossier="feuille-de-route"),
          titre_schema="Chantier de la feuille de route",
          pages="chantiers", page_propre=True, gabarit="chantier"),
    Genre("synthese", "Synthese", feminin=True,
          fichier=RegleFichier(nom="synthese.yml", racine=True),
          titre_schema="Note de synthèse (messages clés, priorités, décisions attendues)"),
    Genre("scenario", "Scenario", prefixe="S", table="scenarios", nomme_fichier=True,
          fichier=RegleFichier(dossier="scenarios"),
          titre_schema="Scénario : un ensemble de chantiers à comparer", pages="scenarios"),
    Genre("suivi", "Suivi", fichier=RegleFichier(dossier="suivi"),
          titre_schema="Suivi d'un chantier (indicateurs, réalisé)"),
)
"""Every kind, in the order tables, schemas and exports list them."""

PAR_CODE: dict[str, Genre] = {g.code: g for g in GENRES}
FICHIERS: tuple[Genre, ...] = tuple(g for g in GENRES if g.fichier is not None)
"""The kinds of file, in the registry's order."""
TABLES: tuple[Genre, ...] = tuple(g for g in GENRES if g.table is not None)
"""The kinds the audit indexes by id, in the registry's order."""
PREFIXES: dict[str, str] = {g.code: g.prefixe for g in GENRES if g.prefixe is not None}
"""Each kind's id is ``PREFIX-SEGMENT(-SEGMENT)*`` in capitals, e.g. ``P-SOL-APA``."""


def par_regle() -> list[Genre]:
    """The kinds of file in the order discovery tries their rules."""
    return sorted(FICHIERS, key=lambda g: g.fichier.rang if g.fichier else _RANG_DEFAUT)


def dossiers_reserves() -> frozenset[str]:
    """Folders of the model root whose files are read as a kind of their own: no
    macroprocess may take them."""
    return frozenset(g.fichier.dossier for g in FICHIERS
                     if g.fichier is not None and g.fichier.dossier is not None)


def id_pattern(code: str) -> str:
    """The pattern of a kind's ids, for pydantic and the JSON schemas (where ``$`` ends the
    text). In Python, check with :func:`id_valide`: ``re.match(…$)`` accepts a final line
    feed."""
    return rf"^{PREFIXES[code]}(-{SEGMENT})+$"


def id_valide(code: str, texte: str) -> bool:
    """Whether ``texte`` is a well-formed id of ``code`` (``etape`` for a step), whole text."""
    motif = ETAPE_PATTERN if code == "etape" else id_pattern(code)
    return len(texte) <= LONGUEUR_MAX_ID and re.fullmatch(motif[1:-1], texte) is not None
