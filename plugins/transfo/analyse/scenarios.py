"""Scenarios: sets of chantiers to choose between, each with its own figures.

A scenario's figures are, by construction, those of the portfolio computed on its chantiers
alone: :func:`restreindre` builds the audit that holds only those chantiers, with their shifts
applied, and :func:`analyser_scenario` runs on it the same value analysis as the portfolio
(:func:`transfo.analyse.valeur.analyser`), then reads the figures that
:func:`chiffres` reads on any audit, the whole one included.

A shift of m months moves everything a chantier dates:

- its start, end, go-live, milestones and the deadlines of its change actions, by m months
  (the day kept within the target month);
- its yearly costs: a year's cost is taken as spread evenly over the twelve months of that
  year, and each month's share is counted in the year it lands in. With m = 12q + r
  (0 ≤ r < 12), the cost of year Y goes (12 − r)/12 to year Y + q and r/12 to Y + q + 1;
  a whole number of years moves it whole. The running costs of the last typed year go on
  after it (the rule of the value analysis), so the year after it is shifted too and the
  last, partial year is left to that same rule: a system in service costs the same each year
  whatever its shift;
- what follows its go-live by whole years (the years of its avoided costs and of its posts
  not replaced), by the number of calendar years its go-live moves;
- a gain whose first year is typed moves by as many years as the latest go-live of the
  scenario's chantiers that deliver it (a gain without a typed year already follows them).

A gain shared between several chantiers is shared between those of the scenario only, as the
portfolio of those chantiers would count it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from transfo.analyse.capacite import analyser_capacite, decaler_charges
from transfo.analyse.valeur import (
    NIVEAUX_RISQUE,
    POSTES_COUT,
    Analyse,
    ValeurChantier,
    analyser,
    decaler_mois,
)
from transfo.constants import DIMENSIONS_CHANGEMENT
from transfo.formats import annees as duree_annees
from transfo.formats import decimal, euros, heures, nombre, pourcent
from transfo.model.audit import Audit
from transfo.model.entities import Chantier, CoutAnnuel, Gain, Scenario

SEUIL_RISQUE_ELEVE = 6
"""A risk is high when its criticality (probability × impact, each 1 to 3) reaches 6: strong
on one side and at least medium on the other."""
TOLERANCE_EUROS = 0.005
"""Half a cent: a year's cost equal to the cap, up to rounding, respects it."""


@dataclass(frozen=True)
class JalonDate:
    date: date
    chantier: str
    libelle: str


@dataclass(frozen=True)
class Depassement:
    """A year whose cost is above the scenario's yearly cap."""

    annee: int
    cout: float
    plafond: float

    @property
    def exces(self) -> float:
        return self.cout - self.plafond


@dataclass(frozen=True)
class PointeEquipe:
    """A team's quarter of highest load against its capacity."""

    equipe: str
    """The team's name."""
    trimestre: str
    charge: float
    capacite: float

    @property
    def taux(self) -> float | None:
        return self.charge / self.capacite if self.capacite else None


@dataclass(frozen=True)
class ChiffresScenario:
    """The figures of a scenario (or of the whole portfolio, id ``PORTEFEUILLE``)."""

    id: str
    chantiers: tuple[str, ...]
    valeur: ValeurChantier
    """The portfolio of the scenario's chantiers: flows per year, VANs, paybacks, ROI."""
    heures_usagers: float
    """Users' hours saved per year at full charge."""
    risques: int
    risques_eleves: int
    """Risks whose criticality reaches :data:`SEUIL_RISQUE_ELEVE`."""
    jalons: tuple[JalonDate, ...]
    derniere_mise_en_service: date | None
    pic_chantiers: int
    """The most chantiers running in the same month."""
    pic_mois: date | None
    """The first month (its first day) in which that peak is reached."""
    plafond_annuel: float | None = None
    decalages: int = 0
    """How many of its chantiers are shifted."""
    pointes: tuple[PointeEquipe, ...] = ()
    """Each declared team's peak quarter, on the scenario's dates."""

    @property
    def annees(self) -> tuple[int, ...]:
        return self.valeur.annees

    @property
    def investissement(self) -> tuple[float, ...]:
        """Investment cost per year (internal and external)."""
        return _somme(self.valeur, ("investissement_interne", "investissement_externe"))

    @property
    def fonctionnement(self) -> tuple[float, ...]:
        """Running cost per year (internal and external)."""
        return _somme(self.valeur, ("fonctionnement_interne", "fonctionnement_externe"))

    @property
    def couts(self) -> tuple[float, ...]:
        return self.valeur.couts

    @property
    def depassements(self) -> tuple[Depassement, ...]:
        """The years whose cost is above the yearly cap (none without a cap)."""
        if self.plafond_annuel is None:
            return ()
        return tuple(Depassement(a, c, self.plafond_annuel)
                     for a, c in zip(self.annees, self.couts, strict=True)
                     if c > self.plafond_annuel + TOLERANCE_EUROS)

    @property
    def plafond_respecte(self) -> bool | None:
        """None without a cap; otherwise whether every year stays within it."""
        return None if self.plafond_annuel is None else not self.depassements

    def cout_annee(self, annee: int) -> float:
        return _de_l_annee(self.annees, self.couts, annee)

    def investissement_annee(self, annee: int) -> float:
        return _de_l_annee(self.annees, self.investissement, annee)

    def fonctionnement_annee(self, annee: int) -> float:
        return _de_l_annee(self.annees, self.fonctionnement, annee)

    def au_dessus_du_plafond(self, annee: int) -> bool:
        return any(d.annee == annee for d in self.depassements)


