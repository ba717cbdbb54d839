"""The public version of an audit: every ``visibilite: interne`` entity and text removed.

The public site and the public exports are built from this version only, figures included,
so that nothing internal can be read or inferred from them:

- an internal entity is removed, with the references to it from lists (a chantier's
  processes, gains and dependencies);
- a public step done by an internal actor, or with an internal application, stays listed
  and counted: its actor (or application) becomes a neutral « Acteur interne » with the same
  type and staff category, so that the step list and the figures agree and no internal id
  or name is shown; a public entity attached to an internal direction gets a neutral
  « Direction interne » the same way;
- review records (dates and fingerprints of the internal model) are dropped: a public
  build shows no review status;
- :attr:`Audit.retraits` names the public entities whose lists or figures leave internal
  content out, and ``PORTEFEUILLE`` when the portfolio totals do, so that their pages can
  say so.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from pydantic import BaseModel

from transfo.model.audit import Audit
from transfo.model.entities import (
    SECTIONS_APPUI,
    Acteur,
    Application,
    Chantier,
    Direction,
    Entite,
    Gain,
    Processus,
    Scenario,
    Suivi,
    Synthese,
    TexteMarque,
)
from transfo.model.genres import PREFIXES, TABLES

PORTEFEUILLE = "PORTEFEUILLE"
"""In :attr:`Audit.retraits`: the portfolio's totals leave internal content out."""
NOTE_RETRAIT = "Chiffres calculés sans le contenu interne"


def interne(valeur: Any) -> bool:
    return isinstance(valeur, Entite | TexteMarque) and valeur.visibilite == "interne"


def public_demande(defaut: bool = False, environnement: Mapping[str, str] | None = None) -> bool:
    """Whether to build or export the public version: ``TRANSFO_PUBLIC`` (``1``/``0``,
    ``oui``/``non``…) when it is set, ``defaut`` otherwise."""
    valeur = (os.environ if environnement is None else environnement).get("TRANSFO_PUBLIC")
    if valeur is None or valeur.strip() == "":
        return defaut
    return valeur.strip().lower() not in ("0", "false", "non", "no")


def visibilite_de(audit: Audit, ident: str) -> str:
    """« interne » when the entity, or the process or macroprocess it belongs to, is
    internal (it is then absent from the public version); « public » otherwise."""
    entite = audit.entite(ident)
    chaine = [entite]
    if ident in audit.processus_du_gain:
        entite = audit.processus.get(audit.processus_du_gain[ident])
        chaine.append(entite)
    elif ident in audit.chantier_du_gain:  # a chantier's own gain goes with its chantier
        chaine.append(audit.chantiers.get(audit.chantier_du_gain[ident]))
    if isinstance(entite, Processus):
        chaine.append(audit.macroprocessus.get(entite.macroprocessus))
    return "interne" if any(interne(e) for e in chaine) else "public"


def _filtrer(valeur: Any) -> Any:
    if isinstance(valeur, list):
        return [_filtrer(v) for v in valeur if not interne(v)]
    if isinstance(valeur, BaseModel):
        changes = {}
        for nom, champ in type(valeur).model_fields.items():
            actuel = getattr(valeur, nom)
            if interne(actuel):
                changes[nom] = None if not champ.is_required() else TexteMarque(texte="")
            else:
                filtre = _filtrer(actuel)
                if filtre is not actuel:
                    changes[nom] = filtre
        return valeur.model_copy(update=changes) if changes else valeur
    return valeur


class _Remplacants:
    """Neutral stand-ins for the internal entities that public content refers to: one per
    internal entity, numbered in the model's order, never its id or its name."""

    def __init__(self, genre: str, libelle: str, internes: Iterable[str],
                 pris: set[str]) -> None:
        self.genre, self.libelle = genre, libelle
        self.ordre = {ident: k for k, ident in enumerate(internes)}
        self.pris = pris
        self.ids: dict[str, str] = {}

    def __call__(self, ident: str) -> str:
        """Notes a reference (stand-ins are numbered once every reference is known)."""
        if ident in self.ordre:
            self.ids.setdefault(ident, "")
        return ident

    def numeroter(self) -> dict[str, tuple[str, str]]:
        """Internal id → (stand-in id, stand-in name)."""
        utilises = sorted(self.ids, key=self.ordre.__getitem__)
        sortie = {}
        for k, ident in enumerate(utilises, start=1):
            suffixe = f"-{k}" if len(utilises) > 1 else ""
            candidat = f"{PREFIXES[self.genre]}-INTERNE{suffixe}"
            while candidat in self.pris:
                candidat += "-X"
            self.pris.add(candidat)
            nom = f"{self.libelle} {k}" if len(utilises) > 1 else self.libelle
            sortie[ident] = (candidat, nom)
        return sortie


