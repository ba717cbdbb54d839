"""Loads a model folder and reports every problem in one run: files, schema, links, coherence."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from transfo.analyse.revue import StatutRevue, statuts
from transfo.constants import LIMITE_TAILLE_OCTETS
from transfo.load.discovery import FichierModele, discover, lire, shown_path
from transfo.load.yaml_loader import Document, LoadError
from transfo.model.audit import Audit
from transfo.model.entities import KINDS, Referentiel, Suivi, Synthese
from transfo.model.genres import GENRES, PAR_CODE, Genre
from transfo.model.provenance import Provenance, Source
from transfo.problems import (
    LIMITE_PAR_FICHIER,
    Gravite,
    Position,
    Probleme,
    limiter_par_fichier,
    sort_problems,
)
from transfo.validate import (
    cadrage,
    capacite,
    coherence,
    graphs,
    references,
    revue,
    scenarios,
    suivi,
    synthese,
    valeur,
)
from transfo.validate.politique import Politique, appliquer
from transfo.validate.references import (
    FichierNonLu,
    Lacunes,
    fichier_non_lu,
    ressemble_a_un_id,
)
from transfo.validate.schema_errors import schema_problems


@dataclass
class Resultat:
    """The outcome of a validation: the audit (complete only when there is no error)."""

    audit: Audit
    problemes: list[Probleme] = field(default_factory=list)
    fichiers: int = 0
    """How many model files were found (read or not)."""
    revues: list[StatutRevue] = field(default_factory=list)
    """The review status of every gain and chantier, computed once here for the warnings
    and handed on to the pages (:func:`transfo.render.generation.editer`); empty when the
    model has errors."""

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


def _textes(donnees: Any) -> Iterator[str]:
    """Every text of a parsed file, for the ids it names."""
    pile = [donnees]
    while pile:
        noeud = pile.pop()
        if isinstance(noeud, str):
            yield noeud
        elif isinstance(noeud, dict):
            pile.extend(noeud.values())
        elif isinstance(noeud, list):
            pile.extend(noeud)


def lire_disque(fichier: FichierModele) -> bytes | None:
    """The raw bytes of a model file on disk, when they can be read within the size limit;
    never those of a file that discovery refused (a symlink, a special file)."""
    if fichier.refus is not None:
        return None
    try:
        if fichier.path.stat().st_size > LIMITE_TAILLE_OCTETS:
            return None
        return fichier.path.read_bytes()
    except OSError:
        return None


def _texte_brut(octets: bytes | None) -> str | None:
    if octets is None:
        return None
    try:
        return octets.decode("utf-8")
    except UnicodeDecodeError:
        return None


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
        """Indexes a valid file: its own entity, then the entities its lists define, kind by
        kind of the registry (a process's gains, the référentiel's directions…)."""
        audit = self.audit
        provenance = document.provenance
        if isinstance(modele, Referentiel):
            if audit.referentiel is not None:
                self.problemes.append(
                    Probleme(Position(fichier.chemin), "un second référentiel", code="fichier")
                )
                return
            audit.referentiel = modele
            audit.source_referentiel = Source(provenance)
        elif isinstance(modele, Synthese):
            audit.synthese = modele
            audit.source_synthese = Source(provenance)
        elif isinstance(modele, Suivi):
            self.problemes.extend(suivi.enregistrer(audit, modele, Source(provenance)))
        ident: str = getattr(modele, "id", "")
        table_du_fichier = PAR_CODE[fichier.kind].table
        if table_du_fichier is not None:
            self.enregistrer(ident, getattr(audit, table_du_fichier), modele, Source(provenance))
        for genre, champ in _LISTES.get(fichier.kind, ()):
            table = getattr(audit, genre.table or "")
            proprietaire = _PROPRIETAIRES.get((fichier.kind, genre.code))
            for i, item in enumerate(getattr(modele, champ)):
                self.enregistrer(item.id, table, item, Source(provenance, (champ, i)))
                if proprietaire is not None:
                    getattr(audit, proprietaire).setdefault(item.id, ident)


_LISTES: dict[str, list[tuple[Genre, str]]] = {}
"""Kind of file → (kind of entity, the list field of the file that defines them)."""
for _genre in GENRES:
    for _fichier, _champ in _genre.emplacements:
        if _genre.table is not None:
            _LISTES.setdefault(_fichier, []).append((_genre, _champ))
_PROPRIETAIRES = {("processus", "gain"): "processus_du_gain",
                  ("chantier", "gain"): "chantier_du_gain"}
"""(kind of file, kind of entity in its lists) → the audit's map from such an entity to the
file's own entity."""


def _nom_attendu(fichier: FichierModele, modele: BaseModel, document: Document) -> Probleme | None:
    ident = getattr(modele, "id", None)
    nomme = PAR_CODE[fichier.kind].nomme_fichier
    if nomme and ident and fichier.path.stem != ident:
        return Probleme(
            document.position(("id",)),
            f"le fichier s'appelle « {fichier.path.name} » mais décrit « {ident} »",
            f"renommez le fichier en « {ident}{fichier.path.suffix} » pour qu'on le retrouve",
            gravite=Gravite.AVERTISSEMENT,
            code="nom-fichier",
        )
    return None


def typer_document(fichier: FichierModele, document: Document,
                   classe: type[BaseModel]) -> BaseModel:
    """The typed entity of a loaded file (raises pydantic's ``ValidationError``)."""
    return classe.model_validate(document.donnees)


