"""Vocabulary, limits and defaults of the model, in one place: codes, French labels, patterns."""

from __future__ import annotations

# --- Loader limits -----------------------------------------------------------------------
LIMITE_TAILLE_OCTETS = 1_048_576
"""A model file describes one entity: one mebibyte is far above any real file."""
LIMITE_PROFONDEUR = 32
"""Nesting levels in one file; the deepest real structure (a step's branches) uses six."""

# --- Identifiers ---------------------------------------------------------------------------
SEGMENT = r"[A-Z0-9]+"
"""One part of an id; each kind's prefix is in :mod:`transfo.model.genres`."""
LONGUEUR_MAX_ID = 80
"""Longest id, in characters: an id names pages, diagrams and files, and a few dozen
characters already read badly; far below the file-name limits of every system."""


ETAPE_PATTERN = r"^[A-Z][A-Z0-9]*$"
"""Steps are local to a process: ``E1``, ``E2``, ``RECEP``…; a cible step keeps the id of the
existant step it transforms, which is how the gap analysis pairs them."""

# --- Enumerations (code → French label) ---------------------------------------------------
FAMILLES = {
    "pilotage": "Pilotage",
    "realisation": "Réalisation",
    "support": "Support",
}
POTENTIELS = {
    "faible": "Faible",
    "moyen": "Moyen",
    "fort": "Fort",
}
LEVIERS = {
    "collaboratif": "Collaboratif",
    "donnees": "Données (big data et open data)",
    "mobilite": "Mobilité",
    "relation_usager": "Gestion de la relation usager",
    "demarches_en_ligne": "Démarches en ligne",
}
ENJEUX = {
    "qualite_performance": "Qualité du service public et performance économique",
    "culture_evaluation": "Culture de l'évaluation des politiques publiques",
    "management_rh": "Performance du management et des ressources humaines",
    "fierte_adhesion": "Fierté du métier et adhésion aux transformations",
}
CANAUX = {
    "guichet": "Guichet",
    "courrier": "Courrier",
    "telephone": "Téléphone",
    "courriel": "Courriel",
    "portail": "Portail en ligne",
    "application": "Application métier",
    "terrain": "Terrain",
    "reunion": "Réunion",
    "automatique": "Traitement automatique",
}
TYPES_ACTEUR = {
    "agent": "Agent du Département",
    "usager": "Usager",
    "partenaire": "Partenaire",
}
CATEGORIES = {"A": "Catégorie A", "B": "Catégorie B", "C": "Catégorie C"}
NATURES_GAIN = {"quantitatif": "Quantitatif", "qualitatif": "Qualitatif"}
AXES_MAREVA = {
    "necessite": "Nécessité",
    "maitrise_risques": "Maîtrise des risques",
    "internalites": "Bénéfices pour les agents et les services (internalités)",
    "externalites": "Bénéfices pour les usagers (externalités)",
    "rentabilite": "Rentabilité financière",
}
NATURES_VALEUR = {
    "budgetaire": "Budgétaire",
    "temps_agent": "Temps des agents",
    "temps_usager": "Temps des usagers",
    "temps_partenaire": "Temps des partenaires",
}
GENRES_USAGER = {
    "particulier": "particulier",
    "professionnel": "professionnel",
    "entreprise": "entreprise",
}
GENRES_PARTENAIRE = {
    "agent_public": "agent d'une autre administration (État, commune, organisme social)",
    "professionnel_sante": "professionnel de santé (médecin, vétérinaire, infirmier)",
    "benevole": "bénévole associatif",
    "salarie": "salarié d'un organisme ou d'une entreprise partenaire",
}
CONFIANCES = {"faible": "Faible", "moyenne": "Moyenne", "forte": "Forte"}
VALORISATIONS = {
    "etp": "Équivalents temps plein libérés",
    "euros": "Euros par an",
    "heures_usager": "Heures d'usagers économisées par an",
    "heures_partenaire": "Heures de partenaires économisées par an",
}
HORIZONS = {
    "court_terme": "Court terme",
    "moyen_terme": "Moyen terme",
    "long_terme": "Long terme",
}
NIVEAUX = {"faible": "Faible", "moyen": "Moyen", "fort": "Fort"}
MOTIFS_NECESSITE = {
    "reglementation": "Réglementation",
    "obsolescence": "Obsolescence",
    "engagement_politique": "Engagement politique",
}
CRITERES_MAITRISE = {
    "pilote_designe": "Un pilote est désigné",
    "equipe_dediee": "Une équipe est dédiée",
    "solution_eprouvee": "La solution est éprouvée ailleurs",
    "deploiement_progressif": "Le déploiement est progressif",
    "budget_vote": "Le budget est voté",
}
DIMENSIONS_CHANGEMENT = {
    "organisation": "Organisation",
    "metiers_competences": "Métiers et compétences",
    "outils": "Outils",
    "formation": "Formation",
    "communication": "Communication",
    "accompagnement_managerial": "Accompagnement managérial",
    "rh_dialogue_social": "RH et dialogue social",
    "juridique": "Juridique",
}

VOIES_ACHAT = {
    "marche_existant": "Commande sur un marché existant",
    "centrale_achat": "Centrale d'achat (UGAP ou autre)",
    "mapa": "Marché à procédure adaptée (MAPA)",
    "appel_offres_ouvert": "Appel d'offres ouvert",
    "dialogue_competitif": "Dialogue compétitif",
}
"""Procurement routes, from the quickest to the longest (lead times in the référentiel)."""
LETTRES_RACI = {
    "R": "réalise",
    "A": "approuve et rend compte",
    "C": "consulté",
    "I": "informé",
}
GENRES_PLAN = {
    "decision": "Décision",
    "achat": "Achat",
    "jalon": "Jalon",
    "action": "Action",
}
"""The kinds of entries of the short-term plan."""

UNITES = {
    "minutes": "minutes",
    "heures": "heures",
    "jours": "jours",
    "semaines": "semaines",
    "mois": "mois",
    "euros": "€",
    "etp": "ETP",
    "pourcentage": "%",
    "nombre": "nombre",
    "dossiers": "dossiers",
    "note_sur_10": "note sur 10",
}
"""Units a gain's indicator may be measured in."""

# --- Value analysis defaults ---------------------------------------------------------------
ECART_CONFIANCE = {"forte": 0.10, "moyenne": 0.25, "faible": 0.50}
"""Relative spread of a gain around its central value, by confidence: the pessimistic and
optimistic scenarios value each gain at (1 ∓ spread) × central."""

INSTANCES = {
    "bureau": "Bureau",
    "assemblee_departementale": "Assemblée départementale",
    "commission_permanente": "Commission permanente",
    "comite_direction": "Comité de direction",
    "comite_pilotage": "Comité de pilotage",
}
"""The bodies a decision of the synthesis note is expected from."""
