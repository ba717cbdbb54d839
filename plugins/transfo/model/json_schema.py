"""JSON Schemas (draft-07) of each kind of file, for the consultants' editors."""

from __future__ import annotations

import json
from typing import Any

from transfo.model.entities import KINDS

DRAFT_07 = "http://json-schema.org/draft-07/schema#"

TITRES = {
    "referentiel": "Référentiel de l'audit (directions, acteurs, applications, paramètres)",
    "macroprocessus": "Macroprocessus",
    "processus": "Processus (existant, cible, gains)",
    "chantier": "Chantier de la feuille de route",
}


def _draft07(noeud: Any) -> Any:
    """pydantic writes 2020-12 ``$defs``; draft-07 editors expect ``definitions``."""
    if isinstance(noeud, dict):
        return {
            ("definitions" if cle == "$defs" else cle): _draft07(valeur)
            for cle, valeur in noeud.items()
        }
    if isinstance(noeud, list):
        return [_draft07(v) for v in noeud]
    return noeud


def schema_of(kind: str) -> dict[str, Any]:
    brut = KINDS[kind].model_json_schema(ref_template="#/definitions/{model}")
    schema: dict[str, Any] = {"$schema": DRAFT_07, "$id": f"{kind}.schema.json"}
    schema.update(_draft07(brut))
    schema["title"] = TITRES[kind]
    return schema


def schema_text(kind: str) -> str:
    return json.dumps(schema_of(kind), ensure_ascii=False, indent=2) + "\n"


def schema_files() -> dict[str, str]:
    """File name → content, for every kind."""
    return {f"{kind}.schema.json": schema_text(kind) for kind in KINDS}
