"""Loads a model folder and reports every problem in one run: files, schema, links, coherence."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from transfo.load.discovery import FichierModele, discover, shown_path
from transfo.load.yaml_loader import Document, LoadError, load_file
from transfo.model.audit import Audit, Source
from transfo.model.entities import KINDS, Chantier, Macroprocessus, Processus, Referentiel
from transfo.problems import Gravite, Position, Probleme, sort_problems
from transfo.validate import coherence, graphs, references, revue, valeur
from transfo.validate.schema_errors import schema_problems


@dataclass
class Resultat:
    """The outcome of a validation: the audit (complete only when there is no error)."""

    audit: Audit
    problemes: list[Probleme] = field(default_factory=list)
    fichiers: int = 0
    """How many model files were found (read or not)."""

    @property
    def erreurs(self) -> list[Probleme]:
        return [p for p in self.problemes if p.gravite is Gravite.ERREUR]

    @property
    def avertissements(self) -> list[Probleme]:
        return [p for p in self.problemes if p.gravite is Gravite.AVERTISSEMENT]


def _ids_bruts(donnees: Any) -> Iterator[str]:
    """Ids written in a file that failed validation, so that references to them still hold."""
    if isinstance(donnees, dict):
        if isinstance(donnees.get("id"), str):
            yield donnees["id"]
        for cle in ("gains", "directions", "acteurs", "applications"):
            for item in donnees.get(cle) or []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    yield item["id"]


class _Registre:
    def __init__(self, racine: Path) -> None:
        self.audit = Audit(racine=racine)
        self.problemes: list[Probleme] = []

    def enregistrer(self, ident: str, table: dict[str, Any], entite: Any, source: Source) -> None:
        audit = self.audit
        if ident in audit.sources:
            premiere = audit.sources[ident].position("id")
            ici = source.position("id")
            self.problemes.append(
                Probleme(
                    ici,
                    f"identifiant « {ident} » déjà utilisé ({premiere})",
                    "chaque entité a un identifiant unique : renommez l'une des deux",
                    code="id-double",
                    voir_aussi=(premiere,),
                )
            )
            return
        table[ident] = entite
        audit.sources[ident] = source

    def ajouter(self, fichier: FichierModele, document: Document, modele: BaseModel) -> None:
        audit = self.audit
        if isinstance(modele, Referentiel):
            if audit.referentiel is not None:
                self.problemes.append(
                    Probleme(Position(fichier.chemin), "un second référentiel", code="fichier")
                )
                return
            audit.referentiel = modele
            for nom_liste, table in (
                ("directions", audit.directions),
                ("acteurs", audit.acteurs),
                ("applications", audit.applications),
            ):
                for i, item in enumerate(getattr(modele, nom_liste)):
                    self.enregistrer(item.id, table, item, Source(document, (nom_liste, i)))
        elif isinstance(modele, Macroprocessus):
            self.enregistrer(modele.id, audit.macroprocessus, modele, Source(document))
        elif isinstance(modele, Processus):
            self.enregistrer(modele.id, audit.processus, modele, Source(document))
            for i, gain in enumerate(modele.gains):
                self.enregistrer(gain.id, audit.gains, gain, Source(document, ("gains", i)))
                audit.processus_du_gain.setdefault(gain.id, modele.id)
        elif isinstance(modele, Chantier):
            self.enregistrer(modele.id, audit.chantiers, modele, Source(document))


def _nom_attendu(fichier: FichierModele, modele: BaseModel, document: Document) -> Probleme | None:
    ident = getattr(modele, "id", None)
    if fichier.kind in ("processus", "chantier") and ident and fichier.path.stem != ident:
        return Probleme(
            document.position(("id",)),
            f"le fichier s'appelle « {fichier.path.name} » mais décrit « {ident} »",
            f"renommez le fichier en « {ident}{fichier.path.suffix} » pour qu'on le retrouve",
            gravite=Gravite.AVERTISSEMENT,
            code="nom-fichier",
        )
    return None


def valider_dossier(racine: Path) -> Resultat:
    """Loads and checks every file under ``racine``; never raises on bad content."""
    registre = _Registre(racine)
    if not racine.is_dir():
        probleme = Probleme(
            Position(shown_path(racine)),
            "dossier du modèle introuvable",
            "indiquez le dossier qui contient referentiel.yml (par défaut processes/)",
            code="fichier",
        )
        return Resultat(registre.audit, [probleme])
    return valider_fichiers(racine, discover(racine),
                            lambda fichier: load_file(fichier.path, fichier.chemin))


def valider_fichiers(
    racine: Path, fichiers: list[FichierModele], charger: Callable[[FichierModele], Document]
) -> Resultat:
    """The same checks on files that ``charger`` reads from anywhere (disk, git objects)."""
    registre = _Registre(racine)
    for fichier in fichiers:
        try:
            document = charger(fichier)
        except LoadError as exc:
            registre.problemes.append(exc.probleme)
            continue
        registre.audit.fichiers.append(document)
        if fichier.kind == "referentiel" and (format_ancien := valeur.ancien_format(document)):
            return Resultat(registre.audit, [format_ancien], len(fichiers))
        classe = KINDS[fichier.kind]
        try:
            modele = classe.model_validate(document.donnees)
        except ValidationError as exc:
            registre.problemes.extend(schema_problems(exc, classe, document))
            registre.audit.ids_invalides.update(_ids_bruts(document.donnees))
            continue
        registre.ajouter(fichier, document, modele)
        mauvais_nom = _nom_attendu(fichier, modele, document)
        if mauvais_nom:
            registre.problemes.append(mauvais_nom)
    audit = registre.audit
    problemes = registre.problemes
    if audit.referentiel is None and "referentiel" not in {f.kind for f in fichiers}:
        problemes.append(
            Probleme(
                Position(shown_path(racine / "referentiel.yml")),
                "référentiel manquant",
                "créez referentiel.yml : directions, acteurs, applications et paramètres",
                code="fichier",
            )
        )
    problemes.extend(references.check(audit))
    problemes.extend(graphs.check(audit))
    problemes.extend(coherence.check(audit))
    problemes.extend(valeur.check(audit))
    if not any(p.gravite is Gravite.ERREUR for p in problemes):
        problemes.extend(revue.check(audit))
    return Resultat(audit, sort_problems(problemes), len(fichiers))
