"""The change management plan: every chantier's actions, by dimension of change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from transfo.analyse import agregats
from transfo.render.pages import Section

if TYPE_CHECKING:
    from transfo.render.site import Generateur

CONDUITE = Section("conduite", "conduite-du-changement", "Plan de conduite du changement",
                   "conduite.md.j2", portefeuille=True)
SECTIONS = (CONDUITE,)


def generer(g: Generateur) -> None:
    chantiers = g.chantiers
    actions = agregats.actions_par_dimension(chantiers)
    g.page_section(CONDUITE, chantiers=chantiers, actions=actions,
                   pleine_largeur=True)  # nine columns: one per dimension of change
