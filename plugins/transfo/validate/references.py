"""Checks that every id written in the model names an entity of the right kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from transfo.model.audit import Audit, Source
from transfo.problems import Probleme
from transfo.validate.schema_errors import suggestion

_FEMININS = {"direction", "application"}


def _ref(
    audit: Audit,
    ident: str | None,
    table: Mapping[str, object],
    genre: str,
    source: Source,
    *chemin: str | int,
) -> Iterator[Probleme]:
    if ident is None or ident in table or ident in audit.ids_invalides:
        return
    e = "e" if genre in _FEMININS else ""
    if ident in audit.sources:
        message = f"« {ident} » n'est pas un{e} {genre}"
        indice = suggestion(ident, table)
    else:
        message = f"{genre} inconnu{e} « {ident} »"
        indice = suggestion(ident, table) or f"aucun{e} {genre} ne porte cet identifiant"
    yield Probleme(source.position(*chemin), message, indice, code="reference")


def _refs(
    audit: Audit,
    idents: Iterable[str],
    table: Mapping[str, object],
    genre: str,
    source: Source,
    *chemin: str | int,
) -> Iterator[Probleme]:
    for i, ident in enumerate(idents):
        yield from _ref(audit, ident, table, genre, source, *chemin, i)


def check(audit: Audit) -> Iterator[Probleme]:
    for acteur in audit.acteurs.values():
        source = audit.sources[acteur.id]
        yield from _ref(audit, acteur.direction, audit.directions, "direction", source, "direction")
        if acteur.type == "agent" and acteur.categorie is None:
            yield Probleme(
                source.position("id"),
                f"catégorie (A, B ou C) manquante pour l'agent « {acteur.id} »",
                "elle sert à valoriser le temps libéré (coût d'un ETP par catégorie)",
                code="schema",
            )
    for macro in audit.macroprocessus.values():
        source = audit.sources[macro.id]
        yield from _ref(audit, macro.direction, audit.directions, "direction", source, "direction")
    for proc in audit.processus.values():
        yield from _check_processus(audit, proc.id)
    for chantier in audit.chantiers.values():
        source = audit.sources[chantier.id]
        yield from _ref(audit, chantier.pilote, audit.directions, "direction", source, "pilote")
        yield from _refs(audit, chantier.depend_de, audit.chantiers, "chantier", source,
                         "depend_de")
        yield from _refs(audit, chantier.processus, audit.processus, "processus", source,
                         "processus")
        yield from _refs(audit, chantier.gains, audit.gains, "gain", source, "gains")


def _check_processus(audit: Audit, pid: str) -> Iterator[Probleme]:
    proc = audit.processus[pid]
    source = audit.sources[pid]
    yield from _ref(audit, proc.macroprocessus, audit.macroprocessus, "macroprocessus", source,
                    "macroprocessus")
    yield from _ref(audit, proc.direction, audit.directions, "direction", source, "direction")
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
            yield from _ref(audit, etape.acteur, audit.acteurs, "acteur", source,
                            liste, i, "acteur")
            yield from _ref(audit, etape.application, audit.applications, "application",
                            source, liste, i, "application")
            for j, suivante in enumerate(etape.suivantes or []):
                if suivante not in ids:
                    yield Probleme(
                        source.position(liste, i, "suivantes", j),
                        f"étape suivante « {suivante} » absente de « {liste} »",
                        suggestion(suivante, ids),
                        code="reference",
                    )
    existant = [e.id for e in proc.existant]
    for i, irritant in enumerate(proc.irritants):
        for j, etape_id in enumerate(irritant.etapes):
            if etape_id not in existant:
                yield Probleme(
                    source.position("irritants", i, "etapes", j),
                    f"étape « {etape_id} » absente de l'existant",
                    suggestion(etape_id, existant),
                    code="reference",
                )
