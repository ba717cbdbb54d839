"""The plan's governance: roles, bodies, procurement lead times."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transfo.model.entities import DelaisAchat
from transfo.render.pages import Section, fichier_referentiel

if TYPE_CHECKING:
    from transfo.render.site import Generateur

GOUVERNANCE = Section("gouvernance", "gouvernance", "Gouvernance du plan", "gouvernance.md.j2",
                      source=fichier_referentiel)
SECTIONS = (GOUVERNANCE,)


def generer(g: Generateur) -> None:
    referentiel = g.audit.referentiel
    delais = referentiel.delais_achat if referentiel is not None else DelaisAchat()
    g.page_section(GOUVERNANCE, gouv=g.gouvernance, delais_achat=dict(delais))
