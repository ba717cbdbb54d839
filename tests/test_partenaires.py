"""Partners' time and chantier-level value, as a consultant meets them: the small model copied,
edited, validated and analysed, the page or the export read, the exact figure checked.

Hand-made case: P-SOL-APA treats 1 000 cases a year. The existant gets two partner steps — a
town hall (agent d'une autre administration, 36 € an hour) for 30 min, a veterinarian
(professionnel de santé, 90 € an hour) for 6 min; the cible keeps the town hall's step at
10 min and drops the veterinarian's. Saved: 20 min × 1 000 / 60 = 333,33 h × 36 € = 12 000 €
and 6 min × 1 000 / 60 = 100 h × 90 € = 9 000 €, so 21 000 € a year, 433,33 hours.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import remplacer, valider_depuis_parent
from transfo import formats
from transfo.analyse.comparaison import comparer
from transfo.analyse.valeur import Analyse, analyser
from transfo.export.json_export import export_json
from transfo.export.xlsx_export import export_xlsx
from transfo.model.audit import Audit
from transfo.model.visibilite import version_publique
from transfo.render.contexte import cible_entite
from transfo.render.site import Generateur
from transfo.render.urls import page_entite, page_section

Valider = Callable[[Path], list[str]]
APA = "autonomie/P-SOL-APA.yml"
CHANTIER = "feuille-de-route/C-PORTAIL.yml"
REF = "referentiel.yml"

TAUX_PARTENAIRES = """  valeur_heure_partenaire:
    agent_public: {valeur: 36, source: Coût horaire d'un agent communal (illustratif)}
    professionnel_sante: {valeur: 90, source: Tarif horaire d'un vétérinaire (illustratif)}
directions:"""
ACTEURS_PARTENAIRES = """applications:
  - id: APP-GED"""
ACTEURS_AJOUTES = """  - id: ACT-MAIRIE
    nom: Secrétariat de mairie
    type: partenaire
    genre: agent_public
  - id: ACT-VETO
    nom: Vétérinaire
    type: partenaire
    genre: professionnel_sante
applications:
  - id: APP-GED"""
ETAPES_EXISTANT = """    duree_minutes: 60
    delai_jours: 15
cible:"""
ETAPES_EXISTANT_PARTENAIRES = """    duree_minutes: 60
    delai_jours: 15
  - id: E5
    libelle: Certificat de la mairie
    acteur: ACT-MAIRIE
    canal: courrier
    duree_minutes: 30
  - id: E6
    libelle: Certificat vétérinaire
    acteur: ACT-VETO
    canal: courrier
    duree_minutes: 6
cible:"""
ETAPES_CIBLE = """    duree_minutes: 45
    delai_jours: 5
irritants:"""
ETAPES_CIBLE_PARTENAIRES = """    duree_minutes: 45
    delai_jours: 5
  - id: E5
    libelle: Attestation en ligne de la mairie
    acteur: ACT-MAIRIE
    canal: portail
    duree_minutes: 10
irritants:"""
GAIN_PARTENAIRES = """  - id: G-SOL-APA-3
    libelle: Usagers mieux informés"""
GAIN_PARTENAIRES_AJOUTE = """  - id: G-SOL-APA-4
    libelle: Temps des partenaires économisé
    nature: quantitatif
    axe: externalites
    valorisation: {nature: temps_partenaire, type: heures_partenaire, derivee: true}
    annee_debut: 2026
    hypothese: Les certificats passent en ligne.
    source: Entretiens
    confiance: moyenne
""" + GAIN_PARTENAIRES


def avec_partenaires(modele: Path) -> Path:
    """The small model with the partners of the hand-made case and their derived gain."""
    remplacer(modele / REF, "directions:", TAUX_PARTENAIRES)
    remplacer(modele / REF, ACTEURS_PARTENAIRES, ACTEURS_AJOUTES)
    remplacer(modele / APA, ETAPES_EXISTANT, ETAPES_EXISTANT_PARTENAIRES)
    remplacer(modele / APA, ETAPES_CIBLE, ETAPES_CIBLE_PARTENAIRES)
    remplacer(modele / APA, GAIN_PARTENAIRES, GAIN_PARTENAIRES_AJOUTE)
    remplacer(modele / CHANTIER, "gains: [G-SOL-APA-1, G-SOL-APA-2, G-SOL-APA-3]",
              "gains: [G-SOL-APA-1, G-SOL-APA-2, G-SOL-APA-3, G-SOL-APA-4]")
    return modele


def charger(modele: Path) -> tuple[Audit, Analyse]:
    resultat = valider_depuis_parent(modele)
    assert [p.format() for p in resultat.problemes] == []
    return resultat.audit, analyser(resultat.audit, avec_sensibilite=False)


def pages(audit: Audit, cache: Path, *, public: bool = False) -> dict[str, str]:
    generateur = Generateur(audit, cache, urls_repertoires=True, public=public)
    try:
        site = generateur.generer()
    finally:
        generateur.site.attendre()
    return {p.src_uri: p.contenu for p in site.pages}


# --- Partners' time ------------------------------------------------------------------------


def test_partner_time_is_derived_at_the_rate_of_each_kind_of_partner(mini: Path) -> None:
    _, avant = charger(mini)
    _, analyse = charger(avec_partenaires(mini))
    gain = analyse.gains["G-SOL-APA-4"]
    assert gain.nature == "temps_partenaire"
    assert gain.heures_partenaire_plein == pytest.approx(1000 * 26 / 60)
    assert gain.annuel_plein == pytest.approx(12_000 + 9_000)
    ecarts = analyse.ecarts["P-SOL-APA"]
    assert ecarts.gagnees_par_genre("partenaire") == pytest.approx(
        {"agent_public": 1000 * 20 / 60, "professionnel_sante": 100.0})
    # A flow of its own: users' time unchanged, the budget never touched.
    c, c_avant = analyse.chantiers["C-PORTAIL"], avant.chantiers["C-PORTAIL"]
    assert c.annees == (2025, 2026, 2027, 2028, 2029, 2030)
    assert c.gains_temps_partenaires == pytest.approx((0, 21_000, 21_000, 21_000, 21_000, 21_000))
    assert c.gains_temps_usagers == pytest.approx(c_avant.gains_temps_usagers)
    assert c.van_financiere == pytest.approx(c_avant.van_financiere)
    assert c.total_gains_socio_economiques == pytest.approx(
        c_avant.total_gains_socio_economiques + 5 * 21_000)


def test_a_partner_without_a_kind_takes_the_kind_the_gain_declares(mini: Path) -> None:
    modele = avec_partenaires(mini)
    remplacer(modele / REF, "    genre: professionnel_sante\n", "")
    remplacer(modele / APA, "type: heures_partenaire, derivee: true}",
              "type: heures_partenaire, partenaire: agent_public, derivee: true}")
    _, analyse = charger(modele)
    # The veterinarian's 100 hours now at the town hall's 36 €.
    assert analyse.gains["G-SOL-APA-4"].annuel_plein == pytest.approx(12_000 + 3_600)


def test_users_and_partners_are_distinct_lines_on_the_pages_and_in_the_exports(
        mini: Path, tmp_path: Path) -> None:
    audit, analyse = charger(avec_partenaires(mini))
    toutes = pages(audit, tmp_path / "cache")
    chantier = toutes[page_entite("chantier", "C-PORTAIL")]
    entete = chantier[chantier.index("<caption>Flux annuels du chantier"):]
    assert ('<th scope="col">Temps des usagers</th><th scope="col">Temps des partenaires</th>'
            in entete)
    ligne_2026 = next(x for x in entete.splitlines() if x.startswith('<tr><th scope="row">2026'))
    usagers = formats.euros(analyse.chantiers["C-PORTAIL"].gains_temps_usagers[1])
    assert f"<td>{usagers}</td><td>{formats.euros(21_000)}</td>" in ligne_2026
    assert f"des partenaires : {formats.euros(5 * 21_000)}" in chantier
    valeur = toutes[page_section("valeur")]
    assert '<th scope="col">Temps des partenaires</th>' in valeur
    # The method page says which rate applies to which kind, with its source.
    methode = toutes[page_section("methode_valeur")]
    assert ("<tr><th scope=\"row\">Valeur d'une heure de temps de partenaire (professionnel de "
            "santé (médecin, vétérinaire, infirmier), <code>professionnel_sante</code>)</th>"
            f"<td>{formats.montant(90)}</td>"
            "<td>Tarif horaire d&#39;un vétérinaire (illustratif)</td></tr>") in methode
    # A kind the référentiel leaves out keeps the tool's default, sourced as such.
    assert ("<code>benevole</code>)</th><td>15\u202f€</td><td>Convention de l&#39;outil transfo "
            "(valeur par défaut, à confirmer avec le client)</td>") in methode
    # JSON and workbook: their own column.
    donnees = export_json(audit, analyse)
    flux = donnees["chantiers"][0]["flux"]
    assert [f["gains_temps_partenaires"] for f in flux] == [0, 21_000, 21_000, 21_000,
                                                            21_000, 21_000]
    assert donnees["parametres"]["valeur_heure_partenaire"]["professionnel_sante"] == 90
    classeur = openpyxl.load_workbook(io.BytesIO(export_xlsx(audit, analyse)))
    feuille = classeur["Flux"]
    entetes = [c.value for c in feuille[1]]
    assert entetes[6:8] == ["Temps des usagers (€)", "Temps des partenaires (€)"]
    assert feuille["H3"].value == 21_000 and feuille["J3"].value == "=E3+F3+G3+H3-D3"


@pytest.mark.parametrize(
    ("fichier", "avant", "apres", "attendu"),
    [
        # A kind outside the vocabulary.
        (REF, "    genre: professionnel_sante", "    genre: veterinaire",
         "processes/referentiel.yml:47:12: erreur : valeur « veterinaire » non reconnue — valeurs "
         "possibles : agent_public, professionnel_sante, benevole, salarie"),
        # A kind of user given to a partner.
        (REF, "    genre: professionnel_sante", "    genre: particulier",
         "processes/referentiel.yml:47:12: erreur : « particulier » n'est pas un genre de "
         "partenaire (acteur « ACT-VETO ») — genres de partenaire : agent_public, "
         "professionnel_sante, benevole, salarie"),
        # A derived partner gain, a partner without a kind, and no kind on the gain.
        (REF, "    genre: professionnel_sante\n", "",
         "processes/autonomie/P-SOL-APA.yml:91:28: erreur : genre de partenaire manquant pour "
         "le gain « G-SOL-APA-4 » : « ACT-VETO » ne déclare pas de genre — ajoutez genre "
         "(agent_public, professionnel_sante, benevole ou salarie) à chaque partenaire"),
        # A cible that takes more of the partners' time: a negative gain, said so.
        (APA, "    canal: portail\n    duree_minutes: 10",
         "    canal: portail\n    duree_minutes: 50",
         "processes/autonomie/P-SOL-APA.yml:91:80: avertissement : le gain dérivé « G-SOL-APA-4 » "
         "est négatif (−233,33 heures de partenaire par an : la cible prend plus de temps aux "
         "partenaires que l'existant)"),
        # Partners' time measured in users' hours.
        (APA, "type: heures_partenaire, derivee", "type: heures_usager, derivee",
         "processes/autonomie/P-SOL-APA.yml:91:28: erreur : un gain de nature "
         "« temps_partenaire » ne se mesure pas en « heures_usager »"),
    ],
)
def test_bad_partner_inputs_are_named_at_their_place(
        mini: Path, valider: Valider, fichier: str, avant: str, apres: str,
        attendu: str) -> None:
    modele = avec_partenaires(mini)
    remplacer(modele / fichier, avant, apres)
    assert any(m.startswith(attendu) for m in valider(modele)), valider(modele)


# --- A chantier's own gains ----------------------------------------------------------------

GAIN_PROPRE = """gains: [G-SOL-APA-1, G-SOL-APA-2, G-SOL-APA-3]
gains_propres:
  - id: G-PORTAIL-CONFORMITE
    libelle: Pénalités de retard de conformité évitées
    nature: quantitatif
    axe: rentabilite
    valorisation: {nature: budgetaire, type: euros, montant_annuel: 10000}
    annee_debut: 2026
    hypothese: La mise en conformité évite la pénalité annuelle.
    source: Convention avec l'État
    confiance: forte
"""


def test_a_chantier_gain_counts_once_and_is_listed_with_its_chantier(
        mini: Path, tmp_path: Path) -> None:
    avant_audit, avant = charger(mini)
    remplacer(mini / CHANTIER, "gains: [G-SOL-APA-1, G-SOL-APA-2, G-SOL-APA-3]\n", GAIN_PROPRE)
    audit, analyse = charger(mini)
    gain = analyse.gains["G-PORTAIL-CONFORMITE"]
    assert (gain.chantier, gain.processus, gain.chantiers) == ("C-PORTAIL", "", ("C-PORTAIL",))
    # Five years (2026–2030) of 10 000 €, once in the chantier and once in the portfolio.
    for apres_v, avant_v in ((analyse.chantiers["C-PORTAIL"], avant.chantiers["C-PORTAIL"]),
                             (analyse.portefeuille, avant.portefeuille)):
        assert apres_v.total_gains_budgetaires - avant_v.total_gains_budgetaires == \
            pytest.approx(50_000)
    # Its page is the chantier's, where it has its anchor; the register names the chantier.
    assert cible_entite(audit, "G-PORTAIL-CONFORMITE") == (
        page_entite("chantier", "C-PORTAIL"), "G-PORTAIL-CONFORMITE")
    toutes = pages(audit, tmp_path / "cache")
    chantier = toutes[page_entite("chantier", "C-PORTAIL")]
    assert '<section class="transfo-gain" id="G-PORTAIL-CONFORMITE">' in chantier
    registre = toutes[page_section("gains")]
    ligne = next(x for x in registre.splitlines() if "G-PORTAIL-CONFORMITE" in x)
    assert "Portail de démarches en ligne</span></a> (chantier)</td>" in ligne
    # Exports: owned by the chantier, without a process.
    donnees = export_json(audit, analyse)
    exporte = next(g for g in donnees["gains"] if g["id"] == "G-PORTAIL-CONFORMITE")
    assert (exporte["processus"], exporte["chantier_porteur"]) == (None, "C-PORTAIL")
    # The diff names the gain itself, not a field of the chantier.
    comparaison = comparer(avant_audit, avant, audit, analyse)
    assert [(c.genre, c.id, c.nature) for c in comparaison.changements] == [
        ("gain", "G-PORTAIL-CONFORMITE", "ajout")]


def test_an_internal_chantier_gain_leaves_the_public_version(mini: Path) -> None:
    remplacer(mini / CHANTIER, "gains: [G-SOL-APA-1, G-SOL-APA-2, G-SOL-APA-3]\n",
              GAIN_PROPRE.replace("    confiance: forte\n",
                                  "    confiance: forte\n    visibilite: interne\n"))
    audit, _ = charger(mini)
    publique = version_publique(audit)
    assert "G-PORTAIL-CONFORMITE" in audit.gains
    assert "G-PORTAIL-CONFORMITE" not in publique.gains
    assert publique.chantiers["C-PORTAIL"].gains_propres == []
    assert {"C-PORTAIL", "PORTEFEUILLE"} <= publique.retraits
    valeur = analyser(publique, avec_sensibilite=False).chantiers["C-PORTAIL"]
    assert sum(valeur.gains_budgetaires) == 0


# --- « Sans objet » ------------------------------------------------------------------------

MOTIF = "mise en conformité réglementaire, sans économie attendue"
SANS_OBJET = f"""rentabilite_financiere:
  sans_objet: true
  motif: {MOTIF}
couts:
"""


def test_sans_objet_replaces_the_roi_of_minus_100_percent(mini: Path, tmp_path: Path) -> None:
    _, avant = charger(mini)
    assert avant.chantiers["C-PORTAIL"].roi == pytest.approx(-1.0)  # no budget gain at all
    remplacer(mini / CHANTIER, "couts:\n", SANS_OBJET)
    audit, analyse = charger(mini)
    v = analyse.chantiers["C-PORTAIL"]
    assert (v.roi, v.sans_objet) == (None, MOTIF)
    # Its costs still count in the portfolio.
    assert analyse.portefeuille.total_couts == pytest.approx(avant.portefeuille.total_couts)
    toutes = pages(audit, tmp_path / "cache")
    chantier = toutes[page_entite("chantier", "C-PORTAIL")]
    assert ('<span class="transfo-carte-titre">ROI financier</span><strong>sans objet</strong>'
            f"<span>{MOTIF}</span>") in chantier
    assert f"<strong>Retour financier sans objet :</strong> {MOTIF}." in chantier
    assert "−100" not in chantier
    valeur = toutes[page_section("valeur")]
    ligne = next(x for x in valeur.splitlines() if x.startswith('<tr><th scope="row">')
                 and "C-PORTAIL" in x and "sans objet" in x)
    assert "<td>sans objet</td><td>sans objet</td><td>sans objet</td>" in ligne
    assert "−100" not in ligne
    assert f"Portail de démarches en ligne</span></a>, {MOTIF}.</p>" in valeur
    donnees = export_json(audit, analyse)["chantiers"][0]
    assert (donnees["roi_financier"], donnees["rentabilite_sans_objet"]) == (None, MOTIF)
    assert donnees["scenarios"]["pessimiste"]["van_financiere"] is None
    feuille = openpyxl.load_workbook(io.BytesIO(export_xlsx(audit, analyse)))["Chantiers"]
    entetes = [c.value for c in feuille[1]]
    cellules = {e: c.value for e, c in zip(entetes, feuille[2], strict=False)}
    assert cellules["ROI financier (valeur)"] == "sans objet"
    assert cellules["VAN financière pessimiste (€)"] == "sans objet"
    assert cellules["Retour financier sans objet (motif)"] == MOTIF


def test_sans_objet_without_a_reason_is_an_error_at_its_place(mini: Path,
                                                               valider: Valider) -> None:
    remplacer(mini / CHANTIER, "couts:\n",
              "rentabilite_financiere:\n  sans_objet: true\ncouts:\n")
    assert valider(mini) == [
        "processes/feuille-de-route/C-PORTAIL.yml:11:15: erreur : retour financier déclaré "
        "sans objet sans motif — ajoutez motif : la raison, affichée à la place du ROI (par "
        "exemple « mise en conformité réglementaire, sans économie attendue »)"]


def test_the_sample_regulatory_chantier_reads_sans_objet() -> None:
    from tests.conftest import RACINE

    resultat = valider_depuis_parent(RACINE / "processes")
    analyse = analyser(resultat.audit, avec_sensibilite=False)
    v = analyse.chantiers["C-PROTECTION-ENFANCE"]
    assert v.roi is None and v.sans_objet is not None and "loi du 7 février 2022" in v.sans_objet
    assert analyse.gains["G-ENF-IP-CONFORMITE"].chantier == "C-PROTECTION-ENFANCE"
    genres = {a.id: a.genre for a in resultat.audit.acteurs.values() if a.type == "partenaire"}
    assert genres["ACT-MDPH"] == "agent_public" and genres["ACT-SAAD"] == "salarie"


def test_partner_rates_to_confirm_are_listed_with_the_other_hypotheses() -> None:
    from tests.conftest import RACINE
    from transfo.analyse.hypotheses import hypotheses_a_confirmer

    resultat = valider_depuis_parent(RACINE / "processes")
    a_confirmer = {h.libelle: (h.valeur, h.raison) for h in hypotheses_a_confirmer(resultat.audit)}
    assert a_confirmer["Valeur d'une heure de partenaire (professionnel de santé (médecin, "
                       "vétérinaire, infirmier))"] == ("60\u202f€", "à confirmer")
    # The volunteers' rate cites the legal minimum wage: nothing to confirm.
    assert not any("bénévole" in libelle for libelle in a_confirmer)


def test_a_chantier_gain_is_reviewed_in_its_chantier_file(mini: Path, valider: Valider) -> None:
    from tests.conftest import lancer

    remplacer(mini / CHANTIER, "gains: [G-SOL-APA-1, G-SOL-APA-2, G-SOL-APA-3]\n", GAIN_PROPRE)
    r = lancer("review", "G-PORTAIL-CONFORMITE", cwd=mini.parent)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("G-PORTAIL-CONFORMITE : revu le ")
    assert "\n    revue: {date: " in (mini / CHANTIER).read_text(encoding="utf-8")
    assert valider(mini) == []
    remplacer(mini / CHANTIER, "montant_annuel: 10000", "montant_annuel: 12000")
    assert [m.split(" — ")[0] for m in valider(mini)] == [
        "processes/feuille-de-route/C-PORTAIL.yml:12:12: avertissement : « G-PORTAIL-CONFORMITE »"
        " est à revoir : le gain lui-même a changé depuis la revue du "
        + date.today().strftime("%d/%m/%Y")]