def _de_l_annee(annees: tuple[int, ...], serie: tuple[float, ...], annee: int) -> float:
    """The value of ``annee`` in a yearly series (0 outside the scenario's years)."""
    return dict(zip(annees, serie, strict=True)).get(annee, 0.0)


def _somme(v: ValeurChantier, postes: tuple[str, ...]) -> tuple[float, ...]:
    return tuple(sum(v.couts_par_poste[p][k] for p in postes) for k in range(len(v.annees)))


# --- Shifts ----------------------------------------------------------------------------------


def decaler_couts(couts: list[CoutAnnuel], mois: int) -> list[CoutAnnuel]:
    """The yearly costs of a chantier shifted by ``mois`` months (see the module's rule)."""
    if not couts or mois == 0:
        return list(couts)
    annees_entieres, reste = divmod(mois, 12)
    if reste == 0:
        return [c.model_copy(update={"annee": c.annee + annees_entieres}) for c in couts]
    derniere = max(couts, key=lambda c: c.annee)
    suite = CoutAnnuel(annee=derniere.annee + 1,
                       fonctionnement_interne=derniere.fonctionnement_interne,
                       fonctionnement_externe=derniere.fonctionnement_externe)
    par_annee: dict[int, dict[str, float]] = {}
    for cout in [*couts, suite]:
        for annee, part in ((cout.annee + annees_entieres, (12 - reste) / 12),
                            (cout.annee + annees_entieres + 1, reste / 12)):
            postes = par_annee.setdefault(annee, dict.fromkeys(POSTES_COUT, 0.0))
            for poste in POSTES_COUT:
                postes[poste] += getattr(cout, poste) * part
    del par_annee[suite.annee + annees_entieres + 1]  # left to the running-cost rule
    return [CoutAnnuel(annee=annee, **postes) for annee, postes in sorted(par_annee.items())]


def decaler_chantier(chantier: Chantier, mois: int) -> Chantier:
    """The chantier with every date it holds shifted by ``mois`` months."""
    if mois == 0:
        return chantier

    def date_decalee(jour: date) -> date:
        return decaler_mois(jour, mois)

    mise = chantier.date_mise_en_service
    annees = date_decalee(mise).year - mise.year
    conduite = chantier.conduite_du_changement
    return chantier.model_copy(update={
        "charges": decaler_charges(chantier.charges, chantier.debut,
                                   date_decalee(chantier.debut)),
        "debut": date_decalee(chantier.debut),
        "fin": date_decalee(chantier.fin),
        "mise_en_service": (date_decalee(chantier.mise_en_service)
                            if chantier.mise_en_service else None),
        "jalons": [j.model_copy(update={"date": date_decalee(j.date)}) for j in chantier.jalons],
        "couts": decaler_couts(chantier.couts, mois),
        "couts_evites": [c.model_copy(update={
            "debut": None if c.debut is None else c.debut + annees,
            "fin": None if c.fin is None else c.fin + annees}) for c in chantier.couts_evites],
        "non_remplacement": [p.model_copy(update={"annee": p.annee + annees})
                             for p in chantier.non_remplacement],
        "conduite_du_changement": conduite.model_copy(update={
            dimension: [a.model_copy(update={"echeance": date_decalee(a.echeance)})
                        if a.echeance else a for a in getattr(conduite, dimension)]
            for dimension in DIMENSIONS_CHANGEMENT}),
    })


