"""``transfo new``: writes a commented file that validates, and never overwrites one."""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from datetime import date
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from transfo.ecriture import ErreurEcriture, ecrire_atomique, preparer_dossier
from transfo.load.yaml_loader import LoadError, load_text
from transfo.model.audit import Audit
from transfo.model.genres import PAR_CODE, dossiers_reserves, id_pattern, id_valide
from transfo.validate.runner import valider_dossier
from transfo.validate.schema_errors import suggestion

_ENV = Environment(
    loader=PackageLoader("transfo.adapters.cli", "templates"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,  # YAML, not HTML; values are ids checked against a pattern or quoted
)
DOSSIERS_RESERVES = dossiers_reserves()
"""Folders of the model that a macroprocess cannot take: their files are read as another kind
(chantiers, scenarios, follow-up files)."""
_ECHAPPES = {"\\": "\\\\", '"': '\\"', "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P",
             "\ufeff": "\\uFEFF"}


def _dossier_du_genre(genre: str) -> str:
    regle = PAR_CODE[genre].fichier
    if regle is None or regle.dossier is None:
        raise ValueError(f"{genre} : pas de dossier propre")
    return regle.dossier


class Refus(Exception):
    """A scaffold that cannot be written (unknown reference, file already there)."""


def texte_yaml(texte: str) -> str:
    """``texte`` as a YAML value, as typed (accents, ``&``…): plain when the project's loader
    reads it back unchanged, else double-quoted with only the escapes YAML needs."""
    if texte == texte.strip() and "\n" not in texte and _relu(f"nom: {texte}\n") == texte:
        return texte
    return '"' + "".join(_ECHAPPES.get(c, c) for c in texte) + '"'


def _relu(texte: str) -> object:
    try:
        return load_text("nom", texte).donnees.get("nom")
    except LoadError:
        return None


def _controle(texte: str) -> str | None:
    """The first control character of ``texte`` (tab, line break…), as its code point
    (« U+0009 »)."""
    for c in texte:
        if unicodedata.category(c) in ("Cc", "Cs"):
            return f"U+{ord(c):04X}"
    return None


def _dossier_macro(audit: Audit, mp_id: str) -> Path:
    if mp_id not in audit.macroprocessus:
        raise Refus(
            f"macroprocessus inconnu « {mp_id} »"
            + (f" — {s}" if (s := suggestion(mp_id, audit.macroprocessus)) else "")
        )
    return Path(audit.sources[mp_id].fichier).parent


def _direction(audit: Audit, demandee: str | None, defaut: str | None = None) -> str:
    if demandee:
        if demandee not in audit.directions:
            raise Refus(f"direction inconnue « {demandee} »"
                        + (f" — {s}" if (s := suggestion(demandee, audit.directions)) else ""))
        return demandee
    if defaut:
        return defaut
    if not audit.directions:
        raise Refus("le référentiel n'a aucune direction : complétez referentiel.yml d'abord")
    return next(iter(audit.directions))


def _preparer(args: argparse.Namespace, audit: Audit) -> tuple[Path, dict[str, object]]:
    racine: Path = args.dossier
    valeurs: dict[str, object] = {"id": args.id, "nom": texte_yaml(args.nom or args.id)}
    if args.genre == "processus":
        if not args.macroprocessus:
            raise Refus("précisez --macroprocessus MP-… pour un processus")
        dossier = _dossier_macro(audit, args.macroprocessus)
        direction = _direction(audit, args.direction,
                               audit.macroprocessus[args.macroprocessus].direction)
        agents = [a for a in audit.acteurs.values() if a.type == "agent"]
        des_la_direction = [a for a in agents if a.direction == direction]
        if not agents:
            raise Refus("le référentiel n'a aucun acteur de type agent")
        valeurs |= {
            "macroprocessus": args.macroprocessus,
            "direction": direction,
            "acteur": (des_la_direction or agents)[0].id,
        }
        cible = dossier / f"{args.id}.yml"
    elif args.genre == "chantier":
        if audit.referentiel is None:
            raise Refus("le référentiel ne se charge pas : corrigez referentiel.yml d'abord "
                        "(ses paramètres donnent les dates proposées)")
        annee = audit.referentiel.parametres.annee_reference.valeur
        valeurs |= {
            "direction": _direction(audit, args.direction),
            "debut": date(annee, 1, 1).isoformat(),
            "fin": date(annee, 12, 31).isoformat(),
            "annee": annee,
        }
        cible = racine / _dossier_du_genre("chantier") / f"{args.id}.yml"
    else:
        nom_dossier = args.id.removeprefix("MP-").lower()
        if nom_dossier in DOSSIERS_RESERVES:
            raise Refus(f"le dossier « {nom_dossier}/ » est réservé (les fichiers qui s'y trouvent "
                        "sont lus comme des chantiers, des scénarios ou des suivis) : choisissez "
                        "un autre identifiant")
        valeurs |= {"direction": _direction(audit, args.direction), "famille": args.famille}
        cible = racine / nom_dossier / "macroprocessus.yml"
    schema = Path(os.path.relpath(Path("schemas").resolve(), cible.parent.resolve()))
    valeurs["schema"] = (schema / f"{args.genre}.schema.json").as_posix()
    return cible, valeurs


def creer(args: argparse.Namespace) -> int:
    if not id_valide(args.genre, args.id):
        print(f"transfo new : identifiant « {args.id!r} » mal formé (attendu "
              f"{id_pattern(args.genre)}, par exemple P-SOL-PCH, C-PORTAIL, MP-SOL-ENFANCE)",
              file=sys.stderr)
        return 2
    if args.nom is not None and (not args.nom.strip() or _controle(args.nom)):
        print(f"transfo new : nom refusé {args.nom!r} — un nom tient sur une ligne, sans "
              "caractère de contrôle (tabulation, retour à la ligne…)", file=sys.stderr)
        return 2
    if not args.dossier.is_dir():
        print(f"transfo new : dossier introuvable « {args.dossier} »", file=sys.stderr)
        return 2
    resultat = valider_dossier(args.dossier)
    audit = resultat.audit
    try:
        if audit.connu(args.id):
            ou = f" ({audit.sources[args.id].fichier})" if args.id in audit.sources else ""
            raise Refus(f"l'identifiant « {args.id} » existe déjà{ou}")
        cible, valeurs = _preparer(args, audit)
        texte = _ENV.get_template(f"{PAR_CODE[args.genre].gabarit}.yml.j2").render(**valeurs)
        if _relu(texte) != (args.nom or args.id):
            raise Refus(f"le nom {args.nom!r} ne se relit pas à l'identique en YAML")
        preparer_dossier(args.dossier, cible)
        if cible.exists():
            raise Refus(f"{cible} existe déjà : rien n'est écrasé")
        ecrire_atomique(cible, texte.encode("utf-8"), nouveau=True)
    except (Refus, ErreurEcriture) as refus:
        print(f"transfo new : {refus}", file=sys.stderr)
        return 2 if isinstance(refus, Refus) else 1
    print(f"{cible} créé — complétez-le puis lancez « transfo validate »")
    nouveaux = [p for p in valider_dossier(args.dossier).erreurs
                if Path(p.position.chemin).resolve() == cible.resolve()]
    for probleme in nouveaux:
        print(probleme.format(), file=sys.stderr)
    return 1 if nouveaux else 0
