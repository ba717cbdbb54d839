"""Checks of the value case as a public-finance reviewer reads it: the nature of each gain
and the axes that carry benefits (:mod:`.valorisation`, one function per rule), the
non-replacement trajectories, the « sans projet » avoided costs, the uncertainty parameters
and the chantiers' windows.

Errors are what would give a wrong figure; warnings are what a reviewer must look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from transfo.analyse.ecarts import analyser_processus
from transfo.analyse.valeur import fenetre
from transfo.load.yaml_loader import Document
from transfo.model.audit import Audit, Source
from transfo.model.entities import VERSION_FORMAT, Chantier, Parametres
from transfo.model.provenance import Provenance
from transfo.problems import Gravite, Probleme
from transfo.validate import valorisation

_AVERT = Gravite.AVERTISSEMENT

GENRES = {
    "usager": ("particulier", "professionnel", "entreprise"),
    "partenaire": ("agent_public", "professionnel_sante", "benevole", "salarie"),
}
COMMANDE_MIGRATION = "transfo migrate"


def ancien_format(document: Document) -> Probleme | None:
    """One problem, with the command that upgrades it, if the référentiel is in an earlier
    format than the one this code reads."""
    donnees = document.donnees
    version = donnees.get("version_format") if isinstance(donnees, dict) else None
    if isinstance(version, int) and not isinstance(version, bool) and version >= VERSION_FORMAT:
        return None
    lue = version if isinstance(version, int) and not isinstance(version, bool) else 1
    dossier = document.chemin.rsplit("/", 1)[0] if "/" in document.chemin else "."
    return Probleme(
        document.position(("version_format",) if version is not None else ()),
        f"modèle au format {lue}, cet outil lit le format {VERSION_FORMAT} : lancez "
        f"« {COMMANDE_MIGRATION} {dossier} » pour le mettre à jour",
        code="format",
    )


def check(audit: Audit) -> Iterator[Probleme]:
    yield from _check_parametres(audit)
    yield from _check_acteurs(audit)
    yield from valorisation.check(audit)
    yield from _check_chantiers(audit)


def _document_referentiel(audit: Audit) -> Provenance | None:
    """The référentiel's file, where its parameters, teams and roles are written."""
    source = audit.source_referentiel
    return None if source is None else source.provenance


def _check_parametres(audit: Audit) -> Iterator[Probleme]:
    document = _document_referentiel(audit)
    if audit.referentiel is None or document is None:
        return
    incertitude = audit.referentiel.parametres.incertitude
    chemin = ("parametres", "incertitude")
    for niveau in ("faible", "moyenne", "forte"):
        ecarts = getattr(incertitude.depassement_couts, niveau)
        for cas in ("pessimiste", "optimiste"):
            if getattr(ecarts, cas) < 0:
                yield Probleme(
                    document.position((*chemin, "depassement_couts", niveau, cas)),
                    f"dépassement des coûts négatif ({getattr(ecarts, cas)}) pour une "
                    f"confiance {niveau}, cas {cas}",
                    "un dépassement est une fraction ≥ 0 ajoutée aux coûts (0.25 = +25 %) ; "
                    "une économie sur les coûts ne se suppose pas",
                    code="incertitude-negative",
                )
    for cas in ("pessimiste", "optimiste"):
        if getattr(incertitude.retard_mois, cas) < 0:
            yield Probleme(
                document.position((*chemin, "retard_mois", cas)),
                f"retard de mise en service négatif, cas {cas}",
                "un retard est un nombre de mois ≥ 0 ; 0 pour une mise en service à l'heure",
                code="incertitude-negative",
            )


def _check_acteurs(audit: Audit) -> Iterator[Probleme]:
    """An actor's kind (``genre``) says which value per hour its time takes: it must be a kind
    of its own type, and an agent has none (its time is valued by its category)."""
    for aid, acteur in audit.acteurs.items():
        source = audit.sources.get(aid)
        if source is None or acteur.genre is None:
            continue
        permis = GENRES.get(acteur.type)
        if permis is None:
            yield Probleme(
                source.position("genre"),
                f"l'agent « {aid} » déclare un genre ({acteur.genre}) : le temps d'un agent "
                "se valorise par sa catégorie",
                "retirez genre, ou donnez à l'acteur le type usager ou partenaire",
                code="genre-agent",
            )
        elif acteur.genre not in permis:
            yield Probleme(
                source.position("genre"),
                f"« {acteur.genre} » n'est pas un genre de {acteur.type} (acteur « {aid} »)",
                f"genres de {acteur.type} : {', '.join(permis)}",
                code="genre-acteur",
            )


def _etp_liberes(audit: Audit, chantier: Chantier, parametres: Parametres) -> float:
    """ETP freed at full charge by the agent-time gains the chantier delivers (its share)."""
    livreurs = audit.chantiers_du_gain()
    total = 0.0
    for gid in chantier.ids_gains:
        gain = audit.gains.get(gid)
        if gain is None or gain.valorisation is None or gain.nature != "quantitatif":
            continue
        val = gain.valorisation
        if val.type != "etp":
            continue
        if val.derivee:
            proc = audit.processus.get(audit.processus_du_gain.get(gid, ""))
            if proc is None:
                continue
            etp = analyser_processus(proc, audit.acteurs, parametres).etp_liberes
        else:
            etp = val.montant_annuel or 0.0
        total += etp / max(1, len(livreurs.get(gid, [])))
    return total


