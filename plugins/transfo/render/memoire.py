"""Swimlane diagrams remembered between the builds of one process (the live preview).

Writing the DOT text of a process's two swimlanes is most of the time spent generating its
page, and a save changes one process: the others' DOT text is taken back from memory. The
key holds everything :func:`~transfo.render.diagrammes.couloirs` reads — the title, the
steps, their statuses and changes, the order of the lanes and the names of the actors and
applications it shows — so that a remembered diagram is the one it would write.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Sequence

from transfo.model.audit import Audit
from transfo.model.entities import Etape
from transfo.render import diagrammes

TAILLE = 4096
"""Diagrams kept (two per process), the least recently used forgotten first."""
_MEMOIRE: OrderedDict[str, str] = OrderedDict()


def couloirs(titre: str, etapes: Sequence[Etape], audit: Audit, statuts: dict[str, str], *,
             ordre_acteurs: Sequence[str] | None = None,
             changements: dict[str, list[str]] | None = None) -> str:
    """:func:`~transfo.render.diagrammes.couloirs`, remembered by what it reads."""
    ordre = list(ordre_acteurs) if ordre_acteurs is not None else None
    references = {r for e in etapes for r in (e.acteur, e.application) if r} | set(ordre or ())
    cle = hashlib.sha256(json.dumps(
        [titre, [e.model_dump(mode="json") for e in etapes], statuts, ordre, changements,
         {r: audit.nom(r) for r in sorted(references)}],
        ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()
    source = _MEMOIRE.get(cle)
    if source is None:
        source = diagrammes.couloirs(titre, etapes, audit, statuts, ordre_acteurs=ordre_acteurs,
                                     changements=changements)
        _MEMOIRE[cle] = source
        if len(_MEMOIRE) > TAILLE:
            _MEMOIRE.popitem(last=False)
    else:
        _MEMOIRE.move_to_end(cle)
    return source
