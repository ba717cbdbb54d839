"""Checks that the figures of the model make sense together: valuations, dates and horizon.

Errors are what would give wrong numbers; warnings are what a reviewer should look at.
"""

from __future__ import annotations

from collections.abc import Iterator

from transfo.model.audit import Audit
from transfo.problems import Gravite, Probleme

_AVERT = Gravite.AVERTISSEMENT


def check(audit: Audit) -> Iterator[Probleme]:
    yield from _check_gains(audit)
    yield from _check_chantiers(audit)


def _check_gains(audit: Audit) -> Iterator[Probleme]:
    livreurs = audit.chantiers_du_gain()
    transformes = audit.chantiers_du_processus()
    for proc in audit.processus.values():
        derives: dict[str, str] = {}
        a_des_usagers = any(
            audit.acteurs.get(e.acteur) is not None and audit.acteurs[e.acteur].type == "usager"
            for e in [*proc.existant, *proc.cible]
        )
        for gain in proc.gains:
            source = audit.sources.get(gain.id)
            if source is None or audit.processus_du_gain.get(gain.id) != proc.id:
                continue
            val = gain.valorisation
            if gain.nature == "quantitatif" and val is None:
                yield Probleme(
                    source.position("nature"),
                    f"le gain quantitatif « {gain.id} » n'a pas de valorisation",
                    "ajoutez valorisation: {type: etp|euros|heures_usager, montant_annuel: …} "
                    "ou {type: …, derivee: true}",
                    code="valeur",
                )
            if gain.nature == "qualitatif" and val is not None:
                yield Probleme(
                    source.position("valorisation"),
                    f"le gain qualitatif « {gain.id} » ne doit pas être valorisé",
                    "passez-le en « quantitatif » ou retirez la valorisation",
                    code="valeur",
                )
            if val is not None:
                if val.derivee and val.montant_annuel is not None:
                    yield Probleme(
                        source.position("valorisation", "montant_annuel"),
                        "un gain dérivé de l'analyse des écarts n'a pas de montant saisi",
                        "retirez montant_annuel, ou derivee: true",
                        code="valeur",
                    )
                if not val.derivee and val.montant_annuel is None:
                    yield Probleme(
                        source.position("valorisation"),
                        "montant_annuel manquant",
                        "saisissez le montant annuel à pleine charge, ou derivee: true pour le "
                        "calculer à partir de l'existant et de la cible",
                        code="valeur",
                    )
                if val.type == "etp" and not val.derivee and val.categorie is None:
                    yield Probleme(
                        source.position("valorisation"),
                        "catégorie des ETP manquante (A, B ou C)",
                        "elle donne le coût d'un ETP dans le référentiel",
                        code="valeur",
                    )
                if val.derivee and val.type == "euros":
                    yield Probleme(
                        source.position("valorisation", "derivee"),
                        "un gain en euros ne peut pas être dérivé des étapes",
                        "dérivez des ETP (type: etp) ou des heures d'usagers (type: heures_usager)",
                        code="valeur",
                    )
                if val.derivee and val.type in derives:
                    yield Probleme(
                        source.position("valorisation", "derivee"),
                        f"deux gains dérivés de type « {val.type} » dans le processus "
                        f"(« {derives[val.type]} » et « {gain.id} »)",
                        "l'écart existant → cible serait compté deux fois : gardez-en un seul",
                        code="valeur",
                    )
                if val.derivee:
                    derives.setdefault(val.type, gain.id)
                if val.derivee and val.type == "heures_usager" and not a_des_usagers:
                    yield Probleme(
                        source.position("valorisation", "type"),
                        "aucune étape n'est faite par un usager : ce gain dérivé vaudra zéro",
                        "attribuez les étapes de l'usager à un acteur de type usager",
                        gravite=_AVERT,
                        code="valeur",
                    )
            if gain.nature == "quantitatif" and gain.id not in livreurs:
                yield Probleme(
                    source.position("id"),
                    f"le gain « {gain.id} » n'est livré par aucun chantier",
                    "ajoutez-le aux « gains » du chantier qui le produit, sinon il n'entre "
                    "dans aucune valeur",
                    gravite=_AVERT,
                    code="coherence",
                )
            for cid in livreurs.get(gain.id, []):
                chantier = audit.chantiers[cid]
                mise = chantier.date_mise_en_service
                if gain.annee_debut is not None and gain.annee_debut < mise.year:
                    yield Probleme(
                        source.position("annee_debut"),
                        f"le gain commence en {gain.annee_debut}, avant la mise en service du "
                        f"chantier « {cid} » qui le livre ({mise.isoformat()})",
                        f"commencez-le en {mise.year} ou après",
                        gravite=_AVERT,
                        code="coherence",
                    )
        if proc.gains and proc.id not in transformes:
            yield Probleme(
                audit.sources[proc.id].position("gains"),
                f"le processus « {proc.id} » a des gains mais aucun chantier ne le transforme",
                "ajoutez-le aux « processus » d'un chantier",
                gravite=_AVERT,
                code="coherence",
            )


def _check_chantiers(audit: Audit) -> Iterator[Probleme]:
    for chantier in audit.chantiers.values():
        source = audit.sources[chantier.id]
        if chantier.fin < chantier.debut:
            yield Probleme(
                source.position("fin"),
                f"la fin ({chantier.fin.isoformat()}) précède le début "
                f"({chantier.debut.isoformat()})",
                "inversez les dates ou corrigez-les",
                code="dates",
            )
        annees: dict[int, int] = {}
        for i, cout in enumerate(chantier.couts):
            if cout.annee in annees:
                yield Probleme(
                    source.position("couts", i, "annee"),
                    f"année {cout.annee} déjà chiffrée (élément {annees[cout.annee] + 1})",
                    "regroupez les coûts d'une même année",
                    code="valeur",
                )
            annees.setdefault(cout.annee, i)
        a_des_couts = any(
            c.investissement_interne + c.investissement_externe + c.fonctionnement_interne
            + c.fonctionnement_externe > 0
            for c in chantier.couts
        )
        if a_des_couts and not chantier.gains:
            yield Probleme(
                source.position("couts"),
                f"le chantier « {chantier.id} » a des coûts mais aucun gain",
                "rattachez-lui les gains qu'il produit (champ « gains »)",
                gravite=_AVERT,
                code="coherence",
            )
