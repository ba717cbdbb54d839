"""The workbook as data: its sheets, columns, rows and number formats, shared by the writers.

The xlsx and ODS writers read the same description, so the two workbooks cannot drift apart.
Formulas are written in Excel's A1 syntax with the value they give: the xlsx writer keeps the
formula alone (Excel computes it on opening), the ODS writer translates it to OpenFormula and
stores the value too, so that a reader that does not recalculate still shows the figure.
Number formats are Excel's neutral codes; the ODS writer maps each one to a French style.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from transfo.analyse.valeur import Analyse
from transfo.constants import (
    AXES_MAREVA,
    CONFIANCES,
    GENRES_PARTENAIRE,
    HORIZONS,
    NATURES_GAIN,
    NATURES_VALEUR,
)
from transfo.model.audit import Audit
from transfo.model.visibilite import visibilite_de

EUROS = '#,##0 "€"'
DECIMAL = "#,##0.00"
POURCENT = "0.0 %"
SANS_OBJET = "sans objet"
"""What the workbook reads where a chantier's financial return does not apply."""
VISIBILITE = "Visibilité"
"""The last column of each sheet of entities, in the internal workbook only: « interne »
marks what the public version leaves out, so that a consultant sees what not to send."""


@dataclass(frozen=True)
class Formule:
    """A formula in Excel's A1 syntax (``=E2-D2``) and the value it gives on this model."""

    texte: str
    valeur: float


@dataclass
class Feuille:
    """One sheet: a title, a header row, then rows of values with their number formats
    (column number, from 1 → format code)."""

    titre: str
    colonnes: list[str]
    lignes: list[tuple[list[Any], dict[int, str]]] = field(default_factory=list)

    @property
    def suivante(self) -> int:
        """The spreadsheet row number the next row will have (the header is row 1)."""
        return len(self.lignes) + 2

    def ajouter(self, valeurs: list[Any], formats: dict[int, str] | None = None) -> None:
        self.lignes.append((valeurs, formats or {}))


