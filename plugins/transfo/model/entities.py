"""The typed model of an audit, in the consultants' vocabulary; one class per kind of file.

Field descriptions are in French: they become the tooltips of the editor (JSON Schema).
Strict mode everywhere: a text is never read as a number or a boolean, and the reverse.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from transfo.constants import ETAPE_PATTERN, LONGUEUR_MAX_ID
from transfo.model.genres import FICHIERS, GENRES, id_pattern

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _parse_iso_date(value: Any) -> Any:
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise PydanticCustomError(
            "transfo_date",
            "date attendue au format AAAA-MM-JJ, trouvé « {valeur} »",
            {"valeur": value},
        )
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise PydanticCustomError(
            "transfo_date", "date impossible « {valeur} »", {"valeur": value}
        ) from None


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        raise PydanticCustomError("transfo_fini", "nombre fini attendu (ni NaN ni infini)")
    return value


DateISO = Annotated[date, BeforeValidator(_parse_iso_date)]
Montant = Annotated[float, BeforeValidator(_finite), Field(ge=0, allow_inf_nan=False)]
Fraction = Annotated[float, BeforeValidator(_finite), Field(ge=0, le=1, allow_inf_nan=False)]
Annee = Annotated[int, Field(ge=1990, le=2100)]
Score = Annotated[int, Field(ge=0, le=4)]
Visibilite = Literal["public", "interne"]


_LONGUEUR = LONGUEUR_MAX_ID
IdDirection = Annotated[str, Field(pattern=id_pattern("direction"), max_length=_LONGUEUR)]
IdActeur = Annotated[str, Field(pattern=id_pattern("acteur"), max_length=_LONGUEUR)]
IdApplication = Annotated[str, Field(pattern=id_pattern("application"), max_length=_LONGUEUR)]
IdMacroprocessus = Annotated[str, Field(pattern=id_pattern("macroprocessus"), max_length=_LONGUEUR)]
IdProcessus = Annotated[str, Field(pattern=id_pattern("processus"), max_length=_LONGUEUR)]
IdGain = Annotated[str, Field(pattern=id_pattern("gain"), max_length=_LONGUEUR)]
IdChantier = Annotated[str, Field(pattern=id_pattern("chantier"), max_length=_LONGUEUR)]
IdScenario = Annotated[str, Field(pattern=id_pattern("scenario"), max_length=_LONGUEUR)]
IdEtape = Annotated[str, Field(pattern=ETAPE_PATTERN, max_length=_LONGUEUR)]
IdEquipe = Annotated[str, Field(pattern=id_pattern("equipe"), max_length=_LONGUEUR)]

TRIMESTRE = re.compile(r"(\d{4})-T([1-4])")
"""A quarter, written the French way: ``2026-T2`` for the second quarter of 2026."""


def _parse_trimestre(value: Any) -> Any:
    if not isinstance(value, str) or not TRIMESTRE.fullmatch(value):
        raise PydanticCustomError(
            "transfo_trimestre",
            "trimestre attendu au format AAAA-Tn, trouvé « {valeur} »",
            {"valeur": value, "indice": "écrivez l'année, un tiret, T et le numéro du "
             "trimestre de 1 à 4, entre guillemets : \"2026-T2\""},
        )
    return value


Trimestre = Annotated[
    str, BeforeValidator(_parse_trimestre),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}-T[1-4]$",
                    "description": "Trimestre AAAA-Tn, par exemple 2026-T2."}),
]
IdRole = Annotated[str, Field(pattern=id_pattern("role"), max_length=_LONGUEUR)]
IdInstance = Annotated[str, Field(pattern=id_pattern("instance"), max_length=_LONGUEUR)]

Famille = Literal["pilotage", "realisation", "support"]
Potentiel = Literal["faible", "moyen", "fort"]
Levier = Literal["collaboratif", "donnees", "mobilite", "relation_usager", "demarches_en_ligne"]
Enjeu = Literal["qualite_performance", "culture_evaluation", "management_rh", "fierte_adhesion"]
Canal = Literal[
    "guichet", "courrier", "telephone", "courriel", "portail", "application", "terrain",
    "reunion", "automatique",
]
Categorie = Literal["A", "B", "C"]
Niveau = Literal["faible", "moyen", "fort"]
Unite = Literal[
    "minutes", "heures", "jours", "semaines", "mois", "euros", "etp", "pourcentage", "nombre",
    "dossiers", "note_sur_10",
]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TexteMarque(Strict):
    """Un texte dont on précise la visibilité (les textes internes sont retirés du site public)."""

    texte: str = Field(description="Le texte, en Markdown.")
    visibilite: Visibilite = Field("public", description="« interne » : retiré du site public.")


def _prose_from_text(value: Any) -> Any:
    return {"texte": value} if isinstance(value, str) else value


_PROSE_SCHEMA = {
    "description": "Texte en Markdown, ou {texte, visibilite} pour le réserver à l'usage interne.",
    "anyOf": [
        {"type": "string"},
        {
            "type": "object",
            "properties": {
                "texte": {"type": "string"},
                "visibilite": {"enum": ["public", "interne"]},
            },
            "required": ["texte"],
            "additionalProperties": False,
        },
    ],
}

Prose = Annotated[TexteMarque, BeforeValidator(_prose_from_text), WithJsonSchema(_PROSE_SCHEMA)]
"""A prose field: Markdown text, or ``{texte, visibilite}`` to keep it out of the public site.
Always a :class:`TexteMarque` once validated, so that renderers treat every prose alike."""


class Entite(Strict):
    visibilite: Visibilite = Field(
        "public", description="« interne » : l'entité est retirée du site public."
    )


# --- Référentiel ---------------------------------------------------------------------------


class ParametreNombre(Strict):
    valeur: Montant = Field(description="La valeur du paramètre.")
    source: str = Field(min_length=1, description="D'où vient la valeur (texte, décret, étude).")


class ParametreAnnee(Strict):
    valeur: Annee
    source: str = Field(min_length=1)


class ParametreHorizon(Strict):
    valeur: Annotated[int, Field(ge=1, le=30)] = Field(
        description="Nombre d'années d'exploitation analysées après l'année de mise en service "
        "de chaque chantier."
    )
    source: str = Field(min_length=1)


SOURCE_TAUX_FRANCE_STRATEGIE = (
    "France Stratégie, « Révision du taux d'actualisation », complément opérationnel I au "
    "guide de l'évaluation socioéconomique des investissements publics (octobre 2021) : "
    "taux sans risque de 1,2 % plus une prime de risque de 2 % × β"
)
SOURCE_CONVENTION = "Convention de l'outil transfo (valeur par défaut, à confirmer avec le client)"


class ParametreTaux(Strict):
    """Le taux d'actualisation : soit une valeur, soit la formule de France Stratégie (2021),
    1,2 % + β × 2 %, avec le β du projet (1 par défaut, soit 3,2 %)."""

    valeur: Annotated[float, BeforeValidator(_finite), Field(ge=0, le=0.2)] | None = Field(
        None,
        description="Taux annuel en fraction (0.032 pour 3,2 %) ; omis : 1,2 % + β × 2 %.",
    )
    beta: Annotated[float, BeforeValidator(_finite), Field(ge=0, le=3)] = Field(
        1.0, description="β du projet dans la formule de France Stratégie (1 par défaut)."
    )
    source: str = Field(SOURCE_TAUX_FRANCE_STRATEGIE, min_length=1)

    @property
    def taux(self) -> float:
        """The rate used: the typed value, or 1.2 % + β × 2 %."""
        return self.valeur if self.valeur is not None else 0.012 + self.beta * 0.02


class CoutsEtp(Strict):
    A: ParametreNombre = Field(description="Coût annuel chargé d'un ETP de catégorie A (€).")
    B: ParametreNombre = Field(description="Coût annuel chargé d'un ETP de catégorie B (€).")
    C: ParametreNombre = Field(description="Coût annuel chargé d'un ETP de catégorie C (€).")


class Calendrier(Strict):
    """Les règles de dates de la feuille de route, en mois, que la validation vérifie."""

    court_terme_mois: Annotated[int, Field(ge=1, le=360)] = Field(
        24, description="Un chantier à court terme finit au plus tard ce nombre de mois après "
        "le début de l'année de référence."
    )
    moyen_terme_mois: Annotated[int, Field(ge=1, le=360)] = Field(
        36, description="Un chantier à moyen terme finit au plus tard ce nombre de mois après "
        "le début de l'année de référence ; au-delà, c'est du long terme."
    )
    chevauchement_mois: Annotated[int, Field(ge=0, le=360)] = Field(
        0, description="Combien de mois un chantier peut commencer avant la fin d'un chantier "
        "dont il dépend (0 : après sa fin)."
    )
    gain_rapide_mois: Annotated[int, Field(ge=1, le=36)] = Field(
        12, description="Un jalon marqué gain_rapide tombe au plus tard ce nombre de mois "
        "après la date de situation."
    )
    source: str = Field(min_length=1, description="D'où viennent ces règles.")
class ValeursHeureUsager(Strict):
    """Valeur d'une heure de temps gagnée, par genre d'usager, chacune avec sa source."""

    particulier: ParametreNombre = Field(description="Heure d'un particulier (€).")
    professionnel: ParametreNombre = Field(
        description="Heure d'un professionnel (partenaire, service d'aide, mandataire) (€)."
    )
    entreprise: ParametreNombre = Field(description="Heure d'un salarié d'entreprise (€).")


def _heure_convention(valeur: float) -> ParametreNombre:
    return ParametreNombre(valeur=valeur, source=SOURCE_CONVENTION)


class ValeursHeurePartenaire(Strict):
    """Valeur d'une heure de temps gagnée par un partenaire, par genre de partenaire, chacune
    avec sa source (valeurs par défaut de l'outil, à confirmer, si le référentiel les omet)."""

    agent_public: ParametreNombre = Field(
        default_factory=lambda: _heure_convention(35),
        description="Heure d'un agent d'une autre administration (État, commune, "
        "intercommunalité, organisme de sécurité sociale) (€).",
    )
    professionnel_sante: ParametreNombre = Field(
        default_factory=lambda: _heure_convention(60),
        description="Heure d'un professionnel de santé (médecin, vétérinaire, infirmier) (€).",
    )
    benevole: ParametreNombre = Field(
        default_factory=lambda: _heure_convention(15),
        description="Heure d'un bénévole associatif (€).",
    )
    salarie: ParametreNombre = Field(
        default_factory=lambda: _heure_convention(30),
        description="Heure d'un salarié d'un organisme ou d'une entreprise partenaire (service "
        "d'aide, titulaire d'un marché) (€).",
    )


Ecart = Annotated[float, BeforeValidator(_finite), Field(le=5, allow_inf_nan=False)]


class EcartScenarios(Strict):
    pessimiste: Ecart = Field(description="Dépassement dans le cas pessimiste (0.25 = +25 %).")
    optimiste: Ecart = Field(0.0, description="Dépassement dans le cas optimiste.")


def _ecart(pessimiste: float) -> EcartScenarios:
    return EcartScenarios(pessimiste=pessimiste, optimiste=0.0)


class DepassementCouts(Strict):
    """Dépassement des coûts selon la confiance dans leur estimation (fractions ≥ 0)."""

    faible: EcartScenarios = Field(default_factory=lambda: _ecart(0.5))
    moyenne: EcartScenarios = Field(default_factory=lambda: _ecart(0.25))
    forte: EcartScenarios = Field(default_factory=lambda: _ecart(0.1))
    source: str = Field(SOURCE_CONVENTION, min_length=1)


class RetardMois(Strict):
    pessimiste: Annotated[int, Field(le=60)] = Field(
        6, description="Retard de la mise en service dans le cas pessimiste (mois)."
    )
    optimiste: Annotated[int, Field(le=60)] = Field(0, description="Retard, cas optimiste.")
    source: str = Field(SOURCE_CONVENTION, min_length=1)


class Incertitude(Strict):
    """Ce que les cas pessimiste et optimiste font aux coûts et aux dates."""

    depassement_couts: DepassementCouts = Field(default_factory=DepassementCouts)
    retard_mois: RetardMois = Field(default_factory=RetardMois)


class PalierNote(Strict):
    seuil: Annotated[float, BeforeValidator(_finite)]
    note: Score


def _paliers(*couples: tuple[float, int]) -> list[PalierNote]:
    return [PalierNote(seuil=s, note=n) for s, n in couples]


MotifType = Literal["reglementation", "obsolescence", "engagement_politique"]


def _notes_necessite() -> dict[MotifType, int]:
    return {"reglementation": 4, "obsolescence": 3, "engagement_politique": 2}


class Conventions(Strict):
    """Les échelles de notation de ce outil (les barèmes de MAREVA ne sont pas publics) :
    valeurs par défaut modifiables, imprimées sur la page de méthode."""

    echelle: list[str] = Field(
        default_factory=lambda: ["nul", "faible", "moyen", "fort", "très fort"],
        min_length=5, max_length=5, description="Libellés des notes 0 à 4.",
    )
    rentabilite: list[PalierNote] = Field(
        default_factory=lambda: _paliers((0.0, 1), (0.5, 2), (1.0, 3), (2.0, 4)),
        description="Note de rentabilité selon le ROI financier : la note du plus haut seuil "
        "atteint ; 0 sous le premier.",
    )
    necessite: dict[MotifType, Score] = (
        Field(
            default_factory=_notes_necessite,
            description="Note de nécessité selon le motif déclaré (la plus haute des motifs) ; "
            "une réglementation sans échéance vaut un point de moins.",
        )
    )
    maitrise_risques: list[PalierNote] = Field(
        default_factory=lambda: _paliers((0, 4), (3, 3), (4, 2), (6, 1), (9, 0)),
        description="Note de maîtrise des risques selon la plus forte criticité du registre "
        "(probabilité × impact, de 1 à 9) : la note du plus haut seuil atteint.",
    )
    bonus_critere_maitrise: Annotated[float, Field(ge=0, le=4)] = Field(
        0.5, description="Points ajoutés par critère de maîtrise déclaré (arrondi inférieur)."
    )
    source: str = Field(SOURCE_CONVENTION, min_length=1)


class Parametres(Strict):
    """Les paramètres de l'analyse de la valeur, chacun avec sa source."""

    annee_reference: ParametreAnnee = Field(
        description="t₀ : l'année à laquelle les flux sont actualisés (non actualisée)."
    )
    horizon_annees: ParametreHorizon = Field(
        default_factory=lambda: ParametreHorizon(valeur=5, source=SOURCE_CONVENTION)
    )
    taux_actualisation: ParametreTaux = Field(default_factory=ParametreTaux)
    heures_par_etp: ParametreNombre = Field(description="Heures travaillées par ETP et par an.")
    cout_etp: CoutsEtp
    valeur_heure_usager: ValeursHeureUsager = Field(
        description="Valeur monétaire d'une heure de temps d'usager, par genre d'usager."
    )
    valeur_heure_partenaire: ValeursHeurePartenaire = Field(
        default_factory=ValeursHeurePartenaire,
        description="Valeur monétaire d'une heure de temps de partenaire, par genre de "
        "partenaire (défaut : valeurs de l'outil, à confirmer).",
    )
    incertitude: Incertitude = Field(default_factory=Incertitude)
    conventions: Conventions = Field(default_factory=Conventions)


GenreUsager = Literal["particulier", "professionnel", "entreprise"]
GenrePartenaire = Literal["agent_public", "professionnel_sante", "benevole", "salarie"]


class Direction(Entite):
    id: IdDirection = Field(description="Identifiant, par exemple DIR-SOL.")
    nom: str = Field(min_length=1)
    description: Prose | None = None


class Acteur(Entite):
    id: IdActeur = Field(description="Identifiant, par exemple ACT-INSTRUCTEUR.")
    nom: str = Field(min_length=1)
    type: Literal["agent", "usager", "partenaire"] = Field(
        "agent", description="agent du Département, usager ou partenaire."
    )
    direction: IdDirection | None = Field(None, description="Direction de rattachement.")
    categorie: Categorie | None = Field(
        None, description="Catégorie statutaire (A, B, C), obligatoire pour un agent."
    )
    genre: GenreUsager | GenrePartenaire | None = Field(
        None, description="Genre d'usager (particulier, professionnel, entreprise) ou de "
        "partenaire (agent_public, professionnel_sante, benevole, salarie) : la valeur de "
        "l'heure de son temps dans un gain dérivé.",
    )


class Application(Entite):
    id: IdApplication = Field(description="Identifiant, par exemple APP-GED.")
    nom: str = Field(min_length=1)
    description: Prose | None = None


class JoursTrimestre(Strict):
    trimestre: Trimestre = Field(description="Trimestre AAAA-Tn, par exemple 2026-T2.")
    jours: Montant = Field(description="Jours-personnes de ce trimestre.")


class Equipe(Strict):
    """Une équipe qui porte les chantiers, et ce qu'elle peut y consacrer par trimestre."""

    id: IdEquipe = Field(description="Identifiant, par exemple EQ-DSN.")
    nom: str = Field(min_length=1)
    capacite_trimestre: Montant = Field(
        description="Jours-personnes que l'équipe peut consacrer aux chantiers chaque "
        "trimestre (hors activité courante)."
    )
    source: str = Field(min_length=1, description="D'où vient la capacité (effectifs, plan "
                        "de charge, bon de commande…).")
    par_trimestre: list[JoursTrimestre] = Field(
        default_factory=list,
        description="Capacités d'un trimestre particulier, qui remplacent capacite_trimestre "
        "(congés d'été, renfort, départ…).",
    )
class Role(Strict):
    """Un rôle dans la gouvernance du plan : une fonction, jamais le nom d'une personne."""

    id: IdRole = Field(description="Identifiant, par exemple ROLE-DGS.")
    nom: str = Field(min_length=1, description="La fonction, par exemple « Directeur général "
                     "des services ».")
    direction: IdDirection | None = Field(None, description="Direction de rattachement.")


class Instance(Strict):
    """Une instance de gouvernance du plan (comité de pilotage, comité de portefeuille…)."""

    id: IdInstance = Field(description="Identifiant, par exemple INST-COPIL.")
    nom: str = Field(min_length=1)
    frequence: str = Field(min_length=1, description="Rythme de réunion, par exemple "
                           "« trimestrielle ».")
    composition: list[IdRole] = Field(min_length=1, description="Les rôles qui y siègent.")
    presidence: IdRole | None = Field(None, description="Le rôle qui la préside.")
    role: str = Field(min_length=1, description="Ce qu'elle décide.")


VoieAchat = Literal[
    "marche_existant", "centrale_achat", "mapa", "appel_offres_ouvert", "dialogue_competitif",
]
SOURCE_DELAIS_ACHAT = (
    "Estimation illustrative de transfo, à confirmer avec la direction de la commande "
    "publique : du lancement (besoin défini, dossier de consultation rédigé) à la "
    "notification ; minima du Code de la commande publique compris (35 jours de réception "
    "des offres en appel d'offres ouvert, art. R2161-2 ; 11 jours avant la signature, "
    "art. R2182-1)"
)


class DelaiAchat(Strict):
    mois: Annotated[int, Field(ge=0, le=60)] = Field(
        description="Mois entre le lancement de l'achat et la notification du marché."
    )
    source: str = Field(SOURCE_DELAIS_ACHAT, min_length=1)


def _delai(mois: int) -> Any:
    return Field(default_factory=lambda: DelaiAchat(mois=mois, source=SOURCE_DELAIS_ACHAT))


class DelaisAchat(Strict):
    """Délai réaliste de chaque voie d'achat, du lancement à la notification, en mois."""

    marche_existant: DelaiAchat = _delai(2)
    centrale_achat: DelaiAchat = _delai(3)
    mapa: DelaiAchat = _delai(5)
    appel_offres_ouvert: DelaiAchat = _delai(9)
    dialogue_competitif: DelaiAchat = _delai(15)


class Referentiel(Strict):
    """Le référentiel : directions, acteurs, applications et paramètres de la valeur."""

    version_format: Annotated[int, Field(ge=1)] | None = Field(
        None, description="Version du format du modèle ; « transfo migrate » met à jour un "
        "modèle d'un format antérieur."
    )
    collectivite: str = Field(min_length=1, description="Nom de la collectivité auditée.")
    date_situation: DateISO | None = Field(
        None,
        description="Date de l'état des lieux (AAAA-MM-JJ) : le calendrier des chantiers la "
        "marque d'un trait vertical ; sans elle, aucun trait.",
    )
    parametres: Parametres
    directions: list[Direction] = Field(min_length=1)
    acteurs: list[Acteur] = Field(min_length=1)
    applications: list[Application] = Field(default_factory=list)
    roles: list[Role] = Field(
        default_factory=list, description="Rôles de la gouvernance et des RACI (jamais des noms)."
    )
    instances: list[Instance] = Field(
        default_factory=list, description="Instances de gouvernance du plan."
    )
    delais_achat: DelaisAchat = Field(
        default_factory=DelaisAchat,
        description="Délai de chaque voie d'achat, du lancement à la notification (mois).",
    )
    calendrier: Calendrier | None = Field(
        None, description="Règles de dates de la feuille de route ; par défaut court terme "
        "jusqu'à 24 mois, moyen terme jusqu'à 36, aucun chevauchement des dépendances."
    )
    equipes: list[Equipe] = Field(
        default_factory=list, description="Équipes qui portent les chantiers et leur capacité "
        "par trimestre, en jours-personnes ; les chantiers y déclarent leur charge."
    )


# --- Macroprocessus ------------------------------------------------------------------------


class Macroprocessus(Entite):
    """Un macroprocessus de la collectivité et son potentiel de transformation."""

    id: IdMacroprocessus = Field(description="Identifiant, par exemple MP-SOL-AUTONOMIE.")
    nom: str = Field(min_length=1)
    famille: Famille = Field(description="pilotage, realisation ou support.")
    direction: IdDirection
    description: Prose
    potentiel: Potentiel = Field(description="Potentiel de transformation numérique.")
    justification_potentiel: Prose | None = None


# --- Processus -----------------------------------------------------------------------------


class Etape(Strict):
    """Une étape du processus (existant ou cible)."""

    id: IdEtape = Field(
        description="Identifiant local (E1, E2…) ; une étape cible garde "
        "l'identifiant de l'étape existante qu'elle transforme."
    )
    libelle: str = Field(min_length=1)
    acteur: IdActeur
    application: IdApplication | None = None
    canal: Canal
    duree_minutes: Montant = Field(description="Temps de traitement par dossier, en minutes.")
    delai_jours: Montant = Field(0.0, description="Délai d'attente avant l'étape, en jours.")
    part: Annotated[float, BeforeValidator(_finite), Field(gt=0, le=1)] = Field(
        1.0, description="Part des dossiers qui passent par cette étape (1 = tous)."
    )
    suivantes: list[IdEtape] | None = Field(
        None,
        description="Étapes suivantes (plusieurs = embranchement) ; par défaut l'étape "
        "suivante de la liste ; [] = fin du processus.",
    )
    attente_externe: bool = Field(
        False,
        description="true : l'attente avant l'étape ne dépend pas du Département (travaux de "
        "l'usager, contrôle ultérieur…) ; elle est exclue du délai de bout en bout affiché.",
    )
    commentaire: Prose | None = None


class Irritant(Entite):
    libelle: Prose
    etapes: list[IdEtape] = Field(default_factory=list, description="Étapes existantes concernées.")


NatureValeur = Literal["budgetaire", "temps_agent", "temps_usager", "temps_partenaire"]


class Valorisation(Strict):
    nature: NatureValeur | None = Field(
        None,
        description="budgetaire (argent que le budget du Département économise ou gagne), "
        "temps_agent (temps libéré et redéployé), temps_usager (temps gagné par les usagers) "
        "ou temps_partenaire (temps gagné par les partenaires).",
    )
    usager: GenreUsager | None = Field(
        None, description="Pour temps_usager : particulier, professionnel ou entreprise."
    )
    partenaire: GenrePartenaire | None = Field(
        None, description="Pour temps_partenaire : agent_public, professionnel_sante, benevole "
        "ou salarie ; pour un gain dérivé, le genre des partenaires qui n'en déclarent pas."
    )
    type: Literal["etp", "euros", "heures_usager", "heures_partenaire"] = Field(
        description="etp (× coût d'un ETP), euros, heures_usager ou heures_partenaire "
        "(× valeur d'une heure)."
    )
    montant_annuel: Montant | None = Field(
        None, description="Montant annuel à pleine charge, dans l'unité du type."
    )
    categorie: Categorie | None = Field(None, description="Catégorie des ETP (type etp).")
    derivee: bool = Field(
        False,
        description="true : le montant est calculé par l'analyse des écarts existant → cible.",
    )


class Revue(Strict):
    """Written by « transfo review » : when the item was reviewed, and the fingerprint of each
    thing it depends on at that moment."""

    date: DateISO
    empreintes: dict[str, str] = Field(
        description="Empreinte de chaque dépendance (gain, processus, paramètres…)."
    )


class Gain(Entite):
    """Un gain attendu de la transformation d'un processus (méthode MAREVA)."""

    id: IdGain = Field(description="Identifiant, par exemple G-SOL-APA-1.")
    libelle: str = Field(min_length=1)
    nature: Literal["quantitatif", "qualitatif"]
    axe: Literal["necessite", "maitrise_risques", "internalites", "externalites", "rentabilite"] = (
        Field(description="Axe MAREVA du gain.")
    )
    indicateur: str | None = None
    reference: Montant | None = Field(None, description="Valeur de l'indicateur aujourd'hui.")
    cible: Montant | None = Field(None, description="Valeur visée de l'indicateur.")
    unite: Unite | None = None
    valorisation: Valorisation | None = None
    montee_en_charge: list[Fraction] = Field(
        default_factory=lambda: [1.0],
        min_length=1,
        description="Part du gain atteinte chaque année à partir de annee_debut (0 à 1) ; "
        "la dernière valeur vaut pour les années suivantes.",
    )
    annee_debut: Annee | None = Field(None, description="Première année du gain.")
    hypothese: Prose
    source: str = Field(min_length=1)
    confiance: Literal["faible", "moyenne", "forte"]
    revue: Revue | None = Field(None, description="Écrit par « transfo review ».")


class Processus(Entite):
    """Un processus : existant, cible, irritants, leviers, enjeux et gains."""

    id: IdProcessus = Field(description="Identifiant, par exemple P-SOL-APA.")
    nom: str = Field(min_length=1)
    macroprocessus: IdMacroprocessus
    direction: IdDirection
    description: Prose
    volume_annuel: Montant = Field(description="Nombre de dossiers traités par an.")
    unite_volume: str = Field("dossiers", min_length=1, description="Ce que compte le volume.")
    source_volume: str | None = None
    existant: list[Etape] = Field(min_length=1)
    cible: list[Etape] = Field(min_length=1)
    irritants: list[Irritant] = Field(default_factory=list)
    leviers: list[Levier] = Field(default_factory=list)
    enjeux: list[Enjeu] = Field(default_factory=list)
    gains: list[Gain] = Field(default_factory=list)


# --- Chantier ------------------------------------------------------------------------------


class CoutAnnuel(Strict):
    annee: Annee
    investissement_interne: Montant = 0.0
    investissement_externe: Montant = 0.0
    fonctionnement_interne: Montant = 0.0
    fonctionnement_externe: Montant = 0.0


class Charge(Strict):
    """Ce qu'un chantier demande à une équipe : un total réparti sur la durée du chantier au
    prorata des jours de chaque trimestre, ou la charge de chaque trimestre."""

    equipe: IdEquipe = Field(description="Équipe du référentiel, par exemple EQ-DSN.")
    jours: Montant | None = Field(
        None, description="Total en jours-personnes, réparti sur les trimestres du chantier "
        "au prorata de leurs jours."
    )
    par_trimestre: list[JoursTrimestre] | None = Field(
        None, description="Jours-personnes de chaque trimestre (au lieu de « jours »)."
    )

    @model_validator(mode="after")
    def _une_forme(self) -> Charge:
        if (self.jours is None) == (self.par_trimestre is None):
            deux = self.jours is not None
            raise PydanticCustomError(
                "transfo_charge",
                "charge de l'équipe « {equipe} » : « jours » et « par_trimestre » à la fois"
                if deux else "charge de l'équipe « {equipe} » sans « jours » ni "
                "« par_trimestre »",
                {"equipe": self.equipe,
                 "indice": "gardez l'un des deux : jours (total réparti sur la durée du "
                 "chantier) ou par_trimestre (la charge de chaque trimestre)"},
            )
        return self


class Risque(Entite):
    libelle: Prose
    probabilite: Niveau
    impact: Niveau
    mitigation: Prose | None = None


class ScoresMareva(Strict):
    """Notes de 0 (nul) à 4 (très fort) ; nécessité, maîtrise des risques et rentabilité sont
    calculées sur les grilles du référentiel si elles sont omises."""

    necessite: Score | None = None
    maitrise_risques: Score | None = None
    internalites: Score
    externalites: Score
    rentabilite: Score | None = None


class Action(Entite):
    action: Prose
    echeance: DateISO | None = None
    public: str | None = Field(None, description="Public visé par l'action.")
    responsable: IdRole | None = Field(
        None, description="Rôle qui porte l'action (défaut : le responsable du chantier)."
    )


class ConduiteDuChangement(Strict):
    organisation: list[Action] = Field(default_factory=list)
    metiers_competences: list[Action] = Field(default_factory=list)
    outils: list[Action] = Field(default_factory=list)
    formation: list[Action] = Field(default_factory=list)
    communication: list[Action] = Field(default_factory=list)
    accompagnement_managerial: list[Action] = Field(default_factory=list)
    rh_dialogue_social: list[Action] = Field(default_factory=list)
    juridique: list[Action] = Field(default_factory=list)


class NonRemplacement(Strict):
    """Des postes non remplacés à partir d'une année : seul chemin par lequel du temps d'agent
    devient une économie budgétaire."""

    annee: Annee = Field(description="Année à partir de laquelle les postes ne sont pas remplacés.")
    etp: Annotated[float, BeforeValidator(_finite), Field(gt=0, le=1000)]
    categorie: Categorie = Field(description="Catégorie des postes (leur coût annuel).")


class CoutEvite(Strict):
    """Un coût de la situation « sans projet » que le chantier évite (un gain budgétaire)."""

    libelle: str = Field(min_length=1)
    montant_annuel: Montant = Field(description="Euros évités par an.")
    debut: Annee | None = Field(
        None, description="Première année évitée (défaut : l'année suivant la mise en service)."
    )
    fin: Annee | None = Field(None, description="Dernière année évitée (défaut : aucune).")
    source: str | None = Field(None, description="D'où vient le montant (contrat, devis…).")


class MotifNecessite(Strict):
    type: MotifType
    libelle: str = Field(min_length=1)
    reference: str | None = Field(
        None, description="Texte (loi, décret), application ou délibération concernée."
    )
    echeance: DateISO | None = Field(None, description="Échéance réglementaire.")


CritereMaitrise = Literal[
    "pilote_designe", "equipe_dediee", "solution_eprouvee", "deploiement_progressif",
    "budget_vote",
]


class RentabiliteFinanciere(Strict):
    """Whether the financial return of the chantier means anything (a regulatory compliance
    chantier saves no money by design): « sans objet » replaces its ROI and paybacks."""

    sans_objet: bool = Field(
        description="true : le retour financier ne s'applique pas ; le ROI, les délais de "
        "retour et la fourchette de la VAN financière se lisent « sans objet » (les coûts "
        "restent comptés dans le portefeuille)."
    )
    motif: str | None = Field(
        None, min_length=1, description="Pourquoi le retour financier est sans objet "
        "(obligatoire avec sans_objet: true), affiché à la place du ROI."
    )


class Jalon(Strict):
    date: DateISO
    libelle: str = Field(min_length=1)
    responsable: IdRole | None = Field(
        None, description="Rôle qui répond du jalon (défaut : le responsable du chantier)."
    )
    gain_rapide: bool = Field(
        False, description="true : le jalon apporte un bénéfice visible aux agents ou aux "
        "usagers, tôt (calendrier.gain_rapide_mois après la date de situation au plus)."
    )


class Perimetre(Strict):
    inclus: list[str] = Field(min_length=1, description="Ce que le chantier couvre.")
    exclus: list[str] = Field(default_factory=list, description="Ce qu'il laisse de côté.")


class OptionEtudiee(Strict):
    libelle: str = Field(min_length=1)
    retenue: bool = Field(description="true : l'option retenue.")
    motif: Prose = Field(description="Pourquoi elle est retenue ou écartée.")


class Achat(Strict):
    """L'achat principal du chantier, pour vérifier que son calendrier tient."""

    objet: str | None = Field(None, description="Ce qui est acheté.")
    voie: VoieAchat = Field(
        description="marche_existant, centrale_achat, mapa, appel_offres_ouvert ou "
        "dialogue_competitif."
    )
    lancement: DateISO | None = Field(
        None, description="Lancement de l'achat (défaut : le début du chantier)."
    )
    notification_prevue: DateISO = Field(description="Notification prévue du marché.")


class Prerequis(Strict):
    donnees: list[str] = Field(default_factory=list, description="Données à réunir ou à "
                               "fiabiliser avant de commencer.")
    systemes: list[str] = Field(default_factory=list, description="Prérequis du système "
                                "d'information (socle, interfaces, infrastructure).")


class Aipd(Strict):
    requise: bool = Field(description="true : une analyse d'impact relative à la protection "
                          "des données (RGPD, art. 35) est requise.")
    motif: str = Field(min_length=1, description="Pourquoi elle l'est ou non.")


class ActiviteRaci(Strict):
    activite: str = Field(min_length=1)
    responsable: list[IdRole] = Field(min_length=1, description="R : qui réalise.")
    approbateur: IdRole | list[IdRole] | None = Field(
        None, description="A : le seul rôle qui approuve et rend compte."
    )
    consultes: list[IdRole] = Field(default_factory=list, description="C : rôles consultés.")
    informes: list[IdRole] = Field(default_factory=list, description="I : rôles informés.")


class DecisionInstance(Strict):
    """Une décision que le chantier attend d'une instance de gouvernance du référentiel."""

    objet: str = Field(min_length=1, description="Ce qui est à décider.")
    instance: IdInstance = Field(description="L'instance qui décide.")
    date: DateISO | None = Field(None, description="Date prévue de la décision.")


class Cadrage(Strict):
    """La note de cadrage du chantier."""

    responsable: IdRole | None = Field(
        None, description="Rôle qui porte le chantier ; responsable par défaut de ses jalons "
        "et actions (sinon, sa direction pilote)."
    )
    objectifs: list[str] = Field(min_length=1)
    perimetre: Perimetre | None = None
    options: list[OptionEtudiee] = Field(default_factory=list,
                                         description="Options étudiées.")
    achat: Achat | None = None
    prerequis: Prerequis | None = None
    aipd: Aipd | None = Field(None, description="Analyse d'impact relative à la protection "
                              "des données.")
    raci: list[ActiviteRaci] = Field(default_factory=list,
                                     description="Qui fait quoi, par rôle.")
    decisions: list[DecisionInstance] = Field(default_factory=list,
                                      description="Décisions attendues des instances.")


class Chantier(Entite):
    """Un chantier de la feuille de route."""

    id: IdChantier = Field(description="Identifiant, par exemple C-DEMAT-APA.")
    nom: str = Field(min_length=1)
    description: Prose
    horizon: Literal["court_terme", "moyen_terme", "long_terme"]
    debut: DateISO
    fin: DateISO
    pilote: IdDirection = Field(description="Direction qui pilote le chantier.")
    depend_de: list[IdChantier] = Field(default_factory=list)
    processus: list[IdProcessus] = Field(default_factory=list)
    gains: list[IdGain] = Field(default_factory=list)
    gains_propres: list[Gain] = Field(
        default_factory=list,
        description="Gains du chantier lui-même, sans processus (par exemple la mise en "
        "conformité d'un chantier réglementaire) : comptés dans sa valeur comme ses gains.",
    )
    rentabilite_financiere: RentabiliteFinanciere | None = Field(
        None, description="{sans_objet: true, motif: …} quand le retour financier ne "
        "s'applique pas au chantier."
    )
    mise_en_service: DateISO | None = Field(
        None, description="Mise en service (défaut : la fin du chantier) ; l'horizon d'analyse "
        "en part."
    )
    couts: list[CoutAnnuel] = Field(default_factory=list)
    charges: list[Charge] = Field(
        default_factory=list, description="Charge du chantier pour chaque équipe du "
        "référentiel, en jours-personnes."
    )
    confiance_couts: Literal["faible", "moyenne", "forte"] = Field(
        "moyenne", description="Confiance dans l'estimation des coûts (règle le dépassement "
        "du cas pessimiste)."
    )
    couts_evites: list[CoutEvite] = Field(
        default_factory=list, description="Coûts de la situation « sans projet » évités."
    )
    non_remplacement: list[NonRemplacement] = Field(
        default_factory=list,
        description="Trajectoire datée des postes non remplacés grâce au temps libéré.",
    )
    risques: list[Risque] = Field(default_factory=list)
    motifs_necessite: list[MotifNecessite] = Field(
        default_factory=list, description="Pourquoi le chantier s'impose (note de nécessité)."
    )
    criteres_maitrise: list[CritereMaitrise] = Field(
        default_factory=list, description="Critères de maîtrise des risques réunis."
    )
    mareva: ScoresMareva
    conduite_du_changement: ConduiteDuChangement = Field(default_factory=ConduiteDuChangement)
    jalons: list[Jalon] = Field(default_factory=list, description="Jalons du plan à court terme.")
    revue: Revue | None = Field(None, description="Écrit par « transfo review ».")
    cadrage: Cadrage | None = Field(None, description="Note de cadrage du chantier.")

    @property
    def date_mise_en_service(self) -> date:
        return self.mise_en_service or self.fin

    @property
    def ids_gains(self) -> list[str]:
        """The gains it delivers: those it lists, then its own."""
        return [*self.gains, *(g.id for g in self.gains_propres)]

    @property
    def motif_sans_objet(self) -> str | None:
        """The reason its financial return does not apply, if it declares so."""
        r = self.rentabilite_financiere
        return (r.motif or "") if r is not None and r.sans_objet else None


# --- Note de synthèse ----------------------------------------------------------------------

InstanceDecision = Literal[
    "bureau", "assemblee_departementale", "commission_permanente", "comite_direction",
    "comite_pilotage",
]

SECTIONS_APPUI = {
    "cartographie": "Cartographie des macroprocessus",
    "feuille_de_route": "Feuille de route",
    "gains": "Registre des gains",
    "valeur": "Valeur du portefeuille",
    "methode_valeur": "Méthode de calcul de la valeur",
    "hypotheses_valeur": "Hypothèses à confirmer",
    "conduite": "Plan de conduite du changement",
}
"""The site sections a key message of the synthesis may rest on (``appuis``), and their
title."""


class MessageCle(Entite):
    """Un message clé de la note de synthèse, avec les pages qui l'étayent."""

    texte: str = Field(min_length=1, description="Le message, en Markdown : une ou deux "
                       "phrases courtes qu'un élu lit d'un trait.")
    appuis: list[str] = Field(
        default_factory=list,
        description="Ce qui l'étaye : identifiants de chantiers, processus, gains ou "
        "macroprocessus, ou nom d'une section du site (valeur, feuille_de_route, gains…).",
    )


class Priorite(Entite):
    """Une priorité du plan, dans l'ordre où la note la présente."""

    titre: str = Field(min_length=1, description="La priorité, en quelques mots.")
    description: Prose | None = Field(None, description="Pourquoi, en une ou deux phrases.")
    chantiers: list[IdChantier] = Field(min_length=1, description="Chantiers qui la portent.")


class Decision(Entite):
    """Une décision attendue d'une instance, à une date."""

    objet: str = Field(min_length=1, description="Ce qui est à décider.")
    date: DateISO = Field(description="Date de la séance (AAAA-MM-JJ).")
    instance: InstanceDecision = Field(
        description="bureau, assemblee_departementale, commission_permanente, "
        "comite_direction ou comite_pilotage."
    )
    chantiers: list[IdChantier] = Field(default_factory=list,
                                        description="Chantiers concernés.")


class Synthese(Strict):
    """La note de synthèse (processes/synthese.yml) : messages clés, priorités, décisions."""

    messages_cles: list[MessageCle] = Field(min_length=1)
    priorites: list[Priorite] = Field(default_factory=list,
                                      description="Dans l'ordre de priorité.")
    decisions: list[Decision] = Field(default_factory=list)


# --- Scénario ------------------------------------------------------------------------------


class Decalage(Strict):
    """Un chantier du scénario décalé dans le temps : toutes ses dates et ses coûts."""

    chantier: IdChantier = Field(description="Le chantier décalé (il doit être du scénario).")
    mois: Annotated[int, Field(ge=-60, le=60)] = Field(
        description="Décalage en mois : positif, le chantier est retardé ; négatif, avancé. "
        "Début, fin, mise en service, jalons et échéances bougent d'autant ; chaque coût "
        "annuel, réparti également sur les douze mois de son année, suit ses mois."
    )


class Scenario(Entite):
    """Un scénario à arbitrer : un ensemble de chantiers, avec des décalages de dates et un
    plafond annuel de dépenses facultatifs. Ses chiffres sont ceux du portefeuille calculé
    sur ses seuls chantiers."""

    id: IdScenario = Field(description="Identifiant, par exemple S-SOCLE.")
    nom: str = Field(min_length=1)
    description: Prose = Field(description="Ce que le scénario retient et pourquoi.")
    chantiers: list[IdChantier] = Field(
        min_length=1, description="Les chantiers du scénario (chacun avec ceux dont il dépend)."
    )
    decalages: list[Decalage] = Field(
        default_factory=list, description="Chantiers décalés par rapport à la feuille de route."
    )
    plafond_annuel: Montant | None = Field(
        None, description="Plafond des coûts d'une année (investissement et fonctionnement, "
        "internes et externes, en euros) ; la validation avertit pour chaque année au-dessus."
    )
    recommande: bool = Field(
        False, description="true : le scénario que l'audit recommande (un seul au plus)."
    )
    justification: Prose | None = Field(
        None, description="Pourquoi ce scénario est recommandé (obligatoire s'il l'est)."
    )
# --- Suivi ---------------------------------------------------------------------------------

Frequence = Literal["mensuelle", "trimestrielle", "annuelle"]
IdIndicateur = Annotated[str, Field(pattern=r"^IND(-[A-Z0-9]+)+$", max_length=_LONGUEUR)]
Nombre = Annotated[float, BeforeValidator(_finite), Field(allow_inf_nan=False)]


class ValeurDatee(Strict):
    valeur: Nombre = Field(description="La valeur de l'indicateur, dans son unité.")
    date: DateISO = Field(description="La date à laquelle elle est mesurée ou visée.")


class Mesure(Strict):
    """Une valeur réalisée de l'indicateur, à sa date (jamais après la date de situation)."""

    date: DateISO
    valeur: Nombre
    commentaire: Prose | None = None


class Indicateur(Entite):
    """Un indicateur de suivi : d'où il part, où il doit arriver, d'où et quand il se mesure."""

    id: IdIndicateur = Field(description="Identifiant, par exemple IND-APA-DELAI.")
    libelle: str = Field(min_length=1)
    unite: Unite
    valeur_initiale: ValeurDatee | None = Field(
        None, description="La situation de départ et sa date ; sans elle, « transfo validate » "
        "avertit et l'avancement n'est pas calculé."
    )
    cible: ValeurDatee = Field(description="La valeur visée et la date à laquelle l'atteindre.")
    source: str = Field(min_length=1, description="Où la valeur se mesure (application, "
                        "tableau de bord, enquête).")
    frequence: Frequence = Field(description="mensuelle, trimestrielle ou annuelle : une "
                                 "mesure plus ancienne que cela à la date de situation est "
                                 "« en retard de mesure ».")
    gain: IdGain | None = Field(None, description="Le gain du chantier que l'indicateur mesure.")
    enjeu: Enjeu | None = Field(None, description="L'enjeu de la mission que l'indicateur sert.")
    mesures: list[Mesure] = Field(default_factory=list, description="Valeurs réalisées datées.")


class JalonAtteint(Strict):
    jalon: str = Field(min_length=1, description="Le libellé du jalon prévu, tel qu'écrit dans "
                       "le chantier (il reste valable si la date prévue change).")
    date: DateISO = Field(description="Date à laquelle le jalon a été atteint.")


class GainRealise(Strict):
    gain: IdGain = Field(description="Un gain livré par le chantier.")
    annee: Annee
    montant: Montant = Field(description="Euros constatés dans l'année (même valorisation que "
                             "le gain prévu).")
    source: str | None = Field(None, description="D'où vient le montant constaté.")


class Realise(Strict):
    couts: list[CoutAnnuel] = Field(
        default_factory=list, description="Coûts constatés par année, mêmes colonnes que les "
        "coûts prévus du chantier ; l'année de la situation : ce qui est dépensé à cette date."
    )
    jalons: list[JalonAtteint] = Field(default_factory=list, description="Jalons atteints.")
    gains: list[GainRealise] = Field(default_factory=list, description="Gains constatés.")


class Suivi(Entite):
    """Le suivi d'un chantier : indicateurs et réalisé, lus à la date de situation."""

    chantier: IdChantier = Field(description="Le chantier suivi.")
    commentaire: Prose | None = None
    indicateurs: list[Indicateur] = Field(default_factory=list)
    realise: Realise = Field(default_factory=Realise, description="Ce qui est réalisé.")


VERSION_FORMAT = 2
"""The model format this code reads; ``transfo migrate`` upgrades earlier ones."""

CLASSES: dict[str, type[Strict]] = {g.code: globals()[g.classe] for g in GENRES}
"""Each kind of the registry (:mod:`transfo.model.genres`) → its class."""
KINDS: dict[str, type[Strict]] = {g.code: CLASSES[g.code] for g in FICHIERS}
"""Each kind of file → the class its files are validated with."""
