"""The map of macroprocesses, each box a link; in the navigation, every macroprocess with
its processes."""

from __future__ import annotations

import re
from collections import defaultdict
from html import escape
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from transfo.render import diagrammes
from transfo.render.pages import Section
from transfo.render.urls import page_entite

if TYPE_CHECKING:
    from transfo.model.audit import Audit
    from transfo.render.site import Generateur

_ENTETE_SVG = re.compile(r"^.*?(<svg\b)", re.DOTALL)


def enfants(audit: Audit) -> list[Any]:
    """Each macroprocess, its page then its processes' pages."""
    processus_par_macro = audit.processus_du_macro()
    macros = []
    for mp in audit.macroprocessus.values():
        processus = [{escape(audit.processus[p].nom): page_entite("processus", p)}
                     for p in processus_par_macro.get(mp.id, [])]
        titre = escape(mp.nom)
        macros.append({titre: [{titre: page_entite("macroprocessus", mp.id)}, *processus]})
    return macros


CARTOGRAPHIE = Section("cartographie", "cartographie", "Cartographie des macroprocessus",
                       "cartographie.md.j2", enfants=enfants)
SECTIONS = (CARTOGRAPHIE,)


def generer(g: Generateur) -> None:
    audit = g.audit
    # The map is inline so that each box is a link.
    carte = g.rendu.rendre_maintenant(
        diagrammes.carte_macroprocessus(audit, g.lien_depuis(CARTOGRAPHIE.src_uri)))
    # Trusted markup: Graphviz output from escaped labels and links built from ids. Not
    # role="img": that would hide the boxes' links from screen readers.
    carte_svg = Markup(_ENTETE_SVG.sub(r"\1", carte, count=1).replace(
        "<svg ", '<svg aria-label="Carte des macroprocessus" ', 1))
    par_famille: dict[str, list[Any]] = defaultdict(list)
    for mp in audit.macroprocessus.values():
        par_famille[mp.famille].append(mp)
    g.page_section(CARTOGRAPHIE, carte_svg=carte_svg, par_famille=par_famille,
                   processus_par_macro=g.processus_par_macro,
                   pleine_largeur=True)  # the map at its natural size, labels legible