Typer = Callable[[FichierModele, Document, type[BaseModel]], BaseModel]
"""How a loaded file is typed: :func:`typer_document`, or the live preview's, which
types again only the files whose bytes changed
(:meth:`~transfo.load.memoire.ChargeurMemorise.typer`)."""


def valider_dossier(racine: Path,
                    charger: Callable[[FichierModele], Document] = lire,
                    politique: Politique | None = None,
                    base: Path | None = None,
                    typer: Typer = typer_document) -> Resultat:
    """Loads and checks every file under ``racine``; never raises on bad content.
    ``charger`` reads one file (the live preview's parses only the files that changed);
    ``politique`` says how severe each problem is shown, and which are hidden.
    ``base``: the folder the shown paths are relative to, the project's root (the folder
    of ``mkdocs.yml`` for the plugin); the current directory by default, as for the CLI."""
    registre = _Registre(racine)
    if not racine.is_dir():
        probleme = Probleme(
            Position(shown_path(racine, base)),
            "dossier du modèle introuvable",
            "indiquez le dossier qui contient referentiel.yml (par défaut processes/)",
            code="fichier",
        )
        return Resultat(registre.audit, [probleme])
    return valider_fichiers(racine, discover(racine, base), charger, lire_disque, politique,
                            base, typer)


def valider_fichiers(
    racine: Path,
    fichiers: list[FichierModele],
    charger: Callable[[FichierModele], Document],
    lire: Callable[[FichierModele], bytes | None] | None = None,
    politique: Politique | None = None,
    base: Path | None = None,
    typer: Typer = typer_document,
) -> Resultat:
    """The same checks on files that ``charger`` reads from anywhere (disk, git objects);
    ``lire`` gives the raw bytes of a file that could not be loaded, to recover the ids it
    defines (without it, such a file is taken as possibly defining any id of its kind).

    Problems that hide an entity come first, and what follows from them elsewhere is not
    reported as a mistake of its own; at most :data:`LIMITE_PAR_FICHIER` problems are listed
    per file. Once the checks are done, the positions of the files are let go
    (:meth:`~transfo.model.provenance.Provenance.oublier_positions`): the audit keeps each
    entity's file, and its problems hold their positions."""
    registre = _Registre(racine)
    bruts: dict[str, Any] = {}  # each validated file's data as typed, by shown path
    provenances: list[Provenance] = []
    lacunes = Lacunes()
    caches: dict[str, int] = {}
    for fichier in fichiers:
        try:
            document = charger(fichier)
        except LoadError as exc:
            registre.problemes.append(dataclasses.replace(exc.probleme, cause=True))
            texte = _texte_brut(lire(fichier)) if lire else None
            lacunes.ajouter(fichier_non_lu(fichier.chemin, fichier.kind, fichier.path.stem,
                                           texte))
            continue
        if fichier.kind == "referentiel" and (format_ancien := valeur.ancien_format(document)):
            return Resultat(registre.audit, [format_ancien], len(fichiers))
        classe = KINDS[fichier.kind]
        try:
            modele = typer(fichier, document, classe)
        except ValidationError as exc:
            premiers = islice(schema_problems(exc, classe, document), LIMITE_PAR_FICHIER)
            registre.problemes.extend(dataclasses.replace(p, cause=True) for p in premiers)
            if exc.error_count() > LIMITE_PAR_FICHIER:
                caches[fichier.chemin] = exc.error_count() - LIMITE_PAR_FICHIER
            definis = set(_ids_bruts(document.donnees))
            registre.audit.ids_invalides.update(definis)
            cites = {t for t in _textes(document.donnees) if ressemble_a_un_id(t)}
            lacunes.ajouter(FichierNonLu(fichier.chemin, fichier.kind, definis, cites,
                                         illisible=False))
            continue  # the document is not kept: its problems hold their positions
        bruts[document.chemin] = document.donnees
        provenances.append(document.provenance)
        registre.ajouter(fichier, document, modele)
        mauvais_nom = _nom_attendu(fichier, modele, document)
        if mauvais_nom:
            registre.problemes.append(mauvais_nom)
    audit = registre.audit
    problemes = registre.problemes
    if audit.referentiel is None and "referentiel" not in {f.kind for f in fichiers}:
        problemes.append(
            Probleme(
                Position(shown_path(racine / "referentiel.yml", base)),
                "référentiel manquant",
                "créez referentiel.yml : directions, acteurs, applications et paramètres",
                code="fichier",
            )
        )
    problemes.extend(references.check(audit, lacunes))
    problemes.extend(graphs.check(audit))
    problemes.extend(coherence.check(audit, lacunes, bruts))
    problemes.extend(valeur.check(audit))
    problemes.extend(synthese.check(audit, lacunes))
    problemes.extend(scenarios.check(audit))
    problemes.extend(capacite.check(audit))
    problemes.extend(cadrage.check(audit))
    problemes.extend(suivi.check(audit))
    revues: list[StatutRevue] = []
    if not any(p.gravite is Gravite.ERREUR for p in problemes):
        revues = statuts(audit)
        problemes.extend(revue.check(audit, revues))
        problemes.extend(scenarios.check_plafonds(audit))
    for provenance in provenances:
        provenance.oublier_positions()
    montres = appliquer(problemes, politique or Politique())
    tries = limiter_par_fichier(sort_problems(montres), deja_caches=caches)
    return Resultat(audit, tries, len(fichiers), revues)
