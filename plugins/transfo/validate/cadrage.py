"""Checks of the governance and of each chantier's cadrage note: roles and bodies named,
one approver per RACI activity, procurement lead times, personal-data impact assessment.

Roles and bodies live in the référentiel only; they are checked here rather than in
:mod:`references`, with the same « vouliez-vous dire » hints.
"""

from __future__ import annotations

from collections.abc import Iterator

from transfo.analyse.gouvernance import mois_entre
from transfo.constants import DIMENSIONS_CHANGEMENT, VOIES_ACHAT
from transfo.model.audit import Audit, Source
from transfo.model.entities import ActiviteRaci, Chantier, Referentiel
from transfo.model.provenance import Provenance
from transfo.problems import Gravite, Probleme
from transfo.validate.schema_errors import Suggesteur

_AVERT = Gravite.AVERTISSEMENT
CALENDRIER_GAIN_RAPIDE_DEFAUT = 12


def traite_des_donnees_d_usagers(audit: Audit, chantier: Chantier) -> bool:
    """The heuristic of the AIPD warning: a chantier processes users' personal data when one
    of the processes it transforms has a step, existing or target, done by an actor of type
    « usager » (a user files a request, receives a decision…). Internal processes with only
    agents and partners are not presumed to; the consultant can still declare an AIPD."""
    for pid in chantier.processus:
        proc = audit.processus.get(pid)
        if proc is None:
            continue
        for etape in [*proc.existant, *proc.cible]:
            acteur = audit.acteurs.get(etape.acteur)
            if acteur is not None and acteur.type == "usager":
                return True
    return False


def _document_referentiel(audit: Audit) -> Provenance | None:
    """The référentiel's file, where its parameters, teams and roles are written."""
    source = audit.source_referentiel
    return None if source is None else source.provenance


_GENRES = {
    # genre → (list of the référentiel, feminine ending)
    "rôle": ("roles", ""),
    "instance": ("instances", "e"),
}


class _Roles:
    """The roles and bodies of the référentiel, and the hint for a misspelt one."""

    def __init__(self, referentiel: Referentiel | None) -> None:
        self.connus = referentiel is not None
        """False when the référentiel could not be read: its roles are then unknown, and a
        reference to one is not a mistake of its own."""
        self.tables: dict[str, set[str]] = {
            "rôle": {r.id for r in referentiel.roles} if referentiel else set(),
            "instance": {i.id for i in referentiel.instances} if referentiel else set(),
        }
        self._suggesteurs: dict[str, Suggesteur] = {}

    def verifier(self, ident: str | None, genre: str, source: Source,
                 *chemin: str | int) -> Iterator[Probleme]:
        table = self.tables[genre]
        if ident is None or ident in table or not self.connus:
            return
        liste, e = _GENRES[genre]
        if genre not in self._suggesteurs:
            self._suggesteurs[genre] = Suggesteur(table)
        if not table:
            indice = f"le référentiel ne déclare aucun{e} {genre} : ajoutez la liste « {liste} »"
        else:
            indice = self._suggesteurs[genre].suggestion(ident) or (
                f"aucun{e} {genre} ne porte cet identifiant : déclarez-l{'a' if e else 'e'} "
                f"dans « {liste} » du référentiel")
        yield Probleme(source.position(*chemin), f"{genre} inconnu{e} « {ident} »", indice,
                       code="reference")


def check(audit: Audit) -> Iterator[Probleme]:
    referentiel = audit.referentiel
    roles = _Roles(referentiel)
    document = _document_referentiel(audit)
    if referentiel is not None and document is not None:
        yield from _check_referentiel(audit, referentiel, Source(document), roles)
    for chantier in audit.chantiers.values():
        yield from _check_chantier(audit, chantier, audit.sources[chantier.id], roles)


def _check_referentiel(audit: Audit, referentiel: Referentiel, source: Source,
                       roles: _Roles) -> Iterator[Probleme]:
    vus: dict[str, tuple[str, int]] = {}
    ids = [("roles", i, r.id) for i, r in enumerate(referentiel.roles)] + [
        ("instances", i, x.id) for i, x in enumerate(referentiel.instances)]
    for liste, i, ident in ids:
        if ident in vus:
            premiere = source.position(vus[ident][0], vus[ident][1], "id")
            yield Probleme(
                source.position(liste, i, "id"),
                f"identifiant « {ident} » déjà utilisé ({premiere})",
                "chaque entité a un identifiant unique : renommez l'une des deux",
                code="id-double", voir_aussi=(premiere,))
        vus.setdefault(ident, (liste, i))
    suggesteur_directions = Suggesteur(audit.directions)
    for i, role in enumerate(referentiel.roles):
        if role.direction is not None and role.direction not in audit.directions:
            yield Probleme(
                source.position("roles", i, "direction"),
                f"direction inconnue « {role.direction} »",
                suggesteur_directions.suggestion(role.direction)
                or "aucune direction ne porte cet identifiant", code="reference")
    for i, instance in enumerate(referentiel.instances):
        for j, ident in enumerate(instance.composition):
            yield from roles.verifier(ident, "rôle", source, "instances", i, "composition", j)
        yield from roles.verifier(instance.presidence, "rôle", source, "instances", i,
                                  "presidence")


