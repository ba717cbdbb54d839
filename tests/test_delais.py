"""End-to-end delays by hand: the expected wait weighted by branch shares, the longest path
beside it, and waits outside the Département's hands left out of the headline figure."""

from __future__ import annotations

from typing import Any

from transfo.analyse.ecarts import comparer_etapes, delai_attendu, delai_plus_long, mesurer
from transfo.model.entities import Etape


def etape(ident: str, delai: float, **autres: Any) -> Etape:
    return Etape.model_validate({"id": ident, "libelle": f"Étape {ident}", "acteur": "ACT-A",
                                 "canal": "courrier", "duree_minutes": 10,
                                 "delai_jours": delai, **autres})


# E1 → (E2 for 30 % of cases, else E3) → E4; E4 is a control 100 days later for 40 % of cases.
BRANCHES = [
    etape("E1", 2, suivantes=["E2", "E3"]),
    etape("E2", 20, part=0.3, suivantes=["E4"]),
    etape("E3", 5, part=0.7, suivantes=["E4"]),
    etape("E4", 100, part=0.4, attente_externe=True, suivantes=[]),
]


def test_the_headline_delay_is_the_expected_wait_over_the_branches() -> None:
    # 2 + 20 × 0,3 + 5 × 0,7 = 2 + 6 + 3,5 = 11,5 days; E4 is external.
    assert delai_attendu(BRANCHES) == 11.5


def test_external_waits_are_counted_apart() -> None:
    assert delai_attendu(BRANCHES, externe=True) == 40.0  # 100 × 0,4


def test_the_longest_path_takes_the_slowest_branch_and_every_wait() -> None:
    assert delai_plus_long(BRANCHES) == 122.0  # 2 + 20 + 100


def test_measures_carry_the_three_delays() -> None:
    m = mesurer(BRANCHES, {}, 100)
    assert (m.delai_jours, m.delai_externe_jours, m.delai_plus_long_jours) == (11.5, 40.0, 122.0)


def test_a_linear_process_waits_the_sum_of_its_waits() -> None:
    lineaire = [etape("E1", 0), etape("E2", 3), etape("E3", 4.5)]
    assert delai_attendu(lineaire) == delai_plus_long(lineaire) == 7.5


def test_a_reworded_step_is_not_modified_but_a_new_channel_or_branch_is() -> None:
    avant = [etape("E1", 2, suivantes=["E2", "E3"]), etape("E2", 1), etape("E3", 1)]
    reformulee = [etape("E1", 2, suivantes=["E2", "E3"], libelle="Autre libellé"),
                  etape("E2", 1, canal="portail"), etape("E3", 1)]
    statuts = {x.id: (x.statut, x.changements) for x in comparer_etapes(avant, reformulee)}
    assert statuts["E1"] == ("inchangee", ())
    assert statuts["E2"] == ("modifiee", (("canal", "courrier", "portail"),))
    sans_branche = [etape("E1", 2, suivantes=["E2"]), etape("E2", 1)]
    e1 = comparer_etapes(avant, sans_branche)[0]
    assert e1.statut == "modifiee" and e1.changements[0][0] == "suivantes"


def test_a_next_step_that_moves_because_another_was_removed_is_no_change() -> None:
    avant = [etape("E1", 0), etape("E2", 1), etape("E3", 1)]
    apres = [etape("E1", 0), etape("E3", 1)]  # E1's next step is now E3: no change to E1
    assert [x.statut for x in comparer_etapes(avant, apres)] == [
        "inchangee", "supprimee", "inchangee"]
