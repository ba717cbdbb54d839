"""Graphviz sources of the diagrams: process swimlanes, the macroprocess map, the roadmap.

One escaping discipline, for every text that reaches DOT:

- every id, name and attribute value is a quoted string made by :func:`chaine` (control
  characters removed, length capped with « … », backslashes and quotes escaped), so that no
  consultant's text is ever read as DOT syntax, as an escape sequence such as ``\\N``, or as
  an HTML-like label;
- the HTML-like tables of the step boxes are built by this module only, and every text put in
  them goes through :func:`texte_html` (the same cleaning, then XML-escaped);
- links (``href``) go through :func:`lien_relatif`: relative site URLs built by the code, or
  none at all.

The DOT text is written here rather than through a library's quoting, which leaves some
strings unquoted and reads a string between ``<`` and ``>`` as HTML.

Swimlanes are columns, one per actor, in the same order in the existant and the cible; rows
are the steps' ranks in the flow, so that lanes are aligned in one band and read from top to
bottom. Changes are marked by a word and a line style, not by colour alone, and each changed
step says what changed.
"""

from __future__ import annotations

import html
import itertools
import re
import textwrap
from collections.abc import Callable, Sequence
from typing import TypeVar

from transfo.analyse.ecarts import AnalyseEcarts, EcartEtape
from transfo.constants import CANAUX, FAMILLES, HORIZONS
from transfo.formats import decimal, duree_minutes, jours, niveau, pourcent
from transfo.model.audit import Audit
from transfo.model.entities import Etape
from transfo.model.flux import ordre_topologique, successeurs, trouver_cycle
from transfo.typographie import texte as typographier

T = TypeVar("T")
POLICE = "DejaVu Sans"
TAILLE = 10
"""Font size of the step boxes, in points: 13.3 CSS px when the SVG is shown at its natural
size, which the process pages never go below."""
TAILLE_DETAIL = 10
"""Details (application, channel, wait, changes) are grey, not smaller: Graphviz rounds the
size of an HTML-like label's font down to a whole point, and 9 points would be 12 CSS px."""
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
LIMITE_NOM = 120
"""Longest name or label kept, in characters (then « … »): far below DOT's 16,384."""
LIMITE_TITRE = 200
COLONNE = 18
"""Characters per line in a lane: a step box is 1.5 inch wide at 10 points, so that five
lanes fit the ~900 px column of a process page at a 1280 px window."""
LARGEUR_COULOIR = "1.5"
LIGNES_MAX = 6

_CONTROLES = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff\u2028\u2029]")
_SCHEMA = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


# --- escaping -------------------------------------------------------------------------------


def nettoyer(texte: object, limite: int = LIMITE_NOM) -> str:
    """A text fit for a label: French typography applied, control characters become spaces,
    runs of spaces one space, and beyond ``limite`` characters the text is cut with « … »."""
    propre = re.sub(" {2,}", " ", _CONTROLES.sub(" ", typographier(str(texte)))).strip()
    if len(propre) > limite:
        propre = propre[: limite - 1].rstrip() + "…"
    return propre


def chaine(texte: object, limite: int = LIMITE_NOM) -> str:
    """A DOT quoted string: never an HTML-like label, never an escape sequence."""
    propre = nettoyer(texte, limite).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{propre}"'


class _Fait(str):
    """A value already made for DOT by this module: a quoted label from :func:`etiquette`
    or an HTML-like table from :func:`_table`."""


def etiquette(*lignes: str, limite: int = LIMITE_NOM) -> _Fait:
    """A quoted multi-line label: each line cleaned and escaped, joined by line breaks."""
    propres = (nettoyer(x, limite).replace("\\", "\\\\").replace('"', '\\"')
               for x in lignes if x)
    return _Fait('"' + "\\n".join(p for p in propres if p) + '"')


def texte_html(texte: object, limite: int = LIMITE_NOM) -> str:
    """A text inside an HTML-like label built by this module: cleaned, then XML-escaped."""
    return html.escape(nettoyer(texte, limite), quote=True)


