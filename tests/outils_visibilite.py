"""A copy of the small model with internal content of every kind, each carrying a sentinel
that must never reach a public output."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from tests.conftest import MINI

SENTINELLES = {
    "acteur": "SENTINELLE-ACTEUR Contrôleur confidentiel",
    "application": "SENTINELLE-APPLICATION Outil maison",
    "direction": "SENTINELLE-DIRECTION Mission secrète",
    "gain": "SENTINELLE-GAIN Gain réservé",
    "chantier": "SENTINELLE-CHANTIER Chantier réservé",
    "irritant": "SENTINELLE-IRRITANT Délai légal dépassé",
    "message": "SENTINELLE-MESSAGE Message clé réservé",
    "priorite": "SENTINELLE-PRIORITE Priorité réservée",
    "decision": "SENTINELLE-DECISION Décision réservée",
    "scenario": "SENTINELLE-SCENARIO Scénario réservé",
    "indicateur": "SENTINELLE-INDICATEUR Indicateur réservé",
    "mesure": "SENTINELLE-MESURE Commentaire de mesure réservé",
    "option": "SENTINELLE-OPTION Motif d'option réservé",
    "gain_propre": "SENTINELLE-GAIN-PROPRE Gain propre réservé",
    "risque": "SENTINELLE-RISQUE Risque réservé",
    "action": "SENTINELLE-ACTION Action réservée",
}
IDS_INTERNES = ["ACT-CONTROLEUR", "APP-MAISON", "DIR-SECRET", "G-SOL-APA-4", "C-INTERNE",
                "S-INTERNE", "IND-PORTAIL-INTERNE", "G-PORTAIL-INTERNE"]


def _lire(fichier: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(fichier.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _ecrire(fichier: Path, donnees: object) -> None:
    fichier.write_text(yaml.safe_dump(donnees, allow_unicode=True, sort_keys=False), "utf-8")


def modele_avec_interne(cible: Path) -> Path:
    """The small model, plus: an internal actor (category A) doing a public step, an
    internal application used by a public step, an internal direction piloting a public
    chantier, an internal derived gain, an internal chantier a public one depends on, an
    internal irritant, and a reviewed gain; and the kinds added later, each with an internal
    item where it may have one (see :func:`_genres_recents`)."""
    shutil.copytree(MINI, cible)
    ref = _lire(cible / "referentiel.yml")
    ref["directions"].append({"id": "DIR-SECRET", "nom": SENTINELLES["direction"],
                              "visibilite": "interne"})
    ref["acteurs"].append({"id": "ACT-CONTROLEUR", "nom": SENTINELLES["acteur"],
                           "direction": "DIR-SECRET", "categorie": "A",
                           "visibilite": "interne"})
    ref["applications"].append({"id": "APP-MAISON", "nom": SENTINELLES["application"],
                                "visibilite": "interne"})
    _ecrire(cible / "referentiel.yml", ref)

    fichier = cible / "autonomie" / "P-SOL-APA.yml"
    proc = _lire(fichier)
    proc["existant"].append({"id": "E5", "libelle": "Contrôle de cohérence",
                             "acteur": "ACT-CONTROLEUR", "application": "APP-MAISON",
                             "canal": "application", "duree_minutes": 120})
    proc["existant"][3]["suivantes"] = ["E5"]
    proc["cible"].append({"id": "E5", "libelle": "Contrôle de cohérence",
                          "acteur": "ACT-CONTROLEUR", "application": "APP-MAISON",
                          "canal": "application", "duree_minutes": 30})
    proc["irritants"].append({"libelle": {"texte": SENTINELLES["irritant"],
                                          "visibilite": "interne"}, "etapes": ["E4"]})
    proc["gains"].append({
        "id": "G-SOL-APA-4", "libelle": SENTINELLES["gain"], "nature": "quantitatif",
        "axe": "rentabilite", "valorisation": {"nature": "budgetaire", "type": "euros",
                                              "montant_annuel": 123457},
        "annee_debut": 2026, "hypothese": "Hypothèse réservée.", "source": "Note interne",
        "confiance": "forte", "visibilite": "interne"})
    proc["gains"][0]["revue"] = {"date": "2025-03-01", "empreintes": {
        "gain": "0123456789abcdef", "processus": "fedcba9876543210",
        "parametres": "00112233445566ff"}}
    _ecrire(fichier, proc)

    fichier = cible / "feuille-de-route" / "C-PORTAIL.yml"
    chantier = _lire(fichier)
    chantier["pilote"] = "DIR-SECRET"
    chantier["depend_de"] = ["C-INTERNE"]
    chantier["gains"].append("G-SOL-APA-4")
    _ecrire(fichier, chantier)
    _ecrire(cible / "feuille-de-route" / "C-INTERNE.yml", {
        "id": "C-INTERNE", "nom": SENTINELLES["chantier"], "visibilite": "interne",
        "description": "Réorganisation réservée.", "horizon": "court_terme",
        "debut": "2025-01-01", "fin": "2025-06-30", "pilote": "DIR-SOL",
        "processus": ["P-SOL-APA"], "gains": ["G-SOL-APA-3"],
        "couts": [{"annee": 2025, "investissement_externe": 77777}],
        "mareva": {"necessite": 2, "maitrise_risques": 2, "internalites": 1,
                   "externalites": 1}})
    # C-PORTAIL starts while the internal chantier it depends on is still running.
    with (cible / "referentiel.yml").open("a", encoding="utf-8") as referentiel:
        referentiel.write("calendrier:\n  chevauchement_mois: 6\n  source: Test\n")
    _genres_recents(cible)
    return cible


def _genres_recents(cible: Path) -> None:
    """A synthesis, two scenarios (one recommended, one internal), the follow-up of
    C-PORTAIL (an internal indicator, a measure with an internal comment, realised costs,
    milestone and gain), its scoping note (an option with an internal reason, a RACI on the
    référentiel's roles, a decision of one of its instances), its team load, its own gains
    (one internal), its financial return « sans objet », avoided costs, reasons of necessity,
    risks and change actions (one internal each); teams, roles, instances and
    purchase delays in the référentiel. Every free text is filled, so that the trap of
    test_securite reaches each one. Public items also refer to internal ones (a message's
    support, a priority's or decision's chantiers, the gain an indicator measures, a realised
    gain), which the public version must drop."""
    ref = _lire(cible / "referentiel.yml")
    ref["date_situation"] = "2025-03-31"
    ref["roles"] = [
        {"id": "ROLE-DGS", "nom": "Directeur général des services"},
        {"id": "ROLE-CHEF-PROJET", "nom": "Chef de projet du portail", "direction": "DIR-DSN"},
        {"id": "ROLE-DIRECTEUR-SOL", "nom": "Directeur des solidarités",
         "direction": "DIR-SOL"},
    ]
    ref["instances"] = [{
        "id": "INST-COPIL", "nom": "Comité de pilotage", "frequence": "trimestrielle",
        "composition": ["ROLE-DGS", "ROLE-DIRECTEUR-SOL"], "presidence": "ROLE-DGS",
        "role": "Valide les notes de cadrage et arbitre les priorités."}]
    ref["delais_achat"] = {
        "mapa": {"mois": 4, "source": "Direction de la commande publique"},
        "appel_offres_ouvert": {"mois": 8, "source": "Direction de la commande publique"}}
    ref["equipes"] = [{
        "id": "EQ-DSN", "nom": "Équipe projets du numérique", "capacite_trimestre": 200,
        "source": "Plan de charge de la direction du numérique",
        "par_trimestre": [{"trimestre": "2025-T3", "jours": 150}]}]
    _ecrire(cible / "referentiel.yml", ref)

    fichier = cible / "feuille-de-route" / "C-PORTAIL.yml"
    chantier = _lire(fichier)
    chantier["charges"] = [{"equipe": "EQ-DSN", "jours": 120}]
    chantier["gains_propres"] = [
        {"id": "G-PORTAIL-CONFORMITE", "libelle": "Démarche accessible en ligne",
         "nature": "qualitatif", "axe": "externalites",
         "indicateur": "Part des demandes déposées en ligne", "unite": "pourcentage",
         "reference": 0, "cible": 60, "hypothese": "Le formulaire en ligne est connu.",
         "source": "Loi pour une République numérique", "confiance": "moyenne"},
        {"id": "G-PORTAIL-INTERNE", "libelle": SENTINELLES["gain_propre"],
         "nature": "qualitatif", "axe": "internalites", "indicateur": "Part réservée",
         "unite": "pourcentage", "reference": 0, "cible": 10,
         "hypothese": "Hypothèse réservée.", "source": "Note interne",
         "confiance": "faible", "visibilite": "interne"},
    ]
    chantier["couts_evites"] = [{"libelle": "Licence de l'ancien formulaire",
                                 "montant_annuel": 3000, "source": "Contrat d'hébergement"}]
    chantier["motifs_necessite"] = [{"type": "reglementation",
                                     "libelle": "Démarches en ligne obligatoires",
                                     "reference": "Code des relations entre le public et "
                                                  "l'administration"}]
    chantier["risques"] = [
        {"libelle": "Faible fréquentation du portail", "probabilite": "moyen",
         "impact": "fort", "mitigation": "Garder l'accueil physique."},
        {"libelle": SENTINELLES["risque"], "probabilite": "faible", "impact": "moyen",
         "mitigation": "Mesure réservée.", "visibilite": "interne"}]
    chantier["conduite_du_changement"]["communication"] = [
        {"action": "Annoncer le portail aux usagers", "public": "Demandeurs",
         "responsable": "ROLE-CHEF-PROJET"},
        {"action": SENTINELLES["action"], "public": "Agents", "visibilite": "interne"}]
    chantier["rentabilite_financiere"] = {
        "sans_objet": True, "motif": "obligation d'ouvrir la démarche en ligne"}
    chantier["cadrage"] = {
        "responsable": "ROLE-CHEF-PROJET",
        "objectifs": ["Ouvrir la demande d'APA en ligne", "Réduire les dossiers incomplets"],
        "perimetre": {"inclus": ["Formulaire de demande"], "exclus": ["Révision du plan d'aide"]},
        "options": [
            {"libelle": "Module du portail existant", "retenue": True,
             "motif": "Les usagers connaissent déjà le portail."},
            {"libelle": "Développement spécifique", "retenue": False,
             "motif": {"texte": SENTINELLES["option"], "visibilite": "interne"}}],
        "achat": {"objet": "Module de formulaire en ligne", "voie": "mapa",
                  "notification_prevue": "2025-05-01"},
        "prerequis": {"donnees": ["Liste des pièces justificatives à jour"],
                      "systemes": ["Interface entre le portail et la GED"]},
        "aipd": {"requise": True, "motif": "Données de santé des demandeurs."},
        "raci": [{"activite": "Paramétrer le formulaire", "responsable": ["ROLE-CHEF-PROJET"],
                  "approbateur": "ROLE-DIRECTEUR-SOL", "consultes": ["ROLE-DGS"]}],
        "decisions": [{"objet": "Valider la note de cadrage", "instance": "INST-COPIL",
                       "date": "2025-02-15"}],
    }
    _ecrire(fichier, chantier)

    _ecrire(cible / "synthese.yml", {
        "messages_cles": [
            {"texte": "**Le portail rend du temps aux instructeurs.**",
             "appuis": ["C-PORTAIL", "C-INTERNE", "G-SOL-APA-4", "valeur"]},
            {"texte": SENTINELLES["message"], "appuis": ["C-PORTAIL"],
             "visibilite": "interne"}],
        "priorites": [
            {"titre": "Ouvrir les démarches en ligne",
             "description": "Le portail sert les autres chantiers.",
             "chantiers": ["C-PORTAIL", "C-INTERNE"]},
            {"titre": SENTINELLES["priorite"], "chantiers": ["C-PORTAIL"],
             "visibilite": "interne"}],
        "decisions": [
            {"objet": "Voter les crédits du portail", "date": "2025-04-10",
             "instance": "assemblee_departementale",
             "chantiers": ["C-PORTAIL", "C-INTERNE"]},
            {"objet": SENTINELLES["decision"], "date": "2025-05-01",
             "instance": "comite_direction", "visibilite": "interne"}],
    })
    (cible / "scenarios").mkdir()
    _ecrire(cible / "scenarios" / "S-PORTAIL.yml", {
        "id": "S-PORTAIL", "nom": "Portail seul", "description": "Le portail, sans plus.",
        "chantiers": ["C-PORTAIL", "C-INTERNE"], "plafond_annuel": 200000,
        "recommande": True, "justification": "Le moins cher des scénarios."})
    _ecrire(cible / "scenarios" / "S-INTERNE.yml", {
        "id": "S-INTERNE", "nom": SENTINELLES["scenario"], "visibilite": "interne",
        "description": "Variante réservée.", "chantiers": ["C-INTERNE"],
        "decalages": [{"chantier": "C-INTERNE", "mois": 3}]})
    (cible / "suivi").mkdir()
    _ecrire(cible / "suivi" / "C-PORTAIL.yml", {
        "chantier": "C-PORTAIL",
        "commentaire": "Le formulaire est en ligne depuis mars.",
        "indicateurs": [
            {"id": "IND-PORTAIL-EN-LIGNE", "libelle": "Part des demandes en ligne",
             "unite": "pourcentage", "valeur_initiale": {"valeur": 0, "date": "2025-01-31"},
             "cible": {"valeur": 60, "date": "2026-12-31"},
             "source": "Statistiques du portail", "frequence": "mensuelle",
             "gain": "G-SOL-APA-4", "enjeu": "qualite_performance",
             "mesures": [{"date": "2025-02-28", "valeur": 12,
                          "commentaire": "Premier mois complet."},
                         {"date": "2025-03-31", "valeur": 18,
                          "commentaire": {"texte": SENTINELLES["mesure"],
                                          "visibilite": "interne"}}]},
            {"id": "IND-PORTAIL-INTERNE", "libelle": SENTINELLES["indicateur"],
             "unite": "nombre", "valeur_initiale": {"valeur": 1, "date": "2025-01-31"},
             "cible": {"valeur": 5, "date": "2025-12-31"},
             "source": "Tableau de bord réservé", "frequence": "trimestrielle",
             "visibilite": "interne"}],
        "realise": {
            "couts": [{"annee": 2025, "investissement_externe": 30000}],
            "jalons": [{"jalon": "Mise en ligne du formulaire", "date": "2025-03-15"}],
            "gains": [{"gain": "G-SOL-APA-1", "annee": 2025, "montant": 1000,
                       "source": "Bilan du premier trimestre"},
                      {"gain": "G-SOL-APA-4", "annee": 2025, "montant": 123457,
                       "source": "Bilan réservé"}]},
    })
