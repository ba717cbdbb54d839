"""The short-term plan: what happens from the audit's date (``date_situation``) to the end of
the short term, the first 100 days first, then quarter by quarter.

Every dated milestone, change-management action, planned decision and procurement
notification of every chantier falling in that window is listed once, with an owner role.
Nothing here reads the clock: the same model gives the same plan on any day.

De-duplication (the same thing written twice, as a milestone and as the action that reaches
it) follows two rules, both within one chantier and one date:

1. two entries whose normalised texts are equal are one (normalised: accents and case
   dropped, every run of characters other than letters and digits read as one space);
2. a milestone and an action are one when more than half of the significant words of the
   shorter text are in the other, and at least two: words of two letters or more outside
   :data:`MOTS_VIDES`, compared on their first six letters (« avenants » and « avenant »,
   « présentée » and « présenter » are the same word). Two milestones, or two actions, are
   never merged by this rule: a chantier may well open two services on the same day.

The merged entry keeps the milestone's text and notes the action's dimension.

Owner: the role written on the milestone or action (``responsable``); otherwise, in a
merged entry, the one written on the other part; otherwise the chantier's owner role
(``cadrage.responsable``); otherwise its pilot direction. Each entry says which.

Quick win: a milestone marked ``gain_rapide: true`` (a benefit seen early by agents or
users; the validation warns when it falls later than ``calendrier.gain_rapide_mois`` after
``date_situation``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from calendar import monthrange
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Literal

from transfo.constants import DIMENSIONS_CHANGEMENT, VOIES_ACHAT
from transfo.model.audit import Audit
from transfo.model.entities import Calendrier, Chantier

JOURS_PREMIERS = 100
COURT_TERME_MOIS_DEFAUT = Calendrier.model_fields["court_terme_mois"].default
MOTS_VIDES = frozenset({
    "au", "aux", "avec", "ce", "ces", "dans", "de", "des", "du", "en", "et", "la", "le", "les",
    "leur", "leurs", "par", "pour", "sur", "un", "une",
})
LONGUEUR_RACINE = 6

Genre = Literal["decision", "achat", "jalon", "action"]
OrigineResponsable = Literal["element", "chantier", "pilote"]
_ORDRE_GENRES: dict[str, int] = {"decision": 0, "achat": 1, "jalon": 2, "action": 3}


@dataclass(frozen=True)
class ElementPlan:
    date: date
    chantier: str
    genre: Genre
    texte: str
    precisions: tuple[str, ...] = ()
    """What kind of action (its dimension), which body decides, which procurement route."""
    responsable: str | None = None
    """A role id written on the entry itself (``origine_responsable`` says where it came
    from once :func:`plan_court_terme` has resolved it)."""
    origine_responsable: OrigineResponsable = "element"
    gain_rapide: bool = False

    def cle(self) -> tuple[dt.date, str, int, str]:
        return (self.date, self.chantier, _ORDRE_GENRES[self.genre], self.texte)


@dataclass(frozen=True)
class Periode:
    libelle: str
    debut: date
    fin: date
    """Inclusive."""
    elements: tuple[ElementPlan, ...]


@dataclass(frozen=True)
class PlanCourtTerme:
    date_situation: date
    fin: date
    """The last day of the short term, inclusive."""
    periodes: tuple[Periode, ...]
    passes: int
    """Dated entries before ``date_situation``: already past on the audit's date."""
    au_dela: int
    """Dated entries after the short term."""
    doublons: int
    """Entries merged into another one."""
    responsables_par_defaut: int = 0
    """Entries whose owner is the chantier's (role or pilot direction), not their own."""
    elements: tuple[ElementPlan, ...] = field(default=())


