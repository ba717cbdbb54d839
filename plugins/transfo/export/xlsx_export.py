"""The spreadsheet export: gains register, chantiers with yearly flows, gap analysis.

Flows are values; net flows, discounted flows and each chantier's VAN are real formulas over
the « Paramètres » sheet, so that a finance officer can change the rate and see the effect.
Number formats use Excel's neutral codes, which a French Excel shows as « 1 234,56 € ».

The full (internal) workbook has a last column « Visibilité » on every sheet whose rows are
entities: « interne » marks what the public version leaves out, so that a consultant sees
what not to send. The public workbook is made from the public model and has no such column.
"""

from __future__ import annotations

import re
import zipfile
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from transfo.analyse.valeur import Analyse
from transfo.constants import AXES_MAREVA, CONFIANCES, HORIZONS, NATURES_GAIN
from transfo.model.audit import Audit
from transfo.model.visibilite import visibilite_de

EUROS = '#,##0 "€"'
DECIMAL = "#,##0.00"
POURCENT = "0.0 %"


class _Feuille:
    """A write-only sheet (openpyxl's fast mode) that counts its rows, for formulas."""

    def __init__(self, wb: Workbook, titre: str, colonnes: list[str]) -> None:
        self.ws = wb.create_sheet(titre)
        for i, nom in enumerate(colonnes, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = max(12, min(45, len(nom) + 4))
        self.ws.freeze_panes = "A2"
        self.lignes = 0
        self.ajouter([self._cellule(nom, gras=True) for nom in colonnes])

    def _cellule(self, valeur: Any, format_nombre: str | None = None,
                 gras: bool = False) -> Cell:
        cellule = WriteOnlyCell(self.ws, value=valeur)
        if format_nombre:
            cellule.number_format = format_nombre
        if gras:
            cellule.font = Font(bold=True)
        return cellule

    @property
    def suivante(self) -> int:
        return self.lignes + 1

    def ajouter(self, valeurs: list[Any], formats: dict[int, str] | None = None) -> None:
        formats = formats or {}
        self.ws.append([
            self._cellule(v, formats[i]) if i in formats else v
            for i, v in enumerate(valeurs, start=1)
        ])
        self.lignes += 1


VISIBILITE = "Visibilité"


def classeur(audit: Audit, analyse: Analyse, *, public: bool = False) -> Workbook:
    wb = Workbook(write_only=True)
    # The last column of each sheet of entities, in the internal workbook only.
    visibilite = [] if public else [VISIBILITE]

    def vis(ident: str) -> list[str]:
        return [] if public else [visibilite_de(audit, ident)]

    p = analyse.parametres
    params = _Feuille(wb, "Paramètres", ["Paramètre", "Valeur", "Source"])
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

    gains = _Feuille(wb, "Gains", [
        "Identifiant", "Libellé", "Processus", "Nature", "Axe MAREVA", "Indicateur",
        "Référence", "Cible", "Unité", "Valeur annuelle à pleine charge (€)",
        "ETP à pleine charge", "Année de début", "Confiance", "Chantiers", "Hypothèse",
        "Source", *visibilite])
    for gid, gain in audit.gains.items():
        v = analyse.gains[gid]
        gains.ajouter([
            gid, gain.libelle, v.processus, NATURES_GAIN[gain.nature], AXES_MAREVA[gain.axe],
            gain.indicateur, gain.reference, gain.cible, gain.unite,
            round(v.annuel_plein, 2) if v.quantitatif else None,
            round(v.etp_plein, 3) if v.etp_plein else None, v.annee_debut,
            CONFIANCES[gain.confiance], ", ".join(v.chantiers), gain.hypothese.texte, gain.source,
            *vis(gid),
        ], {10: EUROS})

    flux = _Feuille(wb, "Flux", ["Chantier", "Année", "Rang (année − t0)", "Coûts (€)",
                                 "Gains (€)", "Flux net (€)", "Flux actualisé (€)",
                                 *visibilite])
    for cid, valeur in analyse.chantiers.items():
        for k, annee in enumerate(valeur.annees):
            r = flux.suivante
            flux.ajouter([cid, annee, f"=B{r}-Paramètres!$B$3", round(valeur.couts[k], 2),
                          round(valeur.gains[k], 2), f"=E{r}-D{r}",
                          f"=F{r}/(1+Paramètres!$B$2)^C{r}", *vis(cid)],
                         {4: EUROS, 5: EUROS, 6: EUROS, 7: EUROS})

    chantiers = _Feuille(wb, "Chantiers", [
        "Identifiant", "Nom", "Horizon", "Début", "Fin", "Total coûts (€)", "Total gains (€)",
        "VAN (€, formule)", "Délai de retour (années, valeur)",
        "Délai de retour actualisé (années, valeur)", "ROI (valeur)", "ETP libérés",
        *visibilite])
    for cid, chantier in audit.chantiers.items():
        w = analyse.chantiers[cid]
        r = chantiers.suivante
        chantiers.ajouter([
            cid, chantier.nom, HORIZONS[chantier.horizon], chantier.debut, chantier.fin,
            round(w.total_couts, 2), round(w.total_gains, 2),
            f"=SUMIF(Flux!$A:$A,A{r},Flux!$G:$G)",
            None if w.delai_retour is None else round(w.delai_retour, 3),
            None if w.delai_retour_actualise is None else round(w.delai_retour_actualise, 3),
            None if w.roi is None else round(w.roi, 4), round(w.etp_liberes, 3), *vis(cid),
        ], {6: EUROS, 7: EUROS, 8: EUROS, 11: POURCENT})

    ecarts = _Feuille(wb, "Écarts", [
        "Processus", "Nom", "Étapes avant", "Étapes après", "Supprimées", "Ajoutées",
        "Modifiées", "Minutes agent par dossier avant", "Minutes agent par dossier après",
        "Délai avant (jours)", "Délai après (jours)", "Heures agent par an avant",
        "Heures agent par an après", "ETP libérés", "Heures usager gagnées", *visibilite])
    for pid, proc in audit.processus.items():
        e = analyse.ecarts[pid]
        ecarts.ajouter([
            pid, proc.nom, e.avant.nombre_etapes, e.apres.nombre_etapes, e.compte("supprimee"),
            e.compte("ajoutee"), e.compte("modifiee"), round(e.avant.minutes_agent, 2),
            round(e.apres.minutes_agent, 2), round(e.avant.delai_jours, 2),
            round(e.apres.delai_jours, 2), round(e.avant.heures_agent, 1),
            round(e.apres.heures_agent, 1), round(e.etp_liberes, 3),
            round(e.heures_usager_gagnees, 1), *vis(pid),
        ], {k: DECIMAL for k in range(8, 16)})
    return wb


_DATE_FIXE = (1980, 1, 1, 0, 0, 0)
_MODIFIE = re.compile(rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>")


def _deterministe(donnees: bytes, horodatage: str) -> bytes:
    """openpyxl stamps the save time in the archive and in docProps/core.xml: both are
    replaced by fixed values, so that the same model gives the same bytes."""
    source = zipfile.ZipFile(BytesIO(donnees))
    sortie = BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            contenu = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                contenu = _MODIFIE.sub(
                    rb"<dcterms:modified\1>" + horodatage.encode() + rb"</dcterms:modified>",
                    contenu)
            entree = zipfile.ZipInfo(info.filename, date_time=_DATE_FIXE)
            entree.compress_type = zipfile.ZIP_DEFLATED
            entree.external_attr = info.external_attr
            archive.writestr(entree, contenu)
    return sortie.getvalue()


def export_xlsx(audit: Audit, analyse: Analyse, sortie: Path | None = None, *,
                public: bool = False) -> bytes:
    """The workbook's bytes (written to ``sortie`` if given). ``public``: ``audit`` is the
    public version (see :func:`transfo.model.visibilite.version_publique`)."""
    wb = classeur(audit, analyse, public=public)
    reference = datetime(analyse.annees[0], 1, 1)
    wb.properties.created = reference
    tampon = BytesIO()
    wb.save(tampon)
    donnees = _deterministe(tampon.getvalue(), reference.strftime("%Y-%m-%dT%H:%M:%SZ"))
    if sortie is not None:
        sortie.write_bytes(donnees)
    return donnees
