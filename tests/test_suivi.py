"""Follow-up and evaluation (« remontée de la valeur »): the model, its checks, the plan
against realised at the situation date, the page, the chantier section and the JSON key."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import INDICATEUR_INTERNE, RACINE, lancer, remplacer, valider_depuis_parent
from tests.outils_site import texte_visible
from transfo.analyse.suivi import (
    analyser_suivi,
    prorata,
    statut_jalon,
)
from transfo.analyse.valeur import analyser
from transfo.export.json_export import export_json
from transfo.load.discovery import genre_de
from transfo.model.visibilite import version_publique
from transfo.render.site import navigation

SUIVI = """\
chantier: C-PORTAIL
indicateurs:
- id: IND-A
  libelle: Délai moyen
  unite: jours
  valeur_initiale: {valeur: 100, date: "2025-01-01"}
  cible: {valeur: 50, date: "2027-01-01"}
  source: Logiciel métier
  frequence: trimestrielle
  gain: G-SOL-APA-1
  enjeu: qualite_performance
  mesures:
  - {date: "2025-06-01", valeur: 95}
  - {date: "2026-01-01", valeur: 70}
- id: IND-B
  libelle: Dossiers en ligne
  unite: pourcentage
  valeur_initiale: {valeur: 10, date: "2025-01-01"}
  cible: {valeur: 20, date: "2026-12-31"}
  source: Portail
  frequence: mensuelle
  mesures:
  - {date: "2026-02-15", valeur: 12}
- id: IND-C
  libelle: Formulaires publiés
  unite: nombre
  valeur_initiale: {valeur: 0, date: "2025-01-01"}
  cible: {valeur: 100, date: "2026-12-31"}
  source: Portail
  frequence: annuelle
  mesures:
  - {date: "2025-12-31", valeur: 100}
- id: IND-E
  libelle: Satisfaction
  unite: note_sur_10
  valeur_initiale: {valeur: 3, date: "2025-12-01"}
  cible: {valeur: 8, date: "2026-12-31"}
  source: Enquête
  frequence: trimestrielle
realise:
  couts:
  - {annee: 2025, investissement_externe: 40000, investissement_interne: 8000}
  - {annee: 2026, fonctionnement_externe: 2000}
  jalons:
  - {jalon: Cadrage validé, date: "2025-03-20"}
  - {jalon: Marché notifié, date: "2025-06-15"}
  gains:
  - {gain: G-SOL-APA-1, annee: 2026, montant: 1000}
"""
"""A follow-up file of the small model with a known answer for each status at the
situation date of 31/03/2026 (see :func:`suivi_mini`)."""

JALONS = """\
jalons:
  - date: "2025-03-31"
    libelle: Cadrage validé
  - date: "2025-05-31"
    libelle: Marché notifié
  - date: "2025-06-30"
    libelle: Mise en ligne du formulaire
  - date: "2026-06-30"
    libelle: Bilan de la première année
