"""Checks that every id written in the model names an entity of the right kind.

A reference to an id that a file which could not be read would have defined is not an
unknown id: it is reported once per referring file as « non vérifié », never with a
suggestion toward another id (the consultant would replace a correct id by a wrong one).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from transfo.model.audit import Audit, Source
from transfo.model.genres import GENRES, PAR_CODE, PREFIXES
from transfo.problems import Gravite, Position, Probleme
from transfo.validate.schema_errors import Suggesteur

FICHIER_DU_GENRE = {g.code: g.defini_dans for g in GENRES if g.defini_dans is not None}
"""The kind of file in which each kind of entity is defined."""

_ID_DEFINI = re.compile(r"(?<![\w-])id[ \t]*:[ \t]*[\"']?([A-Za-z0-9][\w-]*)")
_ID_CITE = re.compile(r"(?<![\w-])[A-Z]+(?:-[A-Z0-9]+)+(?![\w-])")


def ressemble_a_un_id(texte: str) -> bool:
    return _ID_CITE.fullmatch(texte) is not None


@dataclass
class FichierNonLu:
    """A model file whose entities are missing from the audit: it could not be read, or its
    content failed validation. What it defines and names is recovered from its text as far
    as possible, so that its absence is not reported again as other files' mistakes."""

    chemin: str
    kind: str
    definis: set[str] = field(default_factory=set)
    cites: set[str] = field(default_factory=set)
    lu: bool = True
    """False when not even its text is known (undecodable bytes): it may define anything."""
    illisible: bool = True
    """True when it could not be read at all (then its ids are « non vérifiés »); False when
    it was read but failed validation (then its readable ids count as defined)."""


def fichier_non_lu(chemin: str, kind: str, nom: str, texte: str | None) -> FichierNonLu:
    """What an unreadable file would have defined, from its name and its raw text."""
    fichier = FichierNonLu(chemin, kind, lu=texte is not None)
    if PAR_CODE[kind].nomme_fichier:
        fichier.definis.add(nom)
    if texte is not None:
        fichier.definis.update(_ID_DEFINI.findall(texte))
        fichier.cites.update(_ID_CITE.findall(texte))
    return fichier


class Lacunes:
    """The files whose entities are missing, with what they define and name, indexed once."""

    def __init__(self, fichiers: Iterable[FichierNonLu] = ()) -> None:
        self.fichiers: list[FichierNonLu] = []
        self._definis: dict[tuple[str, str], str] = {}
        self._cites: set[tuple[str, str]] = set()
        self._sans_texte: dict[str, str] = {}
        self._sans_texte_lus: set[str] = set()
        for fichier in fichiers:
            self.ajouter(fichier)

    def ajouter(self, fichier: FichierNonLu) -> None:
        self.fichiers.append(fichier)
        if not fichier.lu:
            self._sans_texte_lus.add(fichier.kind)
            if fichier.illisible:
                self._sans_texte.setdefault(fichier.kind, fichier.chemin)
        if fichier.illisible:
            for ident in fichier.definis:
                self._definis.setdefault((fichier.kind, ident), fichier.chemin)
        self._cites.update((fichier.kind, ident) for ident in fichier.cites)

    def illisible_pour(self, ident: str, genre: str) -> str | None:
        """The unreadable file that would define ``ident``, if any."""
        kind = FICHIER_DU_GENRE[genre]
        return self._definis.get((kind, ident)) or self._sans_texte.get(kind)

    def cite_par(self, ident: str, kind: str) -> bool:
        """Whether a missing file of ``kind`` names ``ident`` (or may, being unread)."""
        return (kind, ident) in self._cites or kind in self._sans_texte_lus