def _check_chantier(audit: Audit, chantier: Chantier, source: Source,
                    roles: _Roles) -> Iterator[Probleme]:
    for i, jalon in enumerate(chantier.jalons):
        yield from roles.verifier(jalon.responsable, "rôle", source, "jalons", i, "responsable")
    for dimension in DIMENSIONS_CHANGEMENT:
        for i, action in enumerate(getattr(chantier.conduite_du_changement, dimension)):
            yield from roles.verifier(action.responsable, "rôle", source,
                                      "conduite_du_changement", dimension, i, "responsable")
    yield from _check_gains_rapides(audit, chantier, source)
    cadrage = chantier.cadrage
    if cadrage is None:  # no note at all: nothing it could have said is checked
        return
    if cadrage.aipd is None and traite_des_donnees_d_usagers(audit, chantier):
        yield Probleme(
            source.position("cadrage", cle=True),
            f"le chantier « {chantier.id} » transforme un processus où des usagers "
            "interviennent, mais ne dit pas si une analyse d'impact (AIPD) est requise",
            "ajoutez au cadrage aipd: {requise: true|false, motif: …} ; les données "
            "personnelles d'usagers la rendent souvent obligatoire (RGPD, art. 35)",
            gravite=_AVERT, code="aipd")
    yield from roles.verifier(cadrage.responsable, "rôle", source, "cadrage", "responsable")
    for i, activite in enumerate(cadrage.raci):
        yield from _check_raci(activite, source, roles, i)
    for i, decision in enumerate(cadrage.decisions):
        yield from roles.verifier(decision.instance, "instance", source,
                                  "cadrage", "decisions", i, "instance")
    achat = cadrage.achat
    if achat is None or audit.referentiel is None:
        return
    lancement = achat.lancement or chantier.debut
    if achat.notification_prevue < lancement:
        yield Probleme(
            source.position("cadrage", "achat", "notification_prevue"),
            f"notification prévue le {achat.notification_prevue.isoformat()}, avant le "
            f"lancement de l'achat ({lancement.isoformat()})",
            "corrigez l'une des deux dates", code="dates")
        return
    delai = getattr(audit.referentiel.delais_achat, achat.voie).mois
    mois = mois_entre(lancement, achat.notification_prevue)
    if mois < delai:
        depuis = "le lancement de l'achat" if achat.lancement else "le début du chantier"
        yield Probleme(
            source.position("cadrage", "achat", "notification_prevue"),
            f"notification prévue {round(mois)} mois après {depuis} "
            f"({lancement.isoformat()}) : une procédure « {VOIES_ACHAT[achat.voie]} » "
            f"demande environ {delai} mois",
            f"reportez la notification d'au moins {delai - int(mois)} mois, lancez l'achat "
            "plus tôt (achat.lancement) ou choisissez une autre voie ; délais dans "
            "« delais_achat » du référentiel",
            gravite=_AVERT, code="delai-achat")


def _check_raci(activite: ActiviteRaci, source: Source, roles: _Roles,
                i: int) -> Iterator[Probleme]:
    chemin = ("cadrage", "raci", i)
    for cle, liste in (("responsable", activite.responsable), ("consultes", activite.consultes),
                       ("informes", activite.informes)):
        for j, ident in enumerate(liste):
            yield from roles.verifier(ident, "rôle", source, *chemin, cle, j)
    approbateur = activite.approbateur
    if isinstance(approbateur, str):
        yield from roles.verifier(approbateur, "rôle", source, *chemin, "approbateur")
        return
    nombre = len(approbateur or [])
    if nombre == 1 and approbateur:
        yield from roles.verifier(approbateur[0], "rôle", source, *chemin, "approbateur", 0)
        return
    if nombre == 0:
        message = f"activité « {activite.activite} » sans approbateur (A)"
        position = source.position(*chemin, "approbateur") if approbateur is not None \
            else source.position(*chemin, "activite")
    else:
        message = (f"activité « {activite.activite} » avec {nombre} approbateurs (A) : "
                   + ", ".join(f"« {r} »" for r in approbateur or []))
        position = source.position(*chemin, "approbateur")
    yield Probleme(
        position, message,
        "un RACI a exactement un « A » par activité, le rôle qui approuve et rend compte ; "
        "les autres sont responsables (R), consultés (C) ou informés (I)",
        code="raci")


def _check_gains_rapides(audit: Audit, chantier: Chantier,
                         source: Source) -> Iterator[Probleme]:
    referentiel = audit.referentiel
    if referentiel is None or referentiel.date_situation is None:
        return
    situation = referentiel.date_situation
    calendrier = referentiel.calendrier
    limite = calendrier.gain_rapide_mois if calendrier else CALENDRIER_GAIN_RAPIDE_DEFAUT
    for i, jalon in enumerate(chantier.jalons):
        if jalon.gain_rapide and mois_entre(situation, jalon.date) > limite:
            yield Probleme(
                source.position("jalons", i, "gain_rapide"),
                f"jalon « {jalon.libelle} » marqué gain rapide mais daté du "
                f"{jalon.date.isoformat()}, {round(mois_entre(situation, jalon.date))} mois "
                f"après la date de situation ({situation.isoformat()})",
                f"un gain rapide tombe dans les {limite} mois (calendrier.gain_rapide_mois du "
                "référentiel) : retirez la marque ou avancez le jalon",
                gravite=_AVERT, code="gain-rapide")
