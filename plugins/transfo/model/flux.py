"""The flow of a process's steps: who follows whom, and a cycle finder shared by all graphs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from transfo.model.entities import Etape


def successeurs(etapes: Sequence[Etape]) -> dict[str, list[str]]:
    """Each step's next steps: ``suivantes`` when given, else the next step of the list."""
    ids = {e.id for e in etapes}
    flux: dict[str, list[str]] = {}
    for i, etape in enumerate(etapes):
        if etape.suivantes is not None:
            flux[etape.id] = [s for s in etape.suivantes if s in ids]
        else:
            flux[etape.id] = [etapes[i + 1].id] if i + 1 < len(etapes) else []
    return flux


def atteignables(depart: str, flux: Mapping[str, Sequence[str]]) -> set[str]:
    vus = {depart}
    pile = [depart]
    while pile:
        for suivant in flux.get(pile.pop(), ()):
            if suivant not in vus:
                vus.add(suivant)
                pile.append(suivant)
    return vus


def trouver_cycle(graphe: Mapping[str, Sequence[str]]) -> list[str] | None:
    """A cycle as the list of its nodes, first repeated at the end; None if acyclic.
    Iterative depth-first search in the graph's own order, so the answer is stable."""
    etat: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for racine in graphe:
        if etat.get(racine):
            continue
        chemin: list[str] = []
        pile: list[tuple[str, int]] = [(racine, 0)]
        while pile:
            noeud, index = pile.pop()
            if index == 0:
                etat[noeud] = 1
                chemin.append(noeud)
            voisins = [v for v in graphe.get(noeud, ()) if v in graphe]
            if index < len(voisins):
                pile.append((noeud, index + 1))
                voisin = voisins[index]
                if etat.get(voisin) == 1:
                    return [*chemin[chemin.index(voisin):], voisin]
                if not etat.get(voisin):
                    pile.append((voisin, 0))
            else:
                etat[noeud] = 2
                chemin.pop()
    return None


def ordre_topologique(graphe: Mapping[str, Sequence[str]]) -> list[str]:
    """Nodes so that each comes after those it points to (dependencies first); acyclic only."""
    ordre: list[str] = []
    vus: set[str] = set()

    def visiter(noeud: str) -> None:
        pile = [(noeud, iter(graphe.get(noeud, ())))]
        vus.add(noeud)
        while pile:
            courant, voisins = pile[-1]
            for voisin in voisins:
                if voisin in graphe and voisin not in vus:
                    vus.add(voisin)
                    pile.append((voisin, iter(graphe.get(voisin, ()))))
                    break
            else:
                pile.pop()
                ordre.append(courant)

    for noeud in graphe:
        if noeud not in vus:
            visiter(noeud)
    return ordre
