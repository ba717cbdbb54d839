"""What every page template can call: links to entities, safe prose, numbers, figures.

The Jinja2 environment autoescapes every value; prose fields go through :mod:`prose`;
headings written in Markdown go through :func:`md`, which turns every character that
Markdown or its extensions could read as syntax into an HTML entity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from transfo import constants, formats, typographie
from transfo.analyse.agregats import retroliens
from transfo.analyse.revue import StatutRevue, statuts
from transfo.analyse.suivi import FREQUENCES, STATUTS_INDICATEUR, STATUTS_JALON
from transfo.analyse.valeur import Analyse
from transfo.model.audit import Audit, nom_entite
from transfo.model.entities import Entite, TexteMarque
from transfo.model.genres import PAR_CODE
from transfo.render import diagrammes
from transfo.render.prose import prose_html
from transfo.render.urls import EXPORTS, Liens, page_entite, page_section

LIBELLES_CHAMPS = {
    "libelle": "Libellé",
    "acteur": "Acteur",
    "application": "Application",
    "canal": "Canal",
    "duree_minutes": "Durée",
    "delai_jours": "Délai",
    "part": "Part des dossiers",
    "suivantes": "Étapes suivantes",
}
"""A step's fields as a reader names them (gap tables)."""

MENTION_INTERNE = "Interne — absent de la version publique"
BADGE_INTERNE = Markup(
    f'<span class="transfo-interne" title="{MENTION_INTERNE}">{MENTION_INTERNE}</span>')
BADGE_INTERNE_COURT = Markup(
    f'<span class="transfo-interne transfo-interne-court" title="{MENTION_INTERNE}">'
    "interne</span>")

_SPECIAUX_MD = re.compile(r"[\\`*_{}\[\]()#+\-.!|<>&~:=^]")


def md(texte: Any) -> Markup:
    """Plain text for a Markdown line (a heading), in French typography: every special
    character as an entity."""
    return Markup(_SPECIAUX_MD.sub(lambda m: f"&#{ord(m.group())};", typographie.texte(str(texte))))


def cible_entite(audit: Audit, ident: str,
                 genre: str | None = None) -> tuple[str, str | None] | None:
    """The page (``src_uri``) and anchor where an entity is shown; ``genre``: its kind,
    when the caller knows it."""
    genre = genre or audit.genre(ident)
    if genre is None:
        return None
    if genre == "gain":  # shown, with its hypothesis, on the page of what carries it
        if ident in audit.chantier_du_gain:
            return page_entite("chantier", audit.chantier_du_gain[ident]), ident
        return page_entite("processus", audit.processus_du_gain[ident]), ident
    if PAR_CODE[genre].pages is None:
        return None
    # An entity with a page of its own, or an anchor of its folder's page (registry).
    return page_entite(genre, ident), None if PAR_CODE[genre].page_propre else ident


@dataclass
class Contexte:
    """Shared by every page of one build."""

    audit: Audit
    analyse: Analyse
    urls_repertoires: bool
    public: bool
    statuts_revue: list[StatutRevue] | None = None
    """The review statuses validation computed (:attr:`Resultat.revues`); computed here
    only for a context made without a validation (a test of one page)."""

    def __post_init__(self) -> None:
        self.retroliens = retroliens(self.audit)
        # A public build shows no review status: it would be computed on another model
        # than the one reviewed (see transfo.model.visibilite).
        revues = [] if self.public else self.statuts_revue
        self.revues = {s.id: s for s in (statuts(self.audit) if revues is None else revues)}
        # Thousands of links per page: where each entity lives and its name, computed once.
        # Every entity of the tables, including the neutral stand-ins of a public build.
        self.cibles: dict[str, tuple[str, str | None]] = {}
        self.noms: dict[str, str] = {}
        self.internes: set[str] = set()
        """Internal entities, marked as such on the pages of an internal build."""
        premier: dict[str, str] = {}
        """Each id's first kind in the tables' order, as :meth:`Audit.genre` finds it."""
        for genre, table in self.audit.tables():
            for ident in table:
                premier.setdefault(ident, genre)
        for genre, table in self.audit.tables():
            for ident, entite in table.items():
                cible = cible_entite(self.audit, ident, genre) if premier[ident] == genre \
                    else None
                if cible is not None:
                    self.cibles[ident] = cible
                    self.noms[ident] = nom_entite(entite, ident)
                if isinstance(entite, Entite) and entite.visibilite == "interne":
                    self.internes.add(ident)


