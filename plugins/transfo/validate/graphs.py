"""Checks the graphs of the model: chantier dependencies and step flows have no cycle, and
every step can be reached from the first one."""

from __future__ import annotations

from collections.abc import Iterator

from transfo.model.audit import Audit
from transfo.model.flux import atteignables, successeurs, trouver_cycle
from transfo.problems import Probleme


def check(audit: Audit) -> Iterator[Probleme]:
    dependances = {c.id: list(c.depend_de) for c in audit.chantiers.values()}
    cycle = trouver_cycle(dependances)
    if cycle:
        source = audit.sources[cycle[0]]
        yield Probleme(
            source.position("depend_de"),
            "dépendances circulaires entre chantiers : " + " → ".join(cycle),
            "un chantier ne peut pas dépendre, même indirectement, de lui-même : "
            "retirez l'une de ces dépendances",
            code="cycle",
        )
    for proc in audit.processus.values():
        source = audit.sources[proc.id]
        for liste in ("existant", "cible"):
            etapes = getattr(proc, liste)
            flux = successeurs(etapes)
            cycle = trouver_cycle(flux)
            if cycle:
                index = [e.id for e in etapes].index(cycle[-2])
                yield Probleme(
                    source.position(liste, index, "suivantes"),
                    f"boucle dans les étapes de « {liste} » : " + " → ".join(cycle),
                    "une reprise se modélise par une étape suivie par une part des dossiers "
                    "(champ « part »), pas par un retour en arrière",
                    code="cycle",
                )
            vus = atteignables(etapes[0].id, flux)
            for i, etape in enumerate(etapes):
                if etape.id not in vus:
                    yield Probleme(
                        source.position(liste, i, "id"),
                        f"étape « {etape.id} » inatteignable depuis « {etapes[0].id} »",
                        "ajoutez-la aux « suivantes » d'une étape précédente",
                        code="flux",
                    )
