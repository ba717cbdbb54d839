"""Checks of the scenarios: what they hold, what they shift, the one recommended, their cap.

The unknown chantiers a scenario names are reported with the other references
(:mod:`transfo.validate.references`). The yearly cap needs the scenario's figures, so it is
checked only once the model has no error (:func:`check_plafonds`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from transfo.analyse.scenarios import analyser_scenario, decaler_chantier
from transfo.formats import euros
from transfo.model.audit import Audit, Source
from transfo.model.entities import Scenario
from transfo.problems import Gravite, Probleme
from transfo.validate.coherence import CALENDRIER_PAR_DEFAUT
from transfo.validate.schema_errors import suggestion

_AVERT = Gravite.AVERTISSEMENT


def check(audit: Audit) -> Iterator[Probleme]:
    premier: Scenario | None = None
    for scenario in audit.scenarios.values():
        source = audit.sources[scenario.id]
        yield from _check_chantiers(audit, scenario, source)
        yield from _check_decalages(audit, scenario, source)
        yield from _check_dates(audit, scenario, source)
        if not scenario.recommande:
            continue
        if scenario.justification is None or not scenario.justification.texte.strip():
            yield Probleme(
                source.position("recommande"),
                f"scénario « {scenario.id} » recommandé sans justification",
                "écrivez « justification: » : pourquoi ce scénario plutôt que les autres "
                "(valeur, coûts, risques, capacité à faire), en des termes qu'un élu peut "
                "reprendre",
                code="recommande-sans-justification",
            )
        if premier is None:
            premier = scenario
            continue
        ailleurs = audit.sources[premier.id].position("recommande")
        yield Probleme(
            source.position("recommande"),
            f"deux scénarios recommandés : « {premier.id} » l'est déjà ({ailleurs})",
            "l'audit en recommande un seul : retirez « recommande: true » de l'un des deux",
            code="recommande-double",
            voir_aussi=(ailleurs,),
        )


def _check_chantiers(audit: Audit, scenario: Scenario, source: Source) -> Iterator[Probleme]:
    retenus = set(scenario.chantiers)
    vus: dict[str, int] = {}
    for i, cid in enumerate(scenario.chantiers):
        if cid in vus:
            yield Probleme(
                source.position("chantiers", i),
                f"chantier « {cid} » deux fois dans le scénario",
                f"déjà en position {vus[cid] + 1} : retirez celui-ci",
                code="id-double",
            )
            continue
        vus[cid] = i
        chantier = audit.chantiers.get(cid)
        if chantier is None:
            continue
        for amont in chantier.depend_de:
            if amont in audit.chantiers and amont not in retenus:
                yield Probleme(
                    source.position("chantiers", i),
                    f"le chantier « {cid} » dépend de « {amont} », absent du scénario",
                    f"ajoutez « {amont} » aux chantiers du scénario, ou retirez « {cid} » : "
                    "un chantier ne se mène pas sans ceux dont il dépend",
                    code="scenario-dependance",
                )


def _check_decalages(audit: Audit, scenario: Scenario, source: Source) -> Iterator[Probleme]:
    retenus = set(scenario.chantiers)
    vus: dict[str, int] = {}
    for i, decalage in enumerate(scenario.decalages):
        cid = decalage.chantier
        if cid in vus:
            yield Probleme(
                source.position("decalages", i, "chantier"),
                f"chantier « {cid} » décalé deux fois",
                f"un seul décalage par chantier (déjà en position {vus[cid] + 1}) : "
                "additionnez les mois dans un seul",
                code="id-double",
            )
            continue
        vus[cid] = i
        if cid in audit.chantiers and cid not in retenus:
            proche = suggestion(cid, scenario.chantiers)
            yield Probleme(
                source.position("decalages", i, "chantier"),
                f"décalage du chantier « {cid} », absent du scénario",
                (f"{proche} " if proche else "")
                + f"ajoutez « {cid} » aux chantiers du scénario, ou retirez ce décalage",
                code="decalage-hors-scenario",
            )


def _mois_entre(debut: date, fin: date) -> float:
    return (fin.year - debut.year) * 12 + (fin.month - debut.month) + (fin.day - debut.day) / 31


def _check_dates(audit: Audit, scenario: Scenario, source: Source) -> Iterator[Probleme]:
    """A shift that makes a chantier start before the end of one it depends on (the rule of
    the roadmap, with the référentiel's allowed overlap); unshifted pairs are checked on the
    chantiers' own files."""
    referentiel = audit.referentiel
    calendrier = (referentiel.calendrier if referentiel else None) or CALENDRIER_PAR_DEFAUT
    position_decalage = {d.chantier: i for i, d in enumerate(scenario.decalages)}
    mois = {d.chantier: d.mois for d in scenario.decalages}
    retenus = [c for c in dict.fromkeys(scenario.chantiers) if c in audit.chantiers]
    decales = {c: decaler_chantier(audit.chantiers[c], mois.get(c, 0)) for c in retenus}
    for cid in retenus:
        chantier = decales[cid]
        for amont_id in chantier.depend_de:
            amont = decales.get(amont_id)
            if amont is None or not (mois.get(cid) or mois.get(amont_id)):
                continue
            if chantier.debut <= amont.fin and (
                    _mois_entre(chantier.debut, amont.fin) > calendrier.chevauchement_mois):
                ici = cid if cid in position_decalage else amont_id
                yield Probleme(
                    source.position("decalages", position_decalage[ici], "mois"),
                    f"avec les décalages du scénario, « {cid} » commence le "
                    f"{chantier.debut.isoformat()}, avant la fin de « {amont_id} » dont il "
                    f"dépend ({amont.fin.isoformat()})",
                    f"décalez « {cid} » d'autant que « {amont_id} », ou davantage",
                    gravite=_AVERT,
                    code="dependance-dates",
                )


def check_plafonds(audit: Audit) -> Iterator[Probleme]:
    """A warning for every year whose cost is above the scenario's yearly cap (a valid
    model only: the figures are those of the value analysis)."""
    if audit.referentiel is None:
        return
    for scenario in audit.scenarios.values():
        if scenario.plafond_annuel is None:
            continue
        source = audit.sources[scenario.id]
        for d in analyser_scenario(audit, scenario).depassements:
            yield Probleme(
                source.position("plafond_annuel"),
                f"en {d.annee}, les coûts du scénario ({euros(d.cout)}) dépassent le plafond "
                f"annuel de {euros(d.plafond)} de {euros(d.exces)}",
                "décalez des chantiers (« decalages ») ou retirez-en ; le plafond compte "
                "l'investissement et le fonctionnement, internes et externes",
                gravite=_AVERT,
                code="scenario-plafond",
            )