def creer_environnement() -> Environment:
    env = Environment(
        loader=PackageLoader("transfo.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        md=md,
        euros=formats.euros,
        euros_arrondis=formats.euros_arrondis,
        milliers=formats.milliers,
        nombre=formats.nombre,
        pourcent=formats.pourcent,
        annees=formats.annees,
        minutes=formats.duree_minutes,
        entier=formats.entier,
        decimal=formats.decimal,
        montant=formats.montant,
        jours=formats.jours,
        heures=formats.heures,
        niveau=formats.niveau,
        evolution=formats.evolution,
        quantite=formats.quantite,
        taux=formats.taux,
        date_fr=lambda d: d.strftime("%d/%m/%Y") if d else "—",
    )
    env.globals.update(
        FAMILLES=constants.FAMILLES, POTENTIELS=constants.POTENTIELS,
        LEVIERS=constants.LEVIERS, ENJEUX=constants.ENJEUX, CANAUX=constants.CANAUX,
        TYPES_ACTEUR=constants.TYPES_ACTEUR, NATURES_GAIN=constants.NATURES_GAIN,
        NATURES_VALEUR=constants.NATURES_VALEUR, GENRES_PARTENAIRE=constants.GENRES_PARTENAIRE,
        AXES_MAREVA=constants.AXES_MAREVA, CONFIANCES=constants.CONFIANCES,
        VALORISATIONS=constants.VALORISATIONS, HORIZONS=constants.HORIZONS,
        NIVEAUX=constants.NIVEAUX, DIMENSIONS=constants.DIMENSIONS_CHANGEMENT,
        MOTIFS_NECESSITE=constants.MOTIFS_NECESSITE,
        CRITERES_MAITRISE=constants.CRITERES_MAITRISE,
        UNITES=constants.UNITES, ECART_CONFIANCE=constants.ECART_CONFIANCE,
        VOIES_ACHAT=constants.VOIES_ACHAT, LETTRES_RACI=constants.LETTRES_RACI,
        GENRES_PLAN=constants.GENRES_PLAN,
        STATUTS_JALON=STATUTS_JALON, STATUTS_INDICATEUR=STATUTS_INDICATEUR,
        FREQUENCES=FREQUENCES,
    )
    return env


class Page:
    """Helpers bound to one page: links are relative to it."""

    def __init__(self, ctx: Contexte, src_uri: str) -> None:
        self.ctx = ctx
        self.src_uri = src_uri
        self._liens = Liens(src_uri, ctx.urls_repertoires)
        self._liens_faits: dict[tuple[str, bool, bool], Markup] = {}

    def url(self, cible: str, ancre: str | None = None) -> str:
        return self._liens.url(cible, ancre)

    def url_section(self, section: str, ancre: str | None = None) -> str:
        """Relative URL from this page to a site section's page (``"valeur"``), by its key
        in :mod:`transfo.render.pages`: templates never write a page's path."""
        return self._liens.url(page_section(section), ancre)

    def url_export(self, nom: str) -> str:
        """Relative URL from this page to one of the exports the site offers
        (``"audit.xlsx"``)."""
        return self._liens.url(f"{EXPORTS}/{nom}")

    def href(self, ident: str) -> str | None:
        cible = self.ctx.cibles.get(ident)
        return None if cible is None else self.url(*cible)

    def lien(self, ident: str | None, *, court: bool = False, nom_seul: bool = False) -> Markup:
        """A link to an entity showing its name and id; the id alone when ``court``, the
        name alone (the id in a tooltip) when ``nom_seul``. Pages repeat the same links many
        times (a step table names its actors on every row): each is built once per page."""
        if not ident:
            return Markup("—")
        cle = (ident, court, nom_seul)
        deja = self._liens_faits.get(cle)
        if deja is not None:
            return deja
        href = self.href(ident)
        nom = self.ctx.noms.get(ident, ident)
        code = f'<code class="transfo-id">{escape(ident)}</code>'
        if nom_seul and nom != ident:
            texte = f'<span title="{escape(ident)}">{escape(nom)}</span>'
        elif court or nom == ident:
            texte = code
        else:
            texte = f"{escape(nom)} {code}"
        # Every part is escaped just above; plain f-strings are several times faster than
        # Markup.format on the thousands of links of a large model.
        fait = Markup(texte if href is None else f'<a href="{escape(href)}">{texte}</a>')
        if ident in self.ctx.internes and not self.ctx.public:
            fait = fait + " " + BADGE_INTERNE_COURT
        self._liens_faits[cle] = fait
        return fait

    def liens(self, idents: list[str], *, court: bool = False,
              nom_seul: bool = False) -> Markup:
        if not idents:
            return Markup("—")
        return Markup(", ").join(self.lien(i, court=court, nom_seul=nom_seul) for i in idents)

    def code(self, section: str, code: str, libelles: dict[str, str]) -> Markup:
        """A lever or stake: its label, linking to its index entry."""
        return Markup('<a href="{}">{}</a>').format(
            self.url_section(f"index_{section}", code), libelles.get(code, code)
        )

    def changement(self, champ: str, avant: object, apres: object) -> Markup:
        """One change of a step, in words: « Durée : 1 h 30 → 40 min », « Application : — →
        Portail usagers »."""
        libelle = LIBELLES_CHAMPS.get(champ, champ.replace("_", " ").capitalize())
        return Markup("{} : {} → {}").format(
            libelle, self._valeur_champ(champ, avant), self._valeur_champ(champ, apres))

    def _valeur_champ(self, champ: str, valeur: object) -> Markup | str:
        return diagrammes.valeur_de_champ(champ, valeur,
                                          lambda ident: self.lien(ident, nom_seul=True))

    def prose(self, texte: TexteMarque | str | None) -> Markup:
        if texte is None:
            return Markup("")
        brut = texte.texte if isinstance(texte, TexteMarque) else texte
        if isinstance(texte, TexteMarque) and texte.visibilite == "interne":
            return self.interne(texte) + prose_html(brut)
        return prose_html(brut)

    def interne(self, element: object) -> Markup:
        """The mark « Interne — absent de la version publique » when ``element`` (an
        entity or a text) is internal, in an internal build; nothing otherwise."""
        if self.ctx.public or not isinstance(element, Entite | TexteMarque):
            return Markup("")
        return BADGE_INTERNE if element.visibilite == "interne" else Markup("")

    def variables(self) -> dict[str, Any]:
        return {
            "page": self, "audit": self.ctx.audit, "analyse": self.ctx.analyse,
            "lien": self.lien, "liens": self.liens, "prose": self.prose, "url": self.url,
            "url_section": self.url_section, "url_export": self.url_export,
            "public": self.ctx.public, "retroliens": self.ctx.retroliens,
            "revues": self.ctx.revues, "interne": self.interne,
            "esc": escape,
        }
