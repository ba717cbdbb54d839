"""Warns about gains and chantiers whose review went stale (the statuses are computed once,
by the runner, which hands them on to the pages)."""

from __future__ import annotations

from collections.abc import Iterator

from transfo.analyse.revue import StatutRevue
from transfo.model.audit import Audit
from transfo.problems import Gravite, Probleme


def check(audit: Audit, revues: list[StatutRevue]) -> Iterator[Probleme]:
    for s in revues:
        if s.etat == "a_revoir":
            yield Probleme(
                audit.sources[s.id].position("revue"),
                f"« {s.id} » est {s.explication}",
                f"relisez-le, puis lancez « transfo review {s.id} »",
                gravite=Gravite.AVERTISSEMENT,
                code="revue",
            )
