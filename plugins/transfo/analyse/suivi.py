"""Plan against realised, per chantier and for the portfolio: MAREVA's « remontée de la
valeur », the ex-post review of what the value case promised.

Every status is read at the référentiel's ``date_situation``, never at today's date, so that
the same model always gives the same pages. Planned figures come from the value analysis
(:mod:`transfo.analyse.valeur`): planned costs are its central yearly costs, planned gains its
central yearly euros of each gain, for the chantier's share of it.

- Costs: planned to the situation date = the planned costs of the years before its year,
  plus the planned costs of its year in proportion of the days elapsed (the situation day
  included); realised to date = every realised cost (no realised year may follow the
  situation's). Execution rate = realised / planned to date; budget consumed = realised /
  the chantier's typed costs, all years.
- Milestones: reached on or before the planned date « atteint à temps », after it « atteint
  en retard »; not reached, « en retard » once the planned date is before the situation date,
  « à venir » otherwise.
- Indicators: progress = (last measure − baseline) / (target − baseline); the trajectory
  expected at the last measure's date is linear from the baseline's date (0) to the target's
  (1). « en retard de mesure » when the next measure was due (last measure, or baseline
  without measure, plus one month, quarter or year) before the situation date.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from transfo.analyse.valeur import POSTES_COUT, Analyse, decaler_mois
from transfo.model.audit import Audit
from transfo.model.entities import Chantier, CoutAnnuel, Indicateur, Suivi

MOIS_PAR_FREQUENCE = {"mensuelle": 1, "trimestrielle": 3, "annuelle": 12}
FREQUENCES = {"mensuelle": "Mensuelle", "trimestrielle": "Trimestrielle", "annuelle": "Annuelle"}
STATUTS_JALON = {
    "atteint": "Atteint à temps",
    "atteint_en_retard": "Atteint en retard",
    "en_retard": "En retard, non atteint",
    "a_venir": "À venir",
}
STATUTS_INDICATEUR = {
    "atteinte": "Cible atteinte",
    "en_bonne_voie": "En bonne voie",
    "en_retrait": "En retrait de la trajectoire",
    "sans_mesure": "Aucune mesure depuis la valeur initiale",
    "sans_valeur_initiale": "Valeur initiale à mesurer",
}
SUR_LA_TRAJECTOIRE = ("atteinte", "en_bonne_voie")


def total_cout(cout: CoutAnnuel) -> float:
    return float(sum(getattr(cout, p) for p in POSTES_COUT))


def prorata(situation: date) -> float:
    """The share of the situation's year elapsed at the situation date (that day included)."""
    debut = date(situation.year, 1, 1)
    jours = (date(situation.year + 1, 1, 1) - debut).days
    return ((situation - debut).days + 1) / jours


@dataclass(frozen=True)
class LigneCout:
    annee: int
    prevu: float
    realise: float | None
    """None: nothing entered for that year."""


@dataclass(frozen=True)
class StatutJalon:
    libelle: str
    prevu: date
    reel: date | None
    statut: str

    @property
    def retard_jours(self) -> int | None:
        """Days between the planned and the actual date, when reached late."""
        return (self.reel - self.prevu).days if self.reel and self.reel > self.prevu else None


@dataclass(frozen=True)
class StatutIndicateur:
    indicateur: Indicateur
    derniere_date: date | None
    derniere_valeur: float | None
    """The last measure (None: no measure after the baseline)."""
    avancement: float | None
    attendu: float | None
    statut: str
    prochaine_mesure: date | None
    """When the next measure was or is due (None: never measured, not even a baseline)."""
    en_retard_de_mesure: bool

    @property
    def sur_la_trajectoire(self) -> bool:
        return self.statut in SUR_LA_TRAJECTOIRE


@dataclass(frozen=True)
class GainSuivi:
    gain: str
    annee: int
    prevu: float
    """The chantier's share of the gain planned that year, central scenario (euros)."""
    realise: float


