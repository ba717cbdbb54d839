"""Scenarios: their figures are the portfolio's on their chantiers alone, shifts move dates and
costs by a stated rule, bad scenarios are reported at their line, and the page, the JSON
export and the diff show them."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RACINE, remplacer, valider_depuis_parent
from tests.outils_site import construire, copier_projet, liens_casses, lire, texte_visible
from transfo.analyse.comparaison import comparer
from transfo.analyse.scenarios import (
    ChiffresScenario,
    analyser_scenario,
    analyser_scenarios,
    chiffres,
    decaler_couts,
    recommande,
    restreindre,
)
from transfo.analyse.valeur import SCENARIOS, analyser
from transfo.export import rapport_diff
from transfo.export.json_export import export_json
from transfo.model.audit import Audit
from transfo.model.entities import CoutAnnuel
from transfo.model.visibilite import version_publique
from transfo.render.graphique_scenarios import message_couts
from transfo.render.urls import adresse_apercu
from transfo.validate.runner import valider_dossier

PORTAIL = "feuille-de-route/C-PORTAIL.yml"


@pytest.fixture(scope="module")
def exemple() -> Audit:
    resultat = valider_dossier(RACINE / "processes")
    assert not resultat.erreurs
    return resultat.audit


def _memes_chiffres(a: ChiffresScenario, b: ChiffresScenario) -> None:
    """Every figure the comparison shows, equal (flows to the cent)."""
    va, vb = a.valeur, b.valeur
    assert va.annees == vb.annees
    for s in SCENARIOS:
        assert va.van_financiere_scenario(s) == pytest.approx(vb.van_financiere_scenario(s))
        assert va.van_socio_economique_scenario(s) == pytest.approx(
            vb.van_socio_economique_scenario(s))
    for serie in ("couts", "gains_budgetaires", "gains_temps_agents", "gains_temps_usagers"):
        assert getattr(va, serie) == pytest.approx(getattr(vb, serie), abs=0.005), serie
    assert a.investissement == pytest.approx(b.investissement)
    assert a.fonctionnement == pytest.approx(b.fonctionnement)
    assert (va.delai_retour, va.delai_retour_actualise, va.roi) == (
        vb.delai_retour, vb.delai_retour_actualise, vb.roi)
    assert va.etp_liberes == pytest.approx(vb.etp_liberes)
    assert a.heures_usagers == pytest.approx(b.heures_usagers)
    assert (a.risques, a.risques_eleves, a.jalons, a.pic_chantiers, a.pic_mois,
            a.derniere_mise_en_service) == (b.risques, b.risques_eleves, b.jalons,
                                             b.pic_chantiers, b.pic_mois,
                                             b.derniere_mise_en_service)


# --- Figures -------------------------------------------------------------------------------


def test_each_unshifted_scenario_has_the_figures_of_the_portfolio_of_its_chantiers(
        exemple: Audit) -> None:
    for scenario in exemple.scenarios.values():
        if scenario.decalages:
            continue
        retenus = set(scenario.chantiers)
        a_la_main = dataclasses.replace(
            exemple, chantiers={k: c for k, c in exemple.chantiers.items() if k in retenus},
            scenarios={})
        attendu = chiffres(a_la_main, analyser(a_la_main))
        _memes_chiffres(analyser_scenario(exemple, scenario), attendu)


def test_the_full_plan_scenario_is_the_portfolio(exemple: Audit) -> None:
    complet = analyser_scenario(exemple, exemple.scenarios["S-PLAN-COMPLET"])
    _memes_chiffres(complet, chiffres(exemple, analyser(exemple)))
    assert complet.pic_chantiers == 15  # the sample's roadmap, March 2026


def test_a_scenario_of_fewer_chantiers_costs_less_and_frees_fewer_etp(exemple: Audit) -> None:
    figures = analyser_scenarios(exemple)
    socle, complet = figures["S-SOCLE-GAINS-RAPIDES"], figures["S-PLAN-COMPLET"]
    assert socle.valeur.total_couts < complet.valeur.total_couts
    assert socle.valeur.etp_liberes < complet.valeur.etp_liberes
    assert len(socle.chantiers) == 11


def test_shifting_smooths_the_peak_of_chantiers_run_at_once(exemple: Audit) -> None:
    figures = analyser_scenarios(exemple)
    assert figures["S-CAPACITE-DSN"].pic_chantiers < figures["S-PLAN-COMPLET"].pic_chantiers


SCENARIO_DECALE = """\
id: S-DECALE
nom: Portail décalé
description: Le portail trois mois plus tard.
chantiers: [C-PORTAIL]
decalages:
  - chantier: C-PORTAIL
    mois: 3