def _gain_decale(gain: Gain, livreurs: list[str], avant: Mapping[str, Chantier],
                 apres: Mapping[str, Chantier]) -> Gain:
    if gain.annee_debut is None or not livreurs:
        return gain
    ecart = (max(apres[c].date_mise_en_service.year for c in livreurs)
             - max(avant[c].date_mise_en_service.year for c in livreurs))
    return gain.model_copy(update={"annee_debut": gain.annee_debut + ecart}) if ecart else gain


def restreindre(audit: Audit, scenario: Scenario) -> Audit:
    """The audit holding only the scenario's chantiers (in the model's order), shifted."""
    decalages = {d.chantier: d.mois for d in scenario.decalages}
    retenus = set(scenario.chantiers)
    avant = {cid: c for cid, c in audit.chantiers.items() if cid in retenus}
    apres = {cid: decaler_chantier(c, decalages.get(cid, 0)) for cid, c in avant.items()}
    gains = dict(audit.gains)
    if any(decalages.get(cid, 0) for cid in avant):
        livreurs: dict[str, list[str]] = {}
        for cid, chantier in avant.items():
            for gid in chantier.gains:
                livreurs.setdefault(gid, []).append(cid)
        gains = {gid: _gain_decale(g, livreurs.get(gid, []), avant, apres)
                 for gid, g in audit.gains.items()}
    return dataclasses.replace(audit, chantiers=apres, gains=gains, scenarios={})


# --- Figures ---------------------------------------------------------------------------------


