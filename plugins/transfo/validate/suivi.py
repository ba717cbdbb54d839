"""Checks of the follow-up files (``suivi/<C-…>.yml``): what they follow, what they
reference, and that nothing realised lies after the référentiel's ``date_situation``.

An indicator without a baseline (``valeur_initiale``) is a warning, not an error: during the
audit a baseline is often still to be measured, and the indicator is worth declaring already
(its source and frequency are known). The page then says « valeur initiale à mesurer » and
computes no progress; ``transfo validate --strict`` still fails on it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path

from transfo.analyse.valeur import fenetre
from transfo.model.audit import Audit, Source
from transfo.model.entities import Suivi
from transfo.problems import Gravite, Probleme
from transfo.validate.schema_errors import Suggesteur


def enregistrer(audit: Audit, suivi: Suivi, source: Source) -> Iterator[Probleme]:
    """Keeps the first follow-up file of each chantier; a second one is an error."""
    premiere = audit.sources_suivi.get(suivi.chantier)
    if premiere is not None:
        ici = source.position("chantier")
        yield Probleme(
            ici,
            f"second fichier de suivi pour le chantier « {suivi.chantier} » "
            f"(le premier : {premiere.position('chantier')})",
            "un chantier a un seul fichier de suivi, suivi/<identifiant du chantier>.yml : "
            "réunissez-y les indicateurs et le réalisé",
            code="suivi-double",
            voir_aussi=(premiere.position("chantier"),),
        )
        return
    audit.suivis[suivi.chantier] = suivi
    audit.sources_suivi[suivi.chantier] = source


def check(audit: Audit) -> Iterator[Probleme]:
    indicateurs: dict[str, Source] = {}
    suggesteur = Suggesteur(audit.chantiers)
    for cid, suivi in audit.suivis.items():
        source = audit.sources_suivi[cid]
        yield from _check_nom(cid, source)
        if cid not in audit.chantiers:
            if cid not in audit.ids_invalides:
                yield Probleme(
                    source.position("chantier"),
                    f"suivi d'un chantier inconnu « {cid} »",
                    suggesteur.suggestion(cid) or "aucun chantier ne porte cet identifiant : "
                    "le suivi nomme un chantier de feuille-de-route/",
                    code="reference",
                )
            continue
        yield from _check_indicateurs(audit, suivi, source, indicateurs)
        yield from _check_realise(audit, suivi, source)


def _check_nom(cid: str, source: Source) -> Iterator[Probleme]:
    nom = Path(source.fichier)
    if nom.stem != cid:
        yield Probleme(
            source.position("chantier"),
            f"le fichier s'appelle « {nom.name} » mais suit « {cid} »",
            f"renommez le fichier en « {cid}{nom.suffix} » pour qu'on le retrouve",
            gravite=Gravite.AVERTISSEMENT,
            code="nom-fichier",
        )


def _futur(audit: Audit, source: Source, chemin: tuple[str | int, ...], quoi: str,
           quand: str) -> Probleme:
    situation = audit.referentiel.date_situation if audit.referentiel else None
    return Probleme(
        source.position(*chemin),
        f"{quoi} {quand}, après la date de situation du {situation:%d/%m/%Y} : "
        "l'avenir n'est pas réalisé",
        "corrigez la date, ou avancez date_situation dans referentiel.yml quand le suivi "
        "est mis à jour",
        code="realise-futur",
    )


def _check_indicateurs(audit: Audit, suivi: Suivi, source: Source,
                       vus: dict[str, Source]) -> Iterator[Probleme]:
    situation = audit.referentiel.date_situation if audit.referentiel else None
    chantier = audit.chantiers[suivi.chantier]
    gains = Suggesteur(chantier.ids_gains)
    enjeux = {e for p in chantier.processus if p in audit.processus
              for e in audit.processus[p].enjeux}
    for i, ind in enumerate(suivi.indicateurs):
        chemin: tuple[str | int, ...] = ("indicateurs", i)
        if ind.id in vus:
            premiere = vus[ind.id].position(*chemin)
            yield Probleme(
                source.position(*chemin, "id"),
                f"indicateur « {ind.id} » déjà déclaré",
                "chaque indicateur a un identifiant unique dans tout le suivi : renommez l'un "
                "des deux",
                code="id-double",
                voir_aussi=(premiere,),
            )
        else:
            vus[ind.id] = source
        if ind.valeur_initiale is None:
            yield Probleme(
                source.position(*chemin, "id"),
                f"indicateur « {ind.id} » sans valeur initiale : son avancement ne peut pas "
                "être calculé",
                "mesurez la situation de départ et écrivez valeur_initiale: {valeur: …, "
                "date: AAAA-MM-JJ}",
                gravite=Gravite.AVERTISSEMENT,
                code="indicateur-sans-depart",
            )
        elif situation is not None and ind.valeur_initiale.date > situation:
            yield _futur(audit, source, (*chemin, "valeur_initiale", "date"),
                         "valeur initiale mesurée le", f"{ind.valeur_initiale.date:%d/%m/%Y}")
        if ind.gain is not None and ind.gain not in chantier.ids_gains:
            yield _gain_inconnu(audit, ind.gain, suivi.chantier, gains, source,
                                (*chemin, "gain"))
        if ind.enjeu is not None and ind.enjeu not in enjeux:
            yield Probleme(
                source.position(*chemin, "enjeu"),
                f"l'enjeu « {ind.enjeu} » n'est servi par aucun processus du chantier "
                f"« {suivi.chantier} »",
                "choisissez un enjeu de ses processus ("
                + (", ".join(sorted(enjeux)) or "aucun n'en déclare")
                + ") ou ajoutez-le aux enjeux du processus",
                gravite=Gravite.AVERTISSEMENT,
                code="enjeu-hors-chantier",
            )
        for k, mesure in enumerate(ind.mesures):
            if situation is not None and mesure.date > situation:
                yield _futur(audit, source, (*chemin, "mesures", k, "date"),
                             "mesure datée du", f"{mesure.date:%d/%m/%Y}")


def _gain_inconnu(audit: Audit, gain: str, cid: str, suggesteur: Suggesteur, source: Source,
                  chemin: tuple[str | int, ...]) -> Probleme:
    if gain in audit.gains:
        message = f"le chantier « {cid} » ne livre pas le gain « {gain} »"
    else:
        message = f"gain inconnu « {gain} »"
    return Probleme(
        source.position(*chemin), message,
        suggesteur.suggestion(gain) or "nommez un des gains du chantier ("
        + (", ".join(audit.chantiers[cid].ids_gains) or "il n'en livre aucun") + ")",
        code="reference",
    )


def _check_realise(audit: Audit, suivi: Suivi, source: Source) -> Iterator[Probleme]:
    referentiel = audit.referentiel
    situation = referentiel.date_situation if referentiel else None
    chantier = audit.chantiers[suivi.chantier]
    realise = suivi.realise
    if situation is None and (realise.couts or realise.jalons or realise.gains
                              or any(i.mesures for i in suivi.indicateurs)):
        yield Probleme(
            source.position("chantier"),
            "un réalisé sans date de situation : ni les retards ni la consommation ne se "
            "calculent",
            "écrivez date_situation: AAAA-MM-JJ dans referentiel.yml (la date à laquelle le "
            "suivi est lu ; jamais la date de construction du site)",
            code="sans-date-situation",
        )
    annees = set(fenetre(chantier, referentiel.parametres)) if referentiel else set()
    annees |= {c.annee for c in chantier.couts}
    vues: dict[int, int] = {}
    for k, cout in enumerate(realise.couts):
        chemin: tuple[str | int, ...] = ("realise", "couts", k, "annee")
        if cout.annee in vues:
            yield Probleme(
                source.position(*chemin),
                f"coûts réalisés de {cout.annee} déjà écrits",
                "une ligne par année : additionnez les montants",
                code="realise-double",
                voir_aussi=(source.position("realise", "couts", vues[cout.annee], "annee"),),
            )
        vues.setdefault(cout.annee, k)
        if situation is not None and cout.annee > situation.year:
            yield _futur(audit, source, chemin, "coûts réalisés de l'année", str(cout.annee))
        elif annees and cout.annee not in annees:
            yield Probleme(
                source.position(*chemin),
                f"coûts réalisés en {cout.annee}, hors des années du chantier "
                f"« {chantier.id} » ({min(annees)}–{max(annees)})",
                "vérifiez l'année, ou ajoutez cette année aux coûts prévus du chantier",
                gravite=Gravite.AVERTISSEMENT,
                code="suivi-hors-annees",
            )
    libelles = [j.libelle for j in chantier.jalons]
    atteints: dict[str, int] = {}
    for k, jalon in enumerate(realise.jalons):
        ici: tuple[str | int, ...] = ("realise", "jalons", k)
        if jalon.jalon not in libelles:
            proches = difflib.get_close_matches(jalon.jalon, libelles, n=1, cutoff=0.6)
            yield Probleme(
                source.position(*ici, "jalon"),
                f"jalon inconnu « {jalon.jalon} » pour le chantier « {chantier.id} »",
                f"vouliez-vous dire « {proches[0]} » ?" if proches else
                "recopiez le libellé d'un des jalons du chantier ("
                + ("; ".join(f"« {x} »" for x in libelles) or "il n'en a aucun") + ")",
                code="reference",
            )
        elif jalon.jalon in atteints:
            yield Probleme(
                source.position(*ici, "jalon"),
                f"jalon « {jalon.jalon} » déjà noté atteint",
                "un jalon est atteint une fois : gardez la date réelle la plus ancienne",
                code="realise-double",
                voir_aussi=(source.position("realise", "jalons", atteints[jalon.jalon],
                                            "jalon"),),
            )
        atteints.setdefault(jalon.jalon, k)
        if situation is not None and jalon.date > situation:
            yield _futur(audit, source, (*ici, "date"), "jalon atteint le",
                         f"{jalon.date:%d/%m/%Y}")
    suggesteur = Suggesteur(chantier.ids_gains)
    for k, gain in enumerate(realise.gains):
        ici = ("realise", "gains", k)
        if gain.gain not in chantier.ids_gains:
            yield _gain_inconnu(audit, gain.gain, chantier.id, suggesteur, source,
                                (*ici, "gain"))
        if situation is not None and gain.annee > situation.year:
            yield _futur(audit, source, (*ici, "annee"), "gain réalisé de l'année",
                         str(gain.annee))
