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
from transfo.constants import AXES_MAREVA, CONFIANCES, HORIZONS, NATURES_GAIN
from transfo.model.audit import Audit

EUROS = '#,##0 "€"'
DECIMAL = "#,##0.00"
POURCENT = "0.0 %"


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


def feuilles(audit: Audit, analyse: Analyse) -> list[Feuille]:
    """The workbook's sheets, in order: parameters, gains, yearly flows, chantiers, gaps."""
    classeur: list[Feuille] = []
    p = analyse.parametres
    params = Feuille("Paramètres", ["Paramètre", "Valeur", "Source"])
    classeur.append(params)
    lignes = [
        ("Taux d'actualisation", p.taux_actualisation.valeur, p.taux_actualisation.source),
        ("Année de référence (t0)", p.annee_reference.valeur, p.annee_reference.source),
        ("Horizon (années)", p.horizon_annees.valeur, p.horizon_annees.source),
        ("Heures par ETP", p.heures_par_etp.valeur, p.heures_par_etp.source),
        ("Coût d'un ETP A (€)", p.cout_etp.A.valeur, p.cout_etp.A.source),
        ("Coût d'un ETP B (€)", p.cout_etp.B.valeur, p.cout_etp.B.source),
        ("Coût d'un ETP C (€)", p.cout_etp.C.valeur, p.cout_etp.C.source),
        ("Valeur d'une heure d'usager (€)", p.valeur_heure_usager.valeur,
         p.valeur_heure_usager.source),
    ]
    for k, ligne in enumerate(lignes):
        params.ajouter(list(ligne), {2: POURCENT} if k == 0 else None)
    params.ajouter([])
    params.ajouter(["Convention : flux comptés en fin d'année, actualisés par "
                    "(1 + taux)^(année − t0)."])

    gains = Feuille("Gains", [
        "Identifiant", "Libellé", "Processus", "Nature", "Axe MAREVA", "Indicateur",
        "Référence", "Cible", "Unité", "Valeur annuelle à pleine charge (€)",
        "ETP à pleine charge", "Année de début", "Confiance", "Chantiers", "Hypothèse",
        "Source"])
    classeur.append(gains)
    for gid, gain in audit.gains.items():
        v = analyse.gains[gid]
        gains.ajouter([
            gid, gain.libelle, v.processus, NATURES_GAIN[gain.nature], AXES_MAREVA[gain.axe],
            gain.indicateur, gain.reference, gain.cible, gain.unite,
            round(v.annuel_plein, 2) if v.quantitatif else None,
            round(v.etp_plein, 3) if v.etp_plein else None, v.annee_debut,
            CONFIANCES[gain.confiance], ", ".join(v.chantiers), gain.hypothese.texte, gain.source,
        ], {10: EUROS})

    flux = Feuille("Flux", ["Chantier", "Année", "Rang (année − t0)", "Coûts (€)",
                            "Gains (€)", "Flux net (€)", "Flux actualisé (€)"])
    classeur.append(flux)
    t0 = p.annee_reference.valeur
    taux = p.taux_actualisation.valeur
    van: dict[str, float] = {}
    for cid, valeur in analyse.chantiers.items():
        van[cid] = 0.0
        for k, annee in enumerate(valeur.annees):
            r = flux.suivante
            cout, gain_annuel = round(valeur.couts[k], 2), round(valeur.gains[k], 2)
            net = gain_annuel - cout
            actualise = net / (1 + taux) ** (annee - t0)
            van[cid] += actualise
            flux.ajouter([cid, annee, Formule(f"=B{r}-Paramètres!$B$3", annee - t0), cout,
                          gain_annuel, Formule(f"=E{r}-D{r}", net),
                          Formule(f"=F{r}/(1+Paramètres!$B$2)^C{r}", actualise)],
                         {4: EUROS, 5: EUROS, 6: EUROS, 7: EUROS})

    chantiers = Feuille("Chantiers", [
        "Identifiant", "Nom", "Horizon", "Début", "Fin", "Total coûts (€)", "Total gains (€)",
        "VAN (€, formule)", "Délai de retour (années, valeur)",
        "Délai de retour actualisé (années, valeur)", "ROI (valeur)", "ETP libérés"])
    classeur.append(chantiers)
    for cid, chantier in audit.chantiers.items():
        w = analyse.chantiers[cid]
        r = chantiers.suivante
        chantiers.ajouter([
            cid, chantier.nom, HORIZONS[chantier.horizon], chantier.debut, chantier.fin,
            round(w.total_couts, 2), round(w.total_gains, 2),
            Formule(f"=SUMIF(Flux!$A:$A,A{r},Flux!$G:$G)", van.get(cid, 0.0)),
            None if w.delai_retour is None else round(w.delai_retour, 3),
            None if w.delai_retour_actualise is None else round(w.delai_retour_actualise, 3),
            None if w.roi is None else round(w.roi, 4), round(w.etp_liberes, 3),
        ], {6: EUROS, 7: EUROS, 8: EUROS, 11: POURCENT})

    ecarts = Feuille("Écarts", [
        "Processus", "Nom", "Étapes avant", "Étapes après", "Supprimées", "Ajoutées",
        "Modifiées", "Minutes agent par dossier avant", "Minutes agent par dossier après",
        "Délai avant (jours)", "Délai après (jours)", "Heures agent par an avant",
        "Heures agent par an après", "ETP libérés", "Heures usager gagnées"])
    classeur.append(ecarts)
    for pid, proc in audit.processus.items():
        e = analyse.ecarts[pid]
        ecarts.ajouter([
            pid, proc.nom, e.avant.nombre_etapes, e.apres.nombre_etapes, e.compte("supprimee"),
            e.compte("ajoutee"), e.compte("modifiee"), round(e.avant.minutes_agent, 2),
            round(e.apres.minutes_agent, 2), round(e.avant.delai_jours, 2),
            round(e.apres.delai_jours, 2), round(e.avant.heures_agent, 1),
            round(e.apres.heures_agent, 1), round(e.etp_liberes, 3),
            round(e.heures_usager_gagnees, 1),
        ], {k: DECIMAL for k in range(8, 16)})
    return classeur