def lien_relatif(url: str | None) -> str | None:
    """A link kept only if it is a relative site URL (no scheme, no host, no root)."""
    if not url or _SCHEMA.match(url) or url.startswith(("/", "\\")) or _CONTROLES.search(url):
        return None
    if any(c in url for c in '"<> '):
        return None
    return url


def _attributs(**valeurs: str | None) -> str:
    """``[a="x", b="y"]``; every value quoted by :func:`chaine` unless this module made it
    (:class:`_Fait`: an escaped label, or an HTML-like table of escaped texts)."""
    parties = []
    for nom, valeur in valeurs.items():
        if valeur is None:
            continue
        if isinstance(valeur, _Fait):
            parties.append(f"{nom}={valeur}")
        else:
            parties.append(f"{nom}={chaine(valeur, LIMITE_TITRE)}")
    return " [" + " ".join(parties) + "]" if parties else ""


class _Dot:
    """A DOT text written line by line, ids always quoted."""

    def __init__(self, nom: str, **graphe: str | None) -> None:
        self.lignes = [f"digraph {chaine(nom)} {{"]
        self.lignes.append("graph" + _attributs(**{"fontname": POLICE, "fontsize": "11",
                                                   "bgcolor": "white", **graphe}))
        self.lignes.append("node" + _attributs(
            fontname=POLICE, fontsize=str(TAILLE), shape="box", style="rounded,filled",
            fillcolor="white", margin="0.12,0.06"))
        self.lignes.append("edge" + _attributs(fontname=POLICE, fontsize=str(TAILLE_DETAIL),
                                               color="#444444"))

    def noeud(self, ident: str, **attributs: str | None) -> None:
        self.lignes.append(chaine(ident) + _attributs(**attributs))

    def arete(self, source: str, cible: str, **attributs: str | None) -> None:
        self.lignes.append(f"{chaine(source)} -> {chaine(cible)}" + _attributs(**attributs))

    def ouvrir(self, nom: str, **attributs: str | None) -> None:
        self.lignes.append(f"subgraph {chaine(nom)} {{")
        if attributs:
            self.lignes.append("graph" + _attributs(**attributs))

    def rang(self, idents: Sequence[str]) -> None:
        self.lignes.append("{ rank=same; " + " ".join(chaine(i) + ";" for i in idents) + " }")

    def fermer(self) -> None:
        self.lignes.append("}")

    def source(self) -> str:
        return "\n".join([*self.lignes, "}"]) + "\n"


# --- what changed in a step -------------------------------------------------------------------


def valeur_de_champ(champ: str, valeur: object, nommer: Callable[[str], T]) -> T | str:
    """A step field's value as a reader reads it, the same in the cible diagram and in the
    gap table: « 1 h 30 », « 5 j », « 45 % », a channel in words, an actor or application
    through ``nommer`` (its name, or a link to it), the next steps' ids; « — » for none."""
    if valeur is None:
        return "—"
    if champ in ("acteur", "application"):
        return nommer(str(valeur))
    if champ == "canal":
        return CANAUX.get(str(valeur), str(valeur)).lower()
    if champ == "suivantes":
        suivantes = [str(x) for x in valeur] if isinstance(valeur, list) else []
        return ", ".join(suivantes) or "fin du processus"
    if isinstance(valeur, int | float) and not isinstance(valeur, bool):
        if champ == "duree_minutes":
            return duree_minutes(valeur)
        if champ == "delai_jours":
            return jours(valeur)
        if champ == "part":
            return pourcent(valeur, 0)
        return decimal(valeur, 2)
    return str(valeur)


_MOTS_DU_CHANGEMENT = {"duree_minutes": "durée ", "delai_jours": "attente ",
                       "part": "part des dossiers ", "suivantes": "suite ",
                       "canal": "", "acteur": "", "application": ""}
_SANS_VALEUR = {"application": "sans application", "suivantes": "étape suivante"}
"""What an empty field means in a diagram: no application; the next step of the list."""