def feuilles(audit: Audit, analyse: Analyse, *, public: bool = False) -> list[Feuille]:
    """The workbook's sheets, in order: parameters, gains, yearly flows, chantiers,
    sensitivity, gaps. ``public``: ``audit`` is the public version, and the sheets have no
    visibility column."""
    classeur: list[Feuille] = []
    visibilite = [] if public else [VISIBILITE]

    def vis(ident: str) -> list[str]:
        if public:
            return []
        if ident == "PORTEFEUILLE":  # its figures hold whatever the workbook holds
            internes = any(visibilite_de(audit, x) == "interne"
                           for x in [*audit.chantiers, *audit.gains])
            return ["interne" if internes else "public"]
        return [visibilite_de(audit, ident)]

    p = analyse.parametres
    params = Feuille("Paramètres", ["Paramètre", "Valeur", "Source"])
    classeur.append(params)
    heure = p.valeur_heure_usager
    incertitude = p.incertitude
    lignes = [
        ("Taux d'actualisation", p.taux_actualisation.taux, p.taux_actualisation.source),
        ("Année de référence (t0)", p.annee_reference.valeur, p.annee_reference.source),
        ("Horizon d'exploitation par chantier (années après la mise en service)",
         p.horizon_annees.valeur, p.horizon_annees.source),
        ("Heures par ETP", p.heures_par_etp.valeur, p.heures_par_etp.source),
        ("Coût d'un ETP A (€)", p.cout_etp.A.valeur, p.cout_etp.A.source),
        ("Coût d'un ETP B (€)", p.cout_etp.B.valeur, p.cout_etp.B.source),
        ("Coût d'un ETP C (€)", p.cout_etp.C.valeur, p.cout_etp.C.source),
        ("Valeur d'une heure de particulier (€)", heure.particulier.valeur,
         heure.particulier.source),
        ("Valeur d'une heure de professionnel (€)", heure.professionnel.valeur,
         heure.professionnel.source),
        ("Valeur d'une heure de salarié d'entreprise (€)", heure.entreprise.valeur,
         heure.entreprise.source),
        *[(f"Valeur d'une heure de partenaire : {libelle} (€)",
           getattr(p.valeur_heure_partenaire, genre).valeur,
           getattr(p.valeur_heure_partenaire, genre).source)
          for genre, libelle in GENRES_PARTENAIRE.items()],
        *[(f"Dépassement des coûts, confiance {niveau}, cas {cas}",
           getattr(getattr(incertitude.depassement_couts, niveau), cas),
           incertitude.depassement_couts.source)
          for niveau in ("faible", "moyenne", "forte") for cas in ("pessimiste", "optimiste")],
        *[(f"Retard de mise en service, cas {cas} (mois)",
           getattr(incertitude.retard_mois, cas), incertitude.retard_mois.source)
          for cas in ("pessimiste", "optimiste")],
    ]
    for k, ligne in enumerate(lignes):
        params.ajouter(list(ligne), {2: POURCENT} if k == 0 else None)
    params.ajouter([])
    params.ajouter(["Convention : les flux de l'année t sont actualisés par "
                    "(1 + taux)^(t − t0) ; l'année t0 n'est pas actualisée."])
    params.ajouter(["Vue financière : coûts et gains budgétaires seulement (dont coûts évités "
                    "et postes non remplacés). Vue socio-économique : tous les flux valorisés, "
                    "temps des agents, des usagers et des partenaires compris."])

    gains = Feuille("Gains", [
        "Identifiant", "Libellé", "Processus", "Nom du processus", "Nature",
        "Nature de la valeur", "Axe MAREVA", "Indicateur", "Référence", "Cible", "Unité",
        "Valeur annuelle à pleine charge (€)", "ETP à pleine charge", "Année de début",
        "Confiance", "Chantiers", "Noms des chantiers", "Hypothèse", "Source", *visibilite])
    classeur.append(gains)
    for gid, gain in audit.gains.items():
        v = analyse.gains[gid]
        gains.ajouter([
            gid, gain.libelle, v.processus or None,
            audit.nom(v.processus) if v.processus else None,
            NATURES_GAIN[gain.nature],
            NATURES_VALEUR.get(v.nature or "", None), AXES_MAREVA[gain.axe],
            gain.indicateur, gain.reference, gain.cible, gain.unite,
            round(v.annuel_plein, 2) if v.quantitatif else None,
            round(v.etp_plein, 3) if v.etp_plein else None, v.annee_debut,
            CONFIANCES[gain.confiance], ", ".join(v.chantiers),
            " ; ".join(audit.nom(c) for c in v.chantiers), gain.hypothese.texte, gain.source,
            *vis(gid),
        ], {12: EUROS})

    flux = Feuille("Flux", [
        "Chantier", "Année", "Rang (année − t0)", "Coûts (€)", "Gains budgétaires (€)",
        "Temps des agents (€)", "Temps des usagers (€)", "Temps des partenaires (€)",
        "Flux financier (€)",
        "Flux socio-économique (€)", "Flux financier actualisé (€)",
        "Flux socio-économique actualisé (€)", "Nom du chantier", *visibilite])
    classeur.append(flux)
    t0 = p.annee_reference.valeur
    taux = p.taux_actualisation.taux
    van_fin: dict[str, float] = {}
    van_soc: dict[str, float] = {}
    valeurs = [*analyse.chantiers.items(), ("PORTEFEUILLE", analyse.portefeuille)]
    for cid, valeur in valeurs:
        van_fin[cid] = van_soc[cid] = 0.0
        for k, annee in enumerate(valeur.annees):
            r = flux.suivante
            cout = round(valeur.couts[k], 2)
            budget = round(valeur.gains_budgetaires[k], 2)
            agents = round(valeur.gains_temps_agents[k], 2)
            usagers = round(valeur.gains_temps_usagers[k], 2)
            partenaires = round(valeur.gains_temps_partenaires[k], 2)
            financier = budget - cout
            socio = budget + agents + usagers + partenaires - cout
            facteur = (1 + taux) ** (annee - t0)
            van_fin[cid] += financier / facteur
            van_soc[cid] += socio / facteur
            flux.ajouter([cid, annee, Formule(f"=B{r}-Paramètres!$B$3", annee - t0), cout,
                          budget, agents, usagers, partenaires,
                          Formule(f"=E{r}-D{r}", financier),
                          Formule(f"=E{r}+F{r}+G{r}+H{r}-D{r}", socio),
                          Formule(f"=I{r}/(1+Paramètres!$B$2)^C{r}", financier / facteur),
                          Formule(f"=J{r}/(1+Paramètres!$B$2)^C{r}", socio / facteur),
                          "Portefeuille" if cid == "PORTEFEUILLE" else audit.nom(cid),
                          *vis(cid)],
                         {k: EUROS for k in range(4, 13)})

    chantiers = Feuille("Chantiers", [
        "Identifiant", "Nom", "Horizon", "Début", "Fin", "Mise en service", "Total coûts (€)",
        "VAN financière (€, formule)", "VAN socio-économique (€, formule)",
        "Délai de retour financier (années, valeur)",
        "Délai de retour financier actualisé (années, valeur)", "ROI financier (valeur)",
        "VAN financière pessimiste (€)", "VAN financière optimiste (€)",
        "VAN socio-économique pessimiste (€)", "VAN socio-économique optimiste (€)",
        "ETP libérés", "ETP non remplacés", "Retour financier sans objet (motif)",
        *visibilite])
    classeur.append(chantiers)
    lignes_valeur: list[tuple[Any, ...]] = [
        (cid, c.nom, HORIZONS[c.horizon], c.debut, c.fin, c.date_mise_en_service,
         analyse.chantiers[cid]) for cid, c in audit.chantiers.items()]
    lignes_valeur.append(("PORTEFEUILLE", "Portefeuille", None, None, None, None,
                          analyse.portefeuille))
    for cid, nom, horizon, debut, fin, mise, w in lignes_valeur:
        r = chantiers.suivante
        # « sans objet » : a chantier whose financial return does not apply has no ROI,
        # payback or financial range (its costs stay in the VAN and the portfolio).
        so = w.sans_objet is not None
        chantiers.ajouter([
            cid, nom, horizon, debut, fin, mise, round(w.total_couts, 2),
            Formule(f"=SUMIF(Flux!$A:$A,A{r},Flux!$K:$K)", van_fin.get(cid, 0.0)),
            Formule(f"=SUMIF(Flux!$A:$A,A{r},Flux!$L:$L)", van_soc.get(cid, 0.0)),
            SANS_OBJET if so else None if w.delai_retour is None else round(w.delai_retour, 3),
            SANS_OBJET if so else None if w.delai_retour_actualise is None
            else round(w.delai_retour_actualise, 3),
            SANS_OBJET if so else None if w.roi is None else round(w.roi, 4),
            SANS_OBJET if so else round(w.van_financiere_scenario("pessimiste"), 2),
            SANS_OBJET if so else round(w.van_financiere_scenario("optimiste"), 2),
            round(w.van_socio_economique_scenario("pessimiste"), 2),
            round(w.van_socio_economique_scenario("optimiste"), 2),
            round(w.etp_liberes, 3), round(w.etp_non_remplaces, 3), w.sans_objet, *vis(cid),
        ], {7: EUROS, 8: EUROS, 9: EUROS, 12: POURCENT, 13: EUROS, 14: EUROS, 15: EUROS,
            16: EUROS})

    sensibilite = Feuille("Sensibilité", [
        "Hypothèse", "Valeur basse", "Valeur haute", "VAN financière, valeur basse (€)",
        "VAN financière, valeur haute (€)", "VAN socio-économique, valeur basse (€)",
        "VAN socio-économique, valeur haute (€)"])
    classeur.append(sensibilite)
    for x in analyse.sensibilite:
        sensibilite.ajouter([x.variable, x.bas, x.haut,
                             *(round(y, 2) for y in x.van_financiere),
                             *(round(y, 2) for y in x.van_socio_economique)],
                            {k: EUROS for k in range(4, 8)})

    ecarts = Feuille("Écarts", [
        "Processus", "Nom", "Étapes avant", "Étapes après", "Supprimées", "Ajoutées",
        "Modifiées", "Minutes agent par dossier avant", "Minutes agent par dossier après",
        "Délai avant (jours)", "Délai après (jours)", "Heures agent par an avant",
        "Heures agent par an après", "ETP libérés", "Heures usager gagnées",
        "Heures partenaire gagnées", *visibilite])
    classeur.append(ecarts)
    for pid, proc in audit.processus.items():
        e = analyse.ecarts[pid]
        ecarts.ajouter([
            pid, proc.nom, e.avant.nombre_etapes, e.apres.nombre_etapes, e.compte("supprimee"),
            e.compte("ajoutee"), e.compte("modifiee"), round(e.avant.minutes_agent, 2),
            round(e.apres.minutes_agent, 2), round(e.avant.delai_jours, 2),
            round(e.apres.delai_jours, 2), round(e.avant.heures_agent, 1),
            round(e.apres.heures_agent, 1), round(e.etp_liberes, 3),
            round(e.heures_usager_gagnees, 1), round(e.heures_partenaire_gagnees, 1), *vis(pid),
        ], {k: DECIMAL for k in range(8, 17)})
    return classeur
