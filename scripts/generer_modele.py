"""Writes a synthetic audit model of N processes, for benchmarks and load tests.

    python scripts/generer_modele.py 1000 /tmp/modele

Each process has an existant of 8 steps and a cible of 6 (with a branch), 3 gains and
belongs to one of N/10 macroprocesses; one chantier per 10 processes, with dependencies.
The output validates without error or warning.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

import yaml

from transfo.model.entities import VERSION_FORMAT

DIRECTIONS = 10
APPLICATIONS = 12


def _ecrire(chemin: Path, donnees: object) -> None:
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")


def referentiel() -> dict[str, object]:
    def p(valeur: float) -> dict[str, object]:
        return {"valeur": valeur, "source": "Synthétique"}

    acteurs: list[dict[str, object]] = [
        {"id": "ACT-USAGER", "nom": "Usager", "type": "usager"},
    ]
    for d in range(DIRECTIONS):
        for r, cat in enumerate("ABC"):
            acteurs.append({"id": f"ACT-D{d}-R{r}", "nom": f"Agent {cat} de la direction {d}",
                            "direction": f"DIR-D{d}", "categorie": cat})
    return {
        "version_format": VERSION_FORMAT,
        "collectivite": "Département synthétique",
        "parametres": {
            "annee_reference": {"valeur": 2025, "source": "Synthétique"},
            "horizon_annees": {"valeur": 6, "source": "Synthétique"},
            "taux_actualisation": {"valeur": 0.045, "source": "Synthétique"},
            "heures_par_etp": p(1607),
            "cout_etp": {"A": p(65000), "B": p(50000), "C": p(42000)},
            "valeur_heure_usager": {"particulier": p(15), "professionnel": p(30),
                                    "entreprise": p(35)},
        },
        "directions": [{"id": f"DIR-D{d}", "nom": f"Direction {d}"} for d in range(DIRECTIONS)],
        "acteurs": acteurs,
        "calendrier": {"chevauchement_mois": 24, "source": "Synthétique : chantiers parallèles"},
        "applications": [{"id": f"APP-A{a}", "nom": f"Application {a}"}
                         for a in range(APPLICATIONS)],
    }


def processus(n: int, hasard: random.Random) -> dict[str, object]:
    d = n % DIRECTIONS
    acteurs = ["ACT-USAGER", f"ACT-D{d}-R0", f"ACT-D{d}-R1", f"ACT-D{d}-R2"]

    def etape(i: int, libelle: str, acteur: str, duree: float,
              **extra: object) -> dict[str, object]:
        return {"id": f"E{i}", "libelle": f"{libelle} {i} du processus {n}", "acteur": acteur,
                "application": f"APP-A{(n + i) % APPLICATIONS}", "canal": "application",
                "duree_minutes": duree, "delai_jours": hasard.randint(0, 10), **extra}

    existant = [etape(1, "Dépôt", acteurs[0], 40, canal="courrier")]
    existant += [etape(i, "Traitement", acteurs[1 + i % 3], hasard.randint(10, 60))
                 for i in range(2, 9)]
    existant[2]["suivantes"] = ["E4", "E5"]
    existant[3]["part"] = 0.3
    cible = [etape(1, "Dépôt en ligne", acteurs[0], 15, canal="portail")]
    # A target step never takes longer than the step it replaces: no derived gain is
    # negative, and the model validates without warning.
    durees = {e["id"]: e["duree_minutes"] for e in existant}
    cible += [etape(i, "Traitement", acteurs[1 + i % 3],
                    min(hasard.randint(5, 40), durees[f"E{i}"]))
              for i in (2, 3, 5, 7, 8)]
    pid = f"P-S{n}"
    return {
        "id": pid, "nom": f"Processus synthétique numéro {n}", "macroprocessus": f"MP-M{n // 10}",
        "direction": f"DIR-D{d}", "description": f"Description du processus {n}.",
        "volume_annuel": hasard.randint(200, 20000), "existant": existant, "cible": cible,
        "irritants": [{"libelle": "Ressaisies", "etapes": ["E2"]}],
        "leviers": ["demarches_en_ligne"], "enjeux": ["qualite_performance"],
        "gains": [
            {"id": f"G-S{n}-1", "libelle": "Temps agent", "nature": "quantitatif",
             "axe": "internalites",
             "valorisation": {"nature": "temps_agent", "type": "etp", "derivee": True},
             "montee_en_charge": [0.5, 1.0], "annee_debut": 2027, "hypothese": "Synthétique.",
             "source": "Synthétique", "confiance": "moyenne"},
            {"id": f"G-S{n}-2", "libelle": "Temps usager", "nature": "quantitatif",
             "axe": "externalites",
             "valorisation": {"nature": "temps_usager", "usager": "particulier",
                              "type": "heures_usager", "derivee": True},
             "annee_debut": 2027, "hypothese": "Synthétique.", "source": "Synthétique",
             "confiance": "faible"},
            {"id": f"G-S{n}-3", "libelle": "Qualité perçue", "nature": "qualitatif",
             "axe": "internalites", "hypothese": "Synthétique.", "source": "Synthétique",
             "confiance": "forte"},
        ],
    }


def generer(nombre: int, dossier: Path, graine: int = 7) -> None:
    hasard = random.Random(graine)
    _ecrire(dossier / "referentiel.yml", referentiel())
    for m in range((nombre + 9) // 10):
        _ecrire(dossier / f"m{m}" / "macroprocessus.yml", {
            "id": f"MP-M{m}", "nom": f"Macroprocessus {m}", "famille": "realisation",
            "direction": f"DIR-D{m % DIRECTIONS}", "description": "Synthétique.",
            "potentiel": ["faible", "moyen", "fort"][m % 3]})
    for n in range(nombre):
        _ecrire(dossier / f"m{n // 10}" / f"P-S{n}.yml", processus(n, hasard))
    for c in range((nombre + 9) // 10):
        membres = range(c * 10, min(c * 10 + 10, nombre))
        _ecrire(dossier / "feuille-de-route" / f"C-S{c}.yml", {
            "id": f"C-S{c}", "nom": f"Chantier synthétique {c}", "description": "Synthétique.",
            "horizon": "court_terme",  # its dates: 24 months from the reference year
            "debut": "2025-01-01", "fin": "2026-12-31", "pilote": f"DIR-D{c % DIRECTIONS}",
            "depend_de": [f"C-S{c - 1}"] if c % 4 else [],
            "processus": [f"P-S{n}" for n in membres],
            "gains": [f"G-S{n}-{k}" for n in membres for k in (1, 2, 3)],
            "couts": [{"annee": 2025, "investissement_externe": 200000},
                      {"annee": 2026, "fonctionnement_interne": 20000}],
            "mareva": {"necessite": 2, "maitrise_risques": 2, "internalites": 3,
                       "externalites": 3},
        })


def main() -> None:
    parser = argparse.ArgumentParser(description="Écrit un modèle d'audit synthétique.")
    parser.add_argument("nombre", type=int, help="nombre de processus")
    parser.add_argument("dossier", type=Path, help="dossier du modèle à écrire")
    args = parser.parse_args()
    generer(args.nombre, args.dossier)
    print(f"{args.nombre} processus écrits dans {args.dossier}")


if __name__ == "__main__":
    main()