def _remplacer(valeur: Any, champs: dict[str, Callable[[str], str]]) -> Any:
    """``valeur`` with each reference field named in ``champs`` mapped (steps included)."""
    if isinstance(valeur, list):
        return [_remplacer(v, champs) for v in valeur]
    if not isinstance(valeur, BaseModel):
        return valeur
    changes = {}
    for nom in type(valeur).model_fields:
        actuel = getattr(valeur, nom)
        if nom in champs and isinstance(actuel, str):
            nouveau: Any = champs[nom](actuel)
        else:
            nouveau = _remplacer(actuel, champs)
        if nouveau != actuel:
            changes[nom] = nouveau
    return valeur.model_copy(update=changes) if changes else valeur


def _sans_revue(valeur: Any) -> Any:
    if isinstance(valeur, Gain | Chantier) and valeur.revue is not None:
        return valeur.model_copy(update={"revue": None})
    return valeur


def _suivis_publics(audit: Audit, chantiers: Mapping[str, Chantier],
                    gains: Mapping[str, Gain]) -> tuple[dict[str, Suivi], dict[str, Any]]:
    """The follow-up of the public chantiers, without internal indicators or texts, nor
    references to gains that the public version leaves out."""
    suivis: dict[str, Suivi] = {}
    for cid, suivi in audit.suivis.items():
        if interne(suivi) or cid not in chantiers:
            continue
        filtre: Suivi = _filtrer(suivi)
        indicateurs = [i if i.gain is None or i.gain in gains
                       else i.model_copy(update={"gain": None}) for i in filtre.indicateurs]
        realise = filtre.realise.model_copy(
            update={"gains": [g for g in filtre.realise.gains if g.gain in gains]})
        suivis[cid] = filtre.model_copy(update={"indicateurs": indicateurs, "realise": realise})
    return suivis, {cid: audit.sources_suivi[cid] for cid in suivis}


