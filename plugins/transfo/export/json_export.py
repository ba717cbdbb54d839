"""The JSON export: the whole model with every derived figure, so that anyone can recompute.

Amounts are euros per year; rates are fractions (0.045 for 4,5 %); years are calendar years.
"""

from __future__ import annotations

import json
from typing import Any

from transfo.analyse.capacite import analyser_capacite
from transfo.analyse.scenarios import ChiffresScenario, analyser_scenarios
from transfo.analyse.suivi import SuiviChantier, analyser_suivi
from transfo.analyse.valeur import POSTES_COUT, Analyse, ValeurChantier
from transfo.constants import GENRES_PARTENAIRE
from transfo.model.audit import Audit
from transfo.model.genres import TABLES

FORMAT_VERSION = 2


def _arrondi(x: float | None, chiffres: int = 2) -> float | None:
    return None if x is None else round(x, chiffres)


def _scenarios(v: ValeurChantier) -> dict[str, Any]:
    """Both VANs of the pessimistic and optimistic cases; no financial range for a chantier
    whose financial return is « sans objet » (``rentabilite_sans_objet`` says why)."""
    return {s: {"van_financiere": None if v.sans_objet is not None
                else _arrondi(v.van_financiere_scenario(s)),
                "van_socio_economique": _arrondi(v.van_socio_economique_scenario(s))}
            for s in ("pessimiste", "optimiste")}


def valeur_en_json(v: ValeurChantier) -> dict[str, Any]:
    """The export contract: flows by nature, both VANs, the financial paybacks and ROI, the
    go-live year (a chantier) and both VANs of the pessimistic and optimistic cases."""
    sortie: dict[str, Any] = {
        "flux": [
            {
                "annee": annee,
                "couts": _arrondi(v.couts[k]),
                "gains_budgetaires": _arrondi(v.gains_budgetaires[k]),
                "gains_temps_agents": _arrondi(v.gains_temps_agents[k]),
                "gains_temps_usagers": _arrondi(v.gains_temps_usagers[k]),
                "gains_temps_partenaires": _arrondi(v.gains_temps_partenaires[k]),
            }
            for k, annee in enumerate(v.annees)
        ],
        "detail_flux": [
            {
                "annee": annee,
                **{p: _arrondi(v.couts_par_poste[p][k]) for p in POSTES_COUT},
                "couts_evites": _arrondi(v.couts_evites[k]),
                "postes_non_remplaces": _arrondi(v.economies_postes[k]),
            }
            for k, annee in enumerate(v.annees)
        ],
        "van_financiere": _arrondi(v.van_financiere),
        "van_socio_economique": _arrondi(v.van_socio_economique),
        "delai_retour_annees": _arrondi(v.delai_retour, 3),
        "delai_retour_actualise_annees": _arrondi(v.delai_retour_actualise, 3),
        "roi_financier": _arrondi(v.roi, 4),
        "rentabilite_sans_objet": v.sans_objet,
        "scenarios": _scenarios(v),
        "total_couts": _arrondi(v.total_couts),
        "total_gains_budgetaires": _arrondi(v.total_gains_budgetaires),
        "total_gains_socio_economiques": _arrondi(v.total_gains_socio_economiques),
        "etp_liberes": _arrondi(v.etp_liberes, 3),
        "etp_non_remplaces": _arrondi(v.etp_non_remplaces, 3),
    }
    if v.annee_mise_en_service is not None:
        sortie["annee_mise_en_service"] = v.annee_mise_en_service
    return sortie


