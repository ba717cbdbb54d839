"""``transfo planifier``: proposes dates for the chantiers that the teams can deliver, and
prints them as a list of changes; the model is never written."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from transfo.adapters.cli.communs import audit_sans_erreur, date_invalide, date_iso
from transfo.analyse.capacite import Capacite
from transfo.analyse.planification import PasDePlan, Plan, planifier
from transfo.analyse.valeur import analyser
from transfo.formats import entier, pluriel, pourcent
from transfo.model.entities import Calendrier
from transfo.validate.coherence import CALENDRIER_PAR_DEFAUT, horizon_attendu

HORIZONS = {"court_terme": "court terme", "moyen_terme": "moyen terme",
            "long_terme": "long terme"}


def _pointe(capacite: Capacite, eid: str) -> str:
    equipe = next(e for e in capacite.equipes if e.equipe.id == eid)
    t = equipe.pointe()
    if t is None:
        return "aucune charge"
    taux = f" ({pourcent(t.taux, 0)} de la capacité)" if t.taux is not None else ""
    return f"{entier(t.charge)} j en {t.libelle}{taux}"


def _rapport(plan: Plan, t0: date, calendrier: Calendrier) -> list[str]:
    lignes = []
    for x in plan.changements:
        ligne = (f"{x.chantier} : début {x.avant.debut.isoformat()} → {x.apres.debut.isoformat()}"
                 f", fin {x.avant.fin.isoformat()} → {x.apres.fin.isoformat()}")
        if x.mise_en_service is not None:
            ligne += (f", mise en service {x.mise_en_service[0].isoformat()} → "
                      f"{x.mise_en_service[1].isoformat()}")
        sens = "plus tard" if x.mois > 0 else "plus tôt"
        ligne += f" ({abs(x.mois)} mois {sens})"
        avant = horizon_attendu(x.avant.fin, t0, calendrier)
        apres = horizon_attendu(x.apres.fin, t0, calendrier)
        if avant != apres:
            ligne += (f" ; ses dates passent du {HORIZONS[avant]} au {HORIZONS[apres]}"
                      " : revoyez son horizon")
        lignes.append(ligne)
    if not plan.changements:
        lignes.append("Aucun changement de date : le calendrier actuel tient la capacité "
                      "de chaque équipe.")
    lignes.append("")
    lignes.append("Pointe de charge par équipe, avant → après :")
    for e in plan.avant.equipes:
        eid = e.equipe.id
        lignes.append(f"  {eid}, {e.equipe.nom} : {_pointe(plan.avant, eid)} → "
                      f"{_pointe(plan.apres, eid)}")
    n = len(plan.changements)
    total = len(plan.dates)
    surcharges = len(plan.avant.surcharges)
    lignes.append("")
    avant = (f"{surcharges} {pluriel(surcharges, 'trimestre surchargé', 'trimestres surchargés')}"
             " avant, aucun après" if surcharges else "aucun trimestre surchargé avant ni après")
    deplaces = (f"{n} {pluriel(n, 'chantier déplacé', 'chantiers déplacés')}" if n
                else "aucun chantier déplacé")
    reporter = (" : reportez les dates retenues (début, fin, mise en service, jalons, années "
                "des coûts) dans les fichiers des chantiers" if n else "")
    lignes.append(f"Proposition : {deplaces} sur {total}, {avant}. Le modèle n'est pas "
                  f"modifié{reporter}.")
    return lignes


def planifier_commande(args: argparse.Namespace) -> int:
    des = None
    if args.des is not None:
        des = date_iso(args.des)
        if des is None:
            return date_invalide("planifier", args.des, "--des 2026-07-01")
    audit = audit_sans_erreur("planifier", args.dossier, "en argument")
    if isinstance(audit, int):
        return audit
    referentiel = audit.referentiel
    if referentiel is None or not referentiel.equipes:
        print("transfo planifier : aucune équipe déclarée — ajoutez « equipes » au "
              "référentiel et les « charges » des chantiers", file=sys.stderr)
        return 1
    analyse = analyser(audit, avec_sensibilite=False)
    valeurs = {cid: v.van_socio_economique for cid, v in analyse.chantiers.items()}
    try:
        plan = planifier(audit, valeurs, des)
    except PasDePlan as exc:
        print(f"transfo planifier : {exc}", file=sys.stderr)
        return 1
    t0 = date(referentiel.parametres.annee_reference.valeur, 1, 1)
    calendrier = referentiel.calendrier or CALENDRIER_PAR_DEFAUT
    print("\n".join(_rapport(plan, t0, calendrier)))
    return 0