@dataclass(frozen=True)
class SuiviChantier:
    id: str
    suivi: bool
    """Whether the chantier has a follow-up file (otherwise only its plan is shown)."""
    couts: tuple[LigneCout, ...]
    budget: float
    prevu_a_date: float
    realise_a_date: float
    jalons: tuple[StatutJalon, ...]
    indicateurs: tuple[StatutIndicateur, ...]
    gains: tuple[GainSuivi, ...]

    @property
    def couts_saisis(self) -> bool:
        """Whether any realised cost is entered (0 € entered is not « nothing entered »)."""
        return any(x.realise is not None for x in self.couts)

    @property
    def taux_execution(self) -> float | None:
        """Realised / planned to date; None when nothing is entered or nothing planned."""
        if not self.couts_saisis or not self.prevu_a_date:
            return None
        return self.realise_a_date / self.prevu_a_date

    @property
    def part_budget(self) -> float | None:
        return self.realise_a_date / self.budget if self.couts_saisis and self.budget else None

    def jalons_par_statut(self) -> Counter[str]:
        return Counter(j.statut for j in self.jalons)

    @property
    def indicateurs_sur_la_trajectoire(self) -> int:
        return sum(i.sur_la_trajectoire for i in self.indicateurs)

    @property
    def indicateurs_en_retard_de_mesure(self) -> int:
        return sum(i.en_retard_de_mesure for i in self.indicateurs)


