"""Turns pydantic's validation errors into French problems placed on the YAML source."""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from transfo.load.yaml_loader import Chemin, Document
from transfo.problems import Probleme


def suggestion(valeur: str, possibles: typing.Iterable[str]) -> str | None:
    """A "vouliez-vous dire" hint for a misspelt id, field or code, or None."""
    proches = difflib.get_close_matches(valeur, list(possibles), n=1, cutoff=0.6)
    return f"vouliez-vous dire « {proches[0]} » ?" if proches else None


def _unwrap(annotation: Any) -> list[Any]:
    """The concrete types behind Optional, Annotated, list and unions."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for arg in typing.get_args(annotation) for t in _unwrap(arg)]
    if origin is list:
        return [("list", _unwrap(typing.get_args(annotation)[0]))]
    return [annotation]


def _model_at(root: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    candidates: list[Any] = [root]
    for part in loc:
        following: list[Any] = []
        for cand in candidates:
            if isinstance(part, int):
                if isinstance(cand, tuple) and cand[0] == "list":
                    following.extend(cand[1])
            elif isinstance(cand, type) and issubclass(cand, BaseModel):
                field = cand.model_fields.get(part)
                if field is not None:
                    following.extend(_unwrap(field.annotation))
        candidates = following
    for cand in candidates:
        if isinstance(cand, type) and issubclass(cand, BaseModel):
            return cand
    return None


def _montrer(valeur: Any) -> str:
    if isinstance(valeur, dict):
        return "un objet"
    if isinstance(valeur, list):
        return "une liste"
    if valeur is None:
        return "rien"
    if isinstance(valeur, bool):
        return "true" if valeur else "false"
    texte = str(valeur)
    return texte if len(texte) <= 40 else texte[:37] + "…"


_NOMBRE_FORMATE = re.compile(r"^[-+]?[\d\s\u00a0\u202f.,]+\s*(€|EUR|euros?|%)?$")


def _indice_nombre(valeur: Any) -> str | None:
    if isinstance(valeur, str):
        if "," in valeur and _NOMBRE_FORMATE.match(valeur):
            return "utilisez le point comme séparateur décimal et aucun séparateur de milliers " \
                "(par exemple 1.5 ou 1500)"
        if _NOMBRE_FORMATE.match(valeur):
            return "écrivez le nombre seul, sans espace, unité ni symbole (par exemple 1500)"
        return "écrivez un nombre sans guillemets"
    if isinstance(valeur, bool):
        return "écrivez un nombre"
    return None


def _traduire(err: Any, root: type[BaseModel]) -> tuple[str, str | None]:
    kind = err["type"]
    loc = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    valeur = err.get("input")
    champ = str(loc[-1]) if loc else ""
    if kind == "missing":
        return f"champ obligatoire « {champ} » manquant", None
    if kind == "extra_forbidden":
        model = _model_at(root, loc[:-1])
        possibles = sorted(model.model_fields) if model else []
        hint = suggestion(champ, possibles)
        if hint is None and possibles:
            hint = "champs possibles : " + ", ".join(possibles)
        return f"champ inconnu « {champ} »", hint
    if kind == "literal_error":
        possibles = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        hint = suggestion(str(valeur), possibles) if isinstance(valeur, str) else None
        liste = "valeurs possibles : " + ", ".join(possibles)
        return f"valeur « {_montrer(valeur)} » non reconnue", (
            f"{hint} ({liste})" if hint else liste
        )
    if kind in ("float_type", "int_type", "int_from_float", "float_parsing", "int_parsing"):
        attendu = "nombre entier" if kind.startswith("int") else "nombre"
        return f"{attendu} attendu, trouvé « {_montrer(valeur)} »", _indice_nombre(valeur)
    if kind == "bool_type":
        return (
            f"booléen attendu, trouvé « {_montrer(valeur)} »",
            "écrivez true ou false (oui, non, yes, NO… ne sont pas acceptés)",
        )
    if kind == "string_type":
        return (
            f"texte attendu, trouvé « {_montrer(valeur)} »",
            "mettez la valeur entre guillemets" if isinstance(valeur, int | float) else None,
        )
    if kind == "string_pattern_mismatch":
        return (
            f"identifiant « {_montrer(valeur)} » mal formé",
            f"format attendu {ctx.get('pattern')} : un préfixe, puis des segments en majuscules "
            "ou chiffres séparés par des tirets (par exemple P-SOL-APA)",
        )
    if kind == "string_too_long":
        longueur = len(valeur) if isinstance(valeur, str) else 0
        return (
            f"identifiant trop long ({longueur} caractères, au plus {ctx.get('max_length')})",
            "raccourcissez-le : il nomme des pages et des fichiers ; le nom complet va dans "
            "« nom » ou « libelle »",
        )
    if kind == "string_too_short":
        return "texte vide", "écrivez une valeur ou retirez le champ s'il est facultatif"
    if kind == "too_short":
        return f"au moins {ctx.get('min_length')} élément(s) attendu(s)", None
    if kind == "list_type":
        return (
            f"liste attendue, trouvé « {_montrer(valeur)} »",
            "chaque élément d'une liste commence par « - » sur sa propre ligne",
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (
            f"objet attendu (des lignes « champ: valeur »), trouvé « {_montrer(valeur)} »",
            None,
        )
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bornes = {
            "greater_than_equal": ("supérieur ou égal à", "ge"),
            "greater_than": ("strictement supérieur à", "gt"),
            "less_than_equal": ("inférieur ou égal à", "le"),
            "less_than": ("strictement inférieur à", "lt"),
        }
        texte, cle = bornes[kind]
        hint = None
        if champ in ("part", "valeur") or "montee" in str(loc):
            hint = "une part ou un taux s'écrit en fraction : 0.8 pour 80 %"
        return f"la valeur {_montrer(valeur)} doit être {texte} {ctx.get(cle)}", hint
    if kind == "finite_number":
        return "nombre fini attendu (ni NaN ni infini)", None
    if kind.startswith("transfo_"):
        return str(err["msg"]), None
    return f"valeur invalide ({err['msg']})", None


def schema_problems(
    exc: ValidationError, root: type[BaseModel], document: Document, base: Chemin = ()
) -> Iterator[Probleme]:
    """One problem per pydantic error, placed on the value (or key) it concerns."""
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        message, indice = _traduire(err, root)
        if err["type"] == "missing":
            position = document.position((*base, *loc[:-1]))
        else:
            position = document.position((*base, *loc), cle=err["type"] == "extra_forbidden")
        yield Probleme(position, message, indice, code="schema")