def normaliser(texte: str) -> str:
    """Accents and case dropped, punctuation and spaces made one space."""
    sans_accents = "".join(c for c in unicodedata.normalize("NFKD", texte)
                           if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", sans_accents.lower()))


def mots_significatifs(texte: str) -> set[str]:
    return {mot[:LONGUEUR_RACINE] for mot in normaliser(texte).split()
            if len(mot) >= 2 and mot not in MOTS_VIDES}


def meme_element(a: ElementPlan, b: ElementPlan) -> bool:
    """Whether two entries of the same chantier and date say the same thing (see the
    module's rules)."""
    if a.chantier != b.chantier or a.date != b.date:
        return False
    if normaliser(a.texte) == normaliser(b.texte):
        return True
    if {a.genre, b.genre} != {"jalon", "action"}:
        return False
    mots_a, mots_b = mots_significatifs(a.texte), mots_significatifs(b.texte)
    communs = len(mots_a & mots_b)
    plus_court = min(len(mots_a), len(mots_b))
    return communs >= 2 and communs * 2 > plus_court


def _fusionner(garde: ElementPlan, autre: ElementPlan) -> ElementPlan:
    principal, second = (autre, garde) if (autre.genre == "jalon" and garde.genre != "jalon") \
        else (garde, autre)
    precisions = principal.precisions + tuple(
        p for p in second.precisions if p not in principal.precisions)
    return replace(principal, precisions=precisions,
                   responsable=principal.responsable or second.responsable,
                   gain_rapide=principal.gain_rapide or second.gain_rapide)


def dedoublonner(elements: list[ElementPlan]) -> tuple[list[ElementPlan], int]:
    """The entries listed once each, in order, and how many were merged."""
    gardes: list[ElementPlan] = []
    fusions = 0
    for element in sorted(elements, key=ElementPlan.cle):
        # Sorted by date and chantier: the candidates are the last entries kept.
        k = len(gardes) - 1
        while k >= 0 and (gardes[k].date, gardes[k].chantier) == (element.date, element.chantier):
            if meme_element(gardes[k], element):
                gardes[k] = _fusionner(gardes[k], element)
                fusions += 1
                break
            k -= 1
        else:
            gardes.append(element)
    return gardes, fusions


def elements_du_chantier(chantier: Chantier, noms_instances: dict[str, str]) -> list[ElementPlan]:
    """Every dated entry of a chantier, before owners are resolved."""
    cid = chantier.id
    elements = [ElementPlan(j.date, cid, "jalon", j.libelle, (), j.responsable, "element",
                            j.gain_rapide) for j in chantier.jalons]
    for dimension, libelle in DIMENSIONS_CHANGEMENT.items():
        elements.extend(
            ElementPlan(a.echeance, cid, "action", a.action.texte, (libelle,), a.responsable)
            for a in getattr(chantier.conduite_du_changement, dimension) if a.echeance)
    cadrage = chantier.cadrage
    if cadrage is not None:
        elements.extend(
            ElementPlan(d.date, cid, "decision", d.objet,
                        (noms_instances.get(d.instance, d.instance),))
            for d in cadrage.decisions if d.date)
        if cadrage.achat is not None:
            achat = cadrage.achat
            texte = f"Notification : {achat.objet}" if achat.objet else \
                "Notification de l'achat"
            elements.append(ElementPlan(achat.notification_prevue, cid, "achat", texte,
                                        (VOIES_ACHAT[achat.voie],)))
    return elements


def ajouter_mois(jour: date, mois: int) -> date:
    """The same day ``mois`` months later (the month's last day when it is shorter)."""
    annee, mois_0 = divmod(jour.year * 12 + jour.month - 1 + mois, 12)
    return date(annee, mois_0 + 1, min(jour.day, monthrange(annee, mois_0 + 1)[1]))


def periodes(situation: date, fin: date) -> list[tuple[str, date, date]]:
    """« Les 100 premiers jours » (the audit's day is the first), then each calendar quarter
    (the first and last ones cut at the window's bounds) up to ``fin`` inclusive."""
    fin_cent_jours = min(situation + timedelta(days=JOURS_PREMIERS - 1), fin)
    resultat = [("Les 100 premiers jours", situation, fin_cent_jours)]
    debut = fin_cent_jours + timedelta(days=1)
    while debut <= fin:
        trimestre = (debut.month - 1) // 3
        fin_trimestre = ajouter_mois(date(debut.year, trimestre * 3 + 1, 1), 3) \
            - timedelta(days=1)
        numero = "1er" if trimestre == 0 else f"{trimestre + 1}e"
        resultat.append((f"{numero} trimestre {debut.year}", debut, min(fin_trimestre, fin)))
        debut = fin_trimestre + timedelta(days=1)
    return resultat


def plan_court_terme(audit: Audit) -> PlanCourtTerme | None:
    """The plan, or None when the référentiel gives no ``date_situation``."""
    referentiel = audit.referentiel
    if referentiel is None or referentiel.date_situation is None:
        return None
    situation = referentiel.date_situation
    calendrier = referentiel.calendrier
    mois = calendrier.court_terme_mois if calendrier else COURT_TERME_MOIS_DEFAUT
    fin = ajouter_mois(situation, mois) - timedelta(days=1)
    noms_instances = {i.id: i.nom for i in referentiel.instances}
    tous: list[ElementPlan] = []
    for chantier in audit.chantiers.values():
        tous.extend(elements_du_chantier(chantier, noms_instances))
    dans = [e for e in tous if situation <= e.date <= fin]
    uniques, doublons = dedoublonner(dans)
    resolus = [_resoudre(audit.chantiers[e.chantier], e) for e in uniques]
    return PlanCourtTerme(
        date_situation=situation, fin=fin,
        periodes=tuple(
            Periode(libelle, debut, fin_p,
                    tuple(e for e in resolus if debut <= e.date <= fin_p))
            for libelle, debut, fin_p in periodes(situation, fin)),
        passes=sum(e.date < situation for e in tous),
        au_dela=sum(e.date > fin for e in tous),
        doublons=doublons,
        responsables_par_defaut=sum(e.origine_responsable != "element" for e in resolus),
        elements=tuple(resolus),
    )


def _resoudre(chantier: Chantier, element: ElementPlan) -> ElementPlan:
    if element.responsable is not None:
        return element
    if chantier.cadrage is not None and chantier.cadrage.responsable is not None:
        return replace(element, responsable=chantier.cadrage.responsable,
                       origine_responsable="chantier")
    return replace(element, responsable=chantier.pilote, origine_responsable="pilote")
