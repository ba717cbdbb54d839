"""Cadrage and governance: roles and bodies, each chantier's cadrage note and RACI, the
procurement and AIPD checks, and the short-term plan built from the audit's date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import remplacer, valider_depuis_parent
from tests.outils_site import construire, copier_projet, liens_casses
from transfo.analyse.plan_court_terme import (
    ElementPlan,
    Genre,
    ajouter_mois,
    dedoublonner,
    meme_element,
    periodes,
    plan_court_terme,
)
from transfo.render.site import Generateur

Valider = Callable[[Path], list[str]]
CHANTIER = "feuille-de-route/C-PORTAIL.yml"
REF = "referentiel.yml"

GOUVERNANCE = """\
roles:
  - id: ROLE-DGS
    nom: Directeur général ou directrice générale des services
  - id: ROLE-CHEF-PROJET
    nom: Chef ou cheffe de projet
  - id: ROLE-DPO
    nom: Délégué ou déléguée à la protection des données
instances:
  - id: INST-COPIL
    nom: Comité de pilotage
    frequence: trimestrielle
    composition: [ROLE-DGS, ROLE-CHEF-PROJET]
    role: Valide les notes de cadrage.
"""

CADRAGE = """\
cadrage:
  responsable: ROLE-CHEF-PROJET
  objectifs: [Ouvrir la demande d'APA en ligne]
  perimetre:
    inclus: [APA à domicile]
    exclus: [APA en établissement]
  options:
    - libelle: Module de l'éditeur
      retenue: true
      motif: Interfaces natives.
    - libelle: Développement sur mesure
      retenue: false
      motif: Trop long.
  achat:
    objet: Module de demande en ligne
    voie: mapa
    notification_prevue: "2025-07-01"
  prerequis:
    donnees: [Plans d'aide à jour]
    systemes: [Compte usager]
  aipd:
    requise: true
    motif: Données de santé des demandeurs.
  raci:
    - activite: Valider le cadrage
      responsable: [ROLE-CHEF-PROJET]
      approbateur: ROLE-DGS
      consultes: [ROLE-DPO]
    - activite: Ouvrir la démarche
      responsable: [ROLE-CHEF-PROJET]
      approbateur: ROLE-CHEF-PROJET
      informes: [ROLE-DGS]
  decisions:
    - objet: Valider la note de cadrage
      instance: INST-COPIL
      date: "2025-02-10"
"""


@pytest.fixture
def cadre(mini: Path) -> Path:
    """The small model with roles, a body, an audit date and a valid cadrage note."""
    remplacer(mini / REF, "collectivite: Département d'exemple",
              "collectivite: Département d'exemple\ndate_situation: 2025-01-06")
    with (mini / REF).open("a", encoding="utf-8") as f:
        f.write(GOUVERNANCE)
    with (mini / CHANTIER).open("a", encoding="utf-8") as f:
        f.write(CADRAGE)
    return mini


def test_the_cadrage_note_of_the_sample_model_is_valid(cadre: Path, valider: Valider) -> None:
    assert valider(cadre) == []


# --- Bad input ----------------------------------------------------------------------------


def test_a_raci_activity_without_an_approver(cadre: Path, valider: Valider) -> None:
    remplacer(cadre / CHANTIER, "      approbateur: ROLE-DGS\n", "")
    assert valider(cadre) == [
        "processes/feuille-de-route/C-PORTAIL.yml:52:17: erreur : activité « Valider le "
        "cadrage » sans approbateur (A) — un RACI a exactement un « A » par activité, le rôle "
        "qui approuve et rend compte ; les autres sont responsables (R), consultés (C) ou "
        "informés (I)",
    ]


def test_a_raci_activity_with_two_approvers(cadre: Path, valider: Valider) -> None:
    remplacer(cadre / CHANTIER, "approbateur: ROLE-DGS",
              "approbateur: [ROLE-DGS, ROLE-CHEF-PROJET]")
    assert valider(cadre) == [
        "processes/feuille-de-route/C-PORTAIL.yml:54:20: erreur : activité « Valider le "
        "cadrage » avec 2 approbateurs (A) : « ROLE-DGS », « ROLE-CHEF-PROJET » — un RACI a "
        "exactement un « A » par activité, le rôle qui approuve et rend compte ; les autres "
        "sont responsables (R), consultés (C) ou informés (I)",
    ]
    remplacer(cadre / CHANTIER, "approbateur: [ROLE-DGS, ROLE-CHEF-PROJET]",
              "approbateur: [ROLE-DGS]")
    assert valider(cadre) == []  # a list of one is one approver


def test_an_unknown_role_or_body_with_a_hint(cadre: Path, valider: Valider) -> None:
    remplacer(cadre / CHANTIER, "consultes: [ROLE-DPO]", "consultes: [ROLE-DP0]")
    remplacer(cadre / CHANTIER, "instance: INST-COPIL", "instance: INST-COPILL")
    remplacer(cadre / CHANTIER, "    libelle: Mise en ligne du formulaire\n",
              "    libelle: Mise en ligne du formulaire\n    responsable: ROLE-INCONNU\n")
    remplacer(cadre / REF, "composition: [ROLE-DGS, ROLE-CHEF-PROJET]",
              "composition: [ROLE-DGS, ROLE-CHEF-PROJT]")
    assert valider(cadre) == [
        "processes/feuille-de-route/C-PORTAIL.yml:28:18: erreur : rôle inconnu « ROLE-INCONNU » "
        "— aucun rôle ne porte cet identifiant : déclarez-le dans « roles » du référentiel",
        "processes/feuille-de-route/C-PORTAIL.yml:56:19: erreur : rôle inconnu « ROLE-DP0 » — "
        "vouliez-vous dire « ROLE-DPO » ?",
        "processes/feuille-de-route/C-PORTAIL.yml:63:17: erreur : instance inconnue "
        "« INST-COPILL » — vouliez-vous dire « INST-COPIL » ?",
        "processes/referentiel.yml:54:29: erreur : rôle inconnu « ROLE-CHEF-PROJT » — "
        "vouliez-vous dire « ROLE-CHEF-PROJET » ?",
    ]


def test_a_role_named_when_the_referentiel_declares_none(mini: Path, valider: Valider) -> None:
    remplacer(mini / CHANTIER, "    libelle: Mise en ligne du formulaire\n",
              "    libelle: Mise en ligne du formulaire\n    responsable: ROLE-DGS\n")
    assert valider(mini) == [
        "processes/feuille-de-route/C-PORTAIL.yml:28:18: erreur : rôle inconnu « ROLE-DGS » — "
        "le référentiel ne déclare aucun rôle : ajoutez la liste « roles »",
    ]


def test_a_broken_referentiel_hides_its_roles_without_other_errors(cadre: Path,
                                                                  valider: Valider) -> None:
    remplacer(cadre / REF, "collectivite: Département d'exemple", "collectivite: 12")
    assert not any("inconnu" in p for p in valider(cadre))


def test_a_role_id_declared_twice(cadre: Path, valider: Valider) -> None:
    remplacer(cadre / REF, "  - id: ROLE-DPO\n", "  - id: ROLE-DGS\n")
    assert (
        "processes/referentiel.yml:48:9: erreur : identifiant « ROLE-DGS » déjà utilisé "
        "(processes/referentiel.yml:44:9) — chaque entité a un identifiant unique : renommez "
        "l'une des deux") in valider(cadre)


def test_an_unknown_procurement_route(cadre: Path, valider: Valider) -> None:
    remplacer(cadre / CHANTIER, "voie: mapa", "voie: appel_offre_ouvert")
    assert valider(cadre) == [
        "processes/feuille-de-route/C-PORTAIL.yml:43:11: erreur : valeur « appel_offre_ouvert » "
        "non reconnue — vouliez-vous dire « appel_offres_ouvert » ? (valeurs possibles : "
        "marche_existant, centrale_achat, mapa, appel_offres_ouvert, dialogue_competitif)",
    ]


def test_a_procurement_shorter_than_its_route(cadre: Path, valider: Valider) -> None:
    remplacer(cadre / CHANTIER, "voie: mapa", "voie: appel_offres_ouvert")
    assert valider(cadre) == [
        "processes/feuille-de-route/C-PORTAIL.yml:44:26: avertissement : notification prévue "
        "6 mois après le début du chantier (2025-01-01) : une procédure « Appel d'offres "
        "ouvert » demande environ 9 mois — reportez la notification d'au moins 3 mois, lancez "
        "l'achat plus tôt (achat.lancement) ou choisissez une autre voie ; délais dans "
        "« delais_achat » du référentiel",
    ]
    # Launched three months before the chantier starts, the calendar holds.
    remplacer(cadre / CHANTIER, 'notification_prevue: "2025-07-01"',
              'lancement: "2024-10-01"\n    notification_prevue: "2025-07-01"')
    assert valider(cadre) == []
    # The référentiel sets the lead time of each route.
    with (cadre / REF).open("a", encoding="utf-8") as f:
        f.write("delais_achat:\n  appel_offres_ouvert: {mois: 12, source: Direction de la "
                "commande publique}\n")
    assert [p.split(": avertissement : ")[1][:60] for p in valider(cadre)] == [
        "notification prévue 9 mois après le lancement de l'achat (20"]


def test_a_missing_impact_assessment_where_users_take_part(cadre: Path,
                                                           valider: Valider) -> None:
    remplacer(cadre / CHANTIER, "  aipd:\n    requise: true\n    motif: Données de santé des "
              "demandeurs.\n", "")
    assert valider(cadre) == [
        "processes/feuille-de-route/C-PORTAIL.yml:28:1: avertissement : le chantier "
        "« C-PORTAIL » transforme un processus où des usagers interviennent, mais ne dit pas si "
        "une analyse d'impact (AIPD) est requise — ajoutez au cadrage aipd: {requise: "
        "true|false, motif: …} ; les données personnelles d'usagers la rendent souvent "
        "obligatoire (RGPD, art. 35)",
    ]
    # Without any user in its processes, the chantier is not presumed to need one.
    for fichier in ("autonomie/P-SOL-APA.yml",):
        texte = (cadre / fichier).read_text(encoding="utf-8")
        (cadre / fichier).write_text(texte.replace("acteur: ACT-USAGER", "acteur: ACT-AGENT"),
                                     encoding="utf-8")
    assert not any("AIPD" in p for p in valider(cadre))


def test_a_quick_win_too_late(cadre: Path, valider: Valider) -> None:
    remplacer(cadre / CHANTIER, "    libelle: Mise en ligne du formulaire\n",
              "    libelle: Mise en ligne du formulaire\n    gain_rapide: true\n")
    assert valider(cadre) == []  # six months after the audit's date
    remplacer(cadre / REF, "date_situation: 2025-01-06", "date_situation: 2024-03-01")
    assert valider(cadre) == [
        "processes/feuille-de-route/C-PORTAIL.yml:28:18: avertissement : jalon « Mise en ligne "
        "du formulaire » marqué gain rapide mais daté du 2025-06-30, 16 mois après la date de "
        "situation (2024-03-01) — un gain rapide tombe dans les 12 mois "
        "(calendrier.gain_rapide_mois du référentiel) : retirez la marque ou avancez le jalon",
    ]


# --- The short-term plan ------------------------------------------------------------------


def _element(jour: str, texte: str, genre: Genre = "jalon", chantier: str = "C-A",
             precisions: tuple[str, ...] = (), responsable: str | None = None) -> ElementPlan:
    return ElementPlan(date.fromisoformat(jour), chantier, genre, texte, precisions,
                       responsable)


def test_duplicates_are_listed_once_by_a_written_rule() -> None:
    jalon = _element("2025-10-31", "Avenants aux conventions signés", responsable="ROLE-A")
    action = _element("2025-10-31", "Avenant aux conventions d'habilitation des SAAD "
                      "intégrant la télégestion", "action", precisions=("Juridique",))
    meme_texte = _element("2025-10-31", "AVENANTS aux conventions signés !", "action")
    autre_jour = _element("2025-11-30", "Avenants aux conventions signés")
    autre_chantier = _element("2025-10-31", "Avenants aux conventions signés", chantier="C-B")
    deux_jalons = [_element("2026-01-15", "Ouverture du portail aux agents"),
                   _element("2026-01-15", "Ouverture du portail aux usagers")]
    sans_rapport = _element("2025-10-31", "Former les gestionnaires", "action")
    assert meme_element(jalon, action)  # 2 words of 3 in common: avenan, conven
    assert meme_element(jalon, meme_texte)  # same text but case and punctuation
    assert not meme_element(jalon, autre_jour) and not meme_element(jalon, autre_chantier)
    assert not meme_element(*deux_jalons)  # two milestones merge only on the same text
    gardes, fusions = dedoublonner([action, sans_rapport, autre_chantier, *deux_jalons,
                                    meme_texte, jalon, autre_jour])
    assert fusions == 2
    assert [(e.date.isoformat(), e.chantier, e.genre, e.texte) for e in gardes] == [
        ("2025-10-31", "C-A", "jalon", "Avenants aux conventions signés"),
        ("2025-10-31", "C-A", "action", "Former les gestionnaires"),
        ("2025-10-31", "C-B", "jalon", "Avenants aux conventions signés"),
        ("2025-11-30", "C-A", "jalon", "Avenants aux conventions signés"),
        ("2026-01-15", "C-A", "jalon", "Ouverture du portail aux agents"),
        ("2026-01-15", "C-A", "jalon", "Ouverture du portail aux usagers"),
    ]
    assert gardes[0].precisions == ("Juridique",) and gardes[0].responsable == "ROLE-A"


def test_the_first_100_days_then_each_quarter() -> None:
    situation = date(2025, 1, 6)
    fin = ajouter_mois(situation, 6) - (date(2025, 1, 2) - date(2025, 1, 1))
    assert periodes(situation, fin) == [
        ("Les 100 premiers jours", date(2025, 1, 6), date(2025, 4, 15)),
        ("2e trimestre 2025", date(2025, 4, 16), date(2025, 6, 30)),
        ("3e trimestre 2025", date(2025, 7, 1), date(2025, 7, 5)),
    ]
    assert ajouter_mois(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert ajouter_mois(date(2024, 11, 30), 3) == date(2025, 2, 28)


def test_the_plan_starts_at_the_audit_date_with_an_owner_for_each_entry(cadre: Path) -> None:
    # Day 100 is in the first period, day 101 in the next; 2024 is past, 2027 beyond.
    remplacer(cadre / CHANTIER, "  formation:\n", "  organisation:\n"
              "    - action: Désigner les référents\n      echeance: \"2025-04-15\"\n"
              "      responsable: ROLE-DGS\n"
              "    - action: Former les référents\n      echeance: \"2025-04-16\"\n"
              "    - action: Bilan\n      echeance: \"2027-03-31\"\n"
              "    - action: Lettre de mission\n      echeance: \"2024-12-15\"\n"
              "  formation:\n")
    audit = valider_depuis_parent(cadre).audit
    plan = plan_court_terme(audit)
    assert plan is not None
    assert (plan.date_situation, plan.fin) == (date(2025, 1, 6), date(2027, 1, 5))
    assert (plan.passes, plan.au_dela, plan.doublons) == (1, 1, 0)
    premiers, deuxieme = plan.periodes[0], plan.periodes[1]
    assert [(e.date.isoformat(), e.genre, e.texte, e.responsable, e.origine_responsable)
            for e in premiers.elements] == [
        ("2025-02-10", "decision", "Valider la note de cadrage", "ROLE-CHEF-PROJET",
         "chantier"),
        ("2025-04-15", "action", "Désigner les référents", "ROLE-DGS", "element"),
    ]
    assert [e.texte for e in deuxieme.elements] == [
        "Former les référents", "Mise en ligne du formulaire"]
    assert plan.periodes[2].elements[0].texte == "Notification : Module de demande en ligne"
    # Without an owner role on the chantier, its pilot direction answers, and says so.
    remplacer(cadre / CHANTIER, "  responsable: ROLE-CHEF-PROJET\n", "")
    plan = plan_court_terme(valider_depuis_parent(cadre).audit)
    assert plan is not None
    assert {(e.responsable, e.origine_responsable) for e in plan.elements
            if e.texte != "Désigner les référents"} == {("DIR-DSN", "pilote")}


# --- Pages --------------------------------------------------------------------------------


def _pages(dossier: Path, tmp_path: Path) -> dict[str, str]:
    generateur = Generateur(valider_depuis_parent(dossier).audit, tmp_path / "cache",
                            urls_repertoires=True, public=False)
    try:
        site = generateur.generer()
    finally:
        generateur.site.attendre()
    return {p.src_uri: p.contenu for p in site.pages}


def test_the_chantier_page_reads_as_a_cadrage_note(cadre: Path, tmp_path: Path) -> None:
    page = _pages(cadre, tmp_path)["chantiers/C-PORTAIL/index.md"]
    titres = ["Ouvrir la demande d’APA en ligne.", "## Cadrage", "### Objectifs",
              "### Périmètre", "### Options étudiées", "### Achat", "### Prérequis",
              "### Décisions attendues", "### Qui fait quoi (RACI)", "## Valeur"]
    positions = [page.index(t) for t in titres]
    assert positions == sorted(positions)  # right after the description, before the value
    raci = page[page.index('<table class="transfo-table transfo-raci">'):]
    raci = raci[:raci.index("</table>")]
    assert ("<thead><tr><th scope=\"col\">Activité</th><th scope=\"col\">"
            '<a href="../../gouvernance/#ROLE-DGS">Directeur général ou directrice générale '
            "des services</a></th>") in raci
    # Columns in the référentiel's order: DGS, chef de projet, DPO.
    assert ('<tr><th scope="row">Valider le cadrage</th><td><abbr title="approuve et rend '
            'compte">A</abbr></td><td><abbr title="réalise">R</abbr></td><td><abbr '
            'title="consulté">C</abbr></td></tr>') in raci
    assert ('<tr><th scope="row">Ouvrir la démarche</th><td><abbr title="informé">I</abbr>'
            '</td><td><abbr title="réalise">R</abbr>, <abbr title="approuve et rend compte">A'
            "</abbr></td><td></td></tr>") in raci
    assert "6 mois, pour un délai réaliste d'environ 5 mois par cette voie" in page
    assert "analyse d'impact (AIPD) requise : Données de santé des demandeurs." in page


def test_the_governance_page_lists_bodies_and_their_decisions(cadre: Path,
                                                              tmp_path: Path) -> None:
    page = _pages(cadre, tmp_path)["gouvernance/index.md"]
    assert ('### Comité de pilotage\n\n<dl class="transfo-fiche" id="INST-COPIL">\n'
            "<dt>Fréquence</dt><dd>trimestrielle</dd>") in page
    decisions = page[page.index("### Comité de pilotage"):]
    assert "<td>10/02/2025</td>" in decisions and "Valider la note de cadrage" in decisions
    assert "<td>9 mois</td>" in page  # the default lead time of an open tender


def test_the_built_site_shows_the_plan_and_the_governance(cadre: Path, tmp_path: Path) -> None:
    projet = copier_projet(tmp_path / "projet", cadre)
    resultat = construire(projet)
    assert resultat.returncode == 0, resultat.stderr
    site = projet / "site"
    plan = (site / "feuille-de-route" / "index.html").read_text(encoding="utf-8")
    assert "Les 100 premiers jours" in plan and "2e trimestre 2025" in plan
    assert "responsable du chantier" in plan
    assert (site / "gouvernance" / "index.html").exists()
    assert liens_casses(site) == []
