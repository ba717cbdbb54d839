"""The value analysis (MAREVA): each gain valued per year, each chantier's flows and figures,
and the portfolio, with a pessimistic / central / optimistic range.

A gain delivered by several chantiers is shared equally between them, so that the portfolio
counts it once and its total equals the sum of the chantiers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from transfo.analyse.ecarts import AnalyseEcarts, analyser_processus
from transfo.analyse.finance import (
    delai_retour,
    delai_retour_actualise,
    retour_sur_investissement,
    score_rentabilite,
    valeur_actuelle_nette,
)
from transfo.constants import ECART_CONFIANCE
from transfo.model.audit import Audit
from transfo.model.entities import Chantier, Gain, Parametres

POSTES_COUT = (
    "investissement_interne",
    "investissement_externe",
    "fonctionnement_interne",
    "fonctionnement_externe",
)
SCENARIOS = ("pessimiste", "central", "optimiste")


@dataclass(frozen=True)
class ValeurGain:
    id: str
    processus: str
    quantitatif: bool
    annuel_plein: float
    """Euros per year at full charge (0 for a qualitative gain)."""
    etp_plein: float
    """ETP per year at full charge (ETP gains only)."""
    heures_usager_plein: float
    annee_debut: int
    par_annee: tuple[float, ...]
    """Euros per year of the horizon, ramp-up applied."""
    ecart_relatif: float
    chantiers: tuple[str, ...]

    def scenario(self, nom: str) -> tuple[float, ...]:
        facteur = {"pessimiste": 1 - self.ecart_relatif, "central": 1.0,
                   "optimiste": 1 + self.ecart_relatif}[nom]
        return tuple(v * facteur for v in self.par_annee)


@dataclass(frozen=True)
class ValeurChantier:
    """Yearly flows and figures of a chantier, or of the portfolio (id ``PORTEFEUILLE``)."""

    id: str
    annees: tuple[int, ...]
    couts_par_poste: Mapping[str, tuple[float, ...]]
    couts: tuple[float, ...]
    gains: tuple[float, ...]
    gains_par_scenario: Mapping[str, tuple[float, ...]]
    taux: float
    etp_liberes: float = 0.0
    mareva: Mapping[str, int] = field(default_factory=dict)

    @property
    def flux_nets(self) -> tuple[float, ...]:
        return tuple(g - c for g, c in zip(self.gains, self.couts, strict=True))

    @property
    def cumul(self) -> tuple[float, ...]:
        return self.cumul_scenario("central")

    def cumul_scenario(self, nom: str) -> tuple[float, ...]:
        total = 0.0
        sortie = []
        for g, c in zip(self.gains_par_scenario[nom], self.couts, strict=True):
            total += g - c
            sortie.append(total)
        return tuple(sortie)

    @property
    def a_des_gains(self) -> bool:
        return any(g != 0 for g in self.gains)

    @property
    def van(self) -> float:
        return valeur_actuelle_nette(self.flux_nets, self.taux)

    def van_scenario(self, nom: str) -> float:
        gains = self.gains_par_scenario[nom]
        return valeur_actuelle_nette([g - c for g, c in zip(gains, self.couts, strict=True)],
                                     self.taux)

    @property
    def delai_retour(self) -> float | None:
        return delai_retour(self.flux_nets, a_des_gains=self.a_des_gains)

    @property
    def delai_retour_actualise(self) -> float | None:
        return delai_retour_actualise(self.flux_nets, self.taux, a_des_gains=self.a_des_gains)

    @property
    def roi(self) -> float | None:
        return retour_sur_investissement(self.gains, self.couts, self.taux)

    @property
    def total_couts(self) -> float:
        return sum(self.couts)

    @property
    def total_gains(self) -> float:
        return sum(self.gains)


@dataclass(frozen=True)
class Analyse:
    parametres: Parametres
    annees: tuple[int, ...]
    ecarts: Mapping[str, AnalyseEcarts]
    gains: Mapping[str, ValeurGain]
    chantiers: Mapping[str, ValeurChantier]
    portefeuille: ValeurChantier


def _annee_debut(gain: Gain, livreurs: list[Chantier], t0: int) -> int:
    if gain.annee_debut is not None:
        return gain.annee_debut
    if livreurs:
        return max(c.fin.year for c in livreurs) + 1
    return t0


def valoriser_gain(
    gain: Gain, ecarts: AnalyseEcarts | None, parametres: Parametres, annees: tuple[int, ...],
    livreurs: list[Chantier], processus: str,
) -> ValeurGain:
    val = gain.valorisation
    euros = etp = heures = 0.0
    if gain.nature == "quantitatif" and val is not None:
        if val.type == "etp":
            if val.derivee:
                etp = ecarts.etp_liberes if ecarts else 0.0
                euros = ecarts.euros_agents if ecarts else 0.0
            else:
                etp = val.montant_annuel or 0.0
                euros = etp * getattr(parametres.cout_etp, val.categorie or "B").valeur
        elif val.type == "heures_usager":
            heures = (ecarts.heures_usager_gagnees if ecarts else 0.0) if val.derivee \
                else (val.montant_annuel or 0.0)
            euros = heures * parametres.valeur_heure_usager.valeur
        else:
            euros = val.montant_annuel or 0.0
    debut = _annee_debut(gain, livreurs, annees[0])
    rampe = gain.montee_en_charge
    par_annee = tuple(
        0.0 if annee < debut else euros * rampe[min(annee - debut, len(rampe) - 1)]
        for annee in annees
    )
    return ValeurGain(
        id=gain.id, processus=processus, quantitatif=gain.nature == "quantitatif",
        annuel_plein=euros, etp_plein=etp, heures_usager_plein=heures, annee_debut=debut,
        par_annee=par_annee, ecart_relatif=ECART_CONFIANCE[gain.confiance],
        chantiers=tuple(c.id for c in livreurs),
    )


def _valeur_chantier(
    chantier: Chantier, gains: Mapping[str, ValeurGain], annees: tuple[int, ...], taux: float,
) -> ValeurChantier:
    index = {a: k for k, a in enumerate(annees)}
    postes = {p: [0.0] * len(annees) for p in POSTES_COUT}
    for cout in chantier.couts:
        if cout.annee in index:
            for p in POSTES_COUT:
                postes[p][index[cout.annee]] += getattr(cout, p)
    scenarios = {s: [0.0] * len(annees) for s in SCENARIOS}
    etp = 0.0
    for gid in chantier.gains:
        valeur = gains.get(gid)
        if valeur is None:
            continue
        part = 1 / len(valeur.chantiers)
        etp += valeur.etp_plein * part
        for s in SCENARIOS:
            for k, v in enumerate(valeur.scenario(s)):
                scenarios[s][k] += v * part
    couts = tuple(sum(postes[p][k] for p in POSTES_COUT) for k in range(len(annees)))
    valeur_chantier = ValeurChantier(
        id=chantier.id, annees=annees,
        couts_par_poste={p: tuple(v) for p, v in postes.items()}, couts=couts,
        gains=tuple(scenarios["central"]),
        gains_par_scenario={s: tuple(v) for s, v in scenarios.items()}, taux=taux,
        etp_liberes=etp,
    )
    scores = chantier.mareva.model_dump()
    if scores["rentabilite"] is None:
        scores["rentabilite"] = score_rentabilite(valeur_chantier.roi, valeur_chantier.a_des_gains)
    return ValeurChantier(**{**valeur_chantier.__dict__, "mareva": scores})


def _somme(chantiers: list[ValeurChantier], annees: tuple[int, ...], taux: float) -> ValeurChantier:
    def total(series: list[tuple[float, ...]]) -> tuple[float, ...]:
        return tuple(sum(s[k] for s in series) for k in range(len(annees)))

    return ValeurChantier(
        id="PORTEFEUILLE", annees=annees,
        couts_par_poste={p: total([c.couts_par_poste[p] for c in chantiers]) for p in POSTES_COUT},
        couts=total([c.couts for c in chantiers]),
        gains=total([c.gains for c in chantiers]),
        gains_par_scenario={
            s: total([c.gains_par_scenario[s] for c in chantiers]) for s in SCENARIOS
        },
        taux=taux,
        etp_liberes=sum(c.etp_liberes for c in chantiers),
    )


def analyser(audit: Audit) -> Analyse:
    """Every derived figure of a valid audit."""
    if audit.referentiel is None:
        raise ValueError("analyse impossible sans référentiel")
    parametres = audit.referentiel.parametres
    t0 = parametres.annee_reference.valeur
    annees = tuple(range(t0, t0 + parametres.horizon_annees.valeur))
    taux = parametres.taux_actualisation.valeur
    ecarts = {
        pid: analyser_processus(proc, audit.acteurs, parametres)
        for pid, proc in audit.processus.items()
    }
    livreurs = audit.chantiers_du_gain()
    gains = {
        gid: valoriser_gain(
            gain, ecarts.get(audit.processus_du_gain[gid]), parametres, annees,
            [audit.chantiers[c] for c in livreurs.get(gid, []) if c in audit.chantiers],
            audit.processus_du_gain[gid],
        )
        for gid, gain in audit.gains.items()
    }
    chantiers = {
        cid: _valeur_chantier(c, gains, annees, taux) for cid, c in audit.chantiers.items()
    }
    return Analyse(
        parametres=parametres, annees=annees, ecarts=ecarts, gains=gains, chantiers=chantiers,
        portefeuille=_somme(list(chantiers.values()), annees, taux),
    )