def _check_propre(chantier: Chantier, source: Source) -> Iterator[Probleme]:
    """A chantier's own gains and its « sans objet » financial return."""
    rentabilite = chantier.rentabilite_financiere
    if rentabilite is not None and rentabilite.sans_objet and not (rentabilite.motif or "").strip():
        yield Probleme(
            source.position("rentabilite_financiere", "sans_objet"),
            "retour financier déclaré sans objet sans motif",
            "ajoutez motif : la raison, affichée à la place du ROI (par exemple "
            "« mise en conformité réglementaire, sans économie attendue »)",
            code="sans-objet-sans-motif",
        )
    propres = {g.id for g in chantier.gains_propres}
    for i, gid in enumerate(chantier.gains):
        if gid in propres:
            yield Probleme(
                source.position("gains", i),
                f"le gain « {gid} » est un gain propre du chantier : il est déjà compté",
                "retirez-le de gains ; un gain propre (gains_propres) est livré par son "
                "chantier sans y être listé",
                code="gain-propre-liste",
            )
    for i, gain in enumerate(chantier.gains_propres):
        val = gain.valorisation
        if gain.nature == "quantitatif" and (val is None or (
                not val.derivee and val.montant_annuel is None)):
            yield Probleme(
                source.position("gains_propres", i, "valorisation" if val else "nature"),
                f"le gain propre quantitatif « {gain.id} » n'a pas de montant_annuel",
                "saisissez valorisation: {nature: …, type: …, montant_annuel: …}",
                code="gain-sans-montant",
            )
        if val is not None and val.derivee:
            yield Probleme(
                source.position("gains_propres", i, "valorisation", "derivee"),
                f"le gain propre « {gain.id} » ne peut pas être dérivé : il n'a pas de "
                "processus dont comparer l'existant et la cible",
                "saisissez montant_annuel, ou déplacez le gain dans le processus qu'il "
                "transforme",
                code="gain-propre-derive",
            )


def _check_chantiers(audit: Audit) -> Iterator[Probleme]:
    if audit.referentiel is None:
        return
    parametres = audit.referentiel.parametres
    for cid, chantier in audit.chantiers.items():
        source = audit.sources[cid]
        yield from _check_propre(chantier, source)
        for i, evite in enumerate(chantier.couts_evites):
            if not (evite.source or "").strip():
                yield Probleme(
                    source.position("couts_evites", i),
                    f"coût évité « {evite.libelle} » sans source",
                    "un coût évité est un gain budgétaire : citez le contrat, le devis ou la "
                    "délibération qui le chiffre (champ source)",
                    code="cout-evite-sans-source",
                )
            if evite.fin is not None and evite.debut is not None and evite.fin < evite.debut:
                yield Probleme(
                    source.position("couts_evites", i, "fin"),
                    f"coût évité « {evite.libelle} » : fin ({evite.fin}) avant début "
                    f"({evite.debut})",
                    "inversez les années",
                    code="dates",
                )
        if chantier.non_remplacement:
            libere = _etp_liberes(audit, chantier, parametres)
            cumul = 0.0
            for rang, entree in sorted(enumerate(chantier.non_remplacement),
                                       key=lambda x: x[1].annee):
                cumul += entree.etp
                if cumul > libere + 1e-9:
                    yield Probleme(
                        source.position("non_remplacement", rang, "etp"),
                        f"{_nombre(cumul)} ETP non remplacés en {entree.annee}, plus que les "
                        f"{_nombre(libere)} ETP que libèrent les gains du chantier",
                        "on ne peut pas supprimer plus de postes que le temps libéré : "
                        "réduisez la trajectoire ou rattachez le gain de temps d'agent qui la "
                        "justifie",
                        code="non-remplacement-excessif",
                    )
                    break
        mise = chantier.date_mise_en_service
        for i, poste in enumerate(chantier.non_remplacement):
            if poste.annee < mise.year:
                yield Probleme(
                    source.position("non_remplacement", i, "annee"),
                    f"postes non remplacés dès {poste.annee}, avant la mise en service "
                    f"({mise.isoformat()})",
                    "le temps n'est libéré qu'une fois l'outil en service : datez la "
                    "trajectoire à partir de la mise en service",
                    gravite=_AVERT,
                    code="non-remplacement-precoce",
                )
        annees = fenetre(chantier, parametres)
        for gid in chantier.gains:
            gain = audit.gains.get(gid)
            if gain is not None and gain.annee_debut is not None \
                    and gain.annee_debut > annees[-1]:
                yield Probleme(
                    source.position("gains"),
                    f"le gain « {gid} » commence en {gain.annee_debut}, après la fenêtre "
                    f"d'analyse du chantier ({annees[0]}–{annees[-1]})",
                    "il ne comptera dans aucune valeur : avancez son année de début ou "
                    "allongez horizon_annees",
                    gravite=_AVERT,
                    code="hors-fenetre",
                )
        for i, cout in enumerate(chantier.couts):
            if cout.annee > annees[-1]:
                yield Probleme(
                    source.position("couts", i, "annee"),
                    f"année {cout.annee} après la fenêtre d'analyse du chantier "
                    f"({annees[0]}–{annees[-1]} : {parametres.horizon_annees.valeur} ans "
                    "après la mise en service)",
                    "ce coût ne comptera pas : retirez-le ou allongez horizon_annees",
                    gravite=_AVERT,
                    code="hors-fenetre",
                )
        if chantier.mise_en_service is not None and chantier.mise_en_service < chantier.debut:
            yield Probleme(
                source.position("mise_en_service"),
                "mise en service avant le début du chantier",
                "corrigez la date ; par défaut c'est la fin du chantier",
                code="dates",
            )


def _nombre(x: Any) -> str:
    return f"{x:.2f}".replace(".", ",")
