"""The value pages: the gains register, the portfolio's value, the method of calculation
and the hypotheses the Département must confirm."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from transfo.analyse import agregats
from transfo.analyse.hypotheses import enjeu, hypotheses_a_confirmer
from transfo.constants import AXES_MAREVA
from transfo.render import graphiques
from transfo.render.pages import Section

if TYPE_CHECKING:
    from transfo.render.site import Generateur

GAINS = Section("gains", "gains", "Registre des gains", "gains.md.j2", portefeuille=True)
VALEUR = Section("valeur", "valeur", "Valeur du portefeuille", "valeur.md.j2",
                 portefeuille=True)
METHODE = Section("methode_valeur", "valeur/methode", "Méthode de calcul de la valeur",
                  "methode.md.j2")
HYPOTHESES = Section("hypotheses_valeur", "valeur/hypotheses", "Hypothèses à confirmer",
                     "hypotheses.md.j2")
SECTIONS = (GAINS, VALEUR, METHODE, HYPOTHESES)

DESSINE = True
"""Draws charts: written first, so that the background worker starts them early."""


def generer(g: Generateur) -> None:
    audit, analyse = g.audit, g.analyse
    gains = list(audit.gains.values())
    par_axe: dict[str, list[Any]] = defaultdict(list)
    for x in gains:
        par_axe[x.axe].append(x)
    g.page_section(GAINS, gains=gains, par_axe=par_axe,
                   quantitatifs=sum(x.nature == "quantitatif" for x in gains),
                   pleine_largeur=True)  # nine columns: the table of contents' column too

    v = analyse.portefeuille
    flux, flux_socio, message_flux, message_flux_socio = g.graphiques_flux(v, "Portefeuille")
    libelles_axes = [AXES_MAREVA[a].split(" (")[0] for a in AXES_MAREVA]
    graphique_sensibilite = g.graphique(
        "sensibilite", titre="Sensibilité des VAN du portefeuille",
        centrales={"van_financiere": round(v.van_financiere, 2),
                   "van_socio_economique": round(v.van_socio_economique, 2)},
        variables=[{"variable": x.variable,
                    "van_financiere": [round(y, 2) for y in x.van_financiere],
                    "van_socio_economique": [round(y, 2) for y in x.van_socio_economique]}
                   for x in analyse.sensibilite])
    lignes_axes = agregats.par_axe(audit, analyse)
    valeurs_axes = [round(x.annuel_plein, 2) for x in lignes_axes]
    graphique_axes = g.graphique(
        "barres", titre="Gains annuels par axe MAREVA", libelles=libelles_axes,
        valeurs=valeurs_axes)
    par_direction = agregats.par_direction(audit, analyse)
    noms_directions = [audit.nom(d[0]) for d in par_direction]
    valeurs_directions = [round(d[4], 2) for d in par_direction]
    graphique_directions = g.graphique(
        "barres", titre="Gains annuels par direction", libelles=noms_directions,
        valeurs=valeurs_directions)
    g.page_section(VALEUR, v=v,
                   chantiers=g.chantiers, graphique_flux=flux, par_axe=lignes_axes,
                   graphique_axes=graphique_axes, graphique_flux_socio=flux_socio,
                   graphique_sensibilite=graphique_sensibilite, par_direction=par_direction,
                   graphique_directions=graphique_directions,
                   message_flux=message_flux, message_flux_socio=message_flux_socio,
                   message_axes=graphiques.message_barres(libelles_axes, valeurs_axes),
                   message_directions=graphiques.message_barres(noms_directions,
                                                                valeurs_directions),
                   par_macro=agregats.par_processus(audit, analyse,
                                                    lambda p: [p.macroprocessus]),
                   par_levier=agregats.par_processus(audit, analyse, lambda p: p.leviers))
    g.page_section(METHODE, p=analyse.parametres)
    hypotheses = hypotheses_a_confirmer(audit, analyse)
    g.page_section(HYPOTHESES, hypotheses=hypotheses,
                   enjeu=enjeu(hypotheses, audit, analyse))

