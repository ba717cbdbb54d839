"""The BPMN 2.0 export: one ``.bpmn`` file per process and version (existant, cible).

Each file holds a collaboration with one participant (the Département), its process with one
lane per actor, a task per step, an exclusive gateway after each step that branches (the
shares of the branches as documentation and flow names), start and end events, sequence
flows, and the diagram interchange (BPMN DI) that lays it out: modellers such as bpmn.io,
Camunda Modeler, Bizagi or ARIS open it drawn, lanes as horizontal bands.

Layout: the step graph is acyclic (the validator refuses loops), so each flow node's column
is its longest distance from the start event (the layering Graphviz's ``dot`` would do), and
its row is its actor's lane; nodes sharing a lane and a column are stacked inside the lane.
Edges go from the right side of a node to the left side of the next one, changing lane in
the free gap right after the source. Everything is computed from the model's order: the
same model gives the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from transfo import __version__
from transfo.model.audit import Audit
from transfo.model.entities import Etape, Processus
from transfo.model.flux import successeurs

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
for _prefixe, _uri in (("bpmn", BPMN), ("bpmndi", BPMNDI), ("dc", DC), ("di", DI)):
    ET.register_namespace(_prefixe, _uri)

VERSIONS = ("existant", "cible")
TAILLES = {"tache": (100, 80), "passerelle": (50, 50), "evenement": (36, 36)}
COLONNE = 150
"""Width of a layout column, in BPMN DI units (pixels in every modeller)."""
RANGEE = 110
"""Height of one row inside a lane."""
BANDE = 30
"""Width of the label band of the participant and of each lane."""
MARGE = 20
ECART = (COLONNE - TAILLES["tache"][0]) // 2
"""Half the free gap between two columns: where an edge changes lane."""


def _q(espace: str, nom: str) -> str:
    return f"{{{espace}}}{nom}"


def _pourcent(part: float) -> str:
    return f"{part * 100:.4g} %".replace(".", ",")


@dataclass
class Noeud:
    id: str
    genre: str  # tache, passerelle, debut, fin
    nom: str
    acteur: str
    documentation: str = ""
    etape: Etape | None = None
    colonne: int = 0
    rangee: int = 0


@dataclass
class Graphe:
    noeuds: dict[str, Noeud] = field(default_factory=dict)
    arcs: list[tuple[str, str, str]] = field(default_factory=list)
    """(source, target, name) in the model's order."""

    def ajouter(self, noeud: Noeud) -> None:
        self.noeuds[noeud.id] = noeud


def _documentation_etape(etape: Etape, audit: Audit) -> str:
    morceaux = [f"Durée : {etape.duree_minutes:g} min par dossier".replace(".", ","),
                f"canal : {etape.canal}"]
    if etape.delai_jours:
        morceaux.append(f"délai avant l'étape : {etape.delai_jours:g} j".replace(".", ","))
    if etape.application:
        morceaux.append(f"application : {audit.nom(etape.application)}")
    if etape.part != 1:
        morceaux.append(f"part des dossiers : {_pourcent(etape.part)}")
    return " ; ".join(morceaux) + "."


def graphe(audit: Audit, etapes: list[Etape]) -> Graphe:
    """The flow nodes and sequence flows of one version of a process."""
    g = Graphe()
    par_id = {e.id: e for e in etapes}
    suite = successeurs(etapes)
    premiere = etapes[0]
    g.ajouter(Noeud("Debut", "debut", "Début", premiere.acteur))
    g.arcs.append(("Debut", f"Tache_{premiere.id}", ""))
    for etape in etapes:
        tache = f"Tache_{etape.id}"
        g.ajouter(Noeud(tache, "tache", etape.libelle, etape.acteur,
                        _documentation_etape(etape, audit), etape))
        suivantes = suite[etape.id]
        if not suivantes:
            fin = f"Fin_{etape.id}"
            g.ajouter(Noeud(fin, "fin", "Fin", etape.acteur))
            g.arcs.append((tache, fin, ""))
        elif len(suivantes) == 1:
            g.arcs.append((tache, f"Tache_{suivantes[0]}", ""))
        else:
            choix = f"Choix_{etape.id}"
            parts = ", ".join(f"{par_id[s].libelle} ({s}) : {_pourcent(par_id[s].part)}"
                              for s in suivantes)
            g.ajouter(Noeud(choix, "passerelle", "", etape.acteur,
                            f"Embranchement après {etape.id}, part des dossiers par branche : "
                            f"{parts}."))
            g.arcs.append((tache, choix, ""))
            for s in suivantes:
                g.arcs.append((choix, f"Tache_{s}", _pourcent(par_id[s].part)))
    return g


