"""The catalogue of validation rules: every problem the tool reports names one of these codes.

Each rule has a stable code (shown by ``transfo validate``, in the JSON, GitHub and GitLab
reports, and accepted by ``--ignorer``), a default severity and one French sentence that
tells the consultant what the rule protects. The page « Contribuer » lists them (the macro
``regles_de_validation`` of :mod:`transfo.adapters.macros`); ``tests/test_regles.py`` fails on
a ``code=`` written anywhere in the package that is not listed here, on a problem built with
another severity than its rule's, and on a rule that nothing reports.

Errors can never be ignored: they are what would give a wrong figure, a broken link or a
file that cannot be read. Only warnings can be hidden with ``--ignorer`` (CLI) or the
plugin's ``ignorer`` option, and the one line that counts the problems left unlisted in a
file cannot be.
"""

from __future__ import annotations

from dataclasses import dataclass

from transfo.problems import Gravite

_E = Gravite.ERREUR
_A = Gravite.AVERTISSEMENT


@dataclass(frozen=True)
class Regle:
    """One validation rule, as the consultant and the CLI name it."""

    code: str
    gravite_par_defaut: Gravite
    explication: str
    """One French sentence: what the rule checks, as the consultant reads it."""
    gravite_au_site: Gravite | None = None
    """The severity while the site is built, when it differs: a stale review is shown on
    the site (page « Revue ») and must not fail ``mkdocs build --strict`` for the very
    change a reviewer is asked to look at."""
    ignorable: bool | None = None
    """Whether ``--ignorer`` may hide it; by default, warnings only."""

    @property
    def peut_etre_ignoree(self) -> bool:
        if self.ignorable is not None:
            return self.ignorable
        return self.gravite_par_defaut is not Gravite.ERREUR


