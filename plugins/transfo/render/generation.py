"""The generated site for any engine: from a validated model to its pages, files and navigation.

The mkdocs plugin and ``transfo generer`` both go through this module, so that the site an
engine builds from ``transfo generer``'s folder and the one the plugin hands to mkdocs cannot
drift: same model (lightened, public version when asked), same analysis, same pages, same
navigation (both then build through :class:`transfo.publication.Publication`, which adds the
exports). What stays in the plugin is what needs mkdocs' rendered HTML (the « Document
complet », the typography pass over each final page) or its objects (edit links, files).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from transfo.analyse.revue import StatutRevue
from transfo.analyse.valeur import Analyse, analyser
from transfo.model.audit import Audit
from transfo.model.visibilite import version_publique
from transfo.render.pages import navigation, navigation_tete, sections
from transfo.render.site import SiteGenere

PAGES_EQUIPE = ("contribuer.md",)
"""Hand-written pages meant for the audit team, left out of a public build."""
SECTIONS_EQUIPE = tuple(s.src_uri for s in sections().values() if s.equipe)
"""Generated sections meant for the audit team, left out of a public build."""
NAVIGATION = "navigation.yml"
"""The navigation file ``transfo generer`` writes beside the pages."""

ENTETE_NAVIGATION = """\
# Navigation des pages générées par « transfo generer » ({version}), au format de la clé
# « nav: » de mkdocs.yml. Pour construire le site avec un autre moteur que le greffon
# transfo : copiez les pages écrites à la main (content/) dans ce dossier, puis recopiez ces
# entrées dans la clé « nav: » de la configuration, la note de synthèse en tête (avant
# l'accueil), les autres sections après l'accueil, suivies des autres pages écrites à la main.
# La page « Document complet » n'existe que dans le site construit par le greffon.
"""
ENTETE_PUBLIC = """\
# Version publique : laissez de côté les pages écrites à la main réservées à l'équipe
# ({pages}).
"""


def sans(nav: list[Any], retirees: set[str]) -> list[Any]:
    """``nav`` without the entries that point to one of ``retirees`` (sections included)."""
    sortie: list[Any] = []
    for entree in nav:
        if isinstance(entree, str):
            if entree not in retirees:
                sortie.append(entree)
            continue
        if isinstance(entree, dict):
            garde = {}
            for titre, valeur in entree.items():
                if isinstance(valeur, list):
                    valeur = sans(valeur, retirees)
                    if not valeur:
                        continue
                elif isinstance(valeur, str) and valeur in retirees:
                    continue
                garde[titre] = valeur
            if garde:
                sortie.append(garde)
            continue
        sortie.append(entree)
    return sortie


@dataclass(frozen=True)
class Edition:
    """The model as one kind of site shows it (internal or public), with its analysis."""

    audit: Audit
    analyse: Analyse
    public: bool
    revues: list[StatutRevue] = field(default_factory=list)
    """The review statuses of the validated model (none in a public site)."""

    @property
    def genre(self) -> str:
        """The kind of site, which names its own folders in the cache."""
        return "public" if self.public else "interne"

    def navigation_tete(self) -> list[Any]:
        """The entries that come before the hand-written pages (the synthesis note)."""
        return navigation_tete(self.audit)

    def navigation_generee(self) -> list[Any]:
        """The generated sections, which come after the first hand-written pages."""
        generees = navigation(self.audit)
        return sans(generees, set(SECTIONS_EQUIPE)) if self.public else generees

    def navigation(self, ecrite: list[Any], position: int) -> list[Any]:
        """The whole navigation: the head entries, then the hand-written ``ecrite`` with the
        generated sections inserted after its first ``position`` entries."""
        if self.public:
            ecrite = sans(ecrite, set(PAGES_EQUIPE))
        position = min(max(position, 0), len(ecrite))
        return [*self.navigation_tete(), *ecrite[:position], *self.navigation_generee(),
                *ecrite[position:]]


def editer(audit: Audit, *, public: bool, revues: list[StatutRevue]) -> Edition:
    """The validated ``audit`` made ready for a site: its public version when ``public``,
    and analysed; ``revues``, the review statuses its validation computed, are shown by
    an internal site only."""
    if public:
        audit = version_publique(audit)
    return Edition(audit, analyser(audit), public, [] if public else revues)


def navigation_yaml(edition: Edition, version: str) -> str:
    """The generated navigation as the ``nav:`` key of an mkdocs.yml, with how to merge it."""
    nav = [*edition.navigation_tete(), *edition.navigation_generee()]
    corps = yaml.safe_dump({"nav": nav}, allow_unicode=True, sort_keys=False, width=100)
    entete = ENTETE_NAVIGATION.format(version=version)
    if edition.public:
        entete += ENTETE_PUBLIC.format(pages=", ".join(PAGES_EQUIPE))
    return entete + corps


def ecrire_site(dossier: Path, edition: Edition, site: SiteGenere, version: str) -> int:
    """Writes into the empty ``dossier`` every generated page (``<src_uri>``), every diagram,
    chart and export (``<uri>``) and the navigation file, once ``site``'s files are all on
    disk; returns the number of files written."""
    site.attendre()
    ecrits = 0
    for page in site.pages:
        chemin = dossier / page.src_uri
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_bytes(page.contenu.encode())
        ecrits += 1
    for uri, source in sorted(site.fichiers.items()):
        chemin = dossier / uri
        chemin.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, chemin)
        ecrits += 1
    (dossier / NAVIGATION).write_text(navigation_yaml(edition, version), encoding="utf-8")
    return ecrits + 1
