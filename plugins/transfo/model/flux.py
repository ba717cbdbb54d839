"""The flow of a process's steps: who follows whom, and a cycle finder shared by all graphs."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence

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

    Iterative depth-first search in the graph's own order, so the answer is stable; each
    node's successors are read once, repeated ones dropped, and the search resumes where it
    stopped: linear in nodes and edges, however many times a step lists the same next step."""
    etat: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def voisins(noeud: str) -> Iterator[str]:
        return iter(dict.fromkeys(v for v in graphe.get(noeud, ()) if v in graphe))

    for racine in graphe:
        if etat.get(racine):
            continue
        etat[racine] = 1
        chemin = [racine]
        pile = [voisins(racine)]
        while pile:
            for voisin in pile[-1]:
                couleur = etat.get(voisin)
                if couleur == 1:
                    return [*chemin[chemin.index(voisin):], voisin]
                if couleur is None:
                    etat[voisin] = 1
                    chemin.append(voisin)
                    pile.append(voisins(voisin))
                    break
            else:
                etat[chemin.pop()] = 2
                pile.pop()
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
