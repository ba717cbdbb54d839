"""The capacity to deliver, on a small hand-made case whose answer is known.

Two teams: EQ-DSN (100 jours-personnes a quarter, 50 in 2026-T3) and EQ-METIERS (80). Four
chantiers added to the small model:

- C-A, 2026-01-01 → 2026-06-30 (181 days: 90 in T1, 91 in T2), 181 days of EQ-DSN in total;
- C-B, 2026-01-01 → 2026-03-31, 30 days of EQ-DSN in 2026-T1 (per quarter), 60 of EQ-METIERS;
- C-C, 2026-01-01 → 2026-03-31, 40 days of EQ-DSN;
- C-D, 2026-04-01 → 2026-06-30, depends on C-C, 70 days of EQ-METIERS.

EQ-DSN is asked 90 + 30 + 40 = 160 days in 2026-T1: one overloaded quarter.

The cases tests/cas/capacite/trimestre-surcharge.yml and tests/cas/pages/capacite-en-limite.yml
write the same model as patches: change them with it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import lancer, remplacer, valider_depuis_parent
from tests.outils_site import copier_projet
from transfo.analyse.capacite import analyser_capacite, repartir
from transfo.analyse.planification import PasDePlan, planifier
from transfo.validate.runner import valider_dossier

REF = "referentiel.yml"
EQUIPES = """equipes:
- id: EQ-DSN
  nom: Direction des systèmes d'information
  capacite_trimestre: 100
  source: Plan de charge
  par_trimestre:
  - {trimestre: "2026-T3", jours: 50}
- id: EQ-METIERS
  nom: Directions métiers
  capacite_trimestre: 80
  source: Référents métiers