def decrire_changement(champ: str, avant: object, apres: object,
                       nom: Callable[[str], str]) -> str:
    """One substantive change in plain French, as the cible diagram writes it:
    « durée 1 h 30 → 40 min », « courrier → portail en ligne »."""
    def dire(valeur: object) -> str:
        if valeur is None and champ in _SANS_VALEUR:
            return _SANS_VALEUR[champ]
        return valeur_de_champ(champ, valeur, nom)

    mot = _MOTS_DU_CHANGEMENT.get(champ, champ.replace("_", " ") + " ")
    return f"{mot}{dire(avant)} → {dire(apres)}"


def decrire_changements(ecart: EcartEtape, audit: Audit) -> list[str]:
    return [decrire_changement(c, a, b, audit.nom) for c, a, b in ecart.changements]


# --- swimlanes ---------------------------------------------------------------------------------


def ordre_des_couloirs(existant: Sequence[Etape], cible: Sequence[Etape]) -> list[str]:
    """The actors in order of first appearance, existant first: both diagrams of a process
    draw the same lanes in the same order, so that they can be compared directly."""
    ordre: list[str] = []
    for etape in [*existant, *cible]:
        if etape.acteur not in ordre:
            ordre.append(etape.acteur)
    return ordre


def rangs(etapes: Sequence[Etape]) -> dict[str, int]:
    """Each step's row: 0 for the first, then one more than its furthest predecessor, so
    that steps of parallel branches share a row and every arrow points down."""
    flux = successeurs(etapes)
    if trouver_cycle(flux):  # refused by validation; the list order is still an order
        return {e.id: i for i, e in enumerate(etapes)}
    rang = {e.id: 0 for e in etapes}
    for eid in reversed(ordre_topologique(flux)):  # predecessors first
        for suivant in flux[eid]:
            rang[suivant] = max(rang[suivant], rang[eid] + 1)
    return rang


def _lignes(texte: str, largeur: int = COLONNE) -> list[str]:
    lignes = textwrap.wrap(nettoyer(texte), largeur) or [""]
    if len(lignes) > LIGNES_MAX:
        lignes = [*lignes[: LIGNES_MAX - 1], nettoyer(" ".join(lignes[LIGNES_MAX - 1:]),
                                                       largeur)]
    return lignes


def _table(cellules: list[str]) -> _Fait:
    """An HTML-like label from cells already escaped by :func:`texte_html`."""
    corps = "".join(f'<TR><TD ALIGN="LEFT" BALIGN="LEFT">{c}</TD></TR>' for c in cellules)
    return _Fait('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
                 f"{corps}</TABLE>>")


def _petit(lignes: Sequence[str], *, italique: bool = False) -> str:
    texte = "<BR/>".join(texte_html(x) for x in lignes)
    if italique:
        texte = f"<I>{texte}</I>"
    return f'<FONT POINT-SIZE="{TAILLE_DETAIL}" COLOR="#333333">{texte}</FONT>'


def _etiquette_etape(etape: Etape, marque: str, changements: Sequence[str],
                     audit: Audit) -> _Fait:
    cellules = []
    if marque:
        cellules.append(f"<B>{texte_html(marque)}</B>")
    libelle = _lignes(f"{etape.id}. {etape.libelle}")
    cellules.append("<BR/>".join(texte_html(x) for x in libelle))
    if etape.application:
        cellules.append(_petit(_lignes(f"[{audit.nom(etape.application)}]", COLONNE)))
    details = f"{CANAUX[etape.canal]} · {duree_minutes(etape.duree_minutes)}"
    if etape.part < 1:
        details += f" · {pourcent(etape.part, 0)} des dossiers"
    cellules.append(_petit(_lignes(details, COLONNE)))
    if etape.delai_jours:
        attente = f"attente avant\u00a0: {jours(etape.delai_jours)}"
        if etape.attente_externe:
            attente += " (hors Département)"
        cellules.append(_petit(_lignes(attente, COLONNE)))
    for changement in changements:
        cellules.append(_petit(_lignes(changement, COLONNE), italique=True))
    return _table(cellules)