def scenario_en_json(audit: Audit, f: ChiffresScenario) -> dict[str, Any]:
    """A scenario as written, its file, the same figures as the portfolio (computed on its
    chantiers alone, shifts applied) and what the comparison adds to them."""
    return {
        **audit.scenarios[f.id].model_dump(mode="json"),
        "fichier": audit.sources[f.id].fichier,
        **valeur_en_json(f.valeur),
        "couts_par_annee": [
            {"annee": a, "investissement": _arrondi(f.investissement_annee(a)),
             "fonctionnement": _arrondi(f.fonctionnement_annee(a)),
             "total": _arrondi(f.cout_annee(a)),
             "au_dessus_du_plafond": f.au_dessus_du_plafond(a)}
            for a in f.annees
        ],
        "plafond_respecte": f.plafond_respecte,
        "heures_usagers_par_an": _arrondi(f.heures_usagers),
        "risques": f.risques,
        "risques_eleves": f.risques_eleves,
        "pic_chantiers": f.pic_chantiers,
        "pic_mois": f.pic_mois.isoformat()[:7] if f.pic_mois else None,
        "derniere_mise_en_service": (f.derniere_mise_en_service.isoformat()
                                     if f.derniere_mise_en_service else None),
        "jalons": [{"date": j.date.isoformat(), "chantier": j.chantier, "libelle": j.libelle}
                   for j in f.jalons],
        "pointes_equipes": [
            {"equipe": p.equipe, "trimestre": p.trimestre, "charge": _arrondi(p.charge),
             "capacite": _arrondi(p.capacite)} for p in f.pointes],
    }


def suivi_en_json(s: SuiviChantier) -> dict[str, Any]:
    """Plan against realised of one chantier at the situation date (see analyse.suivi)."""
    return {
        "suivi": s.suivi,
        "couts": [{"annee": x.annee, "prevu": _arrondi(x.prevu), "realise": _arrondi(x.realise)}
                  for x in s.couts],
        "budget": _arrondi(s.budget),
        "prevu_a_date": _arrondi(s.prevu_a_date),
        "realise_a_date": _arrondi(s.realise_a_date) if s.couts_saisis else None,
        "taux_execution": _arrondi(s.taux_execution, 4),
        "jalons": [{"libelle": j.libelle, "prevu": j.prevu.isoformat(),
                    "atteint": j.reel.isoformat() if j.reel else None, "statut": j.statut}
                   for j in s.jalons],
        "indicateurs": [
            {"id": i.indicateur.id, "unite": i.indicateur.unite,
             "valeur_initiale": i.indicateur.valeur_initiale.model_dump(mode="json")
             if i.indicateur.valeur_initiale else None,
             "cible": i.indicateur.cible.model_dump(mode="json"),
             "derniere_mesure": {"date": i.derniere_date.isoformat(),
                                 "valeur": i.derniere_valeur} if i.derniere_date else None,
             "avancement": _arrondi(i.avancement, 4), "attendu": _arrondi(i.attendu, 4),
             "statut": i.statut, "en_retard_de_mesure": i.en_retard_de_mesure,
             "prochaine_mesure": i.prochaine_mesure.isoformat() if i.prochaine_mesure else None}
            for i in s.indicateurs
        ],
        "gains": [{"gain": g.gain, "annee": g.annee, "prevu": _arrondi(g.prevu),
                   "realise": _arrondi(g.realise)} for g in s.gains],
    }


