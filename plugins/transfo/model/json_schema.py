"""JSON Schemas (draft-07) of each kind of file, for the consultants' editors."""

from __future__ import annotations

import json
from typing import Any

from transfo.model.entities import KINDS
from transfo.model.genres import PAR_CODE

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

BORNES = {"ge": "minimum", "le": "maximum", "gt": "exclusiveMinimum", "lt": "exclusiveMaximum"}
"""pydantic's constraints left raw when a validator wraps a number (``BeforeValidator``),
and their draft-07 keyword (numeric form: ``exclusiveMinimum: 0``, not a boolean)."""

_TABLES = ("properties", "definitions", "$defs", "patternProperties")
"""Keywords whose value maps names to schemas: a property may be called « ge »."""


def _draft07(noeud: Any) -> Any:
    """pydantic writes 2020-12 ``$defs`` and, behind a validator, raw ``ge``/``le``/``gt``/``lt``;
    draft-07 editors expect ``definitions`` and ``minimum``/``maximum``/``exclusive…``."""
    if isinstance(noeud, list):
        return [_draft07(v) for v in noeud]
    if not isinstance(noeud, dict):
        return noeud
    resultat: dict[str, Any] = {}
    for cle, valeur in noeud.items():
        if cle in _TABLES and isinstance(valeur, dict):
            nom = "definitions" if cle == "$defs" else cle
            resultat[nom] = {n: _draft07(v) for n, v in valeur.items()}
        elif cle in BORNES and isinstance(valeur, int | float) and not isinstance(valeur, bool):
            resultat[BORNES[cle]] = valeur
        else:
            resultat[cle] = _draft07(valeur)
    return resultat


def schema_of(genre: str) -> dict[str, Any]:
    brut = KINDS[genre].model_json_schema(ref_template="#/definitions/{model}")
    schema: dict[str, Any] = {"$schema": DRAFT_07, "$id": f"{genre}.schema.json"}
    schema.update(_draft07(brut))
    schema["title"] = PAR_CODE[genre].titre_schema
    return schema


def schema_text(genre: str) -> str:
    return json.dumps(schema_of(genre), ensure_ascii=False, indent=2) + "\n"


def schema_files() -> dict[str, str]:
    """File name → content, for every kind."""
    return {f"{genre}.schema.json": schema_text(genre) for genre in KINDS}