"""
CHANTIER = """id: {id}
nom: Chantier {id}
description: Un chantier du cas d'essai.
horizon: court_terme
debut: "{debut}"
fin: "{fin}"
pilote: DIR-DSN
depend_de: [{depend}]
charges:
{charges}
mareva: {{necessite: 1, maitrise_risques: 1, internalites: 1, externalites: 1}}
"""
CHARGES = {
    "C-A": ("2026-01-01", "2026-06-30", "", "- {equipe: EQ-DSN, jours: 181}"),
    "C-B": ("2026-01-01", "2026-03-31", "",
            "- equipe: EQ-DSN\n  par_trimestre: [{trimestre: \"2026-T1\", jours: 30}]\n"
            "- {equipe: EQ-METIERS, jours: 60}"),
    "C-C": ("2026-01-01", "2026-03-31", "", "- {equipe: EQ-DSN, jours: 40}"),
    "C-D": ("2026-04-01", "2026-06-30", "C-C", "- {equipe: EQ-METIERS, jours: 70}"),
}


@pytest.fixture
def cas(mini: Path) -> Path:
    with (mini / REF).open("a", encoding="utf-8") as f:
        f.write(EQUIPES)
    for cid, (debut, fin, depend, charges) in CHARGES.items():
        (mini / "feuille-de-route" / f"{cid}.yml").write_text(
            CHANTIER.format(id=cid, debut=debut, fin=fin, depend=depend, charges=charges),
            encoding="utf-8")
    return mini


def _messages(dossier: Path) -> list[str]:
    return [p.format() for p in valider_depuis_parent(dossier).problemes]


def test_a_total_is_spread_in_proportion_to_the_days_of_each_quarter() -> None:
    assert repartir(181, date(2026, 1, 1), date(2026, 6, 30)) == {(2026, 1): 90, (2026, 2): 91}
    parts = repartir(91, date(2026, 2, 15), date(2026, 5, 16))  # 45 days in T1, 46 in T2
    assert {t: round(j, 6) for t, j in parts.items()} == {(2026, 1): 45, (2026, 2): 46}


def test_load_and_capacity_per_team_and_quarter(cas: Path) -> None:
    capacite = analyser_capacite(valider_dossier(cas).audit)
    dsn, metiers = capacite.equipes
    assert [(t.libelle, round(t.charge, 6), t.capacite) for t in dsn.trimestres] == [
        ("2026-T1", 160, 100), ("2026-T2", 91, 100)]
    assert dsn.trimestres[0].chantiers() == [("C-A", 90), ("C-C", 40), ("C-B", 30)]
    assert [t.libelle for t in dsn.surcharges] == ["2026-T1"]
    assert [(t.libelle, t.charge, t.capacite) for t in metiers.trimestres] == [
        ("2026-T1", 60, 80), ("2026-T2", 70, 80)]
    assert capacite.par_chantier("C-B")[0][1] == [((2026, 1), 30)]


def test_an_overloaded_quarter_is_a_warning_of_its_own_code(cas: Path) -> None:
    """Its message and place are a case: tests/cas/capacite/trimestre-surcharge.yml."""
    problemes = valider_dossier(cas).problemes
    assert [p.code for p in problemes] == ["surcharge-equipe"]


def test_a_capacity_override_lifts_the_overload(cas: Path) -> None:
    remplacer(cas / REF, '  - {trimestre: "2026-T3", jours: 50}',
              '  - {trimestre: "2026-T3", jours: 50}\n  - {trimestre: "2026-T1", jours: 160}')
    assert _messages(cas) == []
    resultat = lancer("planifier", str(cas))
    assert resultat.returncode == 0
    lignes = resultat.stdout.splitlines()
    assert lignes[0] == ("Aucun changement de date : le calendrier actuel tient la capacité de "
                         "chaque équipe.")
    assert lignes[-1] == ("Proposition : aucun chantier déplacé sur 5, aucun trimestre "
                          "surchargé avant ni après. Le modèle n'est pas modifié.")


def test_planifier_proposes_exact_date_changes_within_capacity(cas: Path) -> None:
    audit = valider_dossier(cas).audit
    plan = planifier(audit, {"C-A": 1000, "C-B": 300, "C-C": 100, "C-D": 50})
    # C-PORTAIL asks nothing of the teams: first; then by value per person-day.
    assert plan.ordre == ["C-PORTAIL", "C-A", "C-B", "C-C", "C-D"]
    assert [(x.chantier, x.mois, x.apres.debut.isoformat(), x.apres.fin.isoformat())
            for x in plan.changements] == [
        ("C-B", 6, "2026-07-01", "2026-09-30"),  # its per-quarter load moves to T3
        ("C-C", 8, "2026-09-01", "2026-11-30"),  # T3 keeps 50 - 30 = 20 days: 13.2 in T3
        ("C-D", 8, "2026-12-01", "2027-02-28"),  # after the end of C-C, which it depends on
    ]
    assert plan.apres.surcharges == []
    assert len(plan.avant.surcharges) == 1
    # Value first: with C-C worth more per person-day than C-A, C-A is the one that waits.
    autre = planifier(audit, {"C-A": 10, "C-B": 300, "C-C": 1000, "C-D": 50})
    assert autre.ordre[:3] == ["C-PORTAIL", "C-C", "C-B"]
    assert ("C-C", 0) not in [(x.chantier, x.mois) for x in autre.changements]
    assert "C-A" in [x.chantier for x in autre.changements]


def test_planifier_from_a_replanning_date(cas: Path) -> None:
    remplacer(cas / "feuille-de-route/C-D.yml", 'debut: "2026-04-01"', 'debut: "2027-04-01"')
    remplacer(cas / "feuille-de-route/C-D.yml", 'fin: "2026-06-30"', 'fin: "2027-06-30"')
    audit = valider_dossier(cas).audit
    # Without --des, nothing starts earlier than planned: C-D keeps its dates.
    assert "C-D" not in [x.chantier for x in planifier(audit, {}).changements]
    # From 2026-01-01, C-D may start earlier: right after the end of C-C (moved to
    # 2026-09-01 → 2026-11-30); C-PORTAIL, under way since 2025, keeps its dates.
    plan = planifier(audit, {}, des=date(2026, 1, 1))
    assert [(x.chantier, x.mois, x.apres.debut.isoformat(), x.apres.fin.isoformat())
            for x in plan.changements] == [
        ("C-B", 6, "2026-07-01", "2026-09-30"),
        ("C-C", 8, "2026-09-01", "2026-11-30"),
        ("C-D", -4, "2026-12-01", "2027-02-28"),
    ]
    # Chantiers already under way that overload a team on their own: no plan.
    with pytest.raises(PasDePlan, match="les chantiers commencés avant le 2026-01-02 "
                       "demandent déjà 160 jours-personnes"):
        planifier(audit, {}, des=date(2026, 1, 2))


def test_planifier_command_prints_the_changes_and_is_deterministic(cas: Path) -> None:
    premier = lancer("planifier", str(cas))
    assert premier.returncode == 0, premier.stderr
    lignes = premier.stdout.splitlines()
    assert lignes[:3] == [
        "C-B : début 2026-01-01 → 2026-07-01, fin 2026-03-31 → 2026-09-30 (6 mois plus tard)",
        "C-C : début 2026-01-01 → 2026-09-01, fin 2026-03-31 → 2026-11-30 (8 mois plus tard)",
        "C-D : début 2026-04-01 → 2026-12-01, fin 2026-06-30 → 2027-02-28 (8 mois plus tard)"
        " ; ses dates passent du court terme au moyen terme : revoyez son horizon",
    ]
    assert "  EQ-DSN, Direction des systèmes d'information : 160 j en 2026-T1 (160\u202f% de " \
        "la capacité) → 91 j en 2026-T2 (91\u202f% de la capacité)" in lignes
    assert lignes[-1].startswith("Proposition : 3 chantiers déplacés sur 5, 1 trimestre "
                                 "surchargé avant, aucun après. Le modèle n'est pas modifié")
    assert lancer("planifier", str(cas)).stdout == premier.stdout
    # Never rewrites the model.
    assert 'debut: "2026-01-01"' in (cas / "feuille-de-route/C-B.yml").read_text("utf-8")
    aide = lancer("planifier", "--help").stdout
    assert "Ne modifie jamais le modèle" in aide


def test_no_plan_when_a_chantier_alone_exceeds_a_team(cas: Path) -> None:
    remplacer(cas / "feuille-de-route/C-A.yml", "jours: 181", "jours: 400")
    with pytest.raises(PasDePlan):
        planifier(valider_dossier(cas).audit, {})
    resultat = lancer("planifier", str(cas))
    assert resultat.returncode == 1
    assert resultat.stdout == ""
    assert resultat.stderr == (
        "transfo planifier : aucun calendrier ne tient la capacité : le chantier « C-A » "
        "demande à lui seul 199 jours-personnes à l'équipe « Direction des systèmes "
        "d'information » (EQ-DSN) au trimestre 2026-T1, pour une capacité de 100 — réduisez "
        "ou étalez sa charge (par_trimestre), allongez le chantier ou augmentez la capacité "
        "de l'équipe\n")


def test_bad_inputs_are_placed_with_a_hint(cas: Path) -> None:
    remplacer(cas / "feuille-de-route/C-C.yml", "equipe: EQ-DSN", "equipe: EQ-DNS")
    remplacer(cas / REF, '"2026-T3", jours: 50', '"2031-T1", jours: 50')
    remplacer(cas / "feuille-de-route/C-D.yml", "jours: 70}",
              "jours: 70, par_trimestre: [{trimestre: \"2026-T2\", jours: 70}]}")
    remplacer(cas / "feuille-de-route/C-B.yml", '"2026-T1"', '"2026-Q1"')
    erreurs = [m for m in _messages(cas) if ": erreur :" in m]
    assert erreurs == [  # files that fail the schema first (what follows may come from them)
        "processes/feuille-de-route/C-B.yml:11:31: erreur : trimestre attendu au format "
        "AAAA-Tn, trouvé « 2026-Q1 » — écrivez l'année, un tiret, T et le numéro du trimestre "
        "de 1 à 4, entre guillemets : \"2026-T2\"",
        "processes/feuille-de-route/C-D.yml:10:3: erreur : charge de l'équipe « EQ-METIERS » : "
        "« jours » et « par_trimestre » à la fois — gardez l'un des deux : jours (total "
        "réparti sur la durée du chantier) ou par_trimestre (la charge de chaque trimestre)",
        "processes/feuille-de-route/C-C.yml:10:12: erreur : équipe inconnue « EQ-DNS » — "
        "vouliez-vous dire « EQ-DSN » ?",
        f"processes/{REF}:{_ligne(cas / REF, '2031-T1')}:17: erreur : trimestre 2031-T1 hors "
        "de l'horizon de la feuille de route (2025-T1 à 2030-T4) — déclarez la capacité d'un "
        "trimestre où des chantiers peuvent avoir lieu, ou retirez-la",
    ]


def _ligne(fichier: Path, texte: str) -> int:
    return next(i for i, ligne in enumerate(fichier.read_text("utf-8").splitlines(), 1)
                if texte in ligne)


def test_json_export_has_load_and_capacity_per_team_and_quarter(cas: Path) -> None:
    resultat = lancer("export", "json", str(cas))
    assert resultat.returncode == 0, resultat.stderr
    assert json.loads(resultat.stdout)["capacite"] == [
        {"equipe": "EQ-DSN", "trimestre": "2026-T1", "charge": 160.0, "capacite": 100.0},
        {"equipe": "EQ-DSN", "trimestre": "2026-T2", "charge": 91.0, "capacite": 100.0},
        {"equipe": "EQ-METIERS", "trimestre": "2026-T1", "charge": 60.0, "capacite": 80.0},
        {"equipe": "EQ-METIERS", "trimestre": "2026-T2", "charge": 70.0, "capacite": 80.0},
    ]


def test_capacity_page_and_chantier_section_in_the_built_site(cas: Path,
                                                               tmp_path: Path) -> None:
    projet = copier_projet(tmp_path / "projet", cas)
    # Not --strict: the overload is a warning, which is what the page must show.
    resultat = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=projet, capture_output=True,
        text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TRANSFO_PUBLIC": "0"})
    assert resultat.returncode == 0, resultat.stderr[-2000:]
    assert "surchargée au trimestre 2026-T1" in resultat.stderr
    site = projet / "site"
    page = (site / "capacite" / "index.html").read_text("utf-8")
    assert "Capacité à faire" in page
    assert '<h2 id="eq-dsn">' in page
    # The overloaded quarter is said in words, in the table and in the chart's alternative.
    assert "<strong>surcharge</strong>" in page
    assert "1 trimestre en surcharge : 2026-T1" in page
    assert 'src="../graphiques/' in page
    # The quarter's chantiers are named as readers know them, the id in a tooltip.
    assert re.search(r'<a href="../chantiers/C-B/index.html"><span title="C-B">[^<]+</span>',
                     page)
    chantier = (site / "chantiers" / "C-B" / "index.html").read_text("utf-8")
    assert "Charge des équipes" in chantier
    assert chantier.index("Charge des équipes") < chantier.index("Risques")
    sans_espaces_fines = chantier.replace("\u202f", " ").replace("\u00a0", " ")
    assert "2026-T1 : 30 j" in sans_espaces_fines
    assert 'href="../../capacite/index.html#eq-dsn"' in chantier
    assert "du 1<sup>er</sup> trimestre 2026 au 2<sup>e</sup> trimestre 2026" in page
    document = (site / "document-complet" / "index.html").read_text("utf-8")
    assert re.search(r'<h2 id="p\d+-eq-dsn">', document)  # the page itself, not its link
