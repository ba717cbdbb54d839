"""The rules on how a gain is valued, as a public-finance reviewer reads it: its axis, its
nature, the unit it is measured in and whose time it values. One function per rule, each
reporting under its own code (:mod:`transfo.validate.regles`)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from transfo.model.audit import Audit, Source
from transfo.model.entities import Gain, Valorisation
from transfo.problems import Gravite, Probleme

AXES_PROJET = ("necessite", "maitrise_risques")
AXE_DE_LA_NATURE = {
    "budgetaire": "rentabilite", "temps_agent": "internalites", "temps_usager": "externalites",
    "temps_partenaire": "externalites",
}
TYPES_PERMIS = {
    "budgetaire": ("euros", "etp"),
    "temps_agent": ("etp", "euros"),
    "temps_usager": ("heures_usager",),
    "temps_partenaire": ("heures_partenaire",),
}


@dataclass(frozen=True)
class GainValorise:
    """A quantitative gain with a valuation, and where it is written."""

    id: str
    gain: Gain
    val: Valorisation
    source: Source
    audit: Audit


def axe_projet(gid: str, gain: Gain, source: Source) -> Iterator[Probleme]:
    if gain.axe in AXES_PROJET:
        yield Probleme(
            source.position("axe"),
            f"le gain « {gid} » est sur l'axe « {gain.axe} », qui note le chantier "
            "lui-même et ne porte pas de gain",
            "mettez-le sur internalites, externalites ou rentabilite ; pour la nécessité, "
            "déclarez un motif (motifs_necessite) dans le chantier, pour la maîtrise des "
            "risques, ses risques et criteres_maitrise",
            code="axe-projet",
        )


def nature_manquante(g: GainValorise) -> Iterator[Probleme]:
    if g.val.nature is None:
        yield Probleme(
            g.source.position("valorisation"),
            f"le gain quantitatif « {g.id} » ne dit pas sa nature",
            "ajoutez valorisation.nature : budgetaire (argent du budget), temps_agent "
            "(temps libéré et redéployé), temps_usager (temps gagné par les usagers) ou "
            "temps_partenaire (temps gagné par les partenaires)",
            code="nature-manquante",
        )


def nature_type(g: GainValorise) -> Iterator[Probleme]:
    val = g.val
    if val.nature is not None and val.type not in TYPES_PERMIS[val.nature]:
        yield Probleme(
            g.source.position("valorisation", "nature"),
            f"un gain de nature « {val.nature} » ne se mesure pas en « {val.type} »",
            "temps_usager : heures_usager ; temps_partenaire : heures_partenaire ; "
            "temps_agent : etp ou euros ; budgetaire : euros",
            code="nature-type",
        )


def _partenaires_sans_genre(audit: Audit, gid: str) -> list[str]:
    """Partners of the gain's process (existant or cible) that declare no kind."""
    proc = audit.processus.get(audit.processus_du_gain.get(gid, ""))
    if proc is None:
        return []
    ids = dict.fromkeys(e.acteur for e in (*proc.existant, *proc.cible))
    return [a for a in ids if (acteur := audit.acteurs.get(a)) is not None
            and acteur.type == "partenaire" and acteur.genre is None]


def genre_manquant(g: GainValorise) -> Iterator[Probleme]:
    val = g.val
    if val.nature == "temps_usager" and val.usager is None:
        yield Probleme(
            g.source.position("valorisation", "nature"),
            "genre d'usager manquant pour un gain de temps d'usager",
            "ajoutez valorisation.usager : particulier, professionnel ou entreprise "
            "(chacun a sa valeur de l'heure dans le référentiel)",
            code="genre-manquant",
        )
    if val.nature == "temps_partenaire" and val.partenaire is None:
        manquants = _partenaires_sans_genre(g.audit, g.id) if val.derivee else []
        if not val.derivee or manquants:
            qui = (f" : {', '.join(f'« {a} »' for a in manquants)} ne "
                   f"{'déclare' if len(manquants) == 1 else 'déclarent'} pas de genre"
                   if manquants else "")
            yield Probleme(
                g.source.position("valorisation", "nature"),
                f"genre de partenaire manquant pour le gain « {g.id} »{qui}",
                "ajoutez genre (agent_public, professionnel_sante, benevole ou salarie) à "
                "chaque partenaire dans le référentiel, ou valorisation.partenaire au gain "
                "(chaque genre a sa valeur de l'heure dans le référentiel)",
                code="genre-manquant",
            )


def genre_hors_nature(g: GainValorise) -> Iterator[Probleme]:
    for champ, qui in (("usager", "d'usager"), ("partenaire", "de partenaire")):
        if g.val.nature != f"temps_{champ}" and getattr(g.val, champ) is not None:
            yield Probleme(
                g.source.position("valorisation", champ),
                f"un genre {qui} n'a de sens que pour un gain de temps {qui}",
                f"retirez {champ}, ou passez la nature en temps_{champ}",
                code="genre-hors-nature",
            )


def _etp_budgetaire(val: Valorisation) -> bool:
    return val.nature == "budgetaire" and val.type == "etp"


def etp_budgetaire(g: GainValorise) -> Iterator[Probleme]:
    if _etp_budgetaire(g.val):
        yield Probleme(
            g.source.position("valorisation", "nature"),
            f"le gain « {g.id} » présente du temps d'agent comme une économie budgétaire : "
            "il est compté comme temps d'agent redéployé",
            "le temps libéré ne devient une économie que par des postes non remplacés : "
            "passez la nature en temps_agent et déclarez la trajectoire datée "
            "(non_remplacement) dans le chantier",
            gravite=Gravite.AVERTISSEMENT,
            code="etp-budgetaire",
        )


def axe_nature(g: GainValorise) -> Iterator[Probleme]:
    if g.val.nature is None:
        return
    lue = "temps_agent" if _etp_budgetaire(g.val) else g.val.nature
    attendu = AXE_DE_LA_NATURE[lue]
    axe = g.gain.axe
    if axe not in AXES_PROJET and axe != attendu:
        yield Probleme(
            g.source.position("axe"),
            f"un gain de nature « {lue} » se range sur l'axe « {attendu} », pas « {axe} »",
            "rentabilite : le budget ; internalites : le temps des agents ; "
            "externalites : celui des usagers et des partenaires",
            gravite=Gravite.AVERTISSEMENT,
            code="axe-nature",
        )


REGLES_DE_NATURE: tuple[Callable[[GainValorise], Iterator[Probleme]], ...] = (
    nature_type, genre_manquant, genre_hors_nature, etp_budgetaire, axe_nature,
)
"""The rules that read a valued gain's nature: none runs while the nature is missing."""


def check(audit: Audit) -> Iterator[Probleme]:
    for gid, gain in audit.gains.items():
        source = audit.sources.get(gid)
        if source is None:
            continue
        yield from axe_projet(gid, gain, source)
        if gain.nature != "quantitatif" or gain.valorisation is None:
            continue
        valorise = GainValorise(gid, gain, gain.valorisation, source, audit)
        if valorise.val.nature is None:
            yield from nature_manquante(valorise)
            continue
        for regle in REGLES_DE_NATURE:
            yield from regle(valorise)
