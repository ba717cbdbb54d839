"""``transfo init``'s editor part: the JSON Schemas written into the audit repository's
``schemas/`` and the VS Code settings that bind each kind of file to its schema.

The schemas are copied into the audit repository (as ``transfo schema`` writes them) rather
than pointed at inside the installed package or on a web server: a relative path is valid on
every consultant's machine and offline, and the schemas are versioned with the model.

VS Code's settings files are JSON with comments and trailing commas. An existing file is never
rewritten whole: its comments and trailing commas are blanked in a copy of the same length (so
that every position holds), the copy is parsed, and only the value of one top-level member
(``yaml.schemas``, ``recommendations``) is replaced in the original text, or the member is
inserted after the opening brace. Every other byte stays as it was. A file that cannot be
parsed, or whose member to replace holds a comment that replacing would lose, is refused.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transfo.model.genres import par_regle
from transfo.model.json_schema import schema_files

DOSSIER_SCHEMAS = "schemas"
EXTENSION_YAML = "redhat.vscode-yaml"

LIAISONS: dict[str, list[str]] = {
    f"./schemas/{g.code}.schema.json": [f"processes/{g.fichier.motif(g.prefixe)}"]
    for g in par_regle() if g.fichier is not None
}
"""Schema path (relative to the workspace, as the YAML extension reads it) → the files it
checks; the same mapping as this repository's own ``.vscode/settings.json``."""

_BLANCS = " \t\n\r"


CORRIGER = "corrigez le fichier (VS Code le souligne aussi) puis relancez « transfo init »"


class Refus(Exception):
    """A settings file left untouched; ``position`` is the 0-based index in its text."""

    def __init__(self, position: int, message: str, indice: str = CORRIGER) -> None:
        super().__init__(message)
        self.position = position
        self.message = message
        self.indice = indice


@dataclass(frozen=True)
class Fusion:
    """What merging gave: the new text (``None``: nothing to change) and what changed."""

    texte: str | None
    compte_rendu: str


def ligne_colonne(texte: str, position: int) -> tuple[int, int]:
    """1-based line and column of a 0-based index."""
    ligne = texte.count("\n", 0, position) + 1
    return ligne, position - (texte.rfind("\n", 0, position) + 1) + 1


def neutraliser(texte: str) -> tuple[str, list[tuple[int, int]]]:
    """``texte`` with its ``//`` and ``/* */`` comments and its trailing commas replaced by
    spaces (line breaks kept): plain JSON whose every position is the original's; and where
    the comments were (start, end)."""
    sortie = list(texte)
    commentaires: list[tuple[int, int]] = []
    n = len(texte)
    i = 0
    virgule: int | None = None  # a comma not yet followed by anything significant
    precedent = ""  # the last significant character outside comments
    while i < n:
        c = texte[i]
        if c == '"':
            j = i + 1
            while j < n and texte[j] not in '"\n':
                j += 2 if texte[j] == "\\" else 1
            i = j + 1
            virgule, precedent = None, '"'
            continue
        if texte.startswith("//", i):
            fin = texte.find("\n", i)
            fin = n if fin < 0 else fin
        elif texte.startswith("/*", i):
            fin = texte.find("*/", i + 2)
            if fin < 0:
                raise Refus(i, "commentaire « /* » jamais fermé")
            fin += 2
        else:
            if c == "," and precedent not in ("{", "[", ",", ""):
                virgule = i
            elif c in "]}" and virgule is not None:
                sortie[virgule] = " "
                virgule = None
            elif c not in _BLANCS:
                virgule = None
            if c not in _BLANCS:
                precedent = c
            i += 1
            continue
        for k in range(i, fin):
            if sortie[k] != "\n":
                sortie[k] = " "
        commentaires.append((i, fin))
        i = fin
    return "".join(sortie), commentaires