_CATALOGUE = (
    # Reading the files
    Regle("fichier", _E, "Un fichier ou un dossier du modèle est introuvable, illisible, mal "
          "nommé, en double, ou n'est pas un fichier ordinaire."),
    Regle("encodage", _E, "Un fichier du modèle doit être écrit en UTF-8."),
    Regle("syntaxe", _E, "Un fichier n'est pas du YAML valide, ou utilise une construction "
          "refusée (ancre, alias, étiquette explicite)."),
    Regle("cle-double", _E, "Une même clé est écrite deux fois au même niveau d'un fichier."),
    Regle("vide", _E, "Un fichier du modèle est vide."),
    Regle("limite", _E, "Un fichier dépasse la taille ou la profondeur qu'un fichier du modèle "
          "peut avoir."),
    Regle("format", _E, "Le modèle est dans un format plus ancien : « transfo migrate » le met à "
          "jour."),
    Regle("autres-problemes", _E, "Au-delà de 50 problèmes dans un fichier, une seule ligne "
          "compte les suivants ; elle a la gravité du plus grave d'entre eux.", ignorable=False),
    # Structure and links
    Regle("schema", _E, "Un champ manque, est inconnu ou n'a pas le type attendu."),
    Regle("reference", _E, "Un identifiant cité ne désigne aucune entité du modèle."),
    Regle("id-double", _E, "Deux entités portent le même identifiant."),
    Regle("nom-fichier", _A, "Le nom d'un fichier ne reprend pas l'identifiant de ce qu'il "
          "décrit, ce qui le rend difficile à retrouver."),
    Regle("non-verifie", _A, "Des références n'ont pas pu être vérifiées parce que le fichier "
          "qu'elles citent n'a pas pu être lu."),
    Regle("cycle", _E, "Des chantiers dépendent les uns des autres en boucle, ou des étapes se "
          "suivent en boucle."),
    Regle("flux", _E, "Une étape d'un processus ne peut être atteinte depuis sa première étape."),
    Regle("texte-modele", _A, "Un texte ou une valeur d'exemple écrit par « transfo new » n'a "
          "pas été remplacé par celui de l'audit."),
    # Gains and their valuation
    Regle("gain-sans-mesure", _E, "Un gain quantitatif doit avoir une valorisation."),
    Regle("qualitatif-valorise", _E, "Un gain qualitatif ne porte pas de valorisation."),
    Regle("gain-sans-montant", _E, "Un gain quantitatif qui n'est pas dérivé des étapes doit "
          "saisir son montant annuel."),
    Regle("derive-avec-montant", _E, "Un gain dérivé de l'analyse des écarts ne saisit pas de "
          "montant : il est calculé."),
    Regle("categorie-etp", _E, "Un gain saisi en ETP dit la catégorie (A, B ou C) qui en donne "
          "le coût."),
    Regle("derive-en-euros", _E, "Seuls des ETP ou des heures se dérivent des étapes, pas des "
          "euros."),
    Regle("derive-double", _E, "Deux gains dérivés du même type dans un processus compteraient "
          "deux fois le même écart."),
    Regle("derive-nul", _A, "Un gain dérivé en heures d'usager ou de partenaire vaudra zéro : "
          "aucune étape n'est faite par un tel acteur."),
    Regle("axe-projet", _E, "Les axes nécessité et maîtrise des risques notent le chantier et ne "
          "portent pas de gain."),
    Regle("nature-manquante", _E, "Un gain quantitatif dit sa nature : budgétaire, temps "
          "d'agent, d'usager ou de partenaire."),
    Regle("nature-type", _E, "La nature d'un gain fixe l'unité dans laquelle il se mesure."),
    Regle("genre-manquant", _E, "Un gain de temps d'usager ou de partenaire dit le genre de ceux "
          "qui gagnent ce temps, qui en fixe la valeur de l'heure."),
    Regle("genre-hors-nature", _E, "Un genre d'usager ou de partenaire n'a de sens que pour un "
          "gain de leur temps."),
    Regle("etp-budgetaire", _A, "Du temps d'agent présenté comme une économie budgétaire est "
          "compté comme du temps redéployé."),
    Regle("axe-nature", _A, "La nature d'un gain dit sur quel axe il se range."),
    Regle("gain-negatif", _A, "Un gain dérivé est négatif : la cible prend plus de temps que "
          "l'existant."),
    Regle("gain-non-livre", _A, "Un gain quantitatif qu'aucun chantier ne livre n'entre dans "
          "aucune valeur."),
    Regle("gain-avant-service", _A, "Un gain ne commence pas avant la mise en service du chantier "
          "qui le livre."),
    Regle("gain-hors-processus", _A, "Un chantier livre un gain d'un processus qu'il ne "
          "transforme pas."),
    Regle("processus-sans-chantier", _A, "Un processus a des gains mais aucun chantier ne le "
          "transforme."),
    # Actors and parameters
    Regle("genre-agent", _E, "Le temps d'un agent se valorise par sa catégorie, pas par un "
          "genre."),
    Regle("genre-acteur", _E, "Le genre d'un usager ou d'un partenaire est pris dans la liste de "
          "son type."),
    Regle("incertitude-negative", _E, "Les dépassements de coûts et les retards des paramètres "
          "d'incertitude sont positifs ou nuls."),
    # Chantiers
    Regle("dates", _E, "Une date de fin, de mise en service ou de notification précède celle qui "
          "doit la précéder."),
    Regle("cout-annee-double", _E, "Les coûts d'une même année s'écrivent sur une seule ligne."),
    Regle("chantier-sans-gain", _A, "Un chantier a des coûts mais ne livre aucun gain."),
    Regle("sans-objet-sans-motif", _E, "Un retour financier déclaré sans objet en donne le "
          "motif, affiché à la place du ROI."),
    Regle("gain-propre-liste", _E, "Un gain propre d'un chantier est déjà compté : il ne se "
          "liste pas aussi dans ses gains."),
    Regle("gain-propre-derive", _E, "Un gain propre n'a pas de processus dont dériver sa "
          "valeur : il saisit son montant."),
    Regle("cout-evite-sans-source", _E, "Un coût évité cite le contrat, le devis ou la "
          "délibération qui le chiffre."),
    Regle("non-remplacement-excessif", _E, "On ne supprime pas plus de postes que le temps que "
          "libèrent les gains du chantier."),
    Regle("non-remplacement-precoce", _A, "Des postes ne sont pas supprimés avant la mise en "
          "service qui libère le temps."),
    Regle("hors-fenetre", _A, "Un gain ou un coût situé après la fenêtre d'analyse du chantier "
          "ne compte dans aucune valeur."),
    Regle("dependance-dates", _A, "Un chantier commence avant la fin d'un chantier dont il "
          "dépend."),
    Regle("horizon-dates", _A, "L'horizon annoncé d'un chantier (court, moyen, long terme) ne "
          "correspond pas à ses dates."),
    Regle("jalon-hors-dates", _A, "Un jalon est daté hors des dates de son chantier."),
    Regle("revue", _A, "Un gain ou un chantier a changé depuis sa revue : il est à relire.",
          gravite_au_site=Gravite.INFORMATION),
    # Cadrage
    Regle("aipd", _A, "Un chantier qui touche des usagers dit si une analyse d'impact (AIPD) est "
          "requise."),
    Regle("delai-achat", _A, "Le délai prévu d'un achat est plus court que celui de sa "
          "procédure."),
    Regle("raci", _E, "Chaque activité d'un RACI a exactement un rôle qui approuve (A)."),
    Regle("gain-rapide", _A, "Un jalon marqué gain rapide arrive trop tard pour en être un."),
    # Scenarios, teams, synthesis, follow-up
    Regle("recommande-sans-justification", _E, "Un scénario recommandé dit pourquoi il l'est "
          "plutôt que les autres."),
    Regle("recommande-double", _E, "L'audit recommande un seul scénario."),
    Regle("decalage-hors-scenario", _E, "Un scénario ne décale que ses propres chantiers."),
    Regle("scenario-dependance", _E, "Un scénario contient les chantiers dont ses chantiers "
          "dépendent."),
    Regle("scenario-plafond", _A, "Les coûts d'une année du scénario dépassent son plafond "
          "annuel."),
    Regle("equipe-double", _E, "Une équipe, ou la charge d'une équipe dans un chantier, est "
          "déclarée une seule fois."),
    Regle("trimestre-double", _E, "La capacité ou la charge d'une équipe s'écrit une seule fois "
          "par trimestre."),
    Regle("trimestre-hors-horizon", _E, "La capacité d'une équipe est déclarée pour les "
          "trimestres de l'horizon de la feuille de route."),
    Regle("surcharge-equipe", _A, "Une équipe a plus de charge que de capacité sur un "
          "trimestre."),
    Regle("synthese", _A, "Une décision attendue est datée avant l'état des lieux."),
    Regle("suivi-double", _E, "Un chantier a un seul fichier de suivi."),
    Regle("sans-date-situation", _E, "Un réalisé se lit à la date de situation du référentiel, "
          "qui doit donc être écrite."),
    Regle("realise-futur", _E, "Rien de réalisé ni de mesuré n'est daté après la date de "
          "situation."),
    Regle("realise-double", _E, "Les coûts réalisés d'une année, ou l'atteinte d'un jalon, "
          "s'écrivent une seule fois."),
    Regle("indicateur-sans-depart", _A, "Un indicateur sans valeur initiale ne peut pas mesurer "
          "d'avancement."),
    Regle("enjeu-hors-chantier", _A, "Un indicateur suit un enjeu qu'aucun processus du chantier "
          "ne sert."),
    Regle("suivi-hors-annees", _A, "Des coûts réalisés tombent hors des années du chantier."),
)

REGLES: dict[str, Regle] = {regle.code: regle for regle in _CATALOGUE}
"""Every rule, by code, in the order the page « Contribuer » shows them."""