"""


def test_a_shifted_scenario_equals_the_model_with_the_shift_written_by_hand(
        mini: Path, tmp_path: Path) -> None:
    (mini / "scenarios").mkdir()
    (mini / "scenarios" / "S-DECALE.yml").write_text(SCENARIO_DECALE, encoding="utf-8")
    resultat = valider_depuis_parent(mini)
    assert resultat.problemes == []
    calcule = analyser_scenario(resultat.audit, resultat.audit.scenarios["S-DECALE"])

    # The same chantier three months later, by hand: dates, milestone, action; a quarter of
    # each year's cost in the next year; the running cost of 2026 goes on in 2027 at its
    # full rate; the go-live moves from 2025 into 2026, so do the gains' first years.
    main = tmp_path / "a-la-main" / "processes"
    shutil.copytree(mini, main)
    shutil.rmtree(main / "scenarios")
    portail = main / PORTAIL
    for avant, apres in [
        ('debut: "2025-01-01"', 'debut: "2025-04-01"'),
        ('fin: "2025-12-31"', 'fin: "2026-03-31"'),
        ('echeance: "2025-11-15"', 'echeance: "2026-02-15"'),
        ('date: "2025-06-30"', 'date: "2025-09-30"'),
        ("""  - annee: 2025
    investissement_externe: 40000
    investissement_interne: 10000
  - annee: 2026
    fonctionnement_externe: 5000""", """  - annee: 2025
    investissement_externe: 30000
    investissement_interne: 7500
  - annee: 2026
    investissement_externe: 10000
    investissement_interne: 2500
    fonctionnement_externe: 3750
  - annee: 2027
    fonctionnement_externe: 5000"""),
    ]:
        remplacer(portail, avant, apres)
    apa = main / "autonomie" / "P-SOL-APA.yml"
    apa.write_text(apa.read_text(encoding="utf-8").replace(
        "annee_debut: 2026", "annee_debut: 2027"), encoding="utf-8")
    a_la_main = valider_dossier(main).audit
    _memes_chiffres(calcule, chiffres(a_la_main, analyser(a_la_main), "S-DECALE"))


def _couts(couts: list[CoutAnnuel]) -> list[tuple[int, float, float]]:
    return [(c.annee, c.investissement_externe, c.fonctionnement_externe) for c in couts]


def test_a_yearly_cost_is_spread_over_its_months_and_follows_them() -> None:
    couts = [CoutAnnuel(annee=2025, investissement_externe=120_000),
             CoutAnnuel(annee=2026, fonctionnement_externe=12_000)]
    # Three months later: a quarter of each year moves into the next one; 2027 gets the
    # running cost at its full rate (three months of 2026's, nine of the years after).
    assert _couts(decaler_couts(couts, 3)) == [
        (2025, 90_000, 0), (2026, 30_000, 9_000), (2027, 0, 12_000)]
    # Twelve months: every year moves whole, nothing is split.
    assert _couts(decaler_couts(couts, 12)) == [(2026, 120_000, 0), (2027, 0, 12_000)]
    # Fifteen months: one year and a quarter.
    assert _couts(decaler_couts(couts, 15)) == [
        (2026, 90_000, 0), (2027, 30_000, 9_000), (2028, 0, 12_000)]
    # Three months earlier: a quarter of each year moves into the one before.
    assert _couts(decaler_couts(couts, -3)) == [
        (2024, 30_000, 0), (2025, 90_000, 3_000), (2026, 0, 12_000)]
    total = sum(c.investissement_externe for c in decaler_couts(couts, 7))
    assert total == pytest.approx(120_000)  # investment is moved, never lost or created


def test_shifts_move_dates_and_leave_other_chantiers_alone(exemple: Audit) -> None:
    scenario = exemple.scenarios["S-CAPACITE-DSN"]
    restreint = restreindre(exemple, scenario)
    guichet = exemple.chantiers["C-GUICHET-TERRITOIRES"]
    decale = restreint.chantiers["C-GUICHET-TERRITOIRES"]
    assert (decale.debut.year, decale.fin.year) == (guichet.debut.year + 1, guichet.fin.year + 1)
    assert restreint.chantiers["C-SOCLE-PORTAIL"] is exemple.chantiers["C-SOCLE-PORTAIL"]
    assert list(restreint.chantiers) == list(exemple.chantiers)  # the model's order


# --- Bad input (the mistakes are cases: tests/cas/scenarios) ------------------------------

SUITE = """\
id: C-SUITE
nom: Suite du portail
description: Ce qui vient après le portail.
horizon: court_terme
debut: "2026-01-01"
fin: "2026-12-31"
pilote: DIR-DSN
depend_de: [C-PORTAIL]
mareva: {internalites: 1, externalites: 1}
"""


def _ecrire(mini: Path, nom: str, texte: str) -> None:
    (mini / "scenarios").mkdir(exist_ok=True)
    (mini / "scenarios" / f"{nom}.yml").write_text(texte, encoding="utf-8")


def _scenario(ident: str, lignes: str) -> str:
    return f"id: {ident}\nnom: Scénario {ident}\ndescription: Pour l'essai.\n{lignes}"


def test_a_cap_kept_every_year_says_nothing(
        mini: Path, valider: Callable[[Path], list[str]]) -> None:
    _ecrire(mini, "S-A", _scenario("S-A", "chantiers: [C-PORTAIL]\nplafond_annuel: 50000\n"))
    assert valider(mini) == []
    resultat = valider_depuis_parent(mini)
    figures = analyser_scenario(resultat.audit, resultat.audit.scenarios["S-A"])
    assert figures.plafond_respecte is True
    assert figures.cout_annee(2025) == 50_000


def test_the_sample_is_strictly_valid_with_its_scenarios() -> None:
    resultat = valider_dossier(RACINE / "processes")
    assert resultat.problemes == []
    choisi = recommande(resultat.audit)
    assert choisi is not None and choisi.id == "S-SOCLE-GAINS-RAPIDES"


# --- Public version, JSON export, diff -------------------------------------------------------


def test_the_public_version_drops_internal_scenarios_and_chantiers(exemple: Audit) -> None:
    socle = exemple.scenarios["S-SOCLE-GAINS-RAPIDES"]
    interne = exemple.scenarios["S-PLAN-COMPLET"].model_copy(update={"visibilite": "interne"})
    chantier = exemple.chantiers["C-TELEGESTION-SAAD"].model_copy(
        update={"visibilite": "interne"})
    audit = dataclasses.replace(
        exemple, scenarios={**exemple.scenarios, "S-PLAN-COMPLET": interne},
        chantiers={**exemple.chantiers, "C-TELEGESTION-SAAD": chantier})
    publique = version_publique(audit)
    assert "S-PLAN-COMPLET" not in publique.scenarios
    assert publique.scenarios["S-SOCLE-GAINS-RAPIDES"].chantiers == [
        c for c in socle.chantiers if c != "C-TELEGESTION-SAAD"]
    assert "S-SOCLE-GAINS-RAPIDES" in publique.retraits


def test_the_json_export_has_each_scenario_with_the_portfolio_figures(exemple: Audit) -> None:
    analyse = analyser(exemple)
    export = export_json(exemple, analyse)
    par_id = {s["id"]: s for s in export["scenarios"]}
    assert list(par_id) == list(exemple.scenarios)
    complet = par_id["S-PLAN-COMPLET"]
    assert sorted(complet["chantiers"]) == sorted(exemple.chantiers)
    portefeuille = export["portefeuille"]
    for cle in ("van_financiere", "van_socio_economique", "delai_retour_annees",
                "roi_financier", "scenarios", "total_couts", "etp_liberes", "flux"):
        assert complet[cle] == portefeuille[cle], cle
    socle = par_id["S-SOCLE-GAINS-RAPIDES"]
    figures = analyser_scenario(exemple, exemple.scenarios["S-SOCLE-GAINS-RAPIDES"])
    assert socle["van_socio_economique"] == round(figures.valeur.van_socio_economique, 2)
    assert (socle["recommande"], socle["plafond_respecte"]) == (True, True)
    assert par_id["S-CAPACITE-DSN"]["pic_chantiers"] == figures_pic(exemple, "S-CAPACITE-DSN")


def figures_pic(audit: Audit, ident: str) -> int:
    return analyser_scenario(audit, audit.scenarios[ident]).pic_chantiers


def test_the_diff_says_how_a_change_moves_each_scenario(mini: Path, tmp_path: Path) -> None:
    _ecrire(mini, "S-A", _scenario("S-A", "chantiers: [C-PORTAIL]\n"))
    avant = valider_depuis_parent(mini).audit
    apres_dossier = tmp_path / "apres" / "processes"
    shutil.copytree(mini, apres_dossier)
    remplacer(apres_dossier / PORTAIL, "investissement_externe: 40000",
              "investissement_externe: 50000")
    apres = valider_dossier(apres_dossier).audit
    comparaison = comparer(avant, analyser(avant), apres, analyser(apres))
    texte = rapport_diff.markdown(
        comparaison, apercu=adresse_apercu("https://apercu.example.org/"))
    assert ("| [`S-A`](https://apercu.example.org/scenarios/#S-A) | Coûts sur l'horizon | "
            "75\u202f000\u202f€ | 85\u202f000\u202f€ | +10\u202f000\u202f€ |") in texte
    assert "### Scénarios dont les chiffres changent" in texte
    donnees = json.loads(rapport_diff.json_texte(comparaison))
    couts = next(e for e in donnees["scenarios"]["S-A"] if e["libelle"] == "Coûts sur l'horizon")
    assert (couts["avant"], couts["apres"]) == (75_000, 85_000)


# --- The page ------------------------------------------------------------------------------


def test_the_comparison_page_is_built_with_its_table_chart_and_links(tmp_path: Path) -> None:
    projet = copier_projet(tmp_path / "p", RACINE / "tests" / "fixtures" / "mini")
    modele = projet / "processes"
    (modele / "feuille-de-route" / "C-SUITE.yml").write_text(SUITE, encoding="utf-8")
    _ecrire(modele, "S-PORTAIL", _scenario(
        "S-PORTAIL", "chantiers: [C-PORTAIL]\nplafond_annuel: 60000\nrecommande: true\n"
        "justification: Le portail seul rapporte déjà l'essentiel.\n"))
    _ecrire(modele, "S-TOUT", _scenario(
        "S-TOUT", "chantiers: [C-PORTAIL, C-SUITE]\ndecalages:\n"
        "  - {chantier: C-SUITE, mois: 12}\n"))
    r = construire(projet)
    assert r.returncode == 0, r.stderr[-3000:]
    site = projet / "site"
    page = site / "scenarios" / "index.html"
    texte = re.sub(r"[ \t\r\n]+", " ", texte_visible(page))  # narrow spaces kept
    assert "Scénario recommandé\u00a0: Scénario S-PORTAIL" in texte
    assert "Le portail seul rapporte déjà l’essentiel." in texte
    assert "Les scénarios côte à côte\u202f; le scénario recommandé est marqué" in texte
    # One row per figure, one column per scenario, in the model's order.
    assert ("Chantiers 1 2, dont 1 décalé Coûts sur l’horizon 75\u202f000\u202f€" in texte)
    assert "Plafond annuel 60\u202f000\u202f€, respecté aucun" in texte
    assert "retardé de 12 mois 01/01/2026 → 01/01/2027" in texte
    html = page.read_text(encoding="utf-8")
    assert 'href="../chantiers/C-SUITE/index.html"' in html
    svg = next(lien for _t, lien in lire(page).liens if lien.startswith("../graphiques/"))
    assert (page.parent / svg).resolve().exists()
    assert liens_casses(site) == []
    valeur = (site / "valeur" / "index.html").read_text(encoding="utf-8")
    assert 'href="../scenarios/index.html"' in valeur  # in the navigation, by the value
    document = texte_visible(site / "document-complet" / "index.html")
    assert "Les scénarios côte à côte" in document


def test_the_chart_alternative_names_each_scenario_dearest_year_and_its_cap() -> None:
    donnees: list[dict[str, Any]] = [
        {"nom": "Socle", "couts": [1_200_000, 1_600_000], "plafond": 1_500_000},
        {"nom": "Complet", "couts": [2_000_000, 1_000_000], "plafond": None}]
    assert message_couts([2026, 2027], donnees) == (
        "Socle : au plus 1,6\u202fM€ en 2027, au-dessus de son plafond en 2027 ; "
        "Complet : au plus 2\u202fM€ en 2026")


def test_a_shift_moves_per_quarter_workloads_and_the_comparison_shows_each_team_s_peak(
) -> None:
    from datetime import date

    from transfo.analyse import scenarios as sc
    from transfo.analyse.capacite import analyser_capacite
    from transfo.model.entities import Chantier, Charge

    chantier = Chantier.model_validate({
        "id": "C-X", "nom": "X", "description": {"texte": "x"}, "horizon": "court_terme",
        "debut": date(2026, 1, 5), "fin": date(2026, 12, 18), "pilote": "DIR-X",
        "mareva": {"internalites": 1, "externalites": 1},
        "charges": [{"equipe": "EQ-A", "par_trimestre": [{"trimestre": "2026-T1", "jours": 10},
                                                          {"trimestre": "2026-T4", "jours": 5}]},
                    {"equipe": "EQ-B", "jours": 40}]})
    decale = sc.decaler_chantier(chantier, 7)  # January → August: two quarters later
    assert decale.charges[0].par_trimestre is not None
    assert [(x.trimestre, x.jours) for x in decale.charges[0].par_trimestre] == [
        ("2026-T3", 10), ("2027-T2", 5)]
    assert decale.charges[1] == Charge(equipe="EQ-B", jours=40)  # spread when read
    # The sample: one row per declared team, each scenario's peak on its own dates.
    audit = valider_depuis_parent(RACINE / "processes").audit
    figures = list(sc.analyser_scenarios(audit).values())
    lignes = [ligne for ligne in sc.lignes_comparaison(figures)
              if ligne.groupe.startswith("Capacité des équipes")]
    assert audit.referentiel is not None
    assert [ligne.libelle for ligne in lignes] == [e.nom for e in audit.referentiel.equipes]
    for f, valeur in zip(figures, lignes[0].valeurs, strict=True):
        restreint = sc.restreindre(audit, audit.scenarios[f.id])
        pointe = analyser_capacite(restreint).equipes[0].pointe()
        assert pointe is not None and pointe.libelle in valeur