_MESSAGES_JSON = {
    "Expecting value": "valeur attendue",
    "Expecting property name enclosed in double quotes": "nom de clé entre guillemets droits "
                                                         "attendu",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendus après le nom de la clé",
    "Unterminated string starting at": "chaîne jamais fermée",
    "Invalid control character at": "caractère de contrôle dans une chaîne (un retour à la "
                                     "ligne ?)",
    "Invalid \\escape": "échappement invalide dans une chaîne",
    "Extra data": "texte après la fin de l'objet JSON",
}


def _blancs(texte: str, i: int) -> int:
    while i < len(texte) and texte[i] in _BLANCS:
        i += 1
    return i


@dataclass(frozen=True)
class _Membre:
    cle: str
    debut_cle: int
    debut: int
    fin: int
    valeur: Any


def _analyser(texte: str) -> tuple[list[tuple[int, int]], int, int, list[_Membre]]:
    """Where the comments are, the indexes of the root object's braces and its members."""
    neutre, commentaires = neutraliser(texte)
    try:
        json.loads(neutre)
    except json.JSONDecodeError as exc:
        message = next((fr for en, fr in _MESSAGES_JSON.items() if exc.msg.startswith(en)),
                       f"JSON invalide ({exc.msg})")
        raise Refus(exc.pos, message) from None
    except RecursionError:
        raise Refus(0, "imbrication trop profonde") from None
    decodeur = json.JSONDecoder()
    ouvrant = _blancs(neutre, 0)
    if neutre[ouvrant] != "{":
        raise Refus(ouvrant, "le fichier doit contenir un objet JSON « { … } »")
    membres: list[_Membre] = []
    i = _blancs(neutre, ouvrant + 1)
    while neutre[i] != "}":
        cle, apres = decodeur.raw_decode(neutre, i)
        debut = _blancs(neutre, _blancs(neutre, apres) + 1)  # after the « : »
        valeur, fin = decodeur.raw_decode(neutre, debut)
        membres.append(_Membre(cle, i, debut, fin, valeur))
        i = _blancs(neutre, fin)
        if neutre[i] == ",":
            i = _blancs(neutre, i + 1)
    return commentaires, ouvrant, i, membres


def _indentation(texte: str, debut: int) -> str | None:
    """The blanks before ``debut`` on its line, or None if something else precedes it."""
    avant = texte[texte.rfind("\n", 0, debut) + 1:debut]
    return avant if avant.strip(" \t") == "" else None


def _json(valeur: Any, base: str, pas: str) -> str:
    """An object one entry a line (each value on its line, compact); anything else compact,
    as VS Code's own settings read."""
    if not isinstance(valeur, dict) or not valeur:
        return json.dumps(valeur, ensure_ascii=False)
    lignes = [f"{base}{pas}{json.dumps(cle, ensure_ascii=False)}: "
              f"{json.dumps(v, ensure_ascii=False)}" for cle, v in valeur.items()]
    return "{\n" + ",\n".join(lignes) + f"\n{base}}}"


def fusionner(texte: str, cle: str, calculer: Callable[[Any, int], Any]) -> str | None:
    """``texte`` with the root member ``cle`` set to ``calculer(old value or None, position of
    the old value)``; ``None`` when that changes nothing. Raises :class:`Refus`."""
    if neutraliser(texte)[0].strip(_BLANCS) == "":
        # an empty file (VS Code reads it as {}), maybe only comments: the object goes after
        corps = _json(calculer(None, 0), "  ", "  ")
        tete = texte.rstrip(_BLANCS)
        return (tete + "\n" if tete else "") + "{\n  " + json.dumps(cle) + ": " + corps + "\n}\n"
    commentaires, ouvrant, fermant, membres = _analyser(texte)
    trouves = [m for m in membres if m.cle == cle]
    if len(trouves) > 1:
        raise Refus(trouves[1].debut_cle, f"clé « {cle} » en double")
    pas = next((ind for m in membres if (ind := _indentation(texte, m.debut_cle))), "  ")
    if trouves:
        membre = trouves[0]
        nouveau = calculer(membre.valeur, membre.debut)
        if nouveau == membre.valeur:
            return None
        dedans = [d for d, f in commentaires if membre.debut <= d < membre.fin]
        if dedans:
            raise Refus(dedans[0], f"un commentaire dans « {cle} », que la mise à jour "
                        "perdrait", f"déplacez-le hors de « {cle} » puis relancez "
                        "« transfo init »")
        base = _indentation(texte, membre.debut_cle) or ""
        return _remplacer(texte, membre.debut, membre.fin, _json(nouveau, base, pas))
    entree = f"{pas}{json.dumps(cle)}: {_json(calculer(None, 0), pas, pas)}"
    if not membres and texte[ouvrant + 1:fermant].strip(_BLANCS) == "":
        return _remplacer(texte, ouvrant + 1, fermant, f"\n{entree}\n")
    return _remplacer(texte, ouvrant + 1, ouvrant + 1, f"\n{entree}" + ("," if membres else ""))


