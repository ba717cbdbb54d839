"""``transfo new``: writes a commented file that validates, and never overwrites one."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined

from transfo.constants import DOSSIER_CHANTIERS, id_pattern, id_valide
from transfo.model.audit import Audit
from transfo.validate.runner import valider_dossier
from transfo.validate.schema_errors import suggestion

_ENV = Environment(
    loader=PackageLoader("transfo.adapters.cli", "templates"),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
    autoescape=False,  # YAML, not HTML; values are ids checked against a pattern or JSON-quoted
)


class Refus(Exception):
    """A scaffold that cannot be written (unknown reference, file already there)."""


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
    valeurs: dict[str, object] = {"id": args.id, "nom": args.nom or args.id}
    aujourd_hui = date.today()
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
        valeurs |= {
            "direction": _direction(audit, args.direction),
            "debut": aujourd_hui.isoformat(),
            "fin": date(aujourd_hui.year, 12, 31).isoformat(),
            "annee": aujourd_hui.year,
        }
        cible = racine / DOSSIER_CHANTIERS / f"{args.id}.yml"
    else:
        nom_dossier = args.id.removeprefix("MP-").lower()
        valeurs |= {"direction": _direction(audit, args.direction), "famille": args.famille}
        cible = racine / nom_dossier / "macroprocessus.yml"
    schema = Path(os.path.relpath(Path("schemas").resolve(), cible.parent.resolve()))
    valeurs["schema"] = (schema / f"{args.genre}.schema.json").as_posix()
    return cible, valeurs


def creer(args: argparse.Namespace) -> int:
    if not id_valide(args.genre, args.id):
        print(f"transfo new : identifiant « {args.id} » mal formé (attendu "
              f"{id_pattern(args.genre)}, par exemple P-SOL-PCH, C-PORTAIL, MP-SOL-ENFANCE)",
              file=sys.stderr)
        return 2
    resultat = valider_dossier(args.dossier)
    audit = resultat.audit
    try:
        if audit.connu(args.id):
            ou = f" ({audit.sources[args.id].fichier})" if args.id in audit.sources else ""
            raise Refus(f"l'identifiant « {args.id} » existe déjà{ou}")
        cible, valeurs = _preparer(args, audit)
        if cible.exists():
            raise Refus(f"{cible} existe déjà : rien n'est écrasé")
    except Refus as refus:
        print(f"transfo new : {refus}", file=sys.stderr)
        return 2
    cible.parent.mkdir(parents=True, exist_ok=True)
    texte = _ENV.get_template(f"{args.genre}.yml.j2").render(**valeurs)
    with cible.open("x", encoding="utf-8") as fichier:
        fichier.write(texte)
    print(f"{cible} créé — complétez-le puis lancez « transfo validate »")
    nouveaux = [p for p in valider_dossier(args.dossier).erreurs
                if Path(p.position.chemin).resolve() == cible.resolve()]
    for probleme in nouveaux:
        print(probleme.format(), file=sys.stderr)
    return 1 if nouveaux else 0
