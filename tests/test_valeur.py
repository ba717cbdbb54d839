"""Value and gap analysis against figures computed by hand, and their properties."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import valider_depuis_parent
from transfo.analyse.finance import (
    delai_retour,
    delai_retour_actualise,
    retour_sur_investissement,
    score_rentabilite,
    valeur_actuelle_nette,
)
from transfo.analyse.valeur import Analyse, analyser

EXEMPLE = [-4000.0, 1500, 1500, 1500, 1500, 1500]


def test_public_example_npv_and_paybacks() -> None:
    assert valeur_actuelle_nette(EXEMPLE, 0.10) == pytest.approx(1686.18, abs=0.005)
    assert delai_retour(EXEMPLE) == pytest.approx(2.667, abs=0.0005)
    assert delai_retour_actualise(EXEMPLE, 0.10) == pytest.approx(3.263, abs=0.0005)


def test_payback_counts_from_the_spending_not_from_an_idle_first_year() -> None:
    # Nothing in year 0, 1,000 spent in year 1, 400 gained each year after: the cumulative
    # flow is −1,000, −600, −200, +200: paid back 3.5 years after t₀, not at once.
    assert delai_retour([0.0, -1000, 400, 400, 400]) == pytest.approx(3.5)
    assert delai_retour([0.0, -1000, 400]) is None


def test_payback_is_zero_without_investment_and_none_without_gains() -> None:
    assert delai_retour([100.0, 100.0]) == 0.0
    assert delai_retour([-100.0, 0.0, 0.0], a_des_gains=False) is None
    assert delai_retour([-100.0, 20.0, 20.0]) is None


def test_roi_and_its_score() -> None:
    # costs 1000 at t0, gains 1100 at t1, rate 10 %: discounted gains 1000, ROI 0.
    assert retour_sur_investissement([0.0, 1100.0], [1000.0, 0.0], 0.10) == pytest.approx(0.0)
    assert retour_sur_investissement([0.0, 10.0], [0.0, 0.0], 0.1) is None
    assert [score_rentabilite(r, True) for r in (-0.1, 0.0, 0.6, 1.5, 2.0)] == [0, 1, 2, 3, 4]
    assert score_rentabilite(None, True) == 4 and score_rentabilite(None, False) == 0


flux = st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=12)


@given(flux, st.floats(0.0, 0.15), st.floats(0.001, 0.05))
def test_npv_falls_when_the_rate_rises_for_an_investment(f: list[float], r: float,
                                                        dr: float) -> None:
    investissement = [-abs(f[0]) - 1, *[abs(x) for x in f[1:]]]
    if len(investissement) > 1:
        assert valeur_actuelle_nette(investissement, r + dr) <= valeur_actuelle_nette(
            investissement, r) + 1e-6


@given(flux, st.floats(0.0, 0.2))
def test_doubling_every_flow_doubles_npv(f: list[float], r: float) -> None:
    assert valeur_actuelle_nette([2 * x for x in f], r) == pytest.approx(
        2 * valeur_actuelle_nette(f, r), rel=1e-9, abs=1e-6)


@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=10), st.floats(0, 0.2))
def test_a_chantier_with_no_gains_never_pays_back(couts: list[float], r: float) -> None:
    nets = [-c for c in couts]
    assert delai_retour(nets, a_des_gains=False) is None
    assert delai_retour_actualise(nets, r, a_des_gains=False) is None


def analyse_de(dossier: Path) -> Analyse:
    resultat = valider_depuis_parent(dossier)
    assert resultat.erreurs == []
    return analyser(resultat.audit)


def test_gap_analysis_of_the_mini_process_by_hand(mini: Path) -> None:
    e = analyse_de(mini).ecarts["P-SOL-APA"]
    # Existant: E2 30 min (C) + E3 20 min × 50 % (C) + E4 60 min (B); cible: E4 45 min (B).
    assert e.avant.minutes_agent == 100 and e.apres.minutes_agent == 45
    assert e.avant.heures_par_categorie == pytest.approx({"B": 1000.0, "C": 666.6667}, rel=1e-6)
    assert e.etp_liberes == pytest.approx((1666.6667 - 750) / 1607, rel=1e-6)
    # 250 h of B at 50,000 €/1,607 h + 666.67 h of C at 40,000 €/1,607 h
    assert e.euros_agents == pytest.approx(250 / 1607 * 50000 + 666.6667 / 1607 * 40000, rel=1e-6)
    # Expected wait: 5 + 10 × 50 % + 15, then 5; the slowest case waits 5 + 10 + 15.
    assert e.avant.delai_jours == 25 and e.apres.delai_jours == 5
    assert e.avant.delai_plus_long_jours == 30 and e.apres.delai_plus_long_jours == 5
    assert e.heures_usager_gagnees == 500  # (60 − 30) min × 1,000 cases
    assert [x.statut for x in e.etapes] == ["modifiee", "supprimee", "supprimee", "modifiee"]


def test_gains_are_valued_with_ramp_up_and_summed_by_chantier(mini: Path) -> None:
    a = analyse_de(mini)
    g1, g2 = a.gains["G-SOL-APA-1"], a.gains["G-SOL-APA-2"]
    assert g1.nature == "temps_agent" and g2.nature == "temps_usager"
    assert g1.par_annee[0] == 0 and g1.par_annee[1] == pytest.approx(g1.annuel_plein / 2)
    assert g1.par_annee[2:] == pytest.approx([g1.annuel_plein] * 4)
    assert g2.annuel_plein == 500 * 15
    c = a.chantiers["C-PORTAIL"]
    # Go-live 2025 (its end), five years of operation: 2025–2030; the 2026 running cost
    # goes on to the end of the window.
    assert c.annees == (2025, 2026, 2027, 2028, 2029, 2030)
    assert c.couts == (50000, 5000, 5000, 5000, 5000, 5000)
    assert c.gains_temps_agents == pytest.approx(g1.par_annee)
    assert c.gains_temps_usagers == pytest.approx(g2.par_annee)
    assert c.gains_budgetaires == (0.0,) * 6
    assert c.van_financiere == pytest.approx(valeur_actuelle_nette([-x for x in c.couts], 0.1))
    assert c.van_financiere_scenario("pessimiste") < c.van_financiere
    assert c.van_socio_economique_scenario("pessimiste") < c.van_socio_economique \
        < c.van_socio_economique_scenario("optimiste")


def test_a_shared_gain_is_split_and_counted_once(mini: Path) -> None:
    second = mini / "feuille-de-route" / "C-FORMATION.yml"
    second.write_text((mini / "feuille-de-route" / "C-PORTAIL.yml").read_text(
        encoding="utf-8").replace("id: C-PORTAIL", "id: C-FORMATION").replace(
        "gains: [G-SOL-APA-1, G-SOL-APA-2, G-SOL-APA-3]", "gains: [G-SOL-APA-1]"),
        encoding="utf-8")
    a = analyse_de(mini)
    g1 = a.gains["G-SOL-APA-1"]
    assert a.chantiers["C-FORMATION"].gains_temps_agents == pytest.approx(
        [x / 2 for x in g1.par_annee])
    total = [sum(c.gains_temps_agents[k] for c in a.chantiers.values()) for k in range(6)]
    assert a.portefeuille.gains_temps_agents == pytest.approx(total)
    assert a.portefeuille.couts == tuple(
        sum(c.couts[k] for c in a.chantiers.values()) for k in range(6))
    assert a.portefeuille.etp_liberes == pytest.approx(
        sum(c.etp_liberes for c in a.chantiers.values()))


def test_sensitivity_moves_each_view_only_through_what_it_counts(mini: Path) -> None:
    a = analyse_de(mini)
    v = a.portefeuille
    par_nom = {x.variable: x for x in a.sensibilite}
    assert list(par_nom) == ["Taux d'actualisation", "Coût d'un ETP", "Montée en charge",
                             "Dépassement des coûts", "Retard de mise en service"]
    # No post is left unreplaced in the mini model: the cost of an ETP moves the value of the
    # agents' time (socio-economic view), never the budget.
    etp = par_nom["Coût d'un ETP"]
    assert etp.van_financiere == (v.van_financiere, v.van_financiere)
    assert etp.van_socio_economique[0] < v.van_socio_economique < etp.van_socio_economique[1]
    # The pessimistic overrun lowers both VANs; the optimistic case assumes no saving.
    depassement = par_nom["Dépassement des coûts"]
    assert depassement.van_financiere[0] == pytest.approx(v.van_financiere)
    assert depassement.van_financiere[1] < v.van_financiere
    assert depassement.van_socio_economique[1] < v.van_socio_economique