"""


@pytest.fixture
def suivi_mini(mini: Path) -> Path:
    """The small model with a situation date, a chantier ending on 31/12/2026 with four
    milestones, and one follow-up file."""
    remplacer(mini / "referentiel.yml", "collectivite:",
              'date_situation: "2026-03-31"\ncollectivite:')
    chantier = mini / "feuille-de-route" / "C-PORTAIL.yml"
    texte = chantier.read_text(encoding="utf-8")
    texte = texte.replace('fin: "2025-12-31"', 'fin: "2026-12-31"')
    chantier.write_text(texte[: texte.index("jalons:")] + JALONS, encoding="utf-8")
    (mini / "suivi").mkdir()
    (mini / "suivi" / "C-PORTAIL.yml").write_text(SUIVI, encoding="utf-8")
    return mini


def _suivi_du(dossier: Path):  # type: ignore[no-untyped-def]
    resultat = valider_depuis_parent(dossier)
    assert resultat.erreurs == [], [p.format() for p in resultat.erreurs]
    analyse = analyser(resultat.audit, avec_sensibilite=False)
    return resultat.audit, analyse, analyser_suivi(resultat.audit, analyse)


# --- the model -------------------------------------------------------------------------


def test_follow_up_files_are_their_own_kind(tmp_path: Path) -> None:
    racine = tmp_path / "processes"
    assert genre_de(racine / "suivi" / "C-X.yml", racine) == "suivi"
    assert genre_de(racine / "suivi.yml", racine) == "processus"


def test_the_small_model_with_its_follow_up_is_valid(suivi_mini: Path) -> None:
    resultat = valider_depuis_parent(suivi_mini)
    assert [p.format() for p in resultat.problemes] == []
    assert list(resultat.audit.suivis) == ["C-PORTAIL"]


def test_the_follow_up_schema_is_written_and_the_sample_files_name_it() -> None:
    schema = json.loads((RACINE / "schemas" / "suivi.schema.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Suivi d'un chantier (indicateurs, réalisé)"
    assert "valeur_initiale" in schema["definitions"]["Indicateur"]["properties"]
    fichiers = sorted((RACINE / "processes" / "suivi").glob("*.yml"))
    assert 4 <= len(fichiers) <= 6
    for fichier in fichiers:
        premiere = fichier.read_text(encoding="utf-8").splitlines()[0]
        assert premiere == "# yaml-language-server: $schema=../../schemas/suivi.schema.json"


# --- plan against realised, known answers -------------------------------------------------


def test_costs_planned_to_date_count_the_current_year_pro_rata(suivi_mini: Path) -> None:
    _audit, _analyse, suivi = _suivi_du(suivi_mini)
    assert suivi is not None and suivi.date_situation == date(2026, 3, 31)
    s = suivi.chantiers["C-PORTAIL"]
    assert prorata(date(2026, 3, 31)) == 90 / 365
    assert [(x.annee, x.prevu, x.realise) for x in s.couts] == [
        (2025, 50000.0, 48000.0), (2026, 5000.0, 2000.0)]
    assert s.prevu_a_date == pytest.approx(50000 + 5000 * 90 / 365)
    assert s.realise_a_date == 50000
    assert s.taux_execution == pytest.approx(50000 / (50000 + 5000 * 90 / 365))
    assert s.budget == 55000 and s.part_budget == pytest.approx(50000 / 55000)


def test_milestones_are_on_time_late_reached_late_or_not_yet_due(suivi_mini: Path) -> None:
    _audit, _analyse, suivi = _suivi_du(suivi_mini)
    assert suivi is not None
    jalons = suivi.chantiers["C-PORTAIL"].jalons
    assert [(j.libelle, j.statut, j.retard_jours) for j in jalons] == [
        ("Cadrage validé", "atteint", None),
        ("Marché notifié", "atteint_en_retard", 15),
        ("Mise en ligne du formulaire", "en_retard", None),
        ("Bilan de la première année", "a_venir", None),
    ]
    # Due on the situation date itself and not reached: not late yet.
    assert statut_jalon(date(2026, 3, 31), None, date(2026, 3, 31)) == "a_venir"
    assert statut_jalon(date(2026, 3, 30), None, date(2026, 3, 31)) == "en_retard"


def test_indicators_progress_trajectory_and_overdue_measures(suivi_mini: Path) -> None:
    _audit, _analyse, suivi = _suivi_du(suivi_mini)
    assert suivi is not None
    par_id = {i.indicateur.id: i for i in suivi.chantiers["C-PORTAIL"].indicateurs}
    a, b, c, e = par_id["IND-A"], par_id["IND-B"], par_id["IND-C"], par_id["IND-E"]
    # 100 → 70 toward 50: 60 % done; a year out of two elapsed at the last measure: 50 %.
    assert (a.avancement, a.attendu, a.statut) == (pytest.approx(0.6), 365 / 730, "en_bonne_voie")
    assert (a.prochaine_mesure, a.en_retard_de_mesure) == (date(2026, 4, 1), False)
    assert (b.avancement, b.statut) == (pytest.approx(0.2), "en_retrait")
    assert b.attendu == pytest.approx(410 / 729)
    assert (b.prochaine_mesure, b.en_retard_de_mesure) == (date(2026, 3, 15), True)
    assert (c.avancement, c.statut, c.en_retard_de_mesure) == (1.0, "atteinte", False)
    # No measure since the baseline of 01/12/2025, quarterly: due on 01/03/2026.
    assert (e.statut, e.avancement, e.prochaine_mesure, e.en_retard_de_mesure) == (
        "sans_mesure", None, date(2026, 3, 1), True)
    chantier = suivi.chantiers["C-PORTAIL"]
    assert (chantier.indicateurs_sur_la_trajectoire, chantier.indicateurs_en_retard_de_mesure
            ) == (2, 2)


def test_realised_gains_face_the_planned_gain_of_the_value_analysis(suivi_mini: Path) -> None:
    _audit, analyse, suivi = _suivi_du(suivi_mini)
    assert suivi is not None
    [gain] = suivi.chantiers["C-PORTAIL"].gains
    assert (gain.gain, gain.annee, gain.realise) == ("G-SOL-APA-1", 2026, 1000)
    assert gain.prevu == analyse.gains["G-SOL-APA-1"].montant(2026) > 0


def test_portfolio_totals_cover_the_followed_chantiers(suivi_mini: Path) -> None:
    _audit, _analyse, suivi = _suivi_du(suivi_mini)
    assert suivi is not None
    assert suivi.realise_a_date == 50000
    assert dict(suivi.jalons_par_statut()) == {
        "atteint": 1, "atteint_en_retard": 1, "en_retard": 1, "a_venir": 1}


def test_statuses_follow_the_situation_date_of_the_model(suivi_mini: Path) -> None:
    remplacer(suivi_mini / "referentiel.yml", '"2026-03-31"', '"2026-07-01"')
    _audit, _analyse, suivi = _suivi_du(suivi_mini)
    assert suivi is not None
    jalons = suivi.chantiers["C-PORTAIL"].jalons
    assert jalons[-1].statut == "en_retard"
    assert {i.indicateur.id for i in suivi.chantiers["C-PORTAIL"].indicateurs
            if i.en_retard_de_mesure} == {"IND-A", "IND-B", "IND-E"}


def test_no_situation_date_no_status(suivi_mini: Path, valider: Callable[[Path], list[str]]
                                     ) -> None:
    remplacer(suivi_mini / "referentiel.yml", 'date_situation: "2026-03-31"\n', "")
    assert valider(suivi_mini) == [
        "processes/suivi/C-PORTAIL.yml:1:11: erreur : un réalisé sans date de situation : ni "
        "les retards ni la consommation ne se calculent — écrivez date_situation: AAAA-MM-JJ "
        "dans referentiel.yml (la date à laquelle le suivi est lu ; jamais la date de "
        "construction du site)"]


def test_same_output_whatever_today_is(suivi_mini: Path) -> None:
    """Two exports in the time zones furthest apart: « today » differs by a day between
    them at any moment, the export does not."""
    sorties = []
    for fuseau in ("Pacific/Kiritimati", "Etc/GMT+12"):
        r = lancer("export", "json", str(suivi_mini), env={"TZ": fuseau})
        assert r.returncode == 0, r.stderr
        sorties.append(r.stdout)
    assert sorties[0] == sorties[1]
    assert json.loads(sorties[0])["suivi"]["date_situation"] == "2026-03-31"


# --- bad input ---------------------------------------------------------------------------

FICHIER = "processes/suivi/C-PORTAIL.yml"


def _ecrire(dossier: Path, avant: str, apres: str) -> None:
    remplacer(dossier / "suivi" / "C-PORTAIL.yml", avant, apres)


def test_follow_up_of_an_unknown_chantier(suivi_mini: Path,
                                          valider: Callable[[Path], list[str]]) -> None:
    fichier = suivi_mini / "suivi" / "C-PORTAIL.yml"
    fichier.rename(suivi_mini / "suivi" / "C-PORTALE.yml")
    remplacer(suivi_mini / "suivi" / "C-PORTALE.yml", "chantier: C-PORTAIL", "chantier: C-PORTALE")
    assert valider(suivi_mini) == [
        "processes/suivi/C-PORTALE.yml:1:11: erreur : suivi d'un chantier inconnu « C-PORTALE » "
        "— vouliez-vous dire « C-PORTAIL » ?"]


def test_two_follow_up_files_for_one_chantier(suivi_mini: Path,
                                              valider: Callable[[Path], list[str]]) -> None:
    shutil.copy(suivi_mini / "suivi" / "C-PORTAIL.yml", suivi_mini / "suivi" / "C-PORTAIL-2.yml")
    assert valider(suivi_mini) == [
        "processes/suivi/C-PORTAIL-2.yml:1:11: avertissement : le fichier s'appelle "
        "« C-PORTAIL-2.yml » mais suit « C-PORTAIL » — renommez le fichier en « C-PORTAIL.yml » "
        "pour qu'on le retrouve",
        "processes/suivi/C-PORTAIL.yml:1:11: erreur : second fichier de suivi pour le chantier "
        "« C-PORTAIL » (le premier : processes/suivi/C-PORTAIL-2.yml:1:11) — un chantier a un "
        "seul fichier de suivi, suivi/<identifiant du chantier>.yml : réunissez-y les "
        "indicateurs et le réalisé",
    ]


def test_indicator_without_baseline_is_a_warning(suivi_mini: Path,
                                                 valider: Callable[[Path], list[str]]) -> None:
    _ecrire(suivi_mini, '  valeur_initiale: {valeur: 3, date: "2025-12-01"}\n', "")
    assert valider(suivi_mini) == [
        f"{FICHIER}:33:7: avertissement : indicateur « IND-E » sans valeur initiale : son "
        "avancement ne peut pas être calculé — mesurez la situation de départ et écrivez "
        "valeur_initiale: {valeur: …, date: AAAA-MM-JJ}"]
    _audit, _analyse, suivi = _suivi_du(suivi_mini)
    assert suivi is not None
    [e] = [i for i in suivi.chantiers["C-PORTAIL"].indicateurs if i.indicateur.id == "IND-E"]
    assert (e.statut, e.prochaine_mesure, e.en_retard_de_mesure) == (
        "sans_valeur_initiale", None, True)
    r = lancer("validate", "--strict", str(suivi_mini))
    assert r.returncode == 1


def test_the_future_is_not_realised(suivi_mini: Path,
                                    valider: Callable[[Path], list[str]]) -> None:
    _ecrire(suivi_mini, '{date: "2026-02-15", valeur: 12}', '{date: "2026-04-15", valeur: 12}')
    _ecrire(suivi_mini, '{jalon: Marché notifié, date: "2025-06-15"}',
            '{jalon: Marché notifié, date: "2026-06-15"}')
    _ecrire(suivi_mini, "{annee: 2026, fonctionnement_externe: 2000}",
            "{annee: 2027, fonctionnement_externe: 2000}")
    indice = ("corrigez la date, ou avancez date_situation dans referentiel.yml quand le suivi "
              "est mis à jour")
    assert valider(suivi_mini) == [
        f"{FICHIER}:23:12: erreur : mesure datée du 15/04/2026, après la date de situation du "
        f"31/03/2026 : l'avenir n'est pas réalisé — {indice}",
        f"{FICHIER}:43:13: erreur : coûts réalisés de l'année 2027, après la date de situation "
        f"du 31/03/2026 : l'avenir n'est pas réalisé — {indice}",
        f"{FICHIER}:46:35: erreur : jalon atteint le 15/06/2026, après la date de situation du "
        f"31/03/2026 : l'avenir n'est pas réalisé — {indice}",
    ]


def test_realised_costs_outside_the_chantier_years(suivi_mini: Path,
                                                   valider: Callable[[Path], list[str]]) -> None:
    _ecrire(suivi_mini, "{annee: 2025, investissement_externe",
            "{annee: 2019, investissement_externe")
    assert valider(suivi_mini) == [
        f"{FICHIER}:42:13: avertissement : coûts réalisés en 2019, hors des années du chantier "
        "« C-PORTAIL » (2025–2031) — vérifiez l'année, ou ajoutez cette année aux coûts prévus "
        "du chantier"]


def test_unknown_gain_enjeu_and_milestone(suivi_mini: Path,
                                          valider: Callable[[Path], list[str]]) -> None:
    _ecrire(suivi_mini, "  gain: G-SOL-APA-1\n", "  gain: G-SOL-APA-9\n")
    _ecrire(suivi_mini, "enjeu: qualite_performance", "enjeu: management_rh")
    _ecrire(suivi_mini, "{jalon: Marché notifié,", "{jalon: Marche notifie,")
    assert valider(suivi_mini) == [
        f"{FICHIER}:10:9: erreur : gain inconnu « G-SOL-APA-9 » — vouliez-vous dire "
        "« G-SOL-APA-1 » ?",
        f"{FICHIER}:11:10: avertissement : l'enjeu « management_rh » n'est servi par aucun "
        "processus du chantier « C-PORTAIL » — choisissez un enjeu de ses processus "
        "(qualite_performance) ou ajoutez-le aux enjeux du processus",
        f"{FICHIER}:46:13: erreur : jalon inconnu « Marche notifie » pour le chantier "
        "« C-PORTAIL » — vouliez-vous dire « Marché notifié » ?",
    ]


def test_an_indicator_may_follow_a_gain_the_chantier_carries_itself(
        suivi_mini: Path, valider: Callable[[Path], list[str]]) -> None:
    chantier = suivi_mini / "feuille-de-route" / "C-PORTAIL.yml"
    chantier.write_text(chantier.read_text(encoding="utf-8") + """\
