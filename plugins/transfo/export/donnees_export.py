"""The open data export: one CSV per kind of entity, a Table Schema for each and a Frictionless
``datapackage.json``, ready to be published on data.gouv.fr (CRPA, article L. 312-1-1).

Only the public version of the audit is read (:func:`version_publique`): an entity or a text
marked ``visibilite: interne`` is never written. CSV files are UTF-8, comma-separated, with a
header row; dates are ISO 8601; every row carries the model's stable ids; lists of ids are
joined by a space. Codes (``quantitatif``, ``court_terme``…) are kept as in the model and
explained in the schemas. The same model gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from transfo.analyse.valeur import analyser
from transfo.model.audit import Audit
from transfo.model.entities import TexteMarque
from transfo.model.flux import successeurs
from transfo.model.visibilite import version_publique

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
"""The licence of the décret n° 2017-638 list that data.gouv.fr proposes by default."""


@dataclass(frozen=True)
class Champ:
    nom: str
    type: str  # Table Schema type: string, integer, number, date
    description: str
    requis: bool = False


@dataclass
class Ressource:
    nom: str
    titre: str
    description: str
    champs: list[Champ]
    lignes: list[list[Any]]
    cle: list[str]
    references: list[tuple[str, str, str]]
    """(field, resource, field) foreign keys."""

    def schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "fields": [
                {"name": c.nom, "type": c.type, "description": c.description,
                 **({"format": "default"} if c.type == "date" else {}),
                 **({"constraints": {"required": True}} if c.requis else {})}
                for c in self.champs
            ],
            "primaryKey": self.cle,
            "missingValues": [""],
        }
        if self.references:
            schema["foreignKeys"] = [
                {"fields": champ, "reference": {"resource": ressource, "fields": cible}}
                for champ, ressource, cible in self.references
            ]
        return schema


def _texte(valeur: TexteMarque | str | None) -> str:
    if valeur is None:
        return ""
    return valeur.texte if isinstance(valeur, TexteMarque) else valeur


def _cellule(valeur: Any) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, bool):
        return "true" if valeur else "false"
    if isinstance(valeur, float):
        return str(int(valeur)) if valeur.is_integer() else repr(valeur)
    if isinstance(valeur, date):
        return valeur.isoformat()
    if isinstance(valeur, list | tuple):
        return " ".join(str(v) for v in valeur)
    return str(valeur)


def _csv(entetes: Iterable[str], lignes: Iterable[list[Any]]) -> bytes:
    tampon = io.StringIO()
    ecrivain = csv.writer(tampon, lineterminator="\n")
    ecrivain.writerow(entetes)
    for ligne in lignes:
        ecrivain.writerow([_cellule(v) for v in ligne])
    return tampon.getvalue().encode("utf-8")


def _public(ident: str | None, table: dict[str, Any]) -> str | None:
    """A reference kept only if its entity is public: an internal actor, application or
    direction is not even named by its id."""
    return ident if ident in table else None


def _etapes(pub: Audit) -> list[list[Any]]:
    lignes = []
    for p in pub.processus.values():
        for version in ("existant", "cible"):
            etapes = getattr(p, version)
            suite = successeurs(etapes)
            lignes += [[p.id, version, e.id, i, e.libelle, _public(e.acteur, pub.acteurs),
                        _public(e.application, pub.applications), e.canal,
                        e.duree_minutes, e.delai_jours, e.part, suite[e.id]]
                       for i, e in enumerate(etapes, start=1)]
    return lignes


def ressources(audit: Audit) -> list[Ressource]:
    """The public tables of the audit, in a stable order."""
    pub = version_publique(audit)
    analyse = analyser(pub)
    ident = Champ("id", "string", "Identifiant stable de l'entité dans le modèle.", True)
    nom = Champ("nom", "string", "Nom.", True)
    description = Champ("description", "string", "Description, en Markdown.")
    direction = Champ("direction", "string", "Identifiant de la direction (vide si elle est "
                      "interne).")
    tables = [
        Ressource("directions", "Directions", "Les directions de la collectivité.",
                  [ident, nom, description],
                  [[d.id, d.nom, _texte(d.description)] for d in pub.directions.values()],
                  ["id"], []),
        Ressource("acteurs", "Acteurs", "Les acteurs des processus : agents, usagers, "
                  "partenaires.",
                  [ident, nom, Champ("type", "string", "agent, usager ou partenaire.", True),
                   direction, Champ("categorie", "string", "Catégorie statutaire (A, B, C).")],
                  [[a.id, a.nom, a.type, _public(a.direction, pub.directions), a.categorie]
                   for a in pub.acteurs.values()], ["id"], []),
        Ressource("applications", "Applications", "Les applications du système d'information.",
                  [ident, nom, description],
                  [[a.id, a.nom, _texte(a.description)] for a in pub.applications.values()],
                  ["id"], []),
        Ressource("macroprocessus", "Macroprocessus", "La cartographie des macroprocessus.",
                  [ident, nom,
                   Champ("famille", "string", "pilotage, realisation ou support.", True),
                   direction,
                   Champ("potentiel", "string", "Potentiel de transformation numérique : "
                         "faible, moyen ou fort.", True), description],
                  [[m.id, m.nom, m.famille, _public(m.direction, pub.directions), m.potentiel,
                    _texte(m.description)]
                   for m in pub.macroprocessus.values()], ["id"], []),
        Ressource("processus", "Processus", "Les processus audités.",
                  [ident, nom, Champ("macroprocessus", "string", "Macroprocessus parent.", True),
                   direction,
                   Champ("volume_annuel", "number", "Nombre de dossiers traités par an.", True),
                   Champ("unite_volume", "string", "Ce que compte le volume.", True),
                   Champ("leviers", "string", "Leviers de transformation, séparés par une "
                         "espace."),
                   Champ("enjeux", "string", "Enjeux, séparés par une espace."), description],
                  [[p.id, p.nom, p.macroprocessus, _public(p.direction, pub.directions),
                    p.volume_annuel, p.unite_volume, p.leviers, p.enjeux, _texte(p.description)]
                   for p in pub.processus.values()],
                  ["id"], [("macroprocessus", "macroprocessus", "id")]),
        Ressource("etapes", "Étapes des processus", "Une ligne par étape de chaque processus, "
                  "dans son existant et dans sa cible.",
                  [Champ("processus", "string", "Identifiant du processus.", True),
                   Champ("version", "string", "existant ou cible.", True),
                   Champ("etape", "string", "Identifiant de l'étape dans le processus.", True),
                   Champ("ordre", "integer", "Rang de l'étape dans la liste (à partir de 1).",
                         True),
                   Champ("libelle", "string", "Libellé de l'étape.", True),
                   Champ("acteur", "string", "Identifiant de l'acteur (vide s'il est "
                         "interne)."),
                   Champ("application", "string", "Identifiant de l'application utilisée."),
                   Champ("canal", "string", "Canal de l'étape.", True),
                   Champ("duree_minutes", "number", "Temps de traitement par dossier, en "
                         "minutes.", True),
                   Champ("delai_jours", "number", "Délai d'attente avant l'étape, en jours.",
                         True),
                   Champ("part", "number", "Part des dossiers qui passent par l'étape (0 à 1).",
                         True),
                   Champ("suivantes", "string", "Étapes suivantes, séparées par une espace ; "
                         "vide en fin de processus.")],
                  _etapes(pub),
                  ["processus", "version", "etape"], [("processus", "processus", "id")]),
        Ressource("gains", "Gains attendus", "Les gains attendus de la transformation "
                  "(méthode MAREVA), avec leur valeur à pleine charge.",
                  [ident, Champ("processus", "string", "Processus transformé (vide pour un gain "
                                "propre à un chantier)."),
                   Champ("libelle", "string", "Libellé du gain.", True),
                   Champ("nature", "string", "quantitatif ou qualitatif.", True),
                   Champ("axe", "string", "Axe MAREVA.", True),
                   Champ("indicateur", "string", "Indicateur suivi."),
                   Champ("reference", "number", "Valeur de l'indicateur aujourd'hui."),
                   Champ("cible", "number", "Valeur visée de l'indicateur."),
                   Champ("unite", "string", "Unité de l'indicateur."),
                   Champ("annee_debut", "integer", "Première année du gain."),
                   Champ("valeur_annuelle_euros", "number", "Valeur annuelle à pleine charge, "
                         "en euros (gains quantitatifs)."),
                   Champ("confiance", "string", "faible, moyenne ou forte.", True),
                   Champ("hypothese", "string", "Hypothèse de calcul, en Markdown."),
                   Champ("source", "string", "Source de l'estimation.", True),
                   Champ("chantier", "string", "Chantier qui porte lui-même le gain, sans "
                         "processus (vide sinon).")],
                  [[g.id, pub.processus_du_gain.get(g.id), g.libelle, g.nature, g.axe, g.indicateur,
                    g.reference, g.cible, g.unite, analyse.gains[g.id].annee_debut,
                    round(analyse.gains[g.id].annuel_plein, 2)
                    if analyse.gains[g.id].quantitatif else None,
                    g.confiance, _texte(g.hypothese), g.source, pub.chantier_du_gain.get(g.id)]
                   for g in pub.gains.values()],
                  ["id"], [("processus", "processus", "id"), ("chantier", "chantiers", "id")]),
        Ressource("chantiers", "Chantiers de la feuille de route", "Les chantiers, leurs "
                  "dates, leurs dépendances et leur valeur actuelle nette.",
                  [ident, nom,
                   Champ("horizon", "string", "court_terme, moyen_terme ou long_terme.", True),
                   Champ("debut", "date", "Date de début (AAAA-MM-JJ).", True),
                   Champ("fin", "date", "Date de fin (AAAA-MM-JJ).", True),
                   Champ("pilote", "string", "Direction qui pilote le chantier (vide si elle "
                         "est interne)."),
                   Champ("depend_de", "string", "Chantiers préalables, séparés par une espace."),
                   Champ("processus", "string", "Processus transformés, séparés par une "
                         "espace."),
                   Champ("gains", "string", "Gains livrés, séparés par une espace."),
                   Champ("van_financiere_euros", "number", "Valeur actuelle nette financière "
                         "(budget du Département seulement), en euros.", True),
                   Champ("van_socio_economique_euros", "number", "Valeur actuelle nette "
                         "socio-économique (temps des agents et des usagers compris), en "
                         "euros.", True),
                   description],
                  [[c.id, c.nom, c.horizon, c.debut, c.fin, _public(c.pilote, pub.directions),
                    c.depend_de, c.processus, c.gains,
                    round(analyse.chantiers[c.id].van_financiere, 2),
                    round(analyse.chantiers[c.id].van_socio_economique, 2),
                    _texte(c.description)]
                   for c in pub.chantiers.values()], ["id"], []),
        Ressource("flux", "Flux annuels des chantiers", "Une ligne par chantier et par année "
                  "de sa fenêtre d'analyse : coûts et gains par nature, en euros.",
                  [Champ("chantier", "string", "Identifiant du chantier.", True),
                   Champ("annee", "integer", "Année.", True),
                   Champ("couts_euros", "number", "Coûts de l'année.", True),
                   Champ("gains_budgetaires_euros", "number", "Gains pour le budget du "
                         "Département (économies, recettes, coûts évités, postes non "
                         "remplacés).", True),
                   Champ("gains_temps_agents_euros", "number", "Valeur du temps libéré pour "
                         "les agents (redéployé, pas économisé).", True),
                   Champ("gains_temps_usagers_euros", "number", "Valeur du temps gagné par les "
                         "usagers.", True),
                   Champ("gains_temps_partenaires_euros", "number", "Valeur du temps gagné par "
                         "les partenaires du Département.", True),
                   Champ("flux_financier_euros", "number", "Gains budgétaires moins coûts.",
                         True)],
                  [[cid, annee, round(v.couts[k], 2), round(v.gains_budgetaires[k], 2),
                    round(v.gains_temps_agents[k], 2), round(v.gains_temps_usagers[k], 2),
                    round(v.gains_temps_partenaires[k], 2),
                    round(v.gains_budgetaires[k] - v.couts[k], 2)]
                   for cid, v in analyse.chantiers.items() for k, annee in enumerate(v.annees)],
                  ["chantier", "annee"], [("chantier", "chantiers", "id")]),
    ]
    return tables


def _json(donnees: Any) -> bytes:
    return (json.dumps(donnees, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_donnees(audit: Audit, dossier: Path) -> list[Path]:
    """Writes the CSV files, their schemas and ``datapackage.json`` into ``dossier``."""
    tables = ressources(audit)
    collectivite = audit.referentiel.collectivite if audit.referentiel else ""
    paquet: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "audit-transformation",
        "title": f"Audit de transformation — {collectivite}".rstrip(" —"),
        "description": "Cartographie des processus, étapes existantes et cibles, gains "
        "attendus et feuille de route de l'audit de transformation, sans les contenus "
        "internes.",
        "licenses": [LICENCE],
        "resources": [],
    }
    ecrits = []
    for table in tables:
        (dossier / f"{table.nom}.csv").write_bytes(
            _csv([c.nom for c in table.champs], table.lignes))
        (dossier / f"{table.nom}.schema.json").write_bytes(_json(table.schema()))
        ecrits += [dossier / f"{table.nom}.csv", dossier / f"{table.nom}.schema.json"]
        paquet["resources"].append({
            "name": table.nom, "title": table.titre, "description": table.description,
            "path": f"{table.nom}.csv", "profile": "tabular-data-resource", "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8",
            "schema": f"{table.nom}.schema.json",
        })
    (dossier / "datapackage.json").write_bytes(_json(paquet))
    ecrits.append(dossier / "datapackage.json")
    return ecrits
