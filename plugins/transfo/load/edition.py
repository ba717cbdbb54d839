"""Writes a ``revue`` into model files, leaving every other byte as it was typed.

An edit works on the parsed structure: the YAML nodes give where the entity, its ``id`` and
its ``revue`` start and end. Only what can be edited safely is edited (an entity in block
style, its ``id`` on one line, an existing review on one line); anything else is refused
with its position and a hint. The new text is loaded again with the project's loader and
must differ from the old one by the review alone; then every file is written at once
(:func:`transfo.ecriture.ecrire_plusieurs`), checked unchanged since it was read.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from transfo.ecriture import Ecriture, ErreurEcriture, ecrire_plusieurs
from transfo.load.yaml_loader import Chemin, LoadError, load_text

_BOM = "\ufeff"


class RefusEdition(ValueError):
    """An edit that cannot be made without risk; the message is ``file:line:col: …``."""


def ligne_revue(le: date, empreintes: dict[str, str]) -> str:
    # Quoted: a hexadecimal fingerprint such as 1234e5678 would otherwise read as a number.
    valeurs = ", ".join(f'{k}: "{v}"' for k, v in sorted(empreintes.items()))
    return f'revue: {{date: "{le.isoformat()}", empreintes: {{{valeurs}}}}}'


def _valeur_revue(le: date, empreintes: dict[str, str]) -> dict[str, Any]:
    return {"date": le.isoformat(), "empreintes": dict(empreintes)}


@dataclass
class _Fichier:
    chemin: Path
    lu: bytes
    bom: bool
    texte: str
    donnees: Any
    revues: dict[Chemin, dict[str, Any]] = field(default_factory=dict)


def _refus(fichier: Path, noeud_ou_mark: Any, message: str, indice: str) -> RefusEdition:
    mark = getattr(noeud_ou_mark, "start_mark", noeud_ou_mark)
    return RefusEdition(f"{fichier}:{mark.line + 1}:{mark.column + 1}: {message} — {indice}")


def _noeud(racine: yaml.Node, chemin: Chemin, fichier: Path) -> yaml.Node:
    noeud = racine
    for partie in chemin:
        if isinstance(partie, int) and isinstance(noeud, yaml.SequenceNode):
            noeud = noeud.value[partie]
        elif isinstance(partie, str) and isinstance(noeud, yaml.MappingNode):
            noeud = next(v for k, v in noeud.value if k.value == partie)
        else:  # the loader built the same structure: cannot happen on a file it loaded
            raise _refus(fichier, noeud, "structure inattendue", "relancez la commande")
    return noeud


_SAUT = re.compile(r"\r\n|\n|\r")


def _saut_dominant(texte: str) -> str:
    sauts = _SAUT.findall(texte)
    return max(("\r\n", "\n", "\r"), key=sauts.count) if sauts else "\n"


def editer_revue(texte: str, fichier: Path, chemin_entite: Chemin, le: date,
                 empreintes: dict[str, str]) -> str:
    """The text with the entity's review set; raises :class:`RefusEdition` when the entity
    is not written in a form that can be edited without risk."""
    racine = yaml.compose(texte, Loader=yaml.SafeLoader)  # pure Python: marks count characters
    if racine is None:
        raise RefusEdition(f"{fichier} : fichier vide")
    entite = _noeud(racine, chemin_entite, fichier)
    if not isinstance(entite, yaml.MappingNode):
        raise _refus(fichier, entite, "l'entité n'est pas un dictionnaire",
                     "corrigez d'abord le fichier avec « transfo validate »")
    if entite.flow_style:
        raise _refus(fichier, entite, "entité écrite en style flux ({…} sur une ligne) : "
                     "transfo review ne peut pas y ajouter sa revue sans risque",
                     "écrivez-la en style bloc, une clé par ligne, puis relancez")
    cles = {k.value: (k, v) for k, v in entite.value}
    texte_revue = ligne_revue(le, empreintes)
    if "revue" in cles:
        cle, valeur = cles["revue"]
        if not (isinstance(valeur, yaml.MappingNode) and valeur.flow_style
                and valeur.end_mark.line == cle.start_mark.line):
            raise _refus(fichier, cle, "la revue existante n'est pas un {…} sur une seule "
                         "ligne : transfo review ne la remplace pas sans risque",
                         "supprimez-la (toutes ses lignes) puis relancez")
        debut: int = cle.start_mark.index
        fin_revue: int = valeur.end_mark.index
        return texte[:debut] + texte_revue + texte[fin_revue:]
    if "id" not in cles:
        raise _refus(fichier, entite, "entité sans « id: »",
                     "corrigez d'abord le fichier avec « transfo validate »")
    cle, valeur = cles["id"]
    if not (isinstance(valeur, yaml.ScalarNode) and valeur.start_mark.line == cle.start_mark.line
            and valeur.end_mark.line == cle.start_mark.line):
        raise _refus(fichier, cle, "la valeur de « id: » n'est pas sur la ligne de la clé : "
                     "transfo review ne sait pas où placer la revue sans risque",
                     "écrivez « id: … » sur une seule ligne, puis relancez")
    fin_id: int = valeur.end_mark.index
    colonne: int = cle.start_mark.column
    saut = _SAUT.search(texte, fin_id)
    if saut is None:  # the id line is the last one, without a line break
        return texte + _saut_dominant(texte) + " " * colonne + texte_revue
    return (texte[: saut.end()] + " " * colonne + texte_revue + saut.group()
            + texte[saut.end():])


def _placer(donnees: Any, chemin: Chemin, revue: dict[str, Any]) -> Any:
    attendu = copy.deepcopy(donnees)
    entite = attendu
    for partie in chemin:
        entite = entite[partie]
    entite["revue"] = revue
    return attendu


def ecrire_revues(revues: list[tuple[Path, Chemin, str, date, dict[str, str]]],
                  attendus: dict[Path, Any] | None = None) -> None:
    """Sets the review of each ``(file, path of the entity, id, date, fingerprints)``, all
    files or none. ``attendus``: the data each file held when the fingerprints were
    computed; a file that differs now was saved meanwhile, and nothing is written."""
    fichiers: dict[Path, _Fichier] = {}
    for chemin, chemin_entite, ident, le, empreintes in revues:
        if chemin not in fichiers:
            if chemin.is_symlink():
                raise RefusEdition(f"{chemin} est un lien symbolique : transfo review n'écrit "
                                   "pas à travers un lien — remplacez-le par le vrai fichier")
            try:
                lu = chemin.read_bytes()
                texte = lu.decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise RefusEdition(f"{chemin} : lecture impossible ({exc})") from None
            bom = texte.startswith(_BOM)
            texte = texte.removeprefix(_BOM)
            try:
                donnees = load_text(str(chemin), texte).donnees
            except LoadError as exc:
                raise RefusEdition(exc.probleme.format()) from None
            if attendus is not None and chemin in attendus and attendus[chemin] != donnees:
                raise RefusEdition(f"{chemin} a changé depuis sa validation (enregistré par un "
                                   "éditeur ?) : rien n'est écrit ; relancez la commande")
            fichiers[chemin] = _Fichier(chemin, lu, bom, texte, donnees)
        fichier = fichiers[chemin]
        entite = fichier.donnees
        for partie in chemin_entite:
            entite = entite[partie]
        if not isinstance(entite, dict) or entite.get("id") != ident:
            raise RefusEdition(f"{chemin} : « {ident} » n'est plus où la validation l'a trouvé "
                               "— relancez la commande")
        fichier.texte = editer_revue(fichier.texte, chemin, chemin_entite, le, empreintes)
        fichier.revues[chemin_entite] = _valeur_revue(le, empreintes)
    ecritures = []
    for fichier in fichiers.values():
        attendu = fichier.donnees
        for chemin_entite, revue in fichier.revues.items():
            attendu = _placer(attendu, chemin_entite, revue)
        try:
            obtenu = load_text(str(fichier.chemin), fichier.texte).donnees
        except LoadError as exc:
            raise RefusEdition(f"{fichier.chemin} : la revue aurait rendu le fichier illisible "
                               f"({exc.probleme.message}) : rien n'est écrit") from None
        if obtenu != attendu:
            raise RefusEdition(f"{fichier.chemin} : la revue aurait changé autre chose "
                               "qu'elle-même : rien n'est écrit ; ajoutez-la à la main")
        contenu = (_BOM if fichier.bom else "") + fichier.texte
        ecritures.append(Ecriture(fichier.chemin, contenu.encode("utf-8"), lu=fichier.lu))
    try:
        ecrire_plusieurs(ecritures)
    except ErreurEcriture as exc:
        raise RefusEdition(str(exc)) from None