gains_propres:
- id: G-PORTAIL-SATISFACTION
  libelle: Usagers satisfaits du portail
  nature: qualitatif
  axe: externalites
  indicateur: Part des usagers satisfaits
  hypothese: Le portail est plus simple que le guichet.
  source: Enquête de satisfaction
  confiance: moyenne
""", encoding="utf-8")
    _ecrire(suivi_mini, "  gain: G-SOL-APA-1\n", "  gain: G-PORTAIL-SATISFACTION\n")
    assert [m for m in valider(suivi_mini) if "erreur" in m] == []
    _ecrire(suivi_mini, "  gain: G-PORTAIL-SATISFACTION\n", "  gain: G-PORTAIL-SATISFACTON\n")
    assert [m for m in valider(suivi_mini) if "erreur" in m] == [
        f"{FICHIER}:10:9: erreur : gain inconnu « G-PORTAIL-SATISFACTON » — vouliez-vous "
        "dire « G-PORTAIL-SATISFACTION » ?"]


# --- exports and site ----------------------------------------------------------------------


def test_json_export_has_the_follow_up(suivi_mini: Path) -> None:
    audit, analyse, _suivi = _suivi_du(suivi_mini)
    sortie = export_json(audit, analyse)["suivi"]
    assert sortie["date_situation"] == "2026-03-31"
    portail = sortie["chantiers"]["C-PORTAIL"]
    assert portail["couts"] == [{"annee": 2025, "prevu": 50000.0, "realise": 48000.0},
                                {"annee": 2026, "prevu": 5000.0, "realise": 2000.0}]
    assert [j["statut"] for j in portail["jalons"]] == [
        "atteint", "atteint_en_retard", "en_retard", "a_venir"]
    assert portail["indicateurs"][0]["derniere_mesure"] == {"date": "2026-01-01", "valeur": 70}
    assert portail["indicateurs"][0]["statut"] == "en_bonne_voie"


def test_public_version_drops_internal_follow_up(suivi_mini: Path) -> None:
    _ecrire(suivi_mini, "- id: IND-B\n", "- id: IND-B\n  visibilite: interne\n")
    audit, _analyse, _suivi = _suivi_du(suivi_mini)
    publique = version_publique(audit)
    assert [i.id for i in publique.suivis["C-PORTAIL"].indicateurs] == ["IND-A", "IND-C", "IND-E"]
    _ecrire(suivi_mini, "chantier: C-PORTAIL\n", "chantier: C-PORTAIL\nvisibilite: interne\n")
    audit, _analyse, _suivi = _suivi_du(suivi_mini)
    assert version_publique(audit).suivis == {}


INTERNE = INDICATEUR_INTERNE


@pytest.fixture(scope="module")
def sites(exemple_avec_interne: dict[str, Path]) -> dict[str, Path]:
    """The sample with one internal indicator, built internal then public."""
    return exemple_avec_interne


def test_follow_up_page_in_the_built_site(sites: dict[str, Path]) -> None:
    page = sites["interne"] / "suivi" / "index.html"
    texte = " ".join(texte_visible(page).split())
    assert "« remontée de la valeur » de la méthode MAREVA" in texte
    assert "date de situation du 06/01/2025" in texte
    assert "Un chantier par ligne, au 06/01/2025" in texte
    assert "Coûts prévus et réalisés des chantiers suivis (alternative textuelle" in texte
    assert INTERNE in texte and "Interne — absent de la version publique" in texte
    html = page.read_text(encoding="utf-8")
    assert 'id="C-CHAINE-COMPTABLE"' in html and 'id="IND-COMPTA-DGP"' in html
    # A gain is named as readers know it, its id in a tooltip.
    assert re.search(r'Mesure le gain <a href="[^"]+"><span title="G-[A-Z0-9-]+">', html)


def test_follow_up_comes_right_after_the_value_pages_in_the_navigation(
        suivi_mini: Path) -> None:
    audit, _analyse, _suivi = _suivi_du(suivi_mini)
    sections = [next(iter(x)) for x in navigation(audit)]
    assert sections[sections.index("Valeur du portefeuille") + 1] == "Suivi et évaluation"
    assert {"Suivi et évaluation": "suivi/index.md"} in navigation(audit)


def test_chantier_page_has_its_follow_up_section(sites: dict[str, Path]) -> None:
    page = sites["interne"] / "chantiers" / "C-CHAINE-COMPTABLE" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert html.index('id="suivi"') < html.index('id="jalons"')
    assert 'href="../../suivi/index.html#C-CHAINE-COMPTABLE"' in html
    texte = " ".join(texte_visible(page).split())
    assert "Jalons : 4 à venir." in texte
    assert "Indicateurs : 0 sur 2 sur la trajectoire de leur cible." in texte
    sans = sites["interne"] / "chantiers" / "C-ROUTES-MOBILITE" / "index.html"
    assert "pas encore de fichier de suivi ( suivi/C-ROUTES-MOBILITE.yml )" in " ".join(
        texte_visible(sans).split())


def test_internal_follow_up_is_absent_from_the_public_site(sites: dict[str, Path]) -> None:
    for fichier in sites["public"].rglob("*"):
        if fichier.suffix in (".html", ".json", ".svg"):
            contenu = fichier.read_text(encoding="utf-8", errors="replace")
            assert "IND-CDS-INTERNE" not in contenu, fichier
            assert INTERNE not in contenu, fichier
    export = json.loads((sites["public"] / "exports" / "audit.json").read_text(encoding="utf-8"))
    ids = [i["id"] for i in export["suivi"]["chantiers"]["C-CENTRE-SERVICES"]["indicateurs"]]
    assert ids == ["IND-CDS-TEMPS-TICKET", "IND-CDS-SATISFACTION"]
