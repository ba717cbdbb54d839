"""Gap analysis of one process: existant → cible, step by step, in time, delay, hours and ETP.

Steps are paired by id (a cible step keeps the id of the existant step it transforms).
Handling time per case is Σ durée × part over the steps; agents' time becomes hours and
ETP with the yearly volume, users' and partners' time become their hours, kept apart and
split by the kind each actor declares (``genre``, None if it declares none): their value per
hour differs (externalités).

End-to-end delay is the expected wait of a case: Σ délai × part over the steps (``part`` is
the share of cases that go through a step, so this is the mean over the paths weighted by
their branch shares), without the waits marked ``attente_externe`` (the user's own works, a
later control), which the Département does not control. The longest path of all waits is
kept beside it, labelled as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from transfo.empreinte import Memoire
from transfo.model.entities import Acteur, Etape, Parametres, Processus
from transfo.model.flux import ordre_topologique, successeurs

Statut = Literal["supprimee", "ajoutee", "modifiee", "inchangee"]
CHAMPS_COMPARES = ("acteur", "application", "canal", "duree_minutes", "delai_jours", "part",
                   "suivantes")
"""What makes a step « modifiée »: who, with what, through which channel, how long, how long
before, how many cases, where it branches. A reworded label alone is not a change."""


@dataclass(frozen=True)
class EcartEtape:
    id: str
    statut: Statut
    avant: Etape | None
    apres: Etape | None
    changements: tuple[tuple[str, object, object], ...] = ()


@dataclass(frozen=True)
class Mesures:
    """Figures of one version (existant or cible) of a process."""

    minutes_agent: float
    minutes_usager: float
    delai_jours: float
    heures_agent: float
    heures_usager: float
    heures_par_categorie: Mapping[str, float]
    nombre_etapes: int
    delai_plus_long_jours: float = 0.0
    """The longest path of waits, external ones included: the slowest case."""
    delai_externe_jours: float = 0.0
    """Expected wait outside the Département's hands, left out of ``delai_jours``."""
    minutes_partenaire: float = 0.0
    heures_partenaire: float = 0.0
    heures_usager_par_genre: Mapping[str | None, float] = field(default_factory=dict)
    heures_partenaire_par_genre: Mapping[str | None, float] = field(default_factory=dict)


@dataclass(frozen=True)
class AnalyseEcarts:
    processus: str
    etapes: tuple[EcartEtape, ...]
    avant: Mesures
    apres: Mesures
    etp_liberes: float
    etp_par_categorie: Mapping[str, float] = field(default_factory=dict)
    euros_agents: float = 0.0
    """Yearly value of the agents' time freed: Σ ETP par catégorie × coût d'un ETP."""
    heures_usager_gagnees: float = 0.0
    heures_partenaire_gagnees: float = 0.0

    def gagnees_par_genre(self, type_acteur: str) -> dict[str | None, float]:
        """Hours per year saved by the users (``usager``) or the partners (``partenaire``),
        per declared kind of actor (None: kind not declared)."""
        cle = f"heures_{type_acteur}_par_genre"
        avant: Mapping[str | None, float] = getattr(self.avant, cle)
        apres: Mapping[str | None, float] = getattr(self.apres, cle)
        return {g: avant.get(g, 0.0) - apres.get(g, 0.0)
                for g in sorted(set(avant) | set(apres), key=lambda g: g or "")}

    def compte(self, statut: Statut) -> int:
        return sum(e.statut == statut for e in self.etapes)


def delai_attendu(etapes: Sequence[Etape], *, externe: bool = False) -> float:
    """Expected wait of a case, in days: Σ délai × part over the steps whose wait is
    external (``externe``) or not."""
    return sum(e.delai_jours * e.part for e in etapes if e.attente_externe == externe)


def delai_plus_long(etapes: Sequence[Etape]) -> float:
    """The longest path of waits from the first step to a final one, every wait counted."""
    flux = successeurs(etapes)
    par_id = {e.id: e for e in etapes}
    plus_long: dict[str, float] = {}
    for eid in ordre_topologique(flux):  # successors first
        suite = max((plus_long[s] for s in flux[eid] if s in plus_long), default=0.0)
        plus_long[eid] = par_id[eid].delai_jours + suite
    return plus_long.get(etapes[0].id, 0.0) if etapes else 0.0