def version_publique(audit: Audit) -> Audit:
    def garder(table: dict[str, Any]) -> dict[str, Any]:
        return {k: _filtrer(v) for k, v in table.items() if not interne(v)}

    # Every table of the registry loses its internal entities here, a kind unknown to the
    # steps below included; those steps then only remove more (what depends on a removed
    # entity) and replace references.
    tables: dict[str, Any] = {
        g.table: garder(getattr(audit, g.table)) for g in TABLES if g.table is not None}
    macros_internes = {m.id for m in audit.macroprocessus.values() if interne(m)}
    processus: dict[str, Processus] = {
        k: v for k, v in tables["processus"].items() if v.macroprocessus not in macros_internes
    }
    processus = {
        k: p.model_copy(update={"gains": [_sans_revue(g) for g in p.gains]})
        for k, p in processus.items()
    }
    retraits: set[str] = {
        k for k, p in processus.items() if len(p.gains) != len(audit.processus[k].gains)
    }
    retraits |= {m for m, procs in audit.processus_du_macro().items()
                 if any(p not in processus for p in procs)}
    gains = {g.id: g for p in processus.values() for g in p.gains}
    restants = set(processus) | set(gains)
    chantiers: dict[str, Chantier] = {}
    for cid, chantier in tables["chantiers"].items():
        chantiers[cid] = _sans_revue(chantier).model_copy(update={
            "processus": [p for p in chantier.processus if p in restants],
            "gains_propres": [_sans_revue(g) for g in chantier.gains_propres],
        })
    propres = {g.id for c in chantiers.values() for g in c.gains_propres}
    restants |= propres
    for cid, chantier in chantiers.items():
        chantiers[cid] = chantier.model_copy(
            update={"gains": [g for g in chantier.gains if g in restants]})
    for cid, chantier in chantiers.items():
        chantiers[cid] = chantier.model_copy(
            update={"depend_de": [d for d in chantier.depend_de if d in chantiers]}
        )
        avant = audit.chantiers[cid]
        if (len(chantier.ids_gains), len(chantier.processus), len(chantier.depend_de)) != (
                len(avant.ids_gains), len(avant.processus), len(avant.depend_de)):
            retraits.add(cid)
    # A gain shared with an internal chantier is no longer shared: the public chantiers
    # that deliver it count more of it than in the internal version.
    partages = {g for cid, c in audit.chantiers.items() if cid not in chantiers for g in c.gains}
    retraits |= {cid for cid, c in chantiers.items() if partages & set(c.gains)}
    if (len(chantiers), len(gains) + len(propres), len(processus)) != (
            len(audit.chantiers), len(audit.gains), len(audit.processus)) or (
            retraits & set(chantiers)):
        retraits.add(PORTEFEUILLE)

    # A public scenario keeps its public chantiers (and their shifts); with none left it says
    # nothing publicly and is removed.
    scenarios: dict[str, Scenario] = {}
    for sid, scenario in tables["scenarios"].items():
        publics = [c for c in scenario.chantiers if c in chantiers]
        if not publics:
            continue
        scenarios[sid] = scenario.model_copy(update={
            "chantiers": publics,
            "decalages": [d for d in scenario.decalages if d.chantier in chantiers]})
        if len(publics) != len(scenario.chantiers) or retraits & set(publics):
            retraits.add(sid)

    directions = tables["directions"]
    acteurs = tables["acteurs"]
    applications = tables["applications"]
    macroprocessus = tables["macroprocessus"]
    pris = set(audit.sources)
    rempl_dir = _Remplacants("direction", "Direction interne",
                             [d for d in audit.directions if d not in directions], pris)
    rempl_act = _Remplacants("acteur", "Acteur interne",
                             [a for a in audit.acteurs if a not in acteurs], pris)
    rempl_app = _Remplacants("application", "Application interne",
                             [a for a in audit.applications if a not in applications], pris)
    champs: dict[str, Callable[[str], str]] = {
        "direction": rempl_dir, "pilote": rempl_dir, "acteur": rempl_act,
        "application": rempl_app}
    # First pass: note which internal entities public content refers to.
    for table in (acteurs, macroprocessus, processus, chantiers):
        for entite in table.values():
            _remplacer(entite, champs)
    for ident in rempl_act.ids:  # a stand-in actor keeps its direction, itself replaced
        rempl_dir(audit.acteurs[ident].direction or "")
    vers_dir = rempl_dir.numeroter()
    vers_act = rempl_act.numeroter()
    vers_app = rempl_app.numeroter()

    def correspondance(table: dict[str, tuple[str, str]]) -> Callable[[str], str]:
        return lambda ident: table[ident][0] if ident in table else ident

    champs = {"direction": correspondance(vers_dir), "pilote": correspondance(vers_dir),
              "acteur": correspondance(vers_act), "application": correspondance(vers_app)}
    for nouveau, nom in vers_dir.values():
        directions[nouveau] = Direction(id=nouveau, nom=nom)
    for ident, (nouveau, nom) in vers_act.items():
        original = audit.acteurs[ident]
        directions_acteur = correspondance(vers_dir)(original.direction or "") or None
        acteurs[nouveau] = Acteur(id=nouveau, nom=nom, type=original.type,
                                  direction=directions_acteur, categorie=original.categorie,
                                  genre=original.genre)
    for nouveau, nom in vers_app.values():
        applications[nouveau] = Application(id=nouveau, nom=nom)

    def remplacer_table(table: dict[str, Any]) -> dict[str, Any]:
        return {k: _remplacer(v, champs) for k, v in table.items()}

    acteurs = remplacer_table(acteurs)
    macroprocessus = remplacer_table(macroprocessus)
    processus = remplacer_table(processus)
    chantiers = remplacer_table(chantiers)
    gains = {g.id: g for p in processus.values() for g in p.gains}
    gains |= {g.id: g for c in chantiers.values() for g in c.gains_propres}

    referentiel = audit.referentiel
    if referentiel is not None:
        referentiel = _filtrer(referentiel).model_copy(update={
            "directions": list(directions.values()),
            "acteurs": list(acteurs.values()),
            "applications": list(applications.values()),
        })
    tables |= {"directions": directions, "acteurs": acteurs, "applications": applications,
               "macroprocessus": macroprocessus, "processus": processus, "gains": gains,
               "chantiers": chantiers, "scenarios": scenarios}
    publique = dataclasses.replace(audit, referentiel=referentiel, retraits=retraits, **tables)
    gardes = {ident for _genre, table in publique.tables() for ident in table}
    publique.sources = {k: v for k, v in audit.sources.items() if k in gardes}
    publique.suivis, publique.sources_suivi = _suivis_publics(audit, chantiers, gains)
    publique.processus_du_gain = {
        k: v for k, v in audit.processus_du_gain.items() if k in gains
    }
    publique.synthese = _synthese_publique(audit, publique)
    publique.chantier_du_gain = {
        k: v for k, v in audit.chantier_du_gain.items() if k in gains
    }
    return publique


def _synthese_publique(audit: Audit, publique: Audit) -> Synthese | None:
    """The synthesis without its internal messages, priorities, decisions and texts, and
    without references to what the public version no longer has."""
    if audit.synthese is None:
        return None
    synthese: Synthese = _filtrer(audit.synthese)
    restants = {ident for _genre, table in publique.tables() for ident in table}

    def garder(idents: list[str]) -> list[str]:
        return [i for i in idents if i in restants or i in SECTIONS_APPUI]

    return synthese.model_copy(update={
        "messages_cles": [m.model_copy(update={"appuis": garder(m.appuis)})
                          for m in synthese.messages_cles],
        "priorites": [p.model_copy(update={"chantiers": garder(p.chantiers)})
                      for p in synthese.priorites],
        "decisions": [d.model_copy(update={"chantiers": garder(d.chantiers)})
                      for d in synthese.decisions],
    })
