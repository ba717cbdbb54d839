"""The change management plan: every chantier's actions, by dimension of change."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from transfo.constants import DIMENSIONS_CHANGEMENT
from transfo.render.pages import Section

if TYPE_CHECKING:
    from transfo.render.site import Generateur

CONDUITE = Section("conduite", "conduite-du-changement", "Conduite du changement",
                   "conduite.md.j2", portefeuille=True)
SECTIONS = (CONDUITE,)


def generer(g: Generateur) -> None:
    chantiers = g.chantiers
    actions: dict[str, list[Any]] = {d: [] for d in DIMENSIONS_CHANGEMENT}
    for c in chantiers:
        for d in DIMENSIONS_CHANGEMENT:
            actions[d].extend((c.id, a) for a in getattr(c.conduite_du_changement, d))
    for d in actions:
        actions[d].sort(key=lambda x: (x[1].echeance is None, x[1].echeance or 0, x[0]))
    g.page_section(CONDUITE, chantiers=chantiers, actions=actions,
                   pleine_largeur=True)  # nine columns: one per dimension of change