def mesurer(etapes: Sequence[Etape], acteurs: Mapping[str, Acteur], volume: float) -> Mesures:
    minutes_agent = 0.0
    minutes_usager = 0.0
    minutes_partenaire = 0.0
    par_categorie: dict[str, float] = {}
    par_genre: dict[str, dict[str | None, float]] = {"usager": {}, "partenaire": {}}
    for etape in etapes:
        acteur = acteurs.get(etape.acteur)
        minutes = etape.duree_minutes * etape.part
        if acteur is None:
            continue
        if acteur.type in par_genre:
            if acteur.type == "usager":
                minutes_usager += minutes
            else:
                minutes_partenaire += minutes
            genres = par_genre[acteur.type]
            genres[acteur.genre] = genres.get(acteur.genre, 0.0) + minutes * volume / 60
        else:
            minutes_agent += minutes
            categorie = acteur.categorie or "B"
            par_categorie[categorie] = par_categorie.get(categorie, 0.0) + minutes * volume / 60
    return Mesures(
        minutes_agent=minutes_agent,
        minutes_usager=minutes_usager,
        delai_jours=delai_attendu(etapes),
        heures_agent=minutes_agent * volume / 60,
        heures_usager=minutes_usager * volume / 60,
        heures_par_categorie=dict(sorted(par_categorie.items())),
        nombre_etapes=len(etapes),
        delai_plus_long_jours=delai_plus_long(etapes),
        delai_externe_jours=delai_attendu(etapes, externe=True),
        minutes_partenaire=minutes_partenaire,
        heures_partenaire=minutes_partenaire * volume / 60,
        heures_usager_par_genre=par_genre["usager"],
        heures_partenaire_par_genre=par_genre["partenaire"],
    )


def _embranchement(etape: Etape) -> bool:
    """Whether a step's ``suivantes`` is a branch: only then is a change of it substantive
    (a plain next step follows the list and moves with every removed step)."""
    return etape.suivantes is not None and len(etape.suivantes) > 1


def comparer_etapes(existant: Sequence[Etape], cible: Sequence[Etape]) -> list[EcartEtape]:
    apres = {e.id: e for e in cible}
    avant_ids = {e.id for e in existant}
    resultat: list[EcartEtape] = []
    for etape in existant:
        nouvelle = apres.get(etape.id)
        if nouvelle is None:
            resultat.append(EcartEtape(etape.id, "supprimee", etape, None))
            continue
        changements = tuple(
            (champ, getattr(etape, champ), getattr(nouvelle, champ))
            for champ in CHAMPS_COMPARES
            if getattr(etape, champ) != getattr(nouvelle, champ)
            and (champ != "suivantes" or _embranchement(etape) or _embranchement(nouvelle))
        )
        statut: Statut = "modifiee" if changements else "inchangee"
        resultat.append(EcartEtape(etape.id, statut, etape, nouvelle, changements))
    resultat.extend(EcartEtape(e.id, "ajoutee", None, e) for e in cible if e.id not in avant_ids)
    return resultat


_DEJA: Memoire[str, tuple[tuple[object, ...], AnalyseEcarts]] = Memoire()
"""The last analysis of each process, with the very objects it read."""


def analyser_processus(
    processus: Processus, acteurs: Mapping[str, Acteur], parametres: Parametres
) -> AnalyseEcarts:
    """The gaps of ``processus``. Validation and the analysis both ask for them, and the
    live preview keeps the typed entities of the files that did not change: an analysis is
    given again while the process, the actors of its steps and the parameters are the very
    same objects as when it was made (typed entities are frozen)."""
    lus = (processus, parametres,
           *(acteurs.get(e.acteur) for e in (*processus.existant, *processus.cible)))
    deja = _DEJA.get(processus.id)
    if deja is not None and len(deja[0]) == len(lus) \
            and all(a is b for a, b in zip(deja[0], lus, strict=True)):
        return deja[1]
    return _DEJA.garder(processus.id,
                        (lus, _analyser_processus(processus, acteurs, parametres)))[1]


def _analyser_processus(
    processus: Processus, acteurs: Mapping[str, Acteur], parametres: Parametres
) -> AnalyseEcarts:
    volume = processus.volume_annuel
    avant = mesurer(processus.existant, acteurs, volume)
    apres = mesurer(processus.cible, acteurs, volume)
    heures_etp = parametres.heures_par_etp.valeur
    categories = sorted(set(avant.heures_par_categorie) | set(apres.heures_par_categorie))
    etp_par_categorie = {
        c: (avant.heures_par_categorie.get(c, 0.0) - apres.heures_par_categorie.get(c, 0.0))
        / heures_etp
        for c in categories
    }
    couts = parametres.cout_etp
    euros = sum(etp * getattr(couts, c).valeur for c, etp in etp_par_categorie.items())
    return AnalyseEcarts(
        processus=processus.id,
        etapes=tuple(comparer_etapes(processus.existant, processus.cible)),
        avant=avant,
        apres=apres,
        etp_liberes=(avant.heures_agent - apres.heures_agent) / heures_etp,
        etp_par_categorie=etp_par_categorie,
        euros_agents=euros,
        heures_usager_gagnees=avant.heures_usager - apres.heures_usager,
        heures_partenaire_gagnees=avant.heures_partenaire - apres.heures_partenaire,
    )
