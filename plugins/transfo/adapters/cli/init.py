"""``transfo init``: gives an audit repository its CI (GitHub Actions and GitLab CI) and its
editor set-up (the JSON Schemas in ``schemas/`` and the VS Code settings that bind them)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

from transfo.adapters.cli.editeur import (
    Fusion,
    Refus,
    fusionner_extensions,
    fusionner_reglages,
    ligne_colonne,
    nombre,
    schemas,
)
from transfo.ecriture import (
    Ecriture,
    ErreurEcriture,
    ecrire_atomique,
    ecrire_plusieurs,
    preparer_dossier,
)

MODELES = {
    "github": (".github/workflows/audit.yml", "github.yml"),
    "gitlab": (".gitlab-ci.yml", "gitlab.yml"),
}

REGLAGES_VSCODE: tuple[tuple[str, Callable[[str], Fusion]], ...] = (
    (".vscode/settings.json", fusionner_reglages),
    (".vscode/extensions.json", fusionner_extensions),
)


def initialiser(args: argparse.Namespace) -> int:
    racine: Path = args.depot
    if not racine.is_dir():
        print(f"transfo init : dossier introuvable « {racine} »", file=sys.stderr)
        return 2
    if args.sans_ci and args.sans_editeur:
        print("transfo init : --sans-ci et --sans-editeur ensemble ne laissent rien à écrire",
              file=sys.stderr)
        return 2
    code = 0
    if not args.sans_ci:
        code = _ci(racine, args.forge)
    if not args.sans_editeur:
        code = max(code, _editeur(racine))
    return code


def _ci(racine: Path, forges: list[str] | None) -> int:
    ecrits = 0
    echecs = 0
    for forge in forges or list(MODELES):
        destination, source = MODELES[forge]
        cible = racine / destination
        try:
            preparer_dossier(racine, cible)
            if cible.exists():
                print(f"{cible} existe déjà : rien n'est écrasé", file=sys.stderr)
                continue
            contenu = files("transfo.adapters.cli").joinpath("templates", "ci", source)
            ecrire_atomique(cible, contenu.read_bytes(), nouveau=True)
        except ErreurEcriture as exc:
            print(f"transfo init : {exc}", file=sys.stderr)
            echecs += 1
            continue
        print(f"{cible} écrit")
        ecrits += 1
    if echecs:
        return 1
    return 0 if ecrits or forges is None else 1


def _editeur(racine: Path) -> int:
    """The schemas and the VS Code settings, written together or not at all: a settings file
    that cannot be merged leaves every editor file as it was."""
    ecritures: list[Ecriture] = []
    annonces: list[str] = []
    refus: list[str] = []
    nouveaux_schemas = 0
    for cible, texte in schemas(racine).items():
        try:
            preparer_dossier(racine, cible, creer=False)
            if not cible.exists():
                ecritures.append(Ecriture(cible, texte.encode("utf-8"), nouveau=True))
                nouveaux_schemas += 1
            elif cible.read_bytes() != texte.encode("utf-8"):
                print(f"{cible} diffère du schéma de cette version de transfo : laissé tel quel "
                      "— « transfo schema » le met à jour", file=sys.stderr)
        except ErreurEcriture as exc:
            refus.append(f"transfo init : {exc}")
        except OSError as exc:
            refus.append(f"transfo init : {cible} : lecture impossible ({exc.strerror})")
    dossier = racine / "schemas"
    ecrits = nombre(nouveaux_schemas, "schéma JSON écrit", "schémas JSON écrits")
    annonces.append(f"{dossier}/ : {ecrits}" if nouveaux_schemas
                    else f"{dossier}/ : schémas déjà présents")
    for destination, fusionner in REGLAGES_VSCODE:
        cible = racine / destination
        try:
            ecriture, annonce = _reglage(racine, cible, fusionner)
        except ErreurEcriture as exc:
            refus.append(f"transfo init : {exc}")
            continue
        except _Illisible as exc:
            refus.append(str(exc))
            continue
        annonces.append(annonce)
        if ecriture is not None:
            ecritures.append(ecriture)
    if refus:
        for ligne in dict.fromkeys(refus):  # a linked schemas/ is said once, not per schema
            print(ligne, file=sys.stderr)
        print("transfo init : aucun fichier de l'éditeur n'a été modifié (schemas/, .vscode/)",
              file=sys.stderr)
        return 1
    try:
        for ecriture in ecritures:
            preparer_dossier(racine, ecriture.chemin)
        ecrire_plusieurs(ecritures)
    except ErreurEcriture as exc:
        print(f"transfo init : {exc}", file=sys.stderr)
        return 1
    for annonce in annonces:
        print(annonce)
    return 0


class _Illisible(Exception):
    """A settings file that cannot be merged; the message is the line to print."""


def _reglage(racine: Path, cible: Path,
             fusionner: Callable[[str], Fusion]) -> tuple[Ecriture | None, str]:
    """What to write into one VS Code settings file (None: nothing) and what to say."""
    preparer_dossier(racine, cible, creer=False)  # refuses a link on the way
    if not cible.exists():
        texte = fusionner("").texte
        assert texte is not None
        return Ecriture(cible, texte.encode("utf-8"), nouveau=True), f"{cible} écrit"
    if cible.is_dir():
        raise ErreurEcriture(f"{cible} est un dossier : rien n'est écrit")
    try:
        lu = cible.read_bytes()
    except OSError as exc:
        raise ErreurEcriture(f"{cible} : lecture impossible ({exc.strerror})") from None
    bom = lu.startswith(b"\xef\xbb\xbf")
    try:
        texte = lu.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Illisible(f"{cible}: erreur : le fichier n'est pas en UTF-8 (octet {exc.start + 1})"
                         " — enregistrez-le en UTF-8 puis relancez « transfo init »") from None
    try:
        fusion = fusionner(texte)
    except Refus as exc:
        ligne, colonne = ligne_colonne(texte, exc.position)
        raise _Illisible(
            f"{cible}:{ligne}:{colonne}: erreur : {exc.message} — {exc.indice} ; le fichier "
            "n'a pas été modifié"
        ) from None
    if fusion.texte is None:
        return None, f"{cible} : {fusion.compte_rendu}"
    contenu = (b"\xef\xbb\xbf" if bom else b"") + fusion.texte.encode("utf-8")
    return Ecriture(cible, contenu, lu=lu), (f"{cible} mis à jour : {fusion.compte_rendu} ; "
                                             "le reste du fichier est inchangé")
