"""Checks that the figures of the model make sense together: valuations, dates and horizon.

Errors are what would give wrong numbers; warnings are what a reviewer should look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from transfo.analyse.ecarts import analyser_processus
from transfo.model.audit import Audit, Source
from transfo.model.entities import Calendrier
from transfo.model.genres import GENRES
from transfo.problems import Gravite, Probleme
from transfo.validate.references import Lacunes

_AVERT = Gravite.AVERTISSEMENT


def check(audit: Audit, lacunes: Lacunes | None = None,
          bruts: Mapping[str, Any] | None = None) -> Iterator[Probleme]:
    """``lacunes``: the files that could not be read or validated; what they would have
    delivered or transformed is not reported as missing. ``bruts``: each file's data as
    typed, by shown path, where the texts left from ``transfo new`` are looked for."""
    yield from _check_gains(audit, lacunes or Lacunes())
    yield from _check_chantiers(audit)
    yield from _check_calendrier(audit)
    yield from _check_derives(audit)
    yield from _check_textes_modeles(audit, bruts or {})


def _check_gains(audit: Audit, lacunes: Lacunes) -> Iterator[Probleme]:
    livreurs = audit.chantiers_du_gain()
    transformes = audit.chantiers_du_processus()
    for proc in audit.processus.values():
        derives: dict[str, str] = {}
        etapes = [*proc.existant, *proc.cible]
        a_des_usagers = any(
            audit.acteurs.get(e.acteur) is not None and audit.acteurs[e.acteur].type == "usager"
            for e in etapes
        ) or not all(e.acteur in audit.acteurs for e in etapes)  # unknown: not concluded
        a_des_partenaires = any(
            audit.acteurs.get(e.acteur) is not None
            and audit.acteurs[e.acteur].type == "partenaire" for e in etapes
        ) or not all(e.acteur in audit.acteurs for e in etapes)
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
                    code="gain-sans-mesure",
                )
            if gain.nature == "qualitatif" and val is not None:
                yield Probleme(
                    source.position("valorisation"),
                    f"le gain qualitatif « {gain.id} » ne doit pas être valorisé",
                    "passez-le en « quantitatif » ou retirez la valorisation",
                    code="qualitatif-valorise",
                )
            if val is not None:
                if val.derivee and val.montant_annuel is not None:
                    yield Probleme(
                        source.position("valorisation", "montant_annuel"),
                        "un gain dérivé de l'analyse des écarts n'a pas de montant saisi",
                        "retirez montant_annuel, ou derivee: true",
                        code="derive-avec-montant",
                    )
                if not val.derivee and val.montant_annuel is None:
                    yield Probleme(
                        source.position("valorisation"),
                        "montant_annuel manquant",
                        "saisissez le montant annuel à pleine charge, ou derivee: true pour le "
                        "calculer à partir de l'existant et de la cible",
                        code="gain-sans-montant",
                    )
                if val.type == "etp" and not val.derivee and val.categorie is None:
                    yield Probleme(
                        source.position("valorisation"),
                        "catégorie des ETP manquante (A, B ou C)",
                        "elle donne le coût d'un ETP dans le référentiel",
                        code="categorie-etp",
                    )
                if val.derivee and val.type == "euros":
                    yield Probleme(
                        source.position("valorisation", "derivee"),
                        "un gain en euros ne peut pas être dérivé des étapes",
                        "dérivez des ETP (type: etp) ou des heures d'usagers (type: heures_usager)",
                        code="derive-en-euros",
                    )
                if val.derivee and val.type in derives:
                    yield Probleme(
                        source.position("valorisation", "derivee"),
                        f"deux gains dérivés de type « {val.type} » dans le processus "
                        f"(« {derives[val.type]} » et « {gain.id} »)",
                        "l'écart existant → cible serait compté deux fois : gardez-en un seul",
                        code="derive-double",
                    )
                if val.derivee:
                    derives.setdefault(val.type, gain.id)
                if val.derivee and val.type == "heures_usager" and not a_des_usagers:
                    yield Probleme(
                        source.position("valorisation", "type"),
                        "aucune étape n'est faite par un usager : ce gain dérivé vaudra zéro",
                        "attribuez les étapes de l'usager à un acteur de type usager",
                        gravite=_AVERT,
                        code="derive-nul",
                    )
                if val.derivee and val.type == "heures_partenaire" and not a_des_partenaires:
                    yield Probleme(
                        source.position("valorisation", "type"),
                        "aucune étape n'est faite par un partenaire : ce gain dérivé vaudra zéro",
                        "attribuez les étapes du partenaire à un acteur de type partenaire",
                        gravite=_AVERT,
                        code="derive-nul",
                    )
            if gain.nature == "quantitatif" and gain.id not in livreurs and not (
                lacunes.cite_par(gain.id, "chantier")
            ):
                yield Probleme(
                    source.position("id"),
                    f"le gain « {gain.id} » n'est livré par aucun chantier",
                    "ajoutez-le aux « gains » du chantier qui le produit, sinon il n'entre "
                    "dans aucune valeur",
                    gravite=_AVERT,
                    code="gain-non-livre",
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
                        code="gain-avant-service",
                    )
        if proc.gains and proc.id not in transformes and not (
            lacunes.cite_par(proc.id, "chantier")
        ):
            yield Probleme(
                audit.sources[proc.id].position("gains"),
                f"le processus « {proc.id} » a des gains mais aucun chantier ne le transforme",
                "ajoutez-le aux « processus » d'un chantier",
                gravite=_AVERT,
                code="processus-sans-chantier",
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
                    code="cout-annee-double",
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
                code="chantier-sans-gain",
            )


# --- Calendar: dependencies, horizon, milestones, gains outside the chantier's processes -----

CALENDRIER_PAR_DEFAUT = Calendrier(source="valeurs par défaut de transfo")
_LIBELLE_HORIZON = {
    "court_terme": "court terme", "moyen_terme": "moyen terme", "long_terme": "long terme",
}


def _mois_depuis(t0: date, jour: date) -> float:
    """Months from ``t0`` to ``jour``, a day counting for its share of the month."""
    return (jour.year - t0.year) * 12 + (jour.month - t0.month) + (jour.day - 1) / 31


def horizon_attendu(fin: date, t0: date, calendrier: Calendrier) -> str:
    mois = _mois_depuis(t0, fin)
    if mois <= calendrier.court_terme_mois:
        return "court_terme"
    if mois <= calendrier.moyen_terme_mois:
        return "moyen_terme"
    return "long_terme"


def _check_calendrier(audit: Audit) -> Iterator[Probleme]:
    calendrier = CALENDRIER_PAR_DEFAUT
    t0 = None
    if audit.referentiel is not None:
        calendrier = audit.referentiel.calendrier or CALENDRIER_PAR_DEFAUT
        t0 = date(audit.referentiel.parametres.annee_reference.valeur, 1, 1)
    chevauchement = calendrier.chevauchement_mois
    for chantier in audit.chantiers.values():
        source = audit.sources[chantier.id]
        for i, amont_id in enumerate(chantier.depend_de):
            amont = audit.chantiers.get(amont_id)
            if amont is not None and chantier.debut <= amont.fin and (
                _mois_depuis(chantier.debut, amont.fin) > chevauchement
            ):
                yield Probleme(
                    source.position("depend_de", i),
                    f"le chantier commence le {chantier.debut.isoformat()}, avant la fin du "
                    f"chantier « {amont_id} » dont il dépend ({amont.fin.isoformat()})",
                    f"commencez-le après le {amont.fin.isoformat()}"
                    + (f" (ou moins de {chevauchement} mois avant, calendrier du référentiel)"
                       if chevauchement else "")
                    + ", ou retirez la dépendance si les deux peuvent avancer ensemble",
                    gravite=_AVERT,
                    code="dependance-dates",
                )
        if t0 is not None and chantier.fin >= chantier.debut:
            attendu = horizon_attendu(chantier.fin, t0, calendrier)
            if attendu != chantier.horizon:
                mois = round(_mois_depuis(t0, chantier.fin))
                yield Probleme(
                    source.position("horizon"),
                    f"chantier à {_LIBELLE_HORIZON[chantier.horizon]} qui finit le "
                    f"{chantier.fin.isoformat()}, {mois} mois après le début de l'année de "
                    f"référence : ses dates sont celles du {_LIBELLE_HORIZON[attendu]}",
                    f"écrivez horizon: {attendu} ou corrigez les dates ; le court terme va "
                    f"jusqu'à {calendrier.court_terme_mois} mois, le moyen terme jusqu'à "
                    f"{calendrier.moyen_terme_mois} (calendrier du référentiel)",
                    gravite=_AVERT,
                    code="horizon-dates",
                )
        for i, jalon in enumerate(chantier.jalons):
            if jalon.date > chantier.fin or jalon.date < chantier.debut:
                apres = jalon.date > chantier.fin
                yield Probleme(
                    source.position("jalons", i, "date"),
                    f"jalon « {jalon.libelle} » daté du {jalon.date.isoformat()}, "
                    + (f"après la fin du chantier ({chantier.fin.isoformat()})" if apres
                       else f"avant son début ({chantier.debut.isoformat()})"),
                    "datez-le entre le début et la fin du chantier, ou corrigez ces dates",
                    gravite=_AVERT,
                    code="jalon-hors-dates",
                )
        for i, gain_id in enumerate(chantier.gains):
            processus = audit.processus_du_gain.get(gain_id)
            if processus is not None and processus not in chantier.processus:
                yield Probleme(
                    source.position("gains", i),
                    f"le gain « {gain_id} » est livré par ce chantier, qui ne transforme pas "
                    f"son processus « {processus} »",
                    f"ajoutez « {processus} » aux « processus » du chantier, ou retirez le gain "
                    "(la date de début du gain et son partage entre chantiers en dépendent)",
                    gravite=_AVERT,
                    code="gain-hors-processus",
                )


# --- Derived gains that come out negative ---------------------------------------------------


def _nombre(valeur: float) -> str:
    return f"{valeur:.2f}".replace(".", ",").replace("-", "−")


def _check_derives(audit: Audit) -> Iterator[Probleme]:
    if audit.referentiel is None:
        return
    parametres = audit.referentiel.parametres
    for proc in audit.processus.values():
        derives = [g for g in proc.gains if g.valorisation is not None
                   and g.valorisation.derivee and g.nature == "quantitatif"]
        if not derives or not all(
            e.acteur in audit.acteurs for e in [*proc.existant, *proc.cible]
        ):
            continue
        ecarts = analyser_processus(proc, audit.acteurs, parametres)
        for gain in derives:
            assert gain.valorisation is not None
            if gain.valorisation.type == "etp" and ecarts.etp_liberes < 0:
                ecart = f"{_nombre(ecarts.etp_liberes)} ETP : la cible prend plus de temps " \
                    "d'agent que l'existant"
            elif gain.valorisation.type == "heures_usager" and ecarts.heures_usager_gagnees < 0:
                ecart = f"{_nombre(ecarts.heures_usager_gagnees)} heures d'usager par an : la " \
                    "cible prend plus de temps aux usagers que l'existant"
            elif gain.valorisation.type == "heures_partenaire" \
                    and ecarts.heures_partenaire_gagnees < 0:
                ecart = f"{_nombre(ecarts.heures_partenaire_gagnees)} heures de partenaire par " \
                    "an : la cible prend plus de temps aux partenaires que l'existant"
            else:
                continue
            source = audit.sources.get(gain.id)
            if source is None or audit.processus_du_gain.get(gain.id) != proc.id:
                continue
            yield Probleme(
                source.position("valorisation", "derivee"),
                f"le gain dérivé « {gain.id} » est négatif ({ecart})",
                "vérifiez les durées et les parts des étapes cibles ; si la cible ralentit "
                "vraiment le processus, présentez-le comme un coût plutôt que comme un gain",
                gravite=_AVERT,
                code="gain-negatif",
            )


# --- Example texts left by « transfo new » --------------------------------------------------

_VARIABLE = re.compile(r"\{\{\s*(\w+)[^}]*\}\}")
_TEXTE_A_REMPLACER = re.compile(r"[.)…]$")
_TYPE_DU_GABARIT = {g.code: g.gabarit for g in GENRES if g.gabarit is not None}
"""Each kind of file ``transfo new`` writes → its template."""


def _sentinelle(nom: str) -> str:
    return f"⟦{nom}⟧"


def _feuilles(noeud: Any, chemin: tuple[str | int, ...] = ()) -> Iterator[
        tuple[tuple[str | int, ...], Any]]:
    if isinstance(noeud, dict):
        for cle, valeur in noeud.items():
            yield from _feuilles(valeur, (*chemin, str(cle)))
    elif isinstance(noeud, list):
        for i, valeur in enumerate(noeud):
            yield from _feuilles(valeur, (*chemin, i))
    else:
        yield chemin, noeud


@cache
def textes_modeles() -> dict[str, tuple[tuple[tuple[str | int, ...], Any], ...]]:
    """For each kind of file, the values ``transfo new`` writes for the consultant to replace,
    read from its templates: the instruction texts (ending in « . », « ) » or « … »), the
    numbers at the top of the file (a volume of 0), and the name, which is the id until the
    consultant gives one (the sentinel ``⟦nom⟧``)."""
    dossier = resources.files("transfo.adapters.cli").joinpath("templates")
    resultat: dict[str, tuple[tuple[tuple[str | int, ...], Any], ...]] = {}
    for kind, nom in _TYPE_DU_GABARIT.items():
        gabarit = dossier.joinpath(f"{nom}.yml.j2")
        if not gabarit.is_file():
            continue
        texte = _VARIABLE.sub(lambda m: _sentinelle(m.group(1)), gabarit.read_text("utf-8"))
        try:
            donnees = yaml.safe_load(texte)
        except yaml.YAMLError:  # a template being rewritten: its placeholders are not known
            continue
        modeles: list[tuple[tuple[str | int, ...], Any]] = []
        for chemin, valeur in _feuilles(donnees):
            if isinstance(valeur, str):
                valeur = valeur.strip()
                consigne = "⟦" not in valeur and _TEXTE_A_REMPLACER.search(valeur)
                if valeur == _sentinelle("nom") or consigne:
                    modeles.append((chemin, valeur))
            elif isinstance(valeur, int | float) and not isinstance(valeur, bool) \
                    and len(chemin) == 1:
                modeles.append((chemin, valeur))
        resultat[kind] = tuple(modeles)
    return resultat


def _valeur_a(donnees: Any, chemin: tuple[str | int, ...]) -> tuple[bool, Any]:
    for partie in chemin:
        dans_liste = isinstance(partie, int) and isinstance(donnees, list) \
            and partie < len(donnees)
        dans_objet = isinstance(partie, str) and isinstance(donnees, dict) and partie in donnees
        if not (dans_liste or dans_objet):
            return False, None
        donnees = donnees[partie]
    return True, donnees


def _check_textes_modeles(audit: Audit, bruts: Mapping[str, Any]) -> Iterator[Probleme]:
    modeles = textes_modeles()
    entites: list[tuple[str, Any]] = [(genre, entite) for genre, table in audit.tables()
                                      if genre in modeles for entite in table.values()]
    for genre, entite in entites:
        source: Source = audit.sources[entite.id]
        donnees = bruts.get(source.fichier)
        for chemin, modele in modeles[genre]:
            trouve, valeur = _valeur_a(donnees, chemin)
            if not trouve:
                continue
            if modele == _sentinelle("nom"):
                if valeur == entite.id:
                    yield Probleme(
                        source.position(*chemin),
                        f"le nom est encore l'identifiant « {entite.id} » écrit par "
                        "« transfo new »",
                        "donnez-lui le nom que liront les agents",
                        gravite=_AVERT, code="texte-modele",
                    )
            elif isinstance(modele, str):
                if isinstance(valeur, str) and valeur.strip() == modele:
                    yield Probleme(
                        source.position(*chemin),
                        f"texte d'exemple écrit par « transfo new » : « {modele} »",
                        "remplacez-le par le texte de l'audit",
                        gravite=_AVERT, code="texte-modele",
                    )
            elif valeur == modele and not isinstance(valeur, bool):
                yield Probleme(
                    source.position(*chemin),
                    f"valeur d'exemple écrite par « transfo new » : {chemin[-1]}: {modele}",
                    "saisissez la valeur de l'audit, avec sa source",
                    gravite=_AVERT, code="texte-modele",
                )