def _remplacer(texte: str, debut: int, fin: int, morceau: str) -> str:
    """``texte[debut:fin]`` replaced by ``morceau``, written with the file's line breaks."""
    if "\r\n" in texte:
        morceau = morceau.replace("\n", "\r\n")
    return texte[:debut] + morceau + texte[fin:]


def _meme_chemin(a: str, b: str) -> bool:
    return a.removeprefix("./") == b.removeprefix("./")


def fusionner_reglages(texte: str) -> Fusion:
    """``.vscode/settings.json``: our entries of ``yaml.schemas`` added or replaced, the
    user's other entries and every other setting kept."""
    ajoutes: list[str] = []
    remplaces: list[str] = []

    def calculer(ancien: Any, position: int) -> dict[str, Any]:
        if ancien is None:
            ajoutes.extend(LIAISONS)
            return dict(LIAISONS)
        if not isinstance(ancien, dict):
            raise Refus(position, "« yaml.schemas » n'est pas un objet",
                        'écrivez-le { "./schemas/….schema.json": ["motif des fichiers"] } puis '
                        "relancez « transfo init »")
        nouveau = dict(ancien)
        for chemin, motifs in LIAISONS.items():
            existant = next((k for k in ancien if _meme_chemin(k, chemin)), None)
            if existant is None:
                ajoutes.append(chemin)
                nouveau[chemin] = motifs
            elif ancien[existant] != motifs:
                remplaces.append(existant)
                nouveau[existant] = motifs
        return nouveau

    resultat = fusionner(texte, "yaml.schemas", calculer)
    if resultat is None:
        return Fusion(None, "déjà à jour")
    details = []
    if ajoutes:
        details.append(nombre(len(ajoutes), "schéma associé", "schémas associés"))
    if remplaces:
        details.append(nombre(len(remplaces), "association remplacée",
                              "associations remplacées") + f" ({', '.join(remplaces)})")
    return Fusion(resultat, " et ".join(details) + " dans « yaml.schemas »")


def fusionner_extensions(texte: str) -> Fusion:
    """``.vscode/extensions.json``: the YAML extension added to ``recommendations``."""

    def calculer(ancien: Any, position: int) -> list[Any]:
        if ancien is None:
            return [EXTENSION_YAML]
        if not isinstance(ancien, list):
            raise Refus(position, "« recommendations » n'est pas une liste",
                        'écrivez-la ["éditeur.extension", …] puis relancez « transfo init »')
        if any(isinstance(e, str) and e.lower() == EXTENSION_YAML for e in ancien):
            return ancien
        return [*ancien, EXTENSION_YAML]

    resultat = fusionner(texte, "recommendations", calculer)
    if resultat is None:
        return Fusion(None, "déjà à jour")
    return Fusion(resultat, f"extension « {EXTENSION_YAML} » (YAML de Red Hat) recommandée")


def nombre(n: int, singulier: str, pluriel: str) -> str:
    return f"{n} {singulier if n == 1 else pluriel}"


def schemas(racine: Path) -> dict[Path, str]:
    """Where each schema goes in the audit repository, and its text."""
    return {racine / DOSSIER_SCHEMAS / nom: texte for nom, texte in schema_files().items()}
