"""The review status of every gain and chantier, for the audit team only."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from transfo.render.pages import Section

if TYPE_CHECKING:
    from transfo.render.site import Generateur

REVUE = Section("revue", "revue", "Revue des gains et des chantiers", "revue.md.j2", equipe=True)
SECTIONS = (REVUE,)


def generer(g: Generateur) -> None:
    if g.ctx.public:  # the review is the audit team's, not the public's
        return
    par_etat: dict[str, list[Any]] = defaultdict(list)
    for s in g.ctx.revues.values():
        par_etat[s.etat].append(s)
    g.page_section(REVUE, par_etat=par_etat, chantiers=set(g.audit.chantiers))