class _Verificateur:
    def __init__(self, audit: Audit, lacunes: Lacunes) -> None:
        self.audit = audit
        self.lacunes = lacunes
        self.suggesteurs: dict[int, tuple[object, Suggesteur]] = {}
        """By the identity of the table, kept alive with it so that the identity is not
        reused: each table is indexed once however many references miss it."""
        self.non_verifies: dict[tuple[str, str], tuple[Position, list[str]]] = {}

    def suggesteur(self, table: Iterable[str], genre: str | None = None) -> Suggesteur:
        cle = id(table)
        if cle not in self.suggesteurs:
            noms = list(table)
            if genre is not None:
                prefixe = PREFIXES[genre] + "-"
                noms += [i for i in self.audit.ids_invalides if i.startswith(prefixe)]
            self.suggesteurs[cle] = (table, Suggesteur(noms))
        return self.suggesteurs[cle][1]

    def ref(
        self,
        ident: str | None,
        table: Mapping[str, object],
        genre: str,
        source: Source,
        *chemin: str | int,
    ) -> Iterator[Probleme]:
        audit = self.audit
        if ident is None or ident in table or ident in audit.ids_invalides:
            return
        illisible = self.lacunes.illisible_pour(ident, genre)
        if illisible is not None:
            cle = (source.fichier, illisible)
            if cle not in self.non_verifies:
                self.non_verifies[cle] = (source.position(*chemin), [])
            if ident not in self.non_verifies[cle][1]:
                self.non_verifies[cle][1].append(ident)
            return
        e = "e" if PAR_CODE[genre].feminin else ""
        suggestion = self.suggesteur(table, genre).suggestion(ident)
        if ident in audit.sources:
            message = f"« {ident} » n'est pas un{e} {genre}"
            indice = suggestion
        else:
            message = f"{genre} inconnu{e} « {ident} »"
            indice = suggestion or f"aucun{e} {genre} ne porte cet identifiant"
        yield Probleme(source.position(*chemin), message, indice, code="reference")

    def refs(
        self,
        idents: Iterable[str],
        table: Mapping[str, object],
        genre: str,
        source: Source,
        *chemin: str | int,
    ) -> Iterator[Probleme]:
        for i, ident in enumerate(idents):
            yield from self.ref(ident, table, genre, source, *chemin, i)

    def notes(self) -> Iterator[Probleme]:
        """One « non vérifié » per referring file and unreadable file."""
        for (_fichier, illisible), (position, idents) in self.non_verifies.items():
            yield Probleme(
                position,
                f"non vérifié : le fichier {illisible} n'a pas pu être lu",
                f"{'référence' if len(idents) == 1 else 'références'} à "
                + ", ".join(f"« {i} »" for i in idents)
                + " : corrigez d'abord l'erreur de ce fichier",
                gravite=Gravite.AVERTISSEMENT,
                code="non-verifie",
            )


def check(audit: Audit, lacunes: Lacunes | None = None) -> Iterator[Probleme]:
    v = _Verificateur(audit, lacunes or Lacunes())
    for acteur in audit.acteurs.values():
        source = audit.sources[acteur.id]
        yield from v.ref(acteur.direction, audit.directions, "direction", source, "direction")
        if acteur.type == "agent" and acteur.categorie is None:
            yield Probleme(
                source.position("id"),
                f"catégorie (A, B ou C) manquante pour l'agent « {acteur.id} »",
                "elle sert à valoriser le temps libéré (coût d'un ETP par catégorie)",
                code="schema",
            )
    for macro in audit.macroprocessus.values():
        source = audit.sources[macro.id]
        yield from v.ref(macro.direction, audit.directions, "direction", source, "direction")
    for proc in audit.processus.values():
        yield from _check_processus(v, proc.id)
    for chantier in audit.chantiers.values():
        source = audit.sources[chantier.id]
        yield from v.ref(chantier.pilote, audit.directions, "direction", source, "pilote")
        yield from v.refs(chantier.depend_de, audit.chantiers, "chantier", source,
                        "depend_de")
        yield from v.refs(chantier.processus, audit.processus, "processus", source,
                        "processus")
        yield from v.refs(chantier.gains, audit.gains, "gain", source, "gains")
    for scenario in audit.scenarios.values():
        source = audit.sources[scenario.id]
        yield from v.refs(scenario.chantiers, audit.chantiers, "chantier", source, "chantiers")
        for i, decalage in enumerate(scenario.decalages):
            yield from v.ref(decalage.chantier, audit.chantiers, "chantier", source,
                             "decalages", i, "chantier")
    yield from v.notes()


def _check_processus(v: _Verificateur, pid: str) -> Iterator[Probleme]:
    audit = v.audit
    proc = audit.processus[pid]
    source = audit.sources[pid]
    yield from v.ref(proc.macroprocessus, audit.macroprocessus, "macroprocessus", source,
                   "macroprocessus")
    yield from v.ref(proc.direction, audit.directions, "direction", source, "direction")
    for liste in ("existant", "cible"):
        etapes = getattr(proc, liste)
        ids = [e.id for e in etapes]
        vus: dict[str, int] = {}
        for i, etape in enumerate(etapes):
            if etape.id in vus:
                yield Probleme(
                    source.position(liste, i, "id"),
                    f"étape « {etape.id} » en double dans « {liste} »",
                    f"déjà définie en position {vus[etape.id] + 1} : renommez l'une des deux",
                    code="id-double",
                )
            vus.setdefault(etape.id, i)
            yield from v.ref(etape.acteur, audit.acteurs, "acteur", source,
                           liste, i, "acteur")
            yield from v.ref(etape.application, audit.applications, "application",
                           source, liste, i, "application")
            for j, suivante in enumerate(etape.suivantes or []):
                if suivante not in ids:
                    yield Probleme(
                        source.position(liste, i, "suivantes", j),
                        f"étape suivante « {suivante} » absente de « {liste} »",
                        v.suggesteur(ids).suggestion(suivante),
                        code="reference",
                    )
    existant = [e.id for e in proc.existant]
    for i, irritant in enumerate(proc.irritants):
        for j, etape_id in enumerate(irritant.etapes):
            if etape_id not in existant:
                yield Probleme(
                    source.position("irritants", i, "etapes", j),
                    f"étape « {etape_id} » absente de l'existant",
                    v.suggesteur(existant).suggestion(etape_id),
                    code="reference",
                )