def couloirs(
    titre: str,
    etapes: Sequence[Etape],
    audit: Audit,
    statuts: dict[str, str],
    *,
    ordre_acteurs: Sequence[str] | None = None,
    changements: dict[str, list[str]] | None = None,
) -> str:
    """One process version as swimlanes: a column per actor (in ``ordre_acteurs``), a row per
    rank in the flow, every lane as tall as the diagram; branches dashed; application,
    channel, duration, share of cases and wait in each step; changed steps marked with what
    changed."""
    acteurs = list(ordre_acteurs or ordre_des_couloirs(etapes, ()))
    acteurs.extend(e.acteur for e in etapes if e.acteur not in acteurs)
    acteurs = list(dict.fromkeys(acteurs))
    rang = rangs(etapes)
    nombre_rangs = max(rang.values(), default=-1) + 1
    g = _Dot("processus", rankdir="TB", newrank="true", nodesep="0.15", ranksep="0.3",
             label=etiquette(titre, limite=LIMITE_TITRE), labelloc="t", labeljust="l",
             fontsize="12")
    par_rang: list[list[str]] = [[] for _ in range(nombre_rangs + 2)]
    noms = [_lignes(audit.nom(a)) for a in acteurs]
    hauteur_tetes = f"{0.2 * max((len(n) for n in noms), default=1) + 0.1:.2f}"
    colonnes: list[list[str]] = []  # each lane's cells, top to bottom
    for i, acteur_id in enumerate(acteurs):
        g.ouvrir(f"cluster_{i}", label="", style="filled", color="#9aa5b5",
                 fillcolor="#f4f6f9" if i % 2 == 0 else "#e6ebf2", margin="4")
        tete = f"couloir_{i}"
        g.noeud(tete, label=etiquette(*noms[i]), shape="plaintext", style="",
                fontsize="11", width=LARGEUR_COULOIR, height=hauteur_tetes, fixedsize="true")
        par_rang[0].append(tete)
        precedent = tete
        colonnes.append([tete])
        for r in range(nombre_rangs):
            ici = [e for e in etapes if e.acteur == acteur_id and rang[e.id] == r]
            if ici:
                for etape in ici:
                    statut = statuts.get(etape.id, "inchangee")
                    marque, style, fond = MARQUES[statut]
                    g.noeud(etape.id,
                            label=_etiquette_etape(etape, marque,
                                                   (changements or {}).get(etape.id, []),
                                                   audit),
                            style=f"filled,{style}", fillcolor=fond,
                            penwidth="2" if marque else "1", width=LARGEUR_COULOIR)
                    par_rang[r + 1].append(etape.id)
                courant = ici[0].id
            else:  # an empty cell keeps the lane as tall as the others
                courant = f"vide_{i}_{r}"
                g.noeud(courant, label="", style="invis", width=LARGEUR_COULOIR,
                        height="0.3")
                par_rang[r + 1].append(courant)
            g.arete(precedent, courant, style="invis", weight="100")
            precedent = courant
            colonnes[-1].append(courant)
        pied = f"pied_{i}"  # a last row of equal cells: every lane ends at the same height
        g.noeud(pied, label="", style="invis", width=LARGEUR_COULOIR, height="0.05")
        g.arete(precedent, pied, style="invis", weight="100")
        par_rang[nombre_rangs + 1].append(pied)
        colonnes[-1].append(pied)
        g.fermer()
    for idents in par_rang:
        if idents:
            g.rang(idents)
    # Lanes in the given order: dot ignores left-to-right edges between clusters, but it
    # avoids crossings; invisible edges from each lane's cell to the next lane's cell one row
    # down would cross one another if two lanes were swapped.
    for gauche, droite in itertools.pairwise(colonnes):
        for r in range(len(gauche) - 1):
            g.arete(gauche[r], droite[r + 1], style="invis", weight="0")
    for source, suivantes in successeurs(etapes).items():
        for suivante in suivantes:
            g.arete(source, suivante, style="dashed" if len(suivantes) > 1 else "solid",
                    constraint="true" if rang[suivante] > rang[source] else "false")
    return g.source()


# --- the map and the roadmap ---------------------------------------------------------------------


