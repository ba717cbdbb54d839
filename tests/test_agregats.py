"""The figures the portfolio pages and macros show, added up in the analysis (render and
macros only format them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import remplacer, valider_depuis_parent
from transfo.analyse import agregats
from transfo.analyse.valeur import Analyse, analyser
from transfo.constants import AXES_MAREVA
from transfo.model.audit import Audit


@pytest.fixture
def modele(mini: Path) -> tuple[Audit, Analyse]:
    audit = valider_depuis_parent(mini).audit
    return audit, analyser(audit, avec_sensibilite=False)


def test_each_axis_counts_its_gains_by_nature_and_adds_their_yearly_value(
        modele: tuple[Audit, Analyse]) -> None:
    audit, analyse = modele
    lignes = {x.axe: x for x in agregats.par_axe(audit, analyse)}
    assert list(lignes) == list(AXES_MAREVA)
    externes = lignes["externalites"]
    assert (externes.quantitatifs, externes.qualitatifs) == (1, 1)
    assert externes.annuel_plein == analyse.gains["G-SOL-APA-2"].annuel_plein
    assert lignes["internalites"].annuel_plein == analyse.gains["G-SOL-APA-1"].annuel_plein
    assert lignes["necessite"].quantitatifs + lignes["necessite"].qualitatifs == 0


def test_a_process_counts_once_for_each_of_its_keys(modele: tuple[Audit, Analyse]) -> None:
    audit, analyse = modele
    e = analyse.ecarts["P-SOL-APA"]
    assert agregats.par_processus(audit, analyse, lambda p: p.leviers) == [
        ("demarches_en_ligne", 1, e.avant.heures_agent, e.apres.heures_agent, e.etp_liberes,
         e.heures_usager_gagnees)]
    assert agregats.par_processus(audit, analyse, lambda p: []) == []
    direction, = agregats.par_direction(audit, analyse)
    assert direction[:3] == (audit.processus["P-SOL-APA"].direction, 1, e.etp_liberes)


def test_backlinks_name_the_processes_and_chantiers_that_cite_an_entity(
        modele: tuple[Audit, Analyse]) -> None:
    audit, _analyse = modele
    retroliens = agregats.retroliens(audit)
    assert retroliens["APP-GED"] == ["P-SOL-APA"]
    assert retroliens["P-SOL-APA"] == ["C-PORTAIL"]
    assert retroliens["G-SOL-APA-1"] == ["C-PORTAIL"]


def test_processes_by_application_keep_existing_and_target_apart(
        modele: tuple[Audit, Analyse]) -> None:
    existant, cible = agregats.processus_par_application(modele[0])
    assert existant["APP-GED"] == ["P-SOL-APA"]
    assert "APP-PORTAIL" not in existant
    assert cible["APP-PORTAIL"] == ["P-SOL-APA"]


def test_change_actions_are_listed_by_dimension_dated_first(mini: Path) -> None:
    remplacer(mini / "feuille-de-route" / "C-PORTAIL.yml", """      echeance: "2025-11-15"
""", """      echeance: "2025-11-15"
    - action: Accompagner les instructeurs sans date
    - action: Préparer les supports
      echeance: "2025-09-01"
""")
    audit = valider_depuis_parent(mini).audit
    actions = agregats.actions_par_dimension(audit.chantiers.values())
    assert [a.action.texte for _c, a in actions["formation"]] == [
        "Préparer les supports", "Former les instructeurs au portail",
        "Accompagner les instructeurs sans date"]
    assert actions["juridique"] == []


def test_a_stake_adds_up_what_its_processes_bring(modele: tuple[Audit, Analyse]) -> None:
    audit, analyse = modele
    c = agregats.chiffres_enjeu(audit, analyse, "qualite_performance")
    assert (c.processus, c.gains, c.quantitatifs) == (1, 3, 2)
    assert c.etp_liberes == analyse.ecarts["P-SOL-APA"].etp_liberes
    assert c.annuel_plein == sum(analyse.gains[g].annuel_plein for g in audit.gains)
    assert agregats.chiffres_enjeu(audit, analyse, "management_rh").processus == 0
