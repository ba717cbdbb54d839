"""A copy of the small model with internal content of every kind, each carrying a sentinel
that must never reach a public output."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.conftest import MINI

SENTINELLES = {
    "acteur": "SENTINELLE-ACTEUR Contrôleur confidentiel",
    "application": "SENTINELLE-APPLICATION Outil maison",
    "direction": "SENTINELLE-DIRECTION Mission secrète",
    "gain": "SENTINELLE-GAIN Gain réservé",
    "chantier": "SENTINELLE-CHANTIER Chantier réservé",
    "irritant": "SENTINELLE-IRRITANT Délai légal dépassé",
}
IDS_INTERNES = ["ACT-CONTROLEUR", "APP-MAISON", "DIR-SECRET", "G-SOL-APA-4", "C-INTERNE"]


def _lire(fichier: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(fichier.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _ecrire(fichier: Path, donnees: object) -> None:
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False), "utf-8")


def modele_avec_interne(cible: Path) -> Path:
    """The small model, plus: an internal actor (category A) doing a public step, an
    internal application used by a public step, an internal direction piloting a public
    chantier, an internal derived gain, an internal chantier a public one depends on, an
    internal irritant, and a reviewed gain."""
    shutil.copytree(MINI, cible)
    ref = _lire(cible / "referentiel.yml")
    ref["directions"].append({"id": "DIR-SECRET", "nom": SENTINELLES["direction"],
                              "visibilite": "interne"})
    ref["acteurs"].append({"id": "ACT-CONTROLEUR", "nom": SENTINELLES["acteur"],
                           "direction": "DIR-SECRET", "categorie": "A",
                           "visibilite": "interne"})
    ref["applications"].append({"id": "APP-MAISON", "nom": SENTINELLES["application"],
                                "visibilite": "interne"})
    _ecrire(cible / "referentiel.yml", ref)

    fichier = cible / "autonomie" / "P-SOL-APA.yml"
    proc = _lire(fichier)
    proc["existant"].append({"id": "E5", "libelle": "Contrôle de cohérence",
                             "acteur": "ACT-CONTROLEUR", "application": "APP-MAISON",
                             "canal": "application", "duree_minutes": 120})
    proc["existant"][3]["suivantes"] = ["E5"]
    proc["cible"].append({"id": "E5", "libelle": "Contrôle de cohérence",
                          "acteur": "ACT-CONTROLEUR", "application": "APP-MAISON",
                          "canal": "application", "duree_minutes": 30})
    proc["irritants"].append({"libelle": {"texte": SENTINELLES["irritant"],
                                          "visibilite": "interne"}, "etapes": ["E4"]})
    proc["gains"].append({
        "id": "G-SOL-APA-4", "libelle": SENTINELLES["gain"], "nature": "quantitatif",
        "axe": "rentabilite", "valorisation": {"nature": "budgetaire", "type": "euros",
                                              "montant_annuel": 123457},
        "annee_debut": 2026, "hypothese": "Hypothèse réservée.", "source": "Note interne",
        "confiance": "forte", "visibilite": "interne"})
    proc["gains"][0]["revue"] = {"date": "2025-03-01", "empreintes": {
        "gain": "0123456789abcdef", "processus": "fedcba9876543210",
        "parametres": "00112233445566ff"}}
    _ecrire(fichier, proc)

    fichier = cible / "feuille-de-route" / "C-PORTAIL.yml"
    chantier = _lire(fichier)
    chantier["pilote"] = "DIR-SECRET"
    chantier["depend_de"] = ["C-INTERNE"]
    chantier["gains"].append("G-SOL-APA-4")
    _ecrire(fichier, chantier)
    _ecrire(cible / "feuille-de-route" / "C-INTERNE.yml", {
        "id": "C-INTERNE", "nom": SENTINELLES["chantier"], "visibilite": "interne",
        "description": "Réorganisation réservée.", "horizon": "court_terme",
        "debut": "2025-01-01", "fin": "2025-06-30", "pilote": "DIR-SOL",
        "processus": ["P-SOL-APA"], "gains": ["G-SOL-APA-3"],
        "couts": [{"annee": 2025, "investissement_externe": 77777}],
        "mareva": {"necessite": 2, "maitrise_risques": 2, "internalites": 1,
                   "externalites": 1}})
    # C-PORTAIL starts while the internal chantier it depends on is still running.
    with (cible / "referentiel.yml").open("a", encoding="utf-8") as referentiel:
        referentiel.write("calendrier:\n  chevauchement_mois: 6\n  source: Test\n")
    return cible