def carte_macroprocessus(audit: Audit, lien: Callable[[str], str]) -> str:
    """The map: a band per family, each macroprocess a box coloured and labelled with its
    potential, each box a link to its page."""
    g = _Dot("cartographie", rankdir="TB", ranksep="0.25", nodesep="0.25")
    precedent: str | None = None
    for famille, libelle in FAMILLES.items():
        macros = [m for m in audit.macroprocessus.values() if m.famille == famille]
        if not macros:
            continue
        g.ouvrir(f"cluster_{famille}",
                 label=etiquette(f"Macroprocessus de {libelle.lower()}"), style="filled",
                 fillcolor="#f7f7f7", color="#9aa5b5", fontsize="12")
        for i, m in enumerate(macros):
            if i >= PAR_LIGNE:  # stack the boxes in rows rather than one wide line
                g.arete(macros[i - PAR_LIGNE].id, m.id, style="invis")
            href = lien_relatif(lien(m.id))
            g.noeud(
                m.id,
                label=etiquette(*_lignes(m.nom, 24), f"potentiel : {niveau(m.potentiel)}"),
                fillcolor=COULEURS_POTENTIEL[m.potentiel],
                style="filled,rounded" + (",bold" if m.potentiel == "fort" else ""),
                fontcolor="black", href=href, target="_top" if href else None,
                tooltip=etiquette(m.nom),
            )
        g.fermer()
        if precedent is not None:  # families stacked one under the other, left-aligned
            g.arete(precedent, macros[0].id, style="invis", weight="10")
        precedent = macros[(len(macros) - 1) // PAR_LIGNE * PAR_LIGNE].id
    return g.source()


def graphe_feuille_de_route(audit: Audit, lien: Callable[[str], str]) -> str:
    """Chantiers in three columns, one per horizon (court, moyen, long terme), each sorted by
    start date; an arrow goes from a chantier to the one that depends on it."""
    g = _Dot("feuille_de_route", rankdir="LR", nodesep="0.2", ranksep="0.7",
             newrank="true", splines="true")
    tetes: list[str] = []
    for horizon, libelle in HORIZONS.items():
        chantiers = sorted((c for c in audit.chantiers.values() if c.horizon == horizon),
                           key=lambda c: (c.debut, c.id))
        if not chantiers:
            continue
        g.ouvrir(f"cluster_{horizon}", label=etiquette(libelle), style="rounded",
                 color="#9aa5b5", fontsize="12")
        for c in chantiers:
            href = lien_relatif(lien(c.id))
            g.noeud(
                c.id,
                label=etiquette(*_lignes(c.nom, 26), f"{c.debut:%m/%Y} → {c.fin:%m/%Y}"),
                fillcolor=COULEURS_HORIZON[horizon], style=STYLES_HORIZON[horizon],
                href=href, target="_top" if href else None, tooltip=etiquette(c.nom),
            )
        g.fermer()
        tetes.append(chantiers[0].id)
        internes = {c.id for c in chantiers}
        for c in chantiers:  # a dependency inside a horizon does not break its column
            for dep in c.depend_de:
                if dep in internes:
                    g.arete(dep, c.id, constraint="false", color="#555555")
        g.rang([c.id for c in chantiers])
    for a, b in itertools.pairwise(tetes):
        g.arete(a, b, style="invis", weight="5")
    for c in audit.chantiers.values():
        for dep in c.depend_de:
            if dep in audit.chantiers and audit.chantiers[dep].horizon != c.horizon:
                g.arete(dep, c.id, color="#555555")
    return g.source()


def statuts_etapes(ecarts: AnalyseEcarts) -> tuple[dict[str, str], dict[str, str]]:
    """Marks for the existant (removed, changed) and the cible (added, changed) diagrams."""
    avant: dict[str, str] = {
        e.id: e.statut for e in ecarts.etapes if e.statut in ("supprimee", "modifiee")}
    apres: dict[str, str] = {
        e.id: e.statut for e in ecarts.etapes if e.statut in ("ajoutee", "modifiee")}
    return avant, apres