def export_json(audit: Audit, analyse: Analyse) -> dict[str, Any]:
    p = analyse.parametres
    ecarts = analyse.ecarts
    processus = []
    for pid, proc in audit.processus.items():
        e = ecarts[pid]
        processus.append({
            **proc.model_dump(mode="json", exclude={"gains"}),
            "fichier": audit.sources[pid].fichier,
            "ecarts": {
                "etapes": [
                    {"id": x.id, "statut": x.statut,
                     "changements": [{"champ": c, "avant": a, "apres": b}
                                     for c, a, b in x.changements]}
                    for x in e.etapes
                ],
                "minutes_agent_avant": _arrondi(e.avant.minutes_agent),
                "minutes_agent_apres": _arrondi(e.apres.minutes_agent),
                "delai_jours_avant": _arrondi(e.avant.delai_jours),
                "delai_jours_apres": _arrondi(e.apres.delai_jours),
                "heures_agent_avant": _arrondi(e.avant.heures_agent),
                "heures_agent_apres": _arrondi(e.apres.heures_agent),
                "heures_usager_avant": _arrondi(e.avant.heures_usager),
                "heures_usager_apres": _arrondi(e.apres.heures_usager),
                "etp_liberes": _arrondi(e.etp_liberes, 3),
                "etp_par_categorie": {c: _arrondi(v, 3) for c, v in e.etp_par_categorie.items()},
                "euros_agents": _arrondi(e.euros_agents),
            },
        })
    gains = []
    for gid, gain in audit.gains.items():
        v = analyse.gains[gid]
        gains.append({
            **gain.model_dump(mode="json"),
            "processus": v.processus or None,
            "chantier_porteur": v.chantier,
            "chantiers": list(v.chantiers),
            "valeur": {
                "nature": v.nature,
                "annuel_plein_euros": _arrondi(v.annuel_plein),
                "etp_plein": _arrondi(v.etp_plein, 3),
                "heures_usager_plein": _arrondi(v.heures_usager_plein),
                "heures_partenaire_plein": _arrondi(v.heures_partenaire_plein),
                "annee_debut": v.annee_debut,
                "par_annee": [{"annee": a, "euros": _arrondi(x)}
                              for a, x in zip(analyse.annees, v.par_annee, strict=True)],
                "ecart_relatif": v.ecart_relatif,
            },
        })
    chantiers = []
    for cid, chantier in audit.chantiers.items():
        vc = analyse.chantiers[cid]
        chantiers.append({
            **chantier.model_dump(mode="json"),
            "fichier": audit.sources[cid].fichier,
            **valeur_en_json(vc),
            "mareva_calcule": dict(vc.mareva),
        })
    referentiel = audit.referentiel.model_dump(mode="json") if audit.referentiel else None
    suivi = analyser_suivi(audit, analyse)
    sortie = {
        "format": FORMAT_VERSION,
        "collectivite": audit.referentiel.collectivite if audit.referentiel else None,
        "annee_reference": p.annee_reference.valeur,
        "parametres": {
            "annee_reference": p.annee_reference.valeur,
            "horizon_annees": p.horizon_annees.valeur,
            "taux_actualisation": p.taux_actualisation.taux,
            "heures_par_etp": p.heures_par_etp.valeur,
            "cout_etp": {c: getattr(p.cout_etp, c).valeur for c in "ABC"},
            "valeur_heure_usager": {g: getattr(p.valeur_heure_usager, g).valeur
                                    for g in ("particulier", "professionnel", "entreprise")},
            "valeur_heure_partenaire": {g: getattr(p.valeur_heure_partenaire, g).valeur
                                        for g in GENRES_PARTENAIRE},
            "incertitude": p.incertitude.model_dump(mode="json"),
            "convention": "flux de l'année t actualisés par (1 + r)^(t − t0), t0 non actualisée ; "
                          "chaque chantier sur horizon_annees années d'exploitation après "
                          "l'année de sa mise en service",
        },
        "annees": list(analyse.annees),
        "referentiel": referentiel,
        "macroprocessus": [m.model_dump(mode="json") for m in audit.macroprocessus.values()],
        "processus": processus,
        "gains": gains,
        "chantiers": chantiers,
        "portefeuille": valeur_en_json(analyse.portefeuille),
        "scenarios": [scenario_en_json(audit, f) for f in analyser_scenarios(audit).values()],
        "sensibilite": [
            {"variable": x.variable, "bas": x.bas, "haut": x.haut,
             "van_financiere": [_arrondi(y) for y in x.van_financiere],
             "van_socio_economique": [_arrondi(y) for y in x.van_socio_economique]}
            for x in analyse.sensibilite
        ],
        "capacite": capacite_en_json(audit),
        "suivi": None if suivi is None else {
            "date_situation": suivi.date_situation.isoformat(),
            "chantiers": {cid: suivi_en_json(s) for cid, s in suivi.chantiers.items()},
        },
    }
    # Any other kind of the registry that has files of its own is listed as written, with
    # its file: the kinds above carry their figures; those written in another file's lists
    # (directions, teams…) are in that file's section.
    for genre in TABLES:
        if genre.table is not None and genre.table not in sortie and not genre.emplacements:
            sortie[genre.table] = [
                {**e.model_dump(mode="json"), "fichier": audit.sources[ident].fichier}
                for ident, e in getattr(audit, genre.table).items()]
    return sortie


def capacite_en_json(audit: Audit) -> list[dict[str, Any]]:
    """Load against capacity of each team, quarter by quarter (jours-personnes)."""
    return [
        {"equipe": e.equipe.id, "trimestre": t.libelle, "charge": _arrondi(t.charge),
         "capacite": _arrondi(t.capacite)}
        for e in analyser_capacite(audit).equipes for t in e.trimestres
    ]


def export_json_text(audit: Audit, analyse: Analyse) -> str:
    return json.dumps(export_json(audit, analyse), ensure_ascii=False, indent=2) + "\n"
