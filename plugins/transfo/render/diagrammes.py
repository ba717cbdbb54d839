"""Graphviz sources of the diagrams: process swimlanes, the macroprocess map, the roadmap.

Every label goes through :func:`graphviz.escape`, so that a consultant's text is only ever
text; links (``href``) are built from ids that match their pattern, never from free text.
Changes are marked by a word and a line style, not by colour alone.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence

import graphviz

from transfo.analyse.ecarts import AnalyseEcarts
from transfo.constants import CANAUX, FAMILLES, HORIZONS, POTENTIELS
from transfo.model.audit import Audit
from transfo.model.entities import Etape
from transfo.model.flux import successeurs
from transfo.render.formats import duree_minutes
from transfo.render.typographie import texte

POLICE = "DejaVu Sans"
MARQUES = {
    "supprimee": ("✕ SUPPRIMÉE", "dashed", "#fde2e1"),
    "ajoutee": ("+ AJOUTÉE", "bold", "#dcf2dc"),
    "modifiee": ("✎ MODIFIÉE", "bold,rounded", "#fff3cd"),
    "inchangee": ("", "rounded", "#ffffff"),
}
PAR_LIGNE = 4
"""Macroprocess boxes per row on the map."""
COULEURS_POTENTIEL = {"faible": "#e8eef7", "moyen": "#b9cde8", "fort": "#6f95cc"}
COULEURS_HORIZON = {"court_terme": "#dcf2dc", "moyen_terme": "#fff3cd", "long_terme": "#e8eef7"}
STYLES_HORIZON = {"court_terme": "filled,bold", "moyen_terme": "filled,dashed",
                  "long_terme": "filled,dotted"}


def _texte(*lignes: str) -> str:
    """A multi-line label; each line escaped, joined by centred line breaks."""
    return "\\n".join(str(graphviz.escape(texte(ligne))) for ligne in lignes if ligne)


def _graphe(nom: str, **attributs: str) -> graphviz.Digraph:
    g = graphviz.Digraph(nom)
    g.attr(fontname=POLICE, fontsize="11", bgcolor="white", **attributs)
    g.attr("node", fontname=POLICE, fontsize="10", shape="box", style="rounded,filled",
           fillcolor="white", margin="0.12,0.06")
    g.attr("edge", fontname=POLICE, fontsize="9", color="#444444")
    return g


def couloirs(
    titre: str,
    etapes: Sequence[Etape],
    audit: Audit,
    statuts: dict[str, str],
) -> str:
    """One process version as swimlanes: a lane per actor, steps in flow order, branches
    drawn, application and channel shown, changed steps marked."""
    # Flow from top to bottom, a column per actor: the diagram fits the width of a page.
    g = _graphe("processus", rankdir="TB", newrank="true", nodesep="0.25", ranksep="0.3",
                label=_texte(titre), labelloc="t")
    acteurs: list[str] = []
    for etape in etapes:
        if etape.acteur not in acteurs:
            acteurs.append(etape.acteur)
    for i, acteur_id in enumerate(acteurs):
        with g.subgraph(name=f"cluster_{i}") as couloir:
            couloir.attr(label=_texte(audit.nom(acteur_id)), labeljust="l", style="filled",
                         fillcolor="#f4f6f9" if i % 2 == 0 else "#eaeef4", color="#9aa5b5")
            for etape in etapes:
                if etape.acteur != acteur_id:
                    continue
                marque, style, fond = MARQUES[statuts.get(etape.id, "inchangee")]
                application = audit.nom(etape.application) if etape.application else ""
                details = f"{CANAUX[etape.canal]} · {duree_minutes(etape.duree_minutes)}"
                if etape.part < 1:
                    details += f" · {round(etape.part * 100)} % des dossiers"
                attente = f"attente avant : {etape.delai_jours:g} j" if etape.delai_jours else ""
                couloir.node(
                    etape.id,
                    label=graphviz.nohtml(_texte(
                        marque, f"{etape.id}. {etape.libelle}",
                        f"[{application}]" if application else "", details, attente,
                    )),
                    style=f"filled,{style}",
                    fillcolor=fond,
                    penwidth="2" if marque else "1",
                )
    # No edge labels: waiting times are written in the steps, which also keeps Graphviz
    # 2.43 from crashing when it renders several of these graphs in one process.
    for source, suivantes in successeurs(etapes).items():
        for suivante in suivantes:
            g.edge(source, suivante, style="dashed" if len(suivantes) > 1 else "solid")
    return str(g.source)


def carte_macroprocessus(audit: Audit, lien: Callable[[str], str]) -> str:
    """The map: a band per family, each macroprocess a box coloured and labelled with its
    potential, each box a link to its page."""
    g = _graphe("cartographie", rankdir="TB", ranksep="0.25", nodesep="0.25")
    precedent: str | None = None
    for famille, libelle in FAMILLES.items():
        macros = [m for m in audit.macroprocessus.values() if m.famille == famille]
        if not macros:
            continue
        with g.subgraph(name=f"cluster_{famille}") as bande:
            bande.attr(label=_texte(f"Macroprocessus de {libelle.lower()}"), style="filled",
                       fillcolor="#f7f7f7", color="#9aa5b5", fontsize="12")
            for i, m in enumerate(macros):
                if i >= PAR_LIGNE:  # stack the boxes in rows rather than one wide line
                    bande.edge(macros[i - PAR_LIGNE].id, m.id, style="invis")
                bande.node(
                    m.id,
                    label=graphviz.nohtml(_texte(*textwrap.wrap(m.nom, 24),
                                                 f"Potentiel : {POTENTIELS[m.potentiel]}")),
                    fillcolor=COULEURS_POTENTIEL[m.potentiel],
                    style="filled,rounded" + (",bold" if m.potentiel == "fort" else ""),
                    fontcolor="black",
                    href=lien(m.id), target="_top", tooltip=_texte(m.nom),
                )
        if precedent is not None:  # families stacked one under the other, left-aligned
            g.edge(precedent, macros[0].id, style="invis", weight="10")
        precedent = macros[(len(macros) - 1) // PAR_LIGNE * PAR_LIGNE].id
    return str(g.source)


def graphe_feuille_de_route(audit: Audit, lien: Callable[[str], str]) -> str:
    """Chantiers as boxes grouped by horizon; an arrow goes from a chantier to the one that
    depends on it."""
    g = _graphe("feuille_de_route", rankdir="LR", nodesep="0.25")
    for horizon, libelle in HORIZONS.items():
        chantiers = [c for c in audit.chantiers.values() if c.horizon == horizon]
        if not chantiers:
            continue
        with g.subgraph(name=f"cluster_{horizon}") as groupe:
            groupe.attr(label=_texte(libelle), style="rounded", color="#9aa5b5")
            for c in sorted(chantiers, key=lambda c: (c.debut, c.id)):
                groupe.node(
                    c.id,
                    label=graphviz.nohtml(_texte(c.id, *textwrap.wrap(c.nom, 28),
                                                 f"{c.debut:%m/%Y} → {c.fin:%m/%Y}")),
                    fillcolor=COULEURS_HORIZON[horizon], style=STYLES_HORIZON[horizon],
                    href=lien(c.id), target="_top", tooltip=_texte(c.nom),
                )
    for c in audit.chantiers.values():
        for dep in c.depend_de:
            if dep in audit.chantiers:
                g.edge(dep, c.id)
    return str(g.source)


def statuts_etapes(ecarts: AnalyseEcarts) -> tuple[dict[str, str], dict[str, str]]:
    """Marks for the existant (removed, changed) and the cible (added, changed) diagrams."""
    avant: dict[str, str] = {
        e.id: e.statut for e in ecarts.etapes if e.statut in ("supprimee", "modifiee")}
    apres: dict[str, str] = {
        e.id: e.statut for e in ecarts.etapes if e.statut in ("ajoutee", "modifiee")}
    return avant, apres