def _colonnes(g: Graphe) -> None:
    """Longest distance from the start event, in topological order (the graph is acyclic)."""
    entrants: dict[str, int] = defaultdict(int)
    sortants: dict[str, list[str]] = defaultdict(list)
    for source, cible, _nom in g.arcs:
        entrants[cible] += 1
        sortants[source].append(cible)
    prets = [n for n in g.noeuds if entrants[n] == 0]
    while prets:
        courant = prets.pop(0)
        for cible in sortants[courant]:
            g.noeuds[cible].colonne = max(g.noeuds[cible].colonne,
                                          g.noeuds[courant].colonne + 1)
            entrants[cible] -= 1
            if entrants[cible] == 0:
                prets.append(cible)


@dataclass(frozen=True)
class Boite:
    x: int
    y: int
    largeur: int
    hauteur: int


@dataclass
class Disposition:
    lanes: dict[str, Boite]
    participant: Boite
    noeuds: dict[str, Boite]


def disposer(g: Graphe) -> Disposition:
    _colonnes(g)
    acteurs: list[str] = []
    occupees: dict[tuple[str, int], int] = defaultdict(int)
    for noeud in g.noeuds.values():
        if noeud.acteur not in acteurs:
            acteurs.append(noeud.acteur)
        noeud.rangee = occupees[noeud.acteur, noeud.colonne]
        occupees[noeud.acteur, noeud.colonne] += 1
    rangees = {a: max(n for (acteur, _c), n in occupees.items() if acteur == a)
               for a in acteurs}
    colonnes = max(n.colonne for n in g.noeuds.values()) + 1
    largeur = 2 * BANDE + MARGE + colonnes * COLONNE
    x0, y = 0, 0
    lanes: dict[str, Boite] = {}
    for acteur in acteurs:
        hauteur = rangees[acteur] * RANGEE + MARGE
        lanes[acteur] = Boite(x0 + BANDE, y, largeur - BANDE, hauteur)
        y += hauteur
    boites: dict[str, Boite] = {}
    for nid, noeud in g.noeuds.items():
        lane = lanes[noeud.acteur]
        w, h = TAILLES["tache" if noeud.genre == "tache" else
                       "passerelle" if noeud.genre == "passerelle" else "evenement"]
        cx = x0 + 2 * BANDE + MARGE + noeud.colonne * COLONNE + COLONNE // 2
        cy = lane.y + MARGE // 2 + noeud.rangee * RANGEE + RANGEE // 2
        boites[nid] = Boite(cx - w // 2, cy - h // 2, w, h)
    return Disposition(lanes, Boite(x0, 0, largeur, y), boites)


def _points(source: Boite, cible: Boite) -> list[tuple[int, int]]:
    sx, sy = source.x + source.largeur, source.y + source.hauteur // 2
    tx, ty = cible.x, cible.y + cible.hauteur // 2
    if sy == ty:
        return [(sx, sy), (tx, ty)]
    # The lane changes in the gap right after the source, which no node occupies; the flow
    # then runs in the target's row, where the columns skipped are usually empty.
    milieu = sx + min(ECART, (tx - sx) // 2)
    return [(sx, sy), (milieu, sy), (milieu, ty), (tx, ty)]


def _documentation(parent: ET.Element, texte: str) -> None:
    if texte:
        ET.SubElement(parent, _q(BPMN, "documentation")).text = texte


def _bornes(parent: ET.Element, boite: Boite) -> None:
    ET.SubElement(parent, _q(DC, "Bounds"), x=str(boite.x), y=str(boite.y),
                  width=str(boite.largeur), height=str(boite.hauteur))


_BALISES = {"debut": "startEvent", "fin": "endEvent", "passerelle": "exclusiveGateway"}


def document_bpmn(audit: Audit, proc: Processus, version: str) -> bytes:
    """One version of a process as a BPMN 2.0 XML document."""
    suffixe = f"{proc.id}_{version}"
    g = graphe(audit, getattr(proc, version))
    dispo = disposer(g)
    definitions = ET.Element(_q(BPMN, "definitions"), {
        "id": f"Definitions_{suffixe}", "targetNamespace": f"urn:transfo:processus:{proc.id}",
        "exporter": "transfo", "exporterVersion": __version__,
    })
    collaboration = ET.SubElement(definitions, _q(BPMN, "collaboration"),
                                  id=f"Collaboration_{suffixe}")
    ET.SubElement(collaboration, _q(BPMN, "participant"), id=f"Participant_{suffixe}",
                  name=f"{proc.nom} ({version})", processRef=f"Process_{suffixe}")
    process = ET.SubElement(definitions, _q(BPMN, "process"), id=f"Process_{suffixe}",
                            name=f"{proc.nom} ({version})", isExecutable="false")
    _documentation(process, f"{proc.id}, version {version} : {proc.volume_annuel:g} "
                   f"{proc.unite_volume} par an.")
    lane_set = ET.SubElement(process, _q(BPMN, "laneSet"), id=f"LaneSet_{suffixe}")
    for acteur in dispo.lanes:
        lane = ET.SubElement(lane_set, _q(BPMN, "lane"), id=f"Lane_{acteur}",
                             name=audit.nom(acteur))
        for noeud in g.noeuds.values():
            if noeud.acteur == acteur:
                ET.SubElement(lane, _q(BPMN, "flowNodeRef")).text = noeud.id
    entrants: dict[str, list[str]] = defaultdict(list)
    sortants: dict[str, list[str]] = defaultdict(list)
    flux_ids = []
    for source, cible, _nom in g.arcs:
        fid = f"Flux_{source}_{cible}"
        flux_ids.append(fid)
        sortants[source].append(fid)
        entrants[cible].append(fid)
    for nid, noeud in g.noeuds.items():
        if noeud.genre == "tache":
            balise = "serviceTask" if noeud.etape and noeud.etape.canal == "automatique" \
                else "userTask"
        else:
            balise = _BALISES[noeud.genre]
        attributs = {"id": nid}
        if noeud.nom:
            attributs["name"] = noeud.nom
        element = ET.SubElement(process, _q(BPMN, balise), attributs)
        _documentation(element, noeud.documentation)
        for fid in entrants[nid]:
            ET.SubElement(element, _q(BPMN, "incoming")).text = fid
        for fid in sortants[nid]:
            ET.SubElement(element, _q(BPMN, "outgoing")).text = fid
    for fid, (source, cible, nom) in zip(flux_ids, g.arcs, strict=True):
        attributs = {"id": fid, "sourceRef": source, "targetRef": cible}
        if nom:
            attributs["name"] = nom
        element = ET.SubElement(process, _q(BPMN, "sequenceFlow"), attributs)
        if nom:
            _documentation(element, f"{nom} des dossiers")

    diagramme = ET.SubElement(definitions, _q(BPMNDI, "BPMNDiagram"), id=f"Diagramme_{suffixe}",
                              name=f"{proc.nom} ({version})")
    plan = ET.SubElement(diagramme, _q(BPMNDI, "BPMNPlane"), id=f"Plan_{suffixe}",
                         bpmnElement=f"Collaboration_{suffixe}")
    forme = ET.SubElement(plan, _q(BPMNDI, "BPMNShape"), id=f"Participant_{suffixe}_di",
                          bpmnElement=f"Participant_{suffixe}", isHorizontal="true")
    _bornes(forme, dispo.participant)
    for acteur, boite in dispo.lanes.items():
        forme = ET.SubElement(plan, _q(BPMNDI, "BPMNShape"), id=f"Lane_{acteur}_di",
                              bpmnElement=f"Lane_{acteur}", isHorizontal="true")
        _bornes(forme, boite)
    for nid, boite in dispo.noeuds.items():
        attributs = {"id": f"{nid}_di", "bpmnElement": nid}
        if g.noeuds[nid].genre == "passerelle":
            attributs["isMarkerVisible"] = "true"
        _bornes(ET.SubElement(plan, _q(BPMNDI, "BPMNShape"), attributs), boite)
    for fid, (source, cible, _nom) in zip(flux_ids, g.arcs, strict=True):
        arete = ET.SubElement(plan, _q(BPMNDI, "BPMNEdge"), id=f"{fid}_di", bpmnElement=fid)
        for x, y in _points(dispo.noeuds[source], dispo.noeuds[cible]):
            ET.SubElement(arete, _q(DI, "waypoint"), x=str(x), y=str(y))
    ET.indent(definitions, space="  ")
    texte: bytes = ET.tostring(definitions, encoding="UTF-8", xml_declaration=True)
    return texte + b"\n"


def nom_fichier(pid: str, version: str) -> str:
    return f"{pid}-{version}.bpmn"


def export_bpmn(audit: Audit, dossier: Path) -> list[Path]:
    """Writes every process's two versions into ``dossier``; returns the files written."""
    ecrits = []
    for pid, proc in audit.processus.items():
        for version in VERSIONS:
            chemin = dossier / nom_fichier(pid, version)
            chemin.write_bytes(document_bpmn(audit, proc, version))
            ecrits.append(chemin)
    return ecrits
