"""The value analysis (MAREVA), in two views that are never mixed.

- The **financial view** (the rentabilité axis) counts only the Département's budget: costs
  against ``budgetaire`` gains, the costs avoided against the « sans projet » situation, and
  the posts not replaced on the chantier's dated trajectory.
- The **socio-economic view** adds every monetised flow: the agents' time freed and redeployed
  (internalités) and the time saved by users and by partners (externalités), kept apart
  because each kind of user and of partner has its own value per hour.

Each chantier is analysed over its own window: from its first year of spending to N full
years of operation after the year of its go-live (``mise_en_service``, by default its end).
The portfolio adds the calendar-year flows of all chantiers. Every flow of year t is
discounted to the reference year t₀ by (1 + r)^(t − t₀); t₀ itself is not discounted.

A gain delivered by several chantiers is shared equally between them, so that the portfolio
counts it once and its total equals the sum of the chantiers. A chantier's own gains
(``gains_propres``, without a process) count in its value like the gains it lists. A chantier
whose financial return is declared « sans objet » keeps its flows and its costs (they count in
the portfolio), but has no ROI: ``ValeurChantier.sans_objet`` carries the reason.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from transfo.analyse.ecarts import AnalyseEcarts, analyser_processus
from transfo.analyse.finance import (
    actualiser_annees,
    delai_retour,
    note_paliers,
    score_rentabilite,
)
from transfo.constants import ECART_CONFIANCE
from transfo.empreinte import Memoire, empreinte, empreinte_figee
from transfo.formats import decimal, pourcent
from transfo.model.audit import Audit
from transfo.model.entities import Chantier, Gain, Parametres

POSTES_COUT = (
    "investissement_interne",
    "investissement_externe",
    "fonctionnement_interne",
    "fonctionnement_externe",
)
POSTES_FONCTIONNEMENT = ("fonctionnement_interne", "fonctionnement_externe")
SCENARIOS = ("pessimiste", "central", "optimiste")
NIVEAUX_RISQUE = {"faible": 1, "moyen": 2, "fort": 3}
NATURE_PAR_TYPE = {"etp": "temps_agent", "heures_usager": "temps_usager", "euros": "budgetaire",
                   "heures_partenaire": "temps_partenaire"}
NATURES_FLUX = ("budgetaire", "temps_agent", "temps_usager", "temps_partenaire")
"""The documented rule of ``transfo migrate``, and what an undeclared nature is read as."""


def nature_des_flux(gain: Gain) -> str | None:
    """The flow a quantitative gain feeds: its declared nature, except that agent time counts
    as budget only through a non-replacement trajectory (a ``budgetaire`` gain in ETP is read
    as agent time, and validation warns about it)."""
    val = gain.valorisation
    if gain.nature != "quantitatif" or val is None:
        return None
    nature = val.nature or NATURE_PAR_TYPE[val.type]
    if nature == "budgetaire" and val.type == "etp":
        return "temps_agent"
    return nature


def decaler_mois(jour: date, mois: int) -> date:
    """``jour`` moved by ``mois`` months (the day kept within the target month)."""
    rang = jour.year * 12 + jour.month - 1 + mois
    annee, mois_cible = divmod(rang, 12)
    dernier = [31, 29 if annee % 4 == 0 and (annee % 100 or annee % 400 == 0) else 28,
               31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mois_cible]
    return date(annee, mois_cible + 1, min(jour.day, dernier))


@dataclass(frozen=True)
class ValeurGain:
    id: str
    processus: str
    quantitatif: bool
    nature: str | None
    """The flow it feeds: budgetaire, temps_agent, temps_usager or temps_partenaire (None:
    qualitative)."""
    annuel_plein: float
    """Euros per year at full charge (0 for a qualitative gain)."""
    etp_plein: float
    """ETP per year at full charge (ETP gains only)."""
    heures_usager_plein: float
    annee_debut: int
    rampe: tuple[float, ...]
    ecart_relatif: float
    chantiers: tuple[str, ...]
    depend_cout_etp: bool = False
    par_annee: tuple[float, ...] = ()
    """Central euros for each year of the portfolio (``Analyse.annees``)."""
    heures_partenaire_plein: float = 0.0
    chantier: str | None = None
    """The chantier that carries the gain itself (``gains_propres``); its process is then ""."""

    def montant(self, annee: int, *, decalage: int = 0, facteur: float = 1.0,
                facteur_rampe: float = 1.0, facteur_cout_etp: float = 1.0) -> float:
        """Euros of ``annee``: full value × ramp-up of that year × scenario factors."""
        debut = self.annee_debut + decalage
        if annee < debut or not self.annuel_plein:
            return 0.0
        k = annee - debut
        part = self.rampe[min(k, len(self.rampe) - 1)]
        if k < len(self.rampe) - 1:
            part = min(1.0, part * facteur_rampe)
        euros = self.annuel_plein * (facteur_cout_etp if self.depend_cout_etp else 1.0)
        return euros * part * facteur

    def facteur(self, scenario: str) -> float:
        return {"pessimiste": 1 - self.ecart_relatif, "central": 1.0,
                "optimiste": 1 + self.ecart_relatif}[scenario]


@dataclass(frozen=True)
class Flux:
    """Yearly flows of one scenario, in euros."""

    couts: tuple[float, ...]
    budgetaires: tuple[float, ...]
    agents: tuple[float, ...]
    usagers: tuple[float, ...]
    partenaires: tuple[float, ...]

    @property
    def financiers(self) -> tuple[float, ...]:
        return tuple(b - c for b, c in zip(self.budgetaires, self.couts, strict=True))

    @property
    def socio_economiques(self) -> tuple[float, ...]:
        return tuple(b + a + u + p - c for b, a, u, p, c in zip(
            self.budgetaires, self.agents, self.usagers, self.partenaires, self.couts,
            strict=True))


def _cumul(flux: Sequence[float]) -> tuple[float, ...]:
    total, sortie = 0.0, []
    for f in flux:
        total += f
        sortie.append(total)
    return tuple(sortie)


@dataclass(frozen=True)
class ValeurChantier:
    """Yearly flows and figures of a chantier over its window, or of the portfolio (id
    ``PORTEFEUILLE``) over the calendar years of all chantiers."""

    id: str
    annees: tuple[int, ...]
    t0: int
    taux: float
    couts_par_poste: Mapping[str, tuple[float, ...]]
    flux: Mapping[str, Flux]
    """Scenario → flows."""
    annee_mise_en_service: int | None = None
    couts_evites: tuple[float, ...] = ()
    economies_postes: tuple[float, ...] = ()
    """Budget saved by posts not replaced (part of the budget gains)."""
    etp_liberes: float = 0.0
    etp_non_remplaces: float = 0.0
    mareva: Mapping[str, int] = field(default_factory=dict)
    sans_objet: str | None = None
    """The reason the financial return does not apply (then no ROI), if declared."""

    # --- central flows ---
    @property
    def couts(self) -> tuple[float, ...]:
        return self.flux["central"].couts

    @property
    def gains_budgetaires(self) -> tuple[float, ...]:
        return self.flux["central"].budgetaires

    @property
    def gains_temps_agents(self) -> tuple[float, ...]:
        return self.flux["central"].agents

    @property
    def gains_temps_usagers(self) -> tuple[float, ...]:
        return self.flux["central"].usagers

    @property
    def gains_temps_partenaires(self) -> tuple[float, ...]:
        return self.flux["central"].partenaires

    @property
    def flux_financiers(self) -> tuple[float, ...]:
        return self.flux["central"].financiers

    @property
    def flux_socio_economiques(self) -> tuple[float, ...]:
        return self.flux["central"].socio_economiques

    def cumul_financier(self, scenario: str = "central") -> tuple[float, ...]:
        return _cumul(self.flux[scenario].financiers)

    def cumul_socio_economique(self, scenario: str = "central") -> tuple[float, ...]:
        return _cumul(self.flux[scenario].socio_economiques)

    def _van(self, flux: Sequence[float]) -> float:
        return sum(actualiser_annees(flux, self.annees, self.t0, self.taux))

    def van_financiere_scenario(self, scenario: str) -> float:
        return self._van(self.flux[scenario].financiers)

    def van_socio_economique_scenario(self, scenario: str) -> float:
        return self._van(self.flux[scenario].socio_economiques)

    @property
    def van_financiere(self) -> float:
        return self.van_financiere_scenario("central")

    @property
    def van_socio_economique(self) -> float:
        return self.van_socio_economique_scenario("central")

    @property
    def a_des_gains_budgetaires(self) -> bool:
        return any(g != 0 for g in self.gains_budgetaires)

    @property
    def delai_retour(self) -> float | None:
        """Simple payback of the financial flows, in years from the first year of the window."""
        return delai_retour(self.flux_financiers, a_des_gains=self.a_des_gains_budgetaires)

    @property
    def delai_retour_actualise(self) -> float | None:
        actualises = actualiser_annees(self.flux_financiers, self.annees, self.t0, self.taux)
        return delai_retour(actualises, a_des_gains=self.a_des_gains_budgetaires)

    @property
    def roi(self) -> float | None:
        """Financial ROI: (Σ discounted budget gains − Σ discounted costs) / Σ discounted costs;
        None when the chantier declares its financial return « sans objet »."""
        if self.sans_objet is not None:
            return None
        couts = sum(actualiser_annees(self.couts, self.annees, self.t0, self.taux))
        if couts <= 0:
            return None
        gains = sum(actualiser_annees(self.gains_budgetaires, self.annees, self.t0, self.taux))
        return (gains - couts) / couts

    @property
    def total_couts(self) -> float:
        return sum(self.couts)

    @property
    def total_gains_budgetaires(self) -> float:
        return sum(self.gains_budgetaires)

    @property
    def total_gains_socio_economiques(self) -> float:
        return sum(self.gains_budgetaires) + sum(self.gains_temps_agents) + sum(
            self.gains_temps_usagers) + sum(self.gains_temps_partenaires)


@dataclass(frozen=True)
class Hypotheses:
    """What a computation assumes, beyond the model: the scenario of the gains (by their
    confidence), of the costs (overrun by the confidence of their estimate) and of the
    go-live (delay), and the factors of the sensitivity analysis."""

    gains: str = "central"
    couts: str = "central"
    retard: str = "central"
    taux: float | None = None
    facteur_cout_etp: float = 1.0
    facteur_rampe: float = 1.0

    @staticmethod
    def scenario(nom: str) -> Hypotheses:
        return Hypotheses(gains=nom, couts=nom, retard=nom)


@dataclass(frozen=True)
class Sensibilite:
    """How both portfolio VANs move when one hypothesis moves, the others central."""

    variable: str
    bas: str
    haut: str
    van_financiere: tuple[float, float]
    van_socio_economique: tuple[float, float]


@dataclass(frozen=True)
class Analyse:
    parametres: Parametres
    annees: tuple[int, ...]
    """Calendar years of the portfolio."""
    ecarts: Mapping[str, AnalyseEcarts]
    gains: Mapping[str, ValeurGain]
    chantiers: Mapping[str, ValeurChantier]
    portefeuille: ValeurChantier
    sensibilite: tuple[Sensibilite, ...] = ()

    @property
    def taux(self) -> float:
        return self.parametres.taux_actualisation.taux


def _annee_debut(gain: Gain, livreurs: list[Chantier], t0: int) -> int:
    if gain.annee_debut is not None:
        return gain.annee_debut
    if livreurs:
        return max(c.date_mise_en_service.year for c in livreurs) + 1
    return t0


def valeur_heure(parametres: Parametres, type_acteur: str, genre: str) -> float:
    """Euros of one hour of a user's (``usager``) or a partner's (``partenaire``) time of
    that kind, from the référentiel."""
    table = parametres.valeur_heure_usager if type_acteur == "usager" \
        else parametres.valeur_heure_partenaire
    return float(getattr(table, genre).valeur)


def valoriser_heures(type_acteur: str, defaut: str | None, montant: float | None,
                     ecarts: AnalyseEcarts | None, parametres: Parametres, *,
                     derivee: bool) -> tuple[float, float]:
    """Hours per year and their euros. A derived gain takes the hours its process saves to
    the users or the partners, each kind of actor at its own rate (``defaut`` for an actor
    that declares no kind); a typed gain values its hours at the rate of ``defaut``."""
    if not derivee:
        heures = montant or 0.0
        return heures, heures * valeur_heure(parametres, type_acteur, defaut) if defaut else 0.0
    par_genre = ecarts.gagnees_par_genre(type_acteur) if ecarts else {}
    euros = 0.0
    for genre, heures in par_genre.items():
        applique = genre or defaut
        if applique is not None:
            euros += heures * valeur_heure(parametres, type_acteur, applique)
    return sum(par_genre.values()), euros


def valoriser_gain(
    gain: Gain, ecarts: AnalyseEcarts | None, parametres: Parametres,
    livreurs: list[Chantier], processus: str, chantier: str | None = None,
) -> ValeurGain:
    val = gain.valorisation
    euros = etp = heures = heures_partenaire = 0.0
    nature = nature_des_flux(gain)
    if nature is not None and val is not None:
        if val.type == "etp":
            if val.derivee:
                etp = ecarts.etp_liberes if ecarts else 0.0
                euros = ecarts.euros_agents if ecarts else 0.0
            else:
                etp = val.montant_annuel or 0.0
                euros = etp * getattr(parametres.cout_etp, val.categorie or "B").valeur
        elif val.type == "heures_usager":
            heures, euros = valoriser_heures(
                "usager", val.usager or "particulier", val.montant_annuel, ecarts, parametres,
                derivee=val.derivee)
        elif val.type == "heures_partenaire":
            heures_partenaire, euros = valoriser_heures(
                "partenaire", val.partenaire, val.montant_annuel, ecarts, parametres,
                derivee=val.derivee)
        else:
            euros = val.montant_annuel or 0.0
    return ValeurGain(
        id=gain.id, processus=processus, quantitatif=gain.nature == "quantitatif",
        nature=nature, annuel_plein=euros, etp_plein=etp, heures_usager_plein=heures,
        heures_partenaire_plein=heures_partenaire, chantier=chantier,
        annee_debut=_annee_debut(gain, livreurs, parametres.annee_reference.valeur),
        rampe=tuple(gain.montee_en_charge), ecart_relatif=ECART_CONFIANCE[gain.confiance],
        chantiers=tuple(c.id for c in livreurs),
        depend_cout_etp=val is not None and val.type == "etp",
    )


def fenetre(chantier: Chantier, parametres: Parametres) -> tuple[int, ...]:
    """The chantier's years: from its first year of spending (or its start) to N full years
    of operation after the year of its go-live."""
    debut = min([chantier.debut.year, *(c.annee for c in chantier.couts)])
    fin = chantier.date_mise_en_service.year + parametres.horizon_annees.valeur
    return tuple(range(debut, fin + 1))


def _postes(chantier: Chantier, annees: tuple[int, ...]) -> dict[str, list[float]]:
    """Typed costs per year of the window; the running costs of the last typed year go on
    to the end of the window (a system in service keeps costing)."""
    index = {a: k for k, a in enumerate(annees)}
    postes = {p: [0.0] * len(annees) for p in POSTES_COUT}
    for cout in chantier.couts:
        if cout.annee in index:
            for p in POSTES_COUT:
                postes[p][index[cout.annee]] += getattr(cout, p)
    if chantier.couts:
        derniere = max(chantier.couts, key=lambda c: c.annee)
        for k, annee in enumerate(annees):
            if annee > derniere.annee:
                for p in POSTES_FONCTIONNEMENT:
                    postes[p][k] = getattr(derniere, p)
    return postes


def _depassement(chantier: Chantier, parametres: Parametres, scenario: str) -> float:
    if scenario == "central":
        return 0.0
    niveau = getattr(parametres.incertitude.depassement_couts, chantier.confiance_couts)
    return float(getattr(niveau, scenario))


def _decalage(chantier: Chantier, parametres: Parametres, scenario: str) -> int:
    if scenario == "central":
        return 0
    mois = getattr(parametres.incertitude.retard_mois, scenario)
    mise = chantier.date_mise_en_service
    return decaler_mois(mise, mois).year - mise.year


@dataclass(frozen=True)
class _Calcul:
    flux: Flux
    postes: Mapping[str, tuple[float, ...]]
    evites: tuple[float, ...]
    economies: tuple[float, ...]


def _calculer(chantier: Chantier, gains: Mapping[str, ValeurGain], parametres: Parametres,
              annees: tuple[int, ...], h: Hypotheses) -> _Calcul:
    n = len(annees)
    depassement = _depassement(chantier, parametres, h.couts)
    postes = {p: tuple(x * (1 + depassement) for x in v)
              for p, v in _postes(chantier, annees).items()}
    couts = tuple(sum(postes[p][k] for p in POSTES_COUT) for k in range(n))
    decalage = _decalage(chantier, parametres, h.retard)
    par_nature = {nat: [0.0] * n for nat in NATURES_FLUX}
    for gid in chantier.ids_gains:
        valeur = gains.get(gid)
        if valeur is None or valeur.nature is None:
            continue
        part = 1 / len(valeur.chantiers) if valeur.chantiers else 1.0
        facteur = valeur.facteur(h.gains) * part
        serie = par_nature[valeur.nature]
        for k, annee in enumerate(annees):
            serie[k] += valeur.montant(annee, decalage=decalage, facteur=facteur,
                                       facteur_rampe=h.facteur_rampe,
                                       facteur_cout_etp=h.facteur_cout_etp)
    mise = chantier.date_mise_en_service.year
    evites = [0.0] * n
    for cout in chantier.couts_evites:
        debut = (cout.debut if cout.debut is not None else mise + 1) + decalage
        fin = cout.fin + decalage if cout.fin is not None else math.inf
        for k, annee in enumerate(annees):
            if debut <= annee <= fin:
                evites[k] += cout.montant_annuel
    economies = [0.0] * n
    for poste in chantier.non_remplacement:
        montant = poste.etp * getattr(parametres.cout_etp, poste.categorie).valeur \
            * h.facteur_cout_etp
        for k, annee in enumerate(annees):
            if annee >= poste.annee + decalage:
                economies[k] += montant
    agents = tuple(max(0.0, a - e) for a, e in zip(par_nature["temps_agent"], economies,
                                                    strict=True))
    budgetaires = tuple(b + ev + ec for b, ev, ec in zip(par_nature["budgetaire"], evites,
                                                         economies, strict=True))
    return _Calcul(Flux(couts, budgetaires, agents, tuple(par_nature["temps_usager"]),
                        tuple(par_nature["temps_partenaire"])),
                   postes, tuple(evites), tuple(economies))


def notes_mareva(chantier: Chantier, parametres: Parametres, roi: float | None,
                 a_des_gains: bool) -> dict[str, int]:
    """The chantier's five notes: those typed, the others on the référentiel's grids."""
    conv = parametres.conventions
    notes = chantier.mareva.model_dump()
    if notes["necessite"] is None:
        notes["necessite"] = max(
            (max(0, conv.necessite[m.type] - (
                1 if m.type == "reglementation" and m.echeance is None else 0))
             for m in chantier.motifs_necessite), default=0)
    if notes["maitrise_risques"] is None:
        criticite = max((NIVEAUX_RISQUE[r.probabilite] * NIVEAUX_RISQUE[r.impact]
                         for r in chantier.risques), default=0)
        base = note_paliers(criticite, [(p.seuil, p.note) for p in conv.maitrise_risques])
        bonus = math.floor(conv.bonus_critere_maitrise * len(set(chantier.criteres_maitrise)))
        notes["maitrise_risques"] = min(4, base + bonus)
    if notes["rentabilite"] is None:
        notes["rentabilite"] = score_rentabilite(
            roi, a_des_gains, [(p.seuil, p.note) for p in conv.rentabilite])
    return {k: int(v) for k, v in notes.items()}


_VALEURS: Memoire[bytes, ValeurChantier] = Memoire()
"""Chantier values by the sha256 of everything they are computed from."""


def _valeur_chantier(chantier: Chantier, gains: Mapping[str, ValeurGain],
                     parametres: Parametres, h: Hypotheses | None = None,
                     scenarios: Sequence[str] = SCENARIOS) -> ValeurChantier:
    """The chantier's flows and figures; ``scenarios`` limits the computation (the
    sensitivity analysis needs the central one only).

    A pure function of the chantier, the value of the gains it delivers, the parameters,
    the hypotheses and the scenarios: computed once per distinct inputs (by the sha256 of
    their pickle, which two different inputs never share). The portfolio, its sensitivity
    (ten portfolios) and the scenarios ask for the same chantiers again, and a save in the
    live preview changes the inputs of a few of them."""
    cle = empreinte(
        empreinte_figee(chantier), empreinte_figee(parametres), h, tuple(scenarios),
        [(g, empreinte_figee(gains[g]) if g in gains else None) for g in chantier.ids_gains])
    deja = _VALEURS.get(cle)
    if deja is not None:
        return deja
    return _VALEURS.garder(cle, _calculer_chantier(chantier, gains, parametres, h, scenarios))


def _calculer_chantier(chantier: Chantier, gains: Mapping[str, ValeurGain],
                       parametres: Parametres, h: Hypotheses | None,
                       scenarios: Sequence[str]) -> ValeurChantier:
    h = h or Hypotheses()
    annees = fenetre(chantier, parametres)
    taux = h.taux if h.taux is not None else parametres.taux_actualisation.taux
    calculs = {s: _calculer(chantier, gains, parametres, annees, replace(
        h, gains=s, couts=s, retard=s) if s != "central" else h) for s in scenarios}
    central = calculs["central"]
    etp = sum(gains[g].etp_plein / max(1, len(gains[g].chantiers))
              for g in chantier.ids_gains if g in gains and gains[g].nature == "temps_agent")
    valeur = ValeurChantier(
        id=chantier.id, annees=annees, t0=parametres.annee_reference.valeur, taux=taux,
        couts_par_poste=central.postes, flux={s: c.flux for s, c in calculs.items()},
        annee_mise_en_service=chantier.date_mise_en_service.year,
        couts_evites=central.evites, economies_postes=central.economies,
        etp_liberes=etp, etp_non_remplaces=sum(p.etp for p in chantier.non_remplacement),
        sans_objet=chantier.motif_sans_objet,
    )
    return replace(valeur, mareva=notes_mareva(chantier, parametres, valeur.roi,
                                               valeur.a_des_gains_budgetaires))


def _sur(annees: tuple[int, ...], v: ValeurChantier, serie: Sequence[float]) -> list[float]:
    index = {a: k for k, a in enumerate(v.annees)}
    return [serie[index[a]] if a in index else 0.0 for a in annees]


def sommer(chantiers: Sequence[ValeurChantier], t0: int, taux: float) -> ValeurChantier:
    """The portfolio: calendar-year flows of every chantier added up."""
    if chantiers:
        annees = tuple(range(min(c.annees[0] for c in chantiers),
                             max(c.annees[-1] for c in chantiers) + 1))
    else:
        annees = (t0,)

    def total(serie: str, scenario: str | None = None) -> tuple[float, ...]:
        sommes = [0.0] * len(annees)
        for c in chantiers:
            source = getattr(c.flux[scenario], serie) if scenario else getattr(c, serie)
            for k, x in enumerate(_sur(annees, c, source)):
                sommes[k] += x
        return tuple(sommes)

    def total_poste(poste: str) -> tuple[float, ...]:
        sommes = [0.0] * len(annees)
        for c in chantiers:
            for k, x in enumerate(_sur(annees, c, c.couts_par_poste[poste])):
                sommes[k] += x
        return tuple(sommes)

    presents = [s for s in SCENARIOS if all(s in c.flux for c in chantiers)]
    return ValeurChantier(
        id="PORTEFEUILLE", annees=annees, t0=t0, taux=taux,
        couts_par_poste={p: total_poste(p) for p in POSTES_COUT},
        flux={s: Flux(total("couts", s), total("budgetaires", s), total("agents", s),
                      total("usagers", s), total("partenaires", s)) for s in presents},
        couts_evites=total("couts_evites"), economies_postes=total("economies_postes"),
        etp_liberes=sum(c.etp_liberes for c in chantiers),
        etp_non_remplaces=sum(c.etp_non_remplaces for c in chantiers),
    )


def _portefeuille(audit: Audit, gains: Mapping[str, ValeurGain], parametres: Parametres,
                  h: Hypotheses) -> ValeurChantier:
    taux = h.taux if h.taux is not None else parametres.taux_actualisation.taux
    return sommer([_valeur_chantier(c, gains, parametres, h, scenarios=("central",))
                   for c in audit.chantiers.values()],
                  parametres.annee_reference.valeur, taux)


def sensibilites(audit: Audit, gains: Mapping[str, ValeurGain],
                 parametres: Parametres) -> tuple[Sensibilite, ...]:
    """The tornado: both portfolio VANs with one hypothesis at its low then high value."""
    taux = parametres.taux_actualisation
    if taux.valeur is None:
        taux_bas, taux_haut = 0.012, 0.012 + 2 * taux.beta * 0.02
        libelles_taux = (f"β = 0 ({pourcent(taux_bas)})",
                         f"β = {decimal(2 * taux.beta, 1)} ({pourcent(taux_haut)})")
    else:
        taux_bas, taux_haut = max(0.0, taux.valeur - 0.01), taux.valeur + 0.01
        libelles_taux = (pourcent(taux_bas), pourcent(taux_haut))
    retard = parametres.incertitude.retard_mois
    variantes = [
        ("Taux d'actualisation", *libelles_taux,
         Hypotheses(taux=taux_bas), Hypotheses(taux=taux_haut)),
        ("Coût d'un ETP", "−20\u202f%", "+20\u202f%",
         Hypotheses(facteur_cout_etp=0.8), Hypotheses(facteur_cout_etp=1.2)),
        ("Montée en charge", "20\u202f% plus lente", "20\u202f% plus rapide",
         Hypotheses(facteur_rampe=0.8), Hypotheses(facteur_rampe=1.2)),
        ("Dépassement des coûts", "cas optimiste", "cas pessimiste",
         Hypotheses(couts="optimiste"), Hypotheses(couts="pessimiste")),
        ("Retard de mise en service", f"{retard.optimiste} mois", f"{retard.pessimiste} mois",
         Hypotheses(retard="optimiste"), Hypotheses(retard="pessimiste")),
    ]
    sortie = []
    for nom, bas, haut, h_bas, h_haut in variantes:
        v_bas = _portefeuille(audit, gains, parametres, h_bas)
        v_haut = _portefeuille(audit, gains, parametres, h_haut)
        sortie.append(Sensibilite(
            nom, bas, haut, (v_bas.van_financiere, v_haut.van_financiere),
            (v_bas.van_socio_economique, v_haut.van_socio_economique)))
    return tuple(sortie)


def analyser(audit: Audit, *, avec_sensibilite: bool = True) -> Analyse:
    """Every derived figure of a valid audit."""
    if audit.referentiel is None:
        raise ValueError("analyse impossible sans référentiel")
    parametres = audit.referentiel.parametres
    t0 = parametres.annee_reference.valeur
    taux = parametres.taux_actualisation.taux
    ecarts = {
        pid: analyser_processus(proc, audit.acteurs, parametres)
        for pid, proc in audit.processus.items()
    }
    livreurs = audit.chantiers_du_gain()
    gains = {
        gid: valoriser_gain(
            gain, ecarts.get(audit.processus_du_gain.get(gid, "")), parametres,
            [audit.chantiers[c] for c in livreurs.get(gid, []) if c in audit.chantiers],
            audit.processus_du_gain.get(gid, ""), audit.chantier_du_gain.get(gid),
        )
        for gid, gain in audit.gains.items()
    }
    chantiers = {cid: _valeur_chantier(c, gains, parametres)
                 for cid, c in audit.chantiers.items()}
    portefeuille = sommer(list(chantiers.values()), t0, taux)
    annees = portefeuille.annees
    gains = {gid: replace(v, par_annee=tuple(v.montant(a) for a in annees))
             for gid, v in gains.items()}
    return Analyse(
        parametres=parametres, annees=annees, ecarts=ecarts, gains=gains, chantiers=chantiers,
        portefeuille=portefeuille,
        sensibilite=sensibilites(audit, gains, parametres) if avec_sensibilite else (),
    )
