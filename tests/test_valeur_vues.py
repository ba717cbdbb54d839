"""The two views of the value case against cases computed by hand, independent of the code:
financial and socio-economic VAN, per-chantier horizon, avoided costs, non-replacement, the
pessimistic case; and their properties."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from transfo.analyse.valeur import ValeurChantier, ValeurGain, _valeur_chantier, sommer
from transfo.model.entities import Chantier, Parametres


def parametres(**incertitude: Any) -> Parametres:
    p = {"valeur": 1, "source": "test"}
    return Parametres.model_validate({
        "annee_reference": {"valeur": 2025, "source": "test"},
        "horizon_annees": {"valeur": 2, "source": "test"},
        "taux_actualisation": {"valeur": 0.1, "source": "test"},
        "heures_par_etp": {"valeur": 1600, "source": "test"},
        "cout_etp": {"A": p, "B": {"valeur": 50000, "source": "test"}, "C": p},
        "valeur_heure_usager": {"particulier": p, "professionnel": p, "entreprise": p},
        "incertitude": incertitude or {},
    })


def gain(ident: str, nature: str, montant: float, debut: int = 2026) -> ValeurGain:
    return ValeurGain(id=ident, processus="P-X", quantitatif=True, nature=nature,
                      annuel_plein=montant, etp_plein=0.0, heures_usager_plein=0.0,
                      annee_debut=debut, rampe=(1.0,), ecart_relatif=0.25,
                      chantiers=("C-X",))


def chantier(**champs: Any) -> Chantier:
    return Chantier.model_validate({
        "id": "C-X", "nom": "X", "description": "X", "horizon": "court_terme",
        "debut": date(2025, 1, 1), "fin": date(2025, 12, 31), "pilote": "DIR-X",
        "gains": ["G-B", "G-A", "G-U"], "mareva": {"internalites": 2, "externalites": 2},
        "couts": [{"annee": 2025, "investissement_externe": 1000},
                  {"annee": 2026, "fonctionnement_externe": 100}],
        "couts_evites": [{"libelle": "Maintenance de l'ancien outil", "montant_annuel": 150,
                          "source": "Contrat de maintenance"}],
        **champs,
    })


GAINS = {"G-B": gain("G-B", "budgetaire", 300), "G-A": gain("G-A", "temps_agent", 200),
         "G-U": gain("G-U", "temps_usager", 50)}


def valeur(valeurs_gains: dict[str, ValeurGain] = GAINS, p: Parametres | None = None,
           **champs: Any) -> ValeurChantier:
    return _valeur_chantier(chantier(**champs), valeurs_gains, p or parametres())


def test_both_views_by_hand() -> None:
    v = valeur()
    # Go-live 2025-12-31, N = 2: window 2025–2027. The 2026 running cost (100) goes on in 2027.
    assert v.annees == (2025, 2026, 2027) and v.annee_mise_en_service == 2025
    assert v.couts == (1000, 100, 100)
    # Budget: 300 (licences) + 150 (avoided maintenance) from 2026.
    assert v.gains_budgetaires == (0, 450, 450)
    assert v.couts_evites == (0, 150, 150)
    # Financial flows −1000, 350, 350 at 10 %: −1000 + 350/1.1 + 350/1.21 = −392.562
    assert v.van_financiere == pytest.approx(-392.562, abs=0.001)
    # Socio-economic flows add agents (200) and users (50): −1000, 600, 600
    # −1000 + 600/1.1 + 600/1.21 = 41.322
    assert v.van_socio_economique == pytest.approx(41.322, abs=0.001)
    # Cumulative financial flow −1000, −650, −300: never paid back.
    assert v.delai_retour is None
    # ROI: discounted budget gains 450/1.1 + 450/1.21 = 409.091 + 371.901 = 780.992;
    # discounted costs 1000 + 100/1.1 + 100/1.21 = 1173.554;
    # (780.992 − 1173.554) / 1173.554 = −0.3345
    assert v.roi == pytest.approx(-0.3345, abs=0.0001)
    assert v.mareva["rentabilite"] == 0


def test_the_pessimistic_case_by_hand() -> None:
    v = valeur()
    # Gains of medium confidence × 0.75, costs (medium confidence) × 1.25, go-live delayed
    # 6 months: 2025-12-31 → 2026-06-30, one calendar year later; avoided costs move too.
    # Costs 1250, 125, 125; budget 0, 0, 225 + 150 = 375; agents 150 and users 37.5 in 2027.
    # Financial: −1250 − 125/1.1 + 250/1.21 = −1157.025
    assert v.van_financiere_scenario("pessimiste") == pytest.approx(-1157.025, abs=0.001)
    # Socio-economic: −1250 − 125/1.1 + 437.5/1.21 = −1002.066
    assert v.van_socio_economique_scenario("pessimiste") == pytest.approx(-1002.066, abs=0.001)
    # Optimistic: gains × 1.25, no overrun, no delay: net budget flow 375 + 150 − 100 = 425
    # in 2026 and 2027 → −1000 + 425/1.1 + 425/1.21 = −1000 + 386.364 + 351.240 = −262.397
    assert v.van_financiere_scenario("optimiste") == pytest.approx(-262.397, abs=0.001)


def test_each_chantier_has_its_own_horizon_from_go_live() -> None:
    tot = valeur()
    tard = valeur(debut=date(2029, 1, 1), fin=date(2030, 6, 30),
                  couts=[{"annee": 2029, "investissement_externe": 1000},
                         {"annee": 2030, "fonctionnement_externe": 100}],
                  gains=[], couts_evites=[{"libelle": "Maintenance", "montant_annuel": 150,
                                           "source": "Contrat"}])
    # Go-live 2030: window 2029–2032, two full years of avoided costs (2031, 2032) as for the
    # early chantier, whatever the calendar.
    assert tard.annees == (2029, 2030, 2031, 2032)
    assert tard.gains_budgetaires == (0, 0, 150, 150)
    # Discounted to t₀ = 2025: −1000/1.1⁴ − 100/1.1⁵ + 50/1.1⁶ + 50/1.1⁷ = −683.013 − 62.092
    # + 28.224 + 25.658 = −691.224
    assert tard.van_financiere == pytest.approx(-691.224, abs=0.001)
    portefeuille = sommer([tot, tard], 2025, 0.1)
    assert portefeuille.annees == tuple(range(2025, 2033))
    assert portefeuille.couts == (1000, 100, 100, 0, 1000, 100, 100, 100)
    assert portefeuille.van_financiere == pytest.approx(
        tot.van_financiere + tard.van_financiere)


def test_non_replacement_moves_agent_time_to_the_budget() -> None:
    # 0.002 ETP of category B (50,000 €) not replaced from 2027: 100 € a year, which leaves
    # the agents' time (200 → 100) for the budget (450 → 550) in 2027 only.
    v = valeur(non_remplacement=[{"annee": 2027, "etp": 0.002, "categorie": "B"}])
    assert v.economies_postes == (0, 0, 100)
    assert v.gains_budgetaires == (0, 450, 550)
    assert v.gains_temps_agents == (0, 200, 100)
    # The socio-economic VAN counts the freed time once: unchanged.
    assert v.van_socio_economique == pytest.approx(valeur().van_socio_economique)
    assert v.van_financiere == pytest.approx(valeur().van_financiere + 100 / 1.21)


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 1e7), st.floats(0, 1e7))
def test_user_time_never_moves_the_financial_van(a: float, b: float) -> None:
    va = valeur({**GAINS, "G-U": gain("G-U", "temps_usager", a)})
    vb = valeur({**GAINS, "G-U": gain("G-U", "temps_usager", b)})
    assert va.van_financiere == vb.van_financiere
    assert va.delai_retour == vb.delai_retour and va.roi == vb.roi
    for s in ("pessimiste", "optimiste"):
        assert va.van_financiere_scenario(s) == vb.van_financiere_scenario(s)


@settings(max_examples=40, deadline=None)
@given(st.floats(0, 3), st.floats(0, 2))
def test_a_higher_cost_overrun_never_raises_a_van(depassement: float, hausse: float) -> None:
    def pessimiste(x: float) -> ValeurChantier:
        niveau = {"pessimiste": x}
        p = parametres(depassement_couts={"faible": niveau, "moyenne": niveau, "forte": niveau})
        return valeur(p=p)

    bas, haut = pessimiste(depassement), pessimiste(depassement + hausse)
    assert haut.van_financiere_scenario("pessimiste") <= \
        bas.van_financiere_scenario("pessimiste") + 1e-9
    assert haut.van_socio_economique_scenario("pessimiste") <= \
        bas.van_socio_economique_scenario("pessimiste") + 1e-9


def test_the_sample_is_strictly_valid_and_tells_value_from_money() -> None:
    from tests.conftest import RACINE
    from transfo.analyse.hypotheses import hypotheses_a_confirmer
    from transfo.analyse.valeur import analyser
    from transfo.validate.runner import valider_dossier

    resultat = valider_dossier(RACINE / "processes")
    assert resultat.problemes == []
    analyse = analyser(resultat.audit)
    assert analyse.taux == pytest.approx(0.032)  # France Stratégie 2021, β = 1
    # A chantier that does not pay back the budget but is clearly worth doing, and says why.
    demat = analyse.chantiers["C-DEMAT-AUTONOMIE"]
    assert demat.roi is not None and demat.roi < 0 and demat.van_financiere < 0
    assert demat.van_socio_economique > 500_000
    assert "ne rembourse pas son coût au budget" in \
        resultat.audit.chantiers["C-DEMAT-AUTONOMIE"].description.texte
    # Budget savings from agent time only through the dated trajectory.
    comptable = analyse.chantiers["C-CHAINE-COMPTABLE"]
    assert comptable.etp_non_remplaces == 2 and max(comptable.economies_postes) > 0
    a_confirmer = {(h.genre, h.libelle) for h in hypotheses_a_confirmer(resultat.audit)}
    assert ("paramètre", "Valeur d'une heure (entreprise)") in a_confirmer
    assert ("paramètre", "Taux d'actualisation") not in a_confirmer


def test_unconfirmed_gains_come_largest_first_with_the_share_of_value_they_carry() -> None:
    from tests.conftest import RACINE
    from transfo.analyse.hypotheses import enjeu, hypotheses_a_confirmer
    from transfo.analyse.valeur import analyser
    from transfo.validate.runner import valider_dossier

    audit = valider_dossier(RACINE / "processes").audit
    analyse = analyser(audit)
    hypotheses = hypotheses_a_confirmer(audit, analyse)
    gains = [h for h in hypotheses if h.genre == "gain"]
    montants = [h.montant for h in gains]
    assert montants == sorted(montants, reverse=True) and montants[0] > 0
    premier = gains[0]
    assert premier.montant == analyse.gains[premier.ident].annuel_plein
    assert premier.valeur.endswith("par an")
    qualitatifs = [h for h in gains if audit.gains[h.ident].nature == "qualitatif"]
    assert qualitatifs and all(h.valeur == "qualitatif" for h in qualitatifs)
    e = enjeu(hypotheses, audit, analyse)
    attendu = sum(h.montant for h in hypotheses if h.genre in ("gain", "coût évité"))
    assert e.a_confirmer == pytest.approx(attendu)
    assert e.total == pytest.approx(
        sum(g.annuel_plein for g in analyse.gains.values())
        + sum(c.montant_annuel for ch in audit.chantiers.values() for c in ch.couts_evites))
    assert 0 < e.part <= 1
