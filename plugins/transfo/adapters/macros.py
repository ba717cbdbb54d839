"""Functions for hand-written pages (mkdocs-macros): links, counts, tables and totals.

Declared in mkdocs.yml as ``macros: modules: [transfo.adapters.macros]``; they read the
model that the ``transfo`` plugin loaded, and build links relative to the current page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from markupsafe import Markup

from transfo.analyse.agregats import chiffres_enjeu
from transfo.constants import ENJEUX, LEVIERS
from transfo.formats import decimal, euros, nombre, pluriel
from transfo.model.visibilite import NOTE_RETRAIT, PORTEFEUILLE
from transfo.problems import Gravite
from transfo.render.contexte import Page
from transfo.render.site import environnement
from transfo.validate.regles import REGLES


def tableau_regles() -> Markup:
    """Every validation rule of the catalogue: its code, severity, whether ``--ignorer``
    accepts it, and its explanation (the page « Contribuer »)."""
    erreurs = sum(r.gravite_par_defaut is Gravite.ERREUR for r in REGLES.values())
    return Markup(environnement().get_template("macro_regles.html.j2").render(
        regles=list(REGLES.values()), erreurs=erreurs))


def define_env(env: Any) -> None:
    def plugin() -> Any:
        instance = env.conf["plugins"].get("transfo")
        if instance is None or instance.contexte is None:
            raise RuntimeError("le greffon transfo doit précéder macros dans mkdocs.yml")
        return instance

    def page() -> Page:
        """Links relative to the page being rendered, over the build's one context (its
        link targets, backlinks and review states are computed once, not per call)."""
        return Page(plugin().contexte, env.page.file.src_uri)

    def gabarit(nom: str, **variables: Any) -> Markup:
        """A template of ``render/templates`` rendered for the current page (its links)."""
        return Markup(environnement().get_template(nom).render(
            **page().variables(), **variables))

    def macro(f: Callable[..., Any]) -> Callable[..., Any]:
        env.macro(f)
        return f

    @macro
    def version_publique() -> bool:
        """Vrai dans la version publique du site : {% if not version_publique() %}…{% endif %}
        réserve un passage à la version interne (par exemple un lien vers « Contribuer »)."""
        return bool(plugin().public)

    @macro
    def lien(ident: str) -> Markup:
        """Lien vers une entité du modèle : {{ lien("P-SOL-APA") }}."""
        return page().lien(ident)

    @macro
    def compte(genre: str) -> int:
        """Nombre d'entités : macroprocessus, processus, gains, chantiers, directions…"""
        tables = {nom if nom.endswith("s") else f"{nom}s": table
                  for nom, table in plugin().audit.tables()}
        if genre not in tables:
            raise ValueError(f"genre inconnu « {genre} » ; possibles : {', '.join(tables)}")
        return len(tables[genre])

    @macro
    def chiffres_cles() -> Markup:
        """Les chiffres clés de l'audit, en tableau."""
        p = plugin()
        v = p.analyse.portefeuille
        etapes = sum(len(x.existant) + len(x.cible) for x in p.audit.processus.values())
        lignes = [
            ("Macroprocessus cartographiés", nombre(len(p.audit.macroprocessus))),
            ("Processus modélisés (existant et cible)", nombre(len(p.audit.processus))),
            ("Étapes modélisées", nombre(etapes)),
            ("Gains identifiés", nombre(len(p.audit.gains))),
            ("Chantiers de la feuille de route", nombre(len(p.audit.chantiers))),
            ("Investissement et fonctionnement sur l'horizon", euros(v.total_couts)),
            ("Gains budgétaires sur l'horizon (vue financière)",
             euros(v.total_gains_budgetaires)),
            ("VAN financière du portefeuille (budget du Département)", euros(v.van_financiere)),
            ("VAN socio-économique du portefeuille (temps des agents et des usagers compris)",
             euros(v.van_socio_economique)),
            ("ETP libérés à pleine charge", decimal(v.etp_liberes, 1)),
        ]
        retrait = p.public and PORTEFEUILLE in p.audit.retraits
        return gabarit("macro_chiffres_cles.html.j2", lignes=lignes,
                       note=NOTE_RETRAIT if retrait else None)

    @macro
    def synthese_enjeu(code: str) -> Markup:
        """Ce que l'audit apporte à un enjeu : processus, gains, ETP, valeur annuelle."""
        if code not in ENJEUX:
            raise ValueError(f"enjeu inconnu « {code} » ; possibles : {', '.join(ENJEUX)}")
        p = plugin()
        pg = page()
        c = chiffres_enjeu(p.audit, p.analyse, code)
        return gabarit("macro_synthese_enjeu.html.j2", titre=ENJEUX[code], c=c,
                       transformes=pluriel(c.processus, "transformé"),
                       gains=pluriel(c.gains, "gain"),
                       quantitatifs=pluriel(c.quantitatifs, "quantitatif"),
                       adresse_index=pg.url_section("index_enjeux", code))

    @macro
    def processus_du_levier(code: str) -> Markup:
        """La liste des processus qui se servent d'un levier numérique."""
        if code not in LEVIERS:
            raise ValueError(f"levier inconnu « {code} » ; possibles : {', '.join(LEVIERS)}")
        procs = [x.id for x in plugin().audit.processus.values() if code in x.leviers]
        return gabarit("macro_processus_du_levier.html.j2", processus=procs)

    @macro
    def regles_de_validation() -> Markup:
        """Les règles de validation : code, gravité, si --ignorer l'accepte, explication."""
        return tableau_regles()

    @macro
    def tableau_gains(axe: str | None = None) -> Markup:
        """Les gains (d'un axe MAREVA, ou tous) avec leur valeur annuelle."""
        p = plugin()
        gains = [g for g in p.audit.gains.values() if axe is None or g.axe == axe]
        lignes = [(g.id, euros(p.analyse.gains[g.id].annuel_plein)
                   if g.nature == "quantitatif" else "qualitatif") for g in gains]
        return gabarit("macro_tableau_gains.html.j2", lignes=lignes)
