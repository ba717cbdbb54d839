"""The generated part of the site: every page, diagram, chart and export, and the navigation.

Plain Python: the mkdocs plugin only hands these pages and files to mkdocs. Diagrams are
submitted to the Graphviz pool as pages are written, so that rendering overlaps the rest of
the build; :meth:`SiteGenere.attendre` returns when every SVG is on disk.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from transfo.analyse import scenarios
from transfo.analyse.capacite import SEUIL_LIMITE, analyser_capacite
from transfo.analyse.gouvernance import calendrier_achat, gouvernance, grille_raci
from transfo.analyse.hypotheses import enjeu, hypotheses_a_confirmer
from transfo.analyse.plan_court_terme import plan_court_terme
from transfo.analyse.suivi import SuiviChantier, analyser_suivi
from transfo.analyse.synthese import (
    NOMBRE_RISQUES,
    budget_pluriannuel,
    decisions_par_date,
    principaux_risques,
)
from transfo.analyse.valeur import SCENARIOS, Analyse, ValeurChantier, analyser
from transfo.constants import (
    AXES_MAREVA,
    DIMENSIONS_CHANGEMENT,
    ENJEUX,
    INSTANCES,
    LEVIERS,
)
from transfo.model.audit import Audit, inverser
from transfo.model.entities import SECTIONS_APPUI, DelaisAchat, Processus
from transfo.model.flux import successeurs
from transfo.model.visibilite import NOTE_RETRAIT, PORTEFEUILLE
from transfo.render import (
    diagrammes,
    graphique_budget,
    graphique_capacite,
    graphiques,
    memoire,
    page_scenarios,
)
from transfo.render.arriere_plan import TravauxDeFond, ecrire_exports
from transfo.render.contexte import BADGE_INTERNE, Contexte, Page, creer_environnement
from transfo.render.graphiques import Graphiques
from transfo.render.svg_cache import RenduSvg
from transfo.render.urls import DIAGRAMMES, EXPORTS, GRAPHIQUES, page_entite, page_section

_ENTETE_SVG = re.compile(r"^.*?(<svg\b)", re.DOTALL)
_TITRE = re.compile(r"^# .*\n", re.MULTILINE)
PAGES_PORTEFEUILLE = ("valeur", "gains", "feuille_de_route", "conduite", "synthese",
                      "scenarios", "capacite", "suivi")
"""Sections whose figures or lists cover the whole portfolio."""


def avec_mention(contenu: str, mention: str) -> str:
    """The page with ``mention`` (HTML) right under its title."""
    titre = _TITRE.search(contenu)
    if titre is None:
        return contenu
    return f"{contenu[:titre.end()]}\n{mention}\n{contenu[titre.end():]}"


def note_retrait() -> str:
    """Said under the title of a public page whose figures leave internal content out."""
    return (
        '<div class="admonition info transfo-retrait"><p class="admonition-title">'
        f"{NOTE_RETRAIT}</p><p>Cette page fait partie de la version publique de l’audit\u00a0: "
        "les éléments réservés à l’usage interne en sont retirés, et ses chiffres sont "
        "calculés sans eux.</p></div>"
    )


@cache
def environnement() -> Environment:
    """The pages' templates, compiled once per process: the rebuilds of a live preview reuse
    them (Jinja still reloads a template whose file changed)."""
    return creer_environnement()


@dataclass(frozen=True)
class PageGeneree:
    src_uri: str
    titre: str
    contenu: str
    source: str | None = None
    """The YAML file the page comes from (for the edit link), relative to the repository."""


def ecrire_si_change(dossier: Path, page: PageGeneree) -> Path:
    """Writes a generated page under ``dossier`` unless it is already there, unchanged."""
    chemin = dossier / page.src_uri
    contenu = page.contenu.encode()
    if not chemin.exists() or chemin.read_bytes() != contenu:
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_bytes(contenu)
    return chemin


@dataclass
class SiteGenere:
    pages: list[PageGeneree] = field(default_factory=list)
    fichiers: dict[str, Path] = field(default_factory=dict)
    """``src_uri`` → its file on disk (diagrams, charts and exports, in the cache)."""
    rendu: RenduSvg | None = None
    travaux: TravauxDeFond | None = None

    def attendre(self, *, exports: bool = True) -> None:
        """Returns when every diagram, chart and export (``exports=False``: every file but
        the exports, which ``travaux.attendre()`` awaits later) is on disk."""
        if self.rendu is not None:
            self.rendu.attendre()
        if self.travaux is not None:
            self.travaux.attendre(differees=exports)


class Generateur:
    def __init__(self, audit: Audit, cache: Path, *, urls_repertoires: bool, public: bool,
                 analyse: Analyse | None = None) -> None:
        self.audit = audit
        self.analyse: Analyse = analyse or analyser(audit)
        self.ctx = Contexte(audit, self.analyse, urls_repertoires, public)
        self.suivi = analyser_suivi(audit, self.analyse)
        self.env = environnement()
        self.cache = cache
        self.travaux = TravauxDeFond(audit, self.analyse)  # forked before any thread
        self.rendu = RenduSvg(cache)
        self.graphiques = Graphiques(cache, self.travaux.soumettre)
        self.site = SiteGenere(rendu=self.rendu, travaux=self.travaux)
        self.capacite = analyser_capacite(audit)
        self.gouvernance = gouvernance(audit, page_section("gouvernance"))
        # Pages of an entity, to say on them that it is internal (internal build) or that
        # its figures leave internal content out (public build).
        self._entite_de_page = {
            page_entite(genre, ident): ident
            for genre, table in (("macroprocessus", audit.macroprocessus),
                                 ("processus", audit.processus), ("chantier", audit.chantiers))
            for ident in table
        }
        self._entite_de_page.update(
            {page_section(section): PORTEFEUILLE for section in PAGES_PORTEFEUILLE})

    # --- helpers ---------------------------------------------------------------------------

    def _source(self, ident: str) -> str | None:
        source = self.audit.sources.get(ident)
        return None if source is None else source.fichier

    def _page(self, src_uri: str, gabarit: str, titre: str, source: str | None = None,
              **variables: Any) -> None:
        page = Page(self.ctx, src_uri)
        contenu = self.env.get_template(gabarit).render(
            **page.variables(), titre_meta=escape(titre), **variables)
        ident = self._entite_de_page.get(src_uri)
        if ident is not None and self.ctx.public and ident in self.audit.retraits:
            contenu = avec_mention(contenu, note_retrait())
        elif ident is not None and ident in self.ctx.internes and not self.ctx.public:
            contenu = avec_mention(contenu, f'<p class="transfo-mention">{BADGE_INTERNE}</p>')
        self.site.pages.append(PageGeneree(src_uri, titre, contenu, source))

    def _diagramme(self, source_dot: str) -> str:
        chemin = self.rendu.soumettre_dot(source_dot)
        uri = f"{DIAGRAMMES}/{chemin.name}"
        self.site.fichiers[uri] = chemin
        return uri

    def _graphique(self, genre: str, **donnees: Any) -> str:
        chemin = self.graphiques.graphique(genre, **donnees)
        uri = f"{GRAPHIQUES}/{chemin.name}"
        self.site.fichiers[uri] = chemin
        return uri

    def _lien_depuis(self, src_uri: str) -> Callable[[str], str]:
        """Links for a diagram shown on ``src_uri`` (an SVG's links are relative to the page
        that inlines it)."""
        page = Page(self.ctx, src_uri)
        return lambda ident: page.href(ident) or ""

    # --- pages -----------------------------------------------------------------------------

    def generer(self) -> SiteGenere:
        audit = self.audit
        chantiers_par_processus = audit.chantiers_du_processus()
        processus_par_macro = audit.processus_du_macro()
        for mp in audit.macroprocessus.values():
            self._page(page_entite("macroprocessus", mp.id), "macroprocessus.md.j2", mp.nom,
                       self._source(mp.id), mp=mp,
                       processus=[audit.processus[p] for p in processus_par_macro.get(mp.id, [])],
                       chantiers_par_processus=chantiers_par_processus,
                       pleine_largeur=True)  # the table of processes without scrolling
        for proc in audit.processus.values():
            self._page_processus(proc, chantiers_par_processus.get(proc.id, []))
        dependants = audit.dependants()
        livreurs = audit.chantiers_du_gain()
        for c in audit.chantiers.values():
            v = self.analyse.chantiers[c.id]
            flux, flux_socio, message_flux, message_flux_socio = self._graphiques_flux(v, c.nom)
            radar = self._graphique("radar", scores=dict(v.mareva),
                                    titre=f"{c.nom} : notes MAREVA")
            self._page(
                page_entite("chantier", c.id), "chantier.md.j2", c.nom, self._source(c.id),
                c=c, v=v, dependants=dependants.get(c.id, []),
                gains=[audit.gains[g] for g in c.gains if g in audit.gains],
                partages=[(g, len(livreurs[g])) for g in c.gains if len(livreurs.get(g, [])) > 1],
                graphique_flux=flux, graphique_flux_socio=flux_socio, graphique_radar=radar,
                message_flux=message_flux, message_flux_socio=message_flux_socio,
                message_radar=graphiques.message_radar(dict(v.mareva)),
                charges_equipes=self.capacite.par_chantier(c.id),
                gouv=self.gouvernance, grille_raci=grille_raci(c, self.gouvernance.roles),
                calendrier_achat=calendrier_achat(audit, c),
                suivi=self.suivi.chantiers[c.id] if self.suivi else None,
            )
        self._pages_transverses(chantiers_par_processus, processus_par_macro)
        if audit.synthese is not None:
            self._page_synthese()
        self._page_suivi()
        self._exports()
        return self.site

    @functools.cached_property
    def chiffres_scenarios(self) -> dict[str, scenarios.ChiffresScenario]:
        """Each scenario's figures, computed once for the synthesis and the comparison page:
        each is a whole portfolio analysis."""
        return scenarios.analyser_scenarios(self.audit)

    def _page_synthese(self) -> None:
        """The synthesis note: the consultants' key messages, priorities and decisions, with
        the budget, value and risk figures of the analysis."""
        audit, synthese = self.audit, self.audit.synthese
        assert synthese is not None
        budget = budget_pluriannuel(audit.chantiers.values())
        annees = [x.annee or 0 for x in budget.lignes]
        postes = {p: [round(getattr(x, p), 2) for x in budget.lignes]
                  for p in ("investissement_interne", "investissement_externe",
                            "fonctionnement_interne", "fonctionnement_externe")}
        graphique = self._graphique("budget", annees=annees, postes=postes,
                                    titre="Budget pluriannuel des chantiers, par année")
        source = audit.source_synthese.fichier if audit.source_synthese else None
        retenu = scenarios.recommande(audit)
        self._page(page_section("synthese"), "synthese.md.j2", "Note de synthèse", source,
                   scenario=retenu,
                   chiffres_scenario=self.chiffres_scenarios[retenu.id] if retenu else None,
                   chiffres_plan=scenarios.chiffres(audit, self.analyse),
                   synthese=synthese, decisions=decisions_par_date(synthese.decisions),
                   budget=budget, graphique_budget=graphique,
                   message_budget=graphique_budget.message_budget(budget),
                   v=self.analyse.portefeuille, risques=principaux_risques(audit),
                   nombre_risques=NOMBRE_RISQUES, INSTANCES=INSTANCES,
                   sections={nom: (page_section(nom), titre)
                             for nom, titre in SECTIONS_APPUI.items()},
                   nombre_chantiers=len(audit.chantiers))

    def _graphiques_flux(self, v: ValeurChantier, nom: str) -> tuple[str, str, str, str]:
        """The cumulative flows of both views, three scenarios each, never on one chart, and
        the key message of each (the year the curve crosses zero, per scenario)."""
        annees = list(v.annees)
        cumuls_financiers = {s: [round(x, 2) for x in v.cumul_financier(s)] for s in SCENARIOS}
        cumuls_socio = {s: [round(x, 2) for x in v.cumul_socio_economique(s)]
                        for s in SCENARIOS}
        financier = self._graphique(
            "flux", annees=annees, titre=f"{nom} : flux financier cumulé (budget)",
            cumuls=cumuls_financiers)
        socio = self._graphique(
            "flux", annees=annees, titre=f"{nom} : flux socio-économique cumulé",
            cumuls=cumuls_socio)
        return (financier, socio, graphiques.message_flux(annees, cumuls_financiers),
                graphiques.message_flux(annees, cumuls_socio))

    def _graphique_suivi(self, situation: int, titre: str, annees: list[int],
                         prevus: list[float], realises: list[float | None]) -> str:
        return self._graphique("suivi_couts", titre=titre, annees=annees,
                               annee_situation=situation,
                               prevus=[round(x, 2) for x in prevus],
                               realises=[None if x is None else round(x, 2) for x in realises])

    def _page_suivi(self) -> None:
        """Plan against realised at the situation date (« remontée de la valeur »)."""
        suivi = self.suivi
        graphiques_couts: dict[str, str] = {}
        portefeuille: tuple[list[int], list[float], list[float | None]] = ([], [], [])
        if suivi is not None:
            annee = suivi.date_situation.year
            for s in suivi.suivis:
                graphiques_couts[s.id] = self._graphique_suivi(
                    annee, f"{self.audit.chantiers[s.id].nom} : coûts prévus et réalisés",
                    [x.annee for x in s.couts], [x.prevu for x in s.couts],
                    [x.realise for x in s.couts])
            portefeuille = lignes_portefeuille(suivi.suivis)
            graphiques_couts[PORTEFEUILLE] = self._graphique_suivi(
                annee, "Chantiers suivis : coûts prévus et réalisés", *portefeuille)
        self._page(page_section("suivi"), "suivi.md.j2", "Suivi et évaluation",
                   suivi=suivi, graphiques_couts=graphiques_couts,
                   portefeuille=list(zip(*portefeuille, strict=True)),
                   PORTEFEUILLE=PORTEFEUILLE)

    def _page_processus(self, proc: Processus, chantiers: list[str]) -> None:
        ecarts = self.analyse.ecarts[proc.id]
        avant, apres = diagrammes.statuts_etapes(ecarts)
        ordre = diagrammes.ordre_des_couloirs(proc.existant, proc.cible)
        decrits = {x.id: diagrammes.decrire_changements(x, self.audit) for x in ecarts.etapes}
        existant = self._diagramme(memoire.couloirs(
            f"{proc.nom} — existant", proc.existant, self.audit, avant, ordre_acteurs=ordre))
        cible = self._diagramme(memoire.couloirs(
            f"{proc.nom} — cible", proc.cible, self.audit, apres, ordre_acteurs=ordre,
            changements=decrits))
        self._page(
            page_entite("processus", proc.id), "processus.md.j2", proc.nom,
            self._source(proc.id), p=proc, e=ecarts, chantiers=chantiers,
            ecarts_par_id={x.id: x for x in ecarts.etapes},
            diagramme_existant=existant, diagramme_cible=cible,
            pleine_largeur=True,  # the swimlanes get the table of contents' column too
            flux_existant=successeurs(proc.existant), flux_cible=successeurs(proc.cible),
        )

    def _pages_transverses(self, chantiers_par_processus: dict[str, list[str]],
                           processus_par_macro: dict[str, list[str]]) -> None:
        audit, analyse = self.audit, self.analyse
        # Cartography: the map is inline so that each box is a link.
        src = page_section("cartographie")
        carte = self.rendu.rendre_maintenant(
            diagrammes.carte_macroprocessus(audit, self._lien_depuis(src)))
        # Trusted markup: Graphviz output from escaped labels and links built from ids. Not
        # role="img": that would hide the boxes' links from screen readers.
        carte_svg = Markup(_ENTETE_SVG.sub(r"\1", carte, count=1).replace(
            "<svg ", '<svg aria-label="Carte des macroprocessus" ', 1))
        par_famille: dict[str, list[Any]] = defaultdict(list)
        for mp in audit.macroprocessus.values():
            par_famille[mp.famille].append(mp)
        self._page(src, "cartographie.md.j2", "Cartographie", carte_svg=carte_svg,
                   par_famille=par_famille, processus_par_macro=processus_par_macro,
                   pleine_largeur=True)  # the map at its natural size, labels legible

        # Roadmap
        chantiers = sorted(audit.chantiers.values(), key=lambda c: (c.debut, c.id))
        par_horizon: dict[str, list[Any]] = defaultdict(list)
        for c in chantiers:
            par_horizon[c.horizon].append(c)
        src = page_section("feuille_de_route")
        dependances = self._diagramme(
            diagrammes.graphe_feuille_de_route(audit, self._lien_depuis(src)))
        lignes_gantt = [
            {"id": c.id, "nom": c.nom, "debut": c.debut.isoformat(), "fin": c.fin.isoformat(),
             "horizon": c.horizon, "jalons": [j.date.isoformat() for j in c.jalons]}
            for c in chantiers]
        referentiel = audit.referentiel
        situation = referentiel.date_situation if referentiel is not None else None
        gantt = self._graphique(
            "gantt", titre="Calendrier des chantiers", chantiers=lignes_gantt,
            date_situation=situation.isoformat() if situation else None)
        self._page(src, "feuille_de_route.md.j2", "Feuille de route", chantiers=chantiers,
                   par_horizon=par_horizon, plan=plan_court_terme(audit),
                   gouv=self.gouvernance,
                   debut=min((c.debut for c in chantiers), default=None),
                   fin=max((c.fin for c in chantiers), default=None),
                   diagramme_dependances=dependances, graphique_gantt=gantt,
                   pleine_largeur=True,
                   message_gantt=graphiques.message_gantt(lignes_gantt),
                   date_situation=situation)

        self._page_capacite()
        delais = referentiel.delais_achat if referentiel is not None else DelaisAchat()
        self._page(page_section("gouvernance"), "gouvernance.md.j2", "Gouvernance du plan",
                   self._source(next(iter(audit.directions), "")), gouv=self.gouvernance,
                   delais_achat=dict(delais))

        # Gains register
        gains = list(audit.gains.values())
        par_axe: dict[str, list[Any]] = defaultdict(list)
        for g in gains:
            par_axe[g.axe].append(g)
        self._page(page_section("gains"), "gains.md.j2", "Registre des gains", gains=gains,
                   par_axe=par_axe, quantitatifs=sum(g.nature == "quantitatif" for g in gains),
                   pleine_largeur=True)  # nine columns: the table of contents' column too

        # Portfolio value
        v = analyse.portefeuille
        flux, flux_socio, message_flux, message_flux_socio = self._graphiques_flux(
            v, "Portefeuille")
        libelles_axes = [AXES_MAREVA[a].split(" (")[0] for a in AXES_MAREVA]
        graphique_sensibilite = self._graphique(
            "sensibilite", titre="Sensibilité des VAN du portefeuille",
            centrales={"van_financiere": round(v.van_financiere, 2),
                       "van_socio_economique": round(v.van_socio_economique, 2)},
            variables=[{"variable": x.variable,
                        "van_financiere": [round(y, 2) for y in x.van_financiere],
                        "van_socio_economique": [round(y, 2) for y in x.van_socio_economique]}
                       for x in analyse.sensibilite])
        lignes_axes = []
        for axe in AXES_MAREVA:
            du_axe = [g for g in gains if g.axe == axe]
            lignes_axes.append((
                axe, sum(g.nature == "quantitatif" for g in du_axe),
                sum(g.nature == "qualitatif" for g in du_axe),
                sum(analyse.gains[g.id].annuel_plein for g in du_axe),
            ))
        valeurs_axes = [round(x[3], 2) for x in lignes_axes]
        graphique_axes = self._graphique(
            "barres", titre="Gains annuels par axe MAREVA", libelles=libelles_axes,
            valeurs=valeurs_axes)
        par_direction = self._agregats_direction()
        noms_directions = [audit.nom(d[0]) for d in par_direction]
        valeurs_directions = [round(d[4], 2) for d in par_direction]
        graphique_directions = self._graphique(
            "barres", titre="Gains annuels par direction", libelles=noms_directions,
            valeurs=valeurs_directions)
        self._page(page_section("valeur"), "valeur.md.j2", "Valeur du portefeuille", v=v,
                   chantiers=chantiers, graphique_flux=flux, par_axe=lignes_axes,
                   graphique_axes=graphique_axes, graphique_flux_socio=flux_socio,
                   graphique_sensibilite=graphique_sensibilite, par_direction=par_direction,
                   graphique_directions=graphique_directions,
                   message_flux=message_flux, message_flux_socio=message_flux_socio,
                   message_axes=graphiques.message_barres(libelles_axes, valeurs_axes),
                   message_directions=graphiques.message_barres(noms_directions,
                                                                valeurs_directions),
                   par_macro=self._agregats(lambda p: [p.macroprocessus]),
                   par_levier=self._agregats(lambda p: list(p.leviers)))
        self._page(page_section("methode_valeur"), "methode.md.j2", "Méthode de calcul",
                   p=analyse.parametres)
        hypotheses = hypotheses_a_confirmer(audit, analyse)
        self._page(page_section("hypotheses_valeur"), "hypotheses.md.j2",
                   "Hypothèses à confirmer", hypotheses=hypotheses,
                   enjeu=enjeu(hypotheses, audit, analyse))

        # Change management
        actions: dict[str, list[Any]] = {d: [] for d in DIMENSIONS_CHANGEMENT}
        for c in chantiers:
            for d in DIMENSIONS_CHANGEMENT:
                actions[d].extend((c.id, a) for a in getattr(c.conduite_du_changement, d))
        for d in actions:
            actions[d].sort(key=lambda x: (x[1].echeance is None, x[1].echeance or 0, x[0]))
        self._page(page_section("conduite"), "conduite.md.j2", "Conduite du changement",
                   chantiers=chantiers, actions=actions,
                   pleine_largeur=True)  # nine columns: one per dimension of change

        self._pages_index(chantiers_par_processus)
        if audit.scenarios:
            self._page_scenarios()
        if self.ctx.public:  # the review is the audit team's, not the public's
            return
        par_etat: dict[str, list[Any]] = defaultdict(list)
        for s in self.ctx.revues.values():
            par_etat[s.etat].append(s)
        self._page(page_section("revue"), "revue.md.j2", "Revue des gains et chantiers",
                   par_etat=par_etat, chantiers=set(self.audit.chantiers))

    def _page_scenarios(self) -> None:
        """The scenarios side by side: one table of figures, the cost of each per year (a
        chart and its table), then each scenario with its chantiers."""
        page = page_scenarios.preparer(self.audit, list(self.chiffres_scenarios.values()))
        self._page(page_section("scenarios"), "scenarios.md.j2", "Scénarios",
                   graphique_couts=self._graphique("couts_scenarios", **page.graphique),
                   pleine_largeur=True, **page.variables(self.audit))

    def _page_capacite(self) -> None:
        """Load against capacity, a chart and a table per team."""
        equipes = []
        for e in self.capacite.equipes:
            trimestres = [t.libelle for t in e.trimestres]
            charges = [round(t.charge, 2) for t in e.trimestres]
            capacites = [round(t.capacite, 2) for t in e.trimestres]
            graphique = self._graphique(
                "capacite", titre=f"{e.equipe.nom} : charge et capacité par trimestre",
                trimestres=trimestres, charges=charges, capacites=capacites)
            equipes.append((e, graphique, graphique_capacite.message_capacite(
                trimestres, charges, capacites)))
        en_limite = [(e, t) for e in self.capacite.equipes if not e.surcharges
                     and (t := e.pointe()) is not None and t.taux is not None
                     and t.taux >= SEUIL_LIMITE]
        self._page(page_section("capacite"), "capacite.md.j2", "Capacité à faire",
                   self._source(next(iter(self.audit.directions), "")),
                   capacite=self.capacite, equipes=equipes, en_limite=en_limite,
                   SEUIL_LIMITE=SEUIL_LIMITE, pleine_largeur=True)

    def _agregats(self, cles: Any) -> list[tuple[Any, ...]]:
        totaux: dict[str, list[float]] = {}
        for p in self.audit.processus.values():
            e = self.analyse.ecarts[p.id]
            for k in cles(p):
                t = totaux.setdefault(k, [0, 0.0, 0.0, 0.0, 0.0])
                t[0] += 1
                t[1] += e.avant.heures_agent
                t[2] += e.apres.heures_agent
                t[3] += e.etp_liberes
                t[4] += e.heures_usager_gagnees
        return [(k, int(t[0]), *t[1:]) for k, t in sorted(totaux.items())]

    def _agregats_direction(self) -> list[tuple[str, int, float, float, float]]:
        lignes = []
        for d in self.audit.directions:
            procs = [p for p in self.audit.processus.values() if p.direction == d]
            if not procs:
                continue
            montant = sum(self.analyse.gains[g.id].annuel_plein for p in procs for g in p.gains)
            lignes.append((
                d, len(procs), sum(self.analyse.ecarts[p.id].etp_liberes for p in procs),
                sum(self.analyse.ecarts[p.id].heures_usager_gagnees for p in procs), montant,
            ))
        return lignes

    def _pages_index(self, chantiers_par_processus: dict[str, list[str]]) -> None:
        audit = self.audit
        par = {
            "acteurs": inverser(audit.acteurs.values(),
                                lambda a: [a.direction] if a.direction else []),
            "macros": inverser(audit.macroprocessus.values(), lambda m: [m.direction]),
            "processus": inverser(audit.processus.values(), lambda p: [p.direction]),
            "chantiers": inverser(audit.chantiers.values(), lambda c: [c.pilote]),
        }
        self._page(
            page_section("index_directions"), "index_directions.md.j2", "Par direction",
            self._source(next(iter(audit.directions), "")),
            directions=list(audit.directions.values()),
            acteurs_par_direction={d: [audit.acteurs[a] for a in ids]
                                   for d, ids in par["acteurs"].items()},
            macros_par_direction=par["macros"], processus_par_direction=par["processus"],
            chantiers_par_direction=par["chantiers"],
            externes=[a for a in audit.acteurs.values() if a.type != "agent" or not a.direction],
        )
        existant: dict[str, set[str]] = defaultdict(set)
        cible: dict[str, set[str]] = defaultdict(set)
        for p in audit.processus.values():
            for e in p.existant:
                if e.application:
                    existant[e.application].add(p.id)
            for e in p.cible:
                if e.application:
                    cible[e.application].add(p.id)
        self._page(
            page_section("index_applications"), "index_applications.md.j2", "Par application",
            self._source(next(iter(audit.applications), "")),
            applications=list(audit.applications.values()),
            existant={k: sorted(v) for k, v in existant.items()},
            cible={k: sorted(v) for k, v in cible.items()},
        )
        for section, titre, libelles, attribut, intro in (
            ("index_leviers", "Par levier numérique", LEVIERS, "leviers",
             "Les cinq leviers de la transformation numérique et les processus qui s'en "
             "servent."),
            ("index_enjeux", "Par enjeu", ENJEUX, "enjeux",
             "Les quatre enjeux de la mission et les processus dont la transformation les "
             "sert."),
        ):
            par_code: dict[str, list[Processus]] = defaultdict(list)
            for p in audit.processus.values():
                for code in getattr(p, attribut):
                    par_code[code].append(p)
            self._page(page_section(section), "index_codes.md.j2", titre, titre_index=titre,
                       introduction=intro, libelles=libelles, par_code=par_code,
                       chantiers_par_processus=chantiers_par_processus)

    def _exports(self) -> None:
        # One folder per kind of build: an internal build running at the same time (mkdocs
        # serve) never writes where a public build reads.
        dossier = self.cache / "exports" / ("public" if self.ctx.public else "interne")
        self.travaux.soumettre_differee(ecrire_exports, str(dossier), self.ctx.public)
        for nom in ("audit.json", "audit.xlsx", "audit.ods"):
            self.site.fichiers[f"{EXPORTS}/{nom}"] = dossier / nom


def navigation_tete(audit: Audit) -> list[Any]:
    """What comes before every other entry of the navigation: the synthesis note, when the
    model has one (it also opens the « Document complet », which follows the navigation)."""
    if audit.synthese is None:
        return []
    return [{"Note de synthèse": page_section("synthese")}]
def lignes_portefeuille(suivis: list[SuiviChantier]
                        ) -> tuple[list[int], list[float], list[float | None]]:
    """Years, planned and realised costs of the followed chantiers added up; a year's
    realised cost is None when no followed chantier entered one for it."""
    prevus: dict[int, float] = defaultdict(float)
    realises: dict[int, float | None] = {}
    for s in suivis:
        for x in s.couts:
            prevus[x.annee] += x.prevu
            realises.setdefault(x.annee, None)
            if x.realise is not None:
                realises[x.annee] = (realises[x.annee] or 0.0) + x.realise
    annees = sorted(prevus)
    return annees, [prevus[a] for a in annees], [realises[a] for a in annees]


def navigation(audit: Audit) -> list[Any]:
    """The generated sections of the site's navigation, in the model's order. Titles are
    escaped here: mkdocs themes write navigation titles into pages without escaping."""
    processus_par_macro = audit.processus_du_macro()
    macros = []
    for mp in audit.macroprocessus.values():
        enfants = [{escape(audit.processus[p].nom): page_entite("processus", p)}
                   for p in processus_par_macro.get(mp.id, [])]
        titre = escape(mp.nom)
        macros.append({titre: [{titre: page_entite("macroprocessus", mp.id)}, *enfants]})
    chantiers = [{escape(c.nom): page_entite("chantier", c.id)}
                 for c in sorted(audit.chantiers.values(), key=lambda c: (c.debut, c.id))]
    return [
        {"Cartographie": [page_section("cartographie"), *macros]},
        {"Feuille de route": [page_section("feuille_de_route"), *chantiers]},
        {"Capacité à faire": page_section("capacite")},
        {"Gouvernance": page_section("gouvernance")},
        {"Valeur": [
            page_section("valeur"),
            {"Registre des gains": page_section("gains")},
            {"Méthode de calcul": page_section("methode_valeur")},
            {"Hypothèses à confirmer": page_section("hypotheses_valeur")},
            *([{"Scénarios": page_section("scenarios")}] if audit.scenarios else []),
        ]},
        {"Suivi et évaluation": page_section("suivi")},
        {"Conduite du changement": page_section("conduite")},
        {"Revue": page_section("revue")},
        {"Index": [
            {"Par direction": page_section("index_directions")},
            {"Par application": page_section("index_applications")},
            {"Par levier": page_section("index_leviers")},
            {"Par enjeu": page_section("index_enjeux")},
        ]},
    ]
