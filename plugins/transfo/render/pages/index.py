"""The indexes: by direction, by application, by digital lever, by stake, and the page that
leads to them (the « Index » entry of the navigation)."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from transfo.analyse import agregats
from transfo.constants import ENJEUX, LEVIERS
from transfo.model.audit import inverser
from transfo.render.pages import Section, fichier, fichier_referentiel

if TYPE_CHECKING:
    from transfo.model.audit import Audit
    from transfo.model.entities import Processus
    from transfo.render.site import Generateur


def _fichier_applications(audit: Audit) -> str | None:
    return fichier(audit, next(iter(audit.applications), ""))


INDEX = Section("index", "index", "Index", "index_accueil.md.j2")
PAR_DIRECTION = Section("index_directions", "index/directions", "Index par direction",
                        "index_directions.md.j2", source=fichier_referentiel)
PAR_APPLICATION = Section("index_applications", "index/applications", "Index par application",
                          "index_applications.md.j2", source=_fichier_applications)
PAR_LEVIER = Section("index_leviers", "index/leviers", "Index par levier numérique",
                     "index_codes.md.j2")
PAR_ENJEU = Section("index_enjeux", "index/enjeux", "Index par enjeu", "index_codes.md.j2")
SECTIONS = (INDEX, PAR_DIRECTION, PAR_APPLICATION, PAR_LEVIER, PAR_ENJEU)
CODES = (
    (PAR_LEVIER, LEVIERS, "leviers",
     "Les cinq leviers de la transformation numérique et les processus qui s'en servent."),
    (PAR_ENJEU, ENJEUX, "enjeux",
     "Les quatre enjeux de la mission et les processus dont la transformation les sert."),
)
"""The indexes by code: their section, the codes' labels, the process field that holds
them, the page's introduction."""


def generer(g: Generateur) -> None:
    audit = g.audit
    g.page_section(INDEX, nombres={"directions": len(audit.directions),
                                   "applications": len(audit.applications),
                                   "leviers": len(LEVIERS), "enjeux": len(ENJEUX)})
    acteurs = inverser(audit.acteurs.values(), lambda a: [a.direction] if a.direction else [])
    g.page_section(
        PAR_DIRECTION,
        directions=list(audit.directions.values()),
        acteurs_par_direction={d: [audit.acteurs[a] for a in ids]
                               for d, ids in acteurs.items()},
        macros_par_direction=inverser(audit.macroprocessus.values(), lambda m: [m.direction]),
        processus_par_direction=inverser(audit.processus.values(), lambda p: [p.direction]),
        chantiers_par_direction=inverser(audit.chantiers.values(), lambda c: [c.pilote]),
        externes=[a for a in audit.acteurs.values() if a.type != "agent" or not a.direction],
    )
    existant, cible = agregats.processus_par_application(audit)
    g.page_section(
        PAR_APPLICATION,
        applications=list(audit.applications.values()),
        existant=existant, cible=cible,
    )
    for section, libelles, attribut, intro in CODES:
        par_code: dict[str, list[Processus]] = defaultdict(list)
        for p in audit.processus.values():
            for code in getattr(p, attribut):
                par_code[code].append(p)
        g.page_section(section, introduction=intro,
                       libelles=libelles, par_code=par_code,
                       chantiers_par_processus=g.chantiers_par_processus)