@dataclass(frozen=True)
class SuiviPortefeuille:
    date_situation: date
    chantiers: dict[str, SuiviChantier]

    @property
    def suivis(self) -> list[SuiviChantier]:
        return [s for s in self.chantiers.values() if s.suivi]

    @property
    def avec_couts(self) -> list[SuiviChantier]:
        return [s for s in self.suivis if s.couts_saisis]

    @property
    def prevu_a_date(self) -> float:
        """Planned to date, over the chantiers whose realised costs are entered (the only
        total comparable to the realised one)."""
        return sum(s.prevu_a_date for s in self.avec_couts)

    @property
    def realise_a_date(self) -> float:
        return sum(s.realise_a_date for s in self.avec_couts)

    @property
    def taux_execution(self) -> float | None:
        return self.realise_a_date / self.prevu_a_date if self.prevu_a_date else None

    def jalons_par_statut(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for s in self.suivis:
            total.update(s.jalons_par_statut())
        return total

    def indicateurs(self) -> list[StatutIndicateur]:
        return [i for s in self.suivis for i in s.indicateurs]

    def couts_par_annee(self) -> tuple[list[int], list[float], list[float | None]]:
        """Years, planned and realised costs of the followed chantiers added up; a year's
        realised cost is None when no followed chantier entered one for it."""
        prevus: dict[int, float] = defaultdict(float)
        realises: dict[int, float | None] = {}
        for s in self.suivis:
            for x in s.couts:
                prevus[x.annee] += x.prevu
                realises.setdefault(x.annee, None)
                if x.realise is not None:
                    realises[x.annee] = (realises[x.annee] or 0.0) + x.realise
        annees = sorted(prevus)
        return annees, [prevus[a] for a in annees], [realises[a] for a in annees]


def statut_jalon(prevu: date, reel: date | None, situation: date) -> str:
    if reel is not None:
        return "atteint" if reel <= prevu else "atteint_en_retard"
    return "en_retard" if prevu < situation else "a_venir"


def trajectoire(indicateur: Indicateur, jour: date) -> float | None:
    """The progress expected at ``jour``: 0 at the baseline's date, 1 at the target's."""
    base = indicateur.valeur_initiale
    if base is None:
        return None
    duree = (indicateur.cible.date - base.date).days
    if duree <= 0:
        return 1.0
    return min(1.0, max(0.0, (jour - base.date).days / duree))


def statut_indicateur(indicateur: Indicateur, situation: date) -> StatutIndicateur:
    mesures = sorted(indicateur.mesures, key=lambda m: m.date)
    derniere = mesures[-1] if mesures else None
    base = indicateur.valeur_initiale
    reperes = [d for d in (base.date if base else None, derniere.date if derniere else None)
               if d is not None]
    prochaine = (decaler_mois(max(reperes), MOIS_PAR_FREQUENCE[indicateur.frequence])
                 if reperes else None)
    avancement = attendu = None
    if base is None:
        statut = "sans_valeur_initiale"
    elif derniere is None:
        statut = "sans_mesure"
    else:
        ecart = indicateur.cible.valeur - base.valeur
        avancement = (derniere.valeur - base.valeur) / ecart if ecart else (
            1.0 if derniere.valeur == base.valeur else 0.0)
        attendu = trajectoire(indicateur, derniere.date)
        if avancement >= 1:
            statut = "atteinte"
        elif attendu is not None and avancement >= attendu - 1e-9:
            statut = "en_bonne_voie"
        else:
            statut = "en_retrait"
    return StatutIndicateur(
        indicateur=indicateur,
        derniere_date=derniere.date if derniere else None,
        derniere_valeur=derniere.valeur if derniere else None,
        avancement=avancement, attendu=attendu, statut=statut, prochaine_mesure=prochaine,
        en_retard_de_mesure=prochaine is None or prochaine < situation,
    )


def suivre_chantier(chantier: Chantier, suivi: Suivi | None, analyse: Analyse,
                    situation: date) -> SuiviChantier:
    v = analyse.chantiers[chantier.id]
    prevus = dict(zip(v.annees, v.couts, strict=True))
    realises: dict[int, float] = {}
    if suivi is not None:
        for cout in suivi.realise.couts:
            realises[cout.annee] = realises.get(cout.annee, 0.0) + total_cout(cout)
    annees = sorted({c.annee for c in chantier.couts} | set(realises))
    lignes = tuple(LigneCout(a, prevus.get(a, 0.0), realises.get(a)) for a in annees)
    prevu_a_date = sum(x for a, x in prevus.items() if a < situation.year) \
        + prevus.get(situation.year, 0.0) * prorata(situation)
    atteints: dict[str, date] = {}
    if suivi is not None:
        for j in suivi.realise.jalons:
            atteints.setdefault(j.jalon, j.date)
    jalons = tuple(
        StatutJalon(j.libelle, j.date, atteints.get(j.libelle),
                    statut_jalon(j.date, atteints.get(j.libelle), situation))
        for j in sorted(chantier.jalons, key=lambda j: (j.date, j.libelle))
    ) if suivi is not None else ()
    gains: list[GainSuivi] = []
    if suivi is not None:
        for g in sorted(suivi.realise.gains, key=lambda g: (g.gain, g.annee)):
            valeur = analyse.gains.get(g.gain)
            part = 1 / len(valeur.chantiers) if valeur and valeur.chantiers else 1.0
            prevu = valeur.montant(g.annee) * part if valeur else 0.0
            gains.append(GainSuivi(g.gain, g.annee, prevu, g.montant))
    return SuiviChantier(
        id=chantier.id, suivi=suivi is not None, couts=lignes,
        budget=sum(total_cout(c) for c in chantier.couts),
        prevu_a_date=prevu_a_date, realise_a_date=sum(realises.values()),
        jalons=jalons,
        indicateurs=tuple(statut_indicateur(i, situation) for i in suivi.indicateurs)
        if suivi is not None else (),
        gains=tuple(gains),
    )


def analyser_suivi(audit: Audit, analyse: Analyse) -> SuiviPortefeuille | None:
    """Plan against realised for every chantier, at the référentiel's situation date; None
    without a situation date (no status can be read then)."""
    situation = audit.referentiel.date_situation if audit.referentiel else None
    if situation is None:
        return None
    chantiers = sorted(audit.chantiers.values(), key=lambda c: (c.debut, c.id))
    return SuiviPortefeuille(situation, {
        c.id: suivre_chantier(c, audit.suivis.get(c.id), analyse, situation) for c in chantiers
    })
