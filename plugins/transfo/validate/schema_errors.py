"""Turns pydantic's validation errors into French problems placed on the YAML source."""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from transfo.load.yaml_loader import Chemin, Document
from transfo.problems import Probleme


def distance_max(valeur: str) -> int:
    """The edits a misspelling may differ by: one for a short name (``note`` is not ``unite``),
    two from six characters on; never all of its characters (``D`` is not ``A``)."""
    return 1 if len(valeur) <= 5 else 2


def distance(a: str, b: str, plafond: int) -> int:
    """Edit distance (insertion, deletion, substitution, swap of two neighbours) between ``a``
    and ``b``, or ``plafond + 1`` as soon as it is known to exceed ``plafond``."""
    if abs(len(a) - len(b)) > plafond:
        return plafond + 1
    avant: list[int] | None = None
    ligne = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        nouvelle = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cout = 0 if a[i - 1] == b[j - 1] else 1
            d = min(ligne[j] + 1, nouvelle[j - 1] + 1, ligne[j - 1] + cout)
            if (avant is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2]
                    and a[i - 2] == b[j - 1]):
                d = min(d, avant[j - 2] + 1)
            nouvelle[j] = d
        if min(nouvelle) > plafond:
            return plafond + 1
        avant, ligne = ligne, nouvelle
    return ligne[-1]


_LONGUEUR_INDEXEE = 40
"""Past this length a name is indexed (and a query looked up) with one deletion only: the
variants with two deletions grow with the square of the length."""


def _effacements(mot: str, profondeur: int) -> set[str]:
    """``mot`` and every string obtained by deleting up to ``profondeur`` of its characters."""
    variantes = {mot}
    bord = {mot}
    for _ in range(profondeur):
        bord = {v[:i] + v[i + 1:] for v in bord for i in range(len(v))}
        variantes |= bord
    return variantes


def _profondeur(mot: str) -> int:
    return 2 if len(mot) <= _LONGUEUR_INDEXEE else 1


class Suggesteur:
    """Finds the close names of a set built once: every name is indexed under itself and the
    strings left by deleting one or two of its characters, so that a query looks up its own
    deletions instead of comparing itself with every name (two names within two edits share
    such a string). At most ``PLAFOND`` names are compared per query, whatever the size of
    the set."""

    PLAFOND = 16

    def __init__(self, possibles: typing.Iterable[str]) -> None:
        self.noms = sorted(set(possibles))
        self.index: dict[str, list[str]] = {}
        for nom in self.noms:
            for variante in _effacements(nom, _profondeur(nom)):
                self.index.setdefault(variante, []).append(nom)
        self.comparaisons = 0
        """Edit distances computed so far, for the tests that bound it."""

    def proche(self, valeur: str) -> str | None:
        plafond = distance_max(valeur)
        candidats: list[str] = []
        vus: set[str] = set()
        profondeur = min(plafond, _profondeur(valeur))
        for variante in sorted(_effacements(valeur, profondeur), key=lambda v: (-len(v), v)):
            for nom in self.index.get(variante, ())[: self.PLAFOND]:
                if nom not in vus:
                    vus.add(nom)
                    candidats.append(nom)
            if len(candidats) >= self.PLAFOND:
                break
        meilleur: tuple[int, str] | None = None
        for nom in candidats[: self.PLAFOND]:
            if nom == valeur:
                continue
            self.comparaisons += 1
            d = distance(valeur, nom, plafond)
            if d <= plafond and d < len(valeur) and (meilleur is None or (d, nom) < meilleur):
                meilleur = (d, nom)
                if d == 1:  # the closest a different name can be
                    break
        return meilleur[1] if meilleur else None

    def suggestion(self, valeur: str) -> str | None:
        proche = self.proche(valeur)
        return f"vouliez-vous dire « {proche} » ?" if proche else None


def suggestion(valeur: str, possibles: typing.Iterable[str]) -> str | None:
    """A "vouliez-vous dire" hint for a misspelt id, field or code, or None. To check many
    values against the same names, build one :class:`Suggesteur` instead."""
    return Suggesteur(possibles).suggestion(valeur)


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


def _indice_liste(champ: str, valeur: Any) -> str:
    """A single value where a list is expected: the flow form the documentation uses."""
    if isinstance(valeur, str | int | float) and not isinstance(valeur, bool):
        texte = _montrer(valeur)
        return f"écrivez la liste entre crochets, même pour une seule valeur : " \
            f"« {champ}: [{texte}] »"
    return "une liste s'écrit entre crochets (« [a, b] ») ou un élément par ligne, chacun " \
        "commençant par « - »"


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
        minimum = ctx.get("min_length")
        return (f"au moins {minimum} élément{'s' if minimum != 1 else ''} "
                f"attendu{'s' if minimum != 1 else ''}"), None
    if kind == "list_type":
        return f"liste attendue, trouvé « {_montrer(valeur)} »", _indice_liste(champ, valeur)
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return (
            f"objet attendu (des lignes « champ: valeur »), trouvé « {_montrer(valeur)} »",
            None,
        )
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        bornes = {  # « la valeur » : feminine
            "greater_than_equal": ("supérieure ou égale à", "ge"),
            "greater_than": ("strictement supérieure à", "gt"),
            "less_than_equal": ("inférieure ou égale à", "le"),
            "less_than": ("strictement inférieure à", "lt"),
        }
        texte, cle = bornes[kind]
        hint = None
        if champ in ("part", "valeur") or "montee" in str(loc):
            hint = "une part ou un taux s'écrit en fraction : 0.8 pour 80 %"
        return f"la valeur {_montrer(valeur)} doit être {texte} {ctx.get(cle)}", hint
    if kind == "finite_number":
        return "nombre fini attendu (ni NaN ni infini)", None
    if kind.startswith("transfo_"):
        return str(err["msg"]), ctx.get("indice")
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