def _pic(chantiers: list[Chantier]) -> tuple[int, date | None]:
    """The most chantiers running in one month, and the first month it happens."""
    if not chantiers:
        return 0, None
    debuts = [c.debut.year * 12 + c.debut.month - 1 for c in chantiers]
    fins = [c.fin.year * 12 + c.fin.month - 1 for c in chantiers]
    pic, mois_pic = 0, None
    for rang in range(min(debuts), max(fins) + 1):
        n = sum(d <= rang <= f for d, f in zip(debuts, fins, strict=True))
        if n > pic:
            pic, mois_pic = n, rang
    if mois_pic is None:
        return 0, None
    return pic, date(mois_pic // 12, mois_pic % 12 + 1, 1)


def chiffres(audit: Audit, analyse: Analyse, ident: str = "PORTEFEUILLE",
             plafond_annuel: float | None = None) -> ChiffresScenario:
    """The figures of an audit's portfolio, as the comparison of scenarios shows them."""
    chantiers = list(audit.chantiers.values())
    heures = sum(g.heures_usager_plein for g in analyse.gains.values()
                 if g.chantiers and g.nature == "temps_usager")
    criticites = [NIVEAUX_RISQUE[r.probabilite] * NIVEAUX_RISQUE[r.impact]
                  for c in chantiers for r in c.risques]
    jalons = sorted((JalonDate(j.date, c.id, j.libelle) for c in chantiers for j in c.jalons),
                    key=lambda j: (j.date, j.chantier, j.libelle))
    pic, mois = _pic(chantiers)
    pointes = []
    for e in analyser_capacite(audit).equipes:
        t = e.pointe()
        pointes.append(PointeEquipe(e.equipe.nom, t.libelle if t else "—",
                                    t.charge if t else 0.0, t.capacite if t else 0.0))
    return ChiffresScenario(
        id=ident, chantiers=tuple(audit.chantiers), valeur=analyse.portefeuille,
        heures_usagers=heures, risques=len(criticites),
        risques_eleves=sum(c >= SEUIL_RISQUE_ELEVE for c in criticites),
        jalons=tuple(jalons),
        derniere_mise_en_service=max((c.date_mise_en_service for c in chantiers), default=None),
        pic_chantiers=pic, pic_mois=mois, plafond_annuel=plafond_annuel,
        pointes=tuple(pointes),
    )


def analyser_scenario(audit: Audit, scenario: Scenario) -> ChiffresScenario:
    """The scenario's figures: the portfolio analysis run on its chantiers alone."""
    restreint = restreindre(audit, scenario)
    analyse = analyser(restreint, avec_sensibilite=False)
    return dataclasses.replace(
        chiffres(restreint, analyse, scenario.id, scenario.plafond_annuel),
        decalages=sum(1 for d in scenario.decalages
                      if d.mois and d.chantier in restreint.chantiers))


def analyser_scenarios(audit: Audit) -> dict[str, ChiffresScenario]:
    """Every scenario of a valid audit, in the model's order."""
    return {sid: analyser_scenario(audit, s) for sid, s in audit.scenarios.items()}


def recommande(audit: Audit) -> Scenario | None:
    """The recommended scenario, if one is (validation allows one at most)."""
    return next((s for s in audit.scenarios.values() if s.recommande), None)


# --- The comparison, row by row ----------------------------------------------------------------

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre")


@dataclass(frozen=True)
class Ligne:
    """One row of the comparison: a figure, formatted for each scenario in turn."""

    groupe: str
    libelle: str
    valeurs: tuple[str, ...]


def _mois(jour: date | None) -> str:
    return "—" if jour is None else f"{MOIS[jour.month - 1]} {jour.year}"


def _plafond(f: ChiffresScenario) -> str:
    if f.plafond_annuel is None:
        return "aucun"
    depasse = f.depassements
    if not depasse:
        return f"{euros(f.plafond_annuel)}, respecté"
    return f"{euros(f.plafond_annuel)}, dépassé en " + ", ".join(str(d.annee) for d in depasse)


def _annee_max(f: ChiffresScenario) -> str:
    if not f.couts:
        return "—"
    cout, annee = max(zip(f.couts, f.annees, strict=True), key=lambda x: (x[0], -x[1]))
    return f"{euros(cout)} en {annee}"


def _fourchette(f: ChiffresScenario, vue: str) -> str:
    lire = getattr(f.valeur, f"van_{vue}_scenario")
    return f"{euros(lire('pessimiste'))} à {euros(lire('optimiste'))}"


def _pointe(p: PointeEquipe) -> str:
    if p.taux is None:
        return "aucune charge" if not p.charge else f"{nombre(p.charge)} j sans capacité"
    texte = f"{pourcent(p.taux, 0)} de la capacité ({p.trimestre})"
    return texte + (", surcharge" if p.charge > p.capacite + 1e-9 else "")


def lignes_comparaison(figures: Sequence[ChiffresScenario]) -> list[Ligne]:
    """The rows of the comparison table, in reading order; a new figure is one more row."""
    def ligne(groupe: str, libelle: str, lire: Callable[[ChiffresScenario], str]) -> Ligne:
        return Ligne(groupe, libelle, tuple(lire(f) for f in figures))

    cout = "Coûts"
    financier = "Vue financière (budget)"
    socio = "Vue socio-économique"
    calendrier = "Risques et calendrier"
    return [
        ligne(cout, "Chantiers", lambda f: nombre(len(f.chantiers)) + (
            f", dont {nombre(f.decalages)} décalé{'s' if f.decalages > 1 else ''}"
            if f.decalages else "")),
        ligne(cout, "Coûts sur l'horizon", lambda f: euros(f.valeur.total_couts)),
        ligne(cout, "dont investissement", lambda f: euros(sum(f.investissement))),
        ligne(cout, "dont fonctionnement", lambda f: euros(sum(f.fonctionnement))),
        ligne(cout, "Année la plus chère", _annee_max),
        ligne(cout, "Plafond annuel", _plafond),
        ligne(financier, "VAN financière (cas central)", lambda f: euros(f.valeur.van_financiere)),
        ligne(financier, "du cas pessimiste au cas optimiste",
              lambda f: _fourchette(f, "financiere")),
        ligne(financier, "Délai de retour financier",
              lambda f: duree_annees(f.valeur.delai_retour)),
        ligne(financier, "ROI financier", lambda f: pourcent(f.valeur.roi, 0)),
        ligne(financier, "Gains budgétaires sur l'horizon",
              lambda f: euros(f.valeur.total_gains_budgetaires)),
        ligne(socio, "VAN socio-économique (cas central)",
              lambda f: euros(f.valeur.van_socio_economique)),
        ligne(socio, "du cas pessimiste au cas optimiste",
              lambda f: _fourchette(f, "socio_economique")),
        ligne(socio, "Gains valorisés sur l'horizon",
              lambda f: euros(f.valeur.total_gains_socio_economiques)),
        ligne(socio, "ETP libérés (pleine charge)", lambda f: decimal(f.valeur.etp_liberes, 1)),
        ligne(socio, "Heures d'usagers gagnées par an", lambda f: heures(f.heures_usagers)),
        ligne(calendrier, "Risques élevés (criticité de 6 ou plus)",
              lambda f: f"{nombre(f.risques_eleves)} sur {nombre(f.risques)}"),
        ligne(calendrier, "Chantiers menés en même temps, au plus fort",
              lambda f: f"{nombre(f.pic_chantiers)} ({_mois(f.pic_mois)})"),
        ligne(calendrier, "Jalons", lambda f: nombre(len(f.jalons))),
        ligne(calendrier, "Dernière mise en service",
              lambda f: _mois(f.derniere_mise_en_service)),
        *(Ligne("Capacité des équipes (trimestre le plus chargé)", p.equipe,
                tuple(_pointe(f.pointes[i]) for f in figures))
          for i, p in enumerate(figures[0].pointes if figures else ())),
    ]
