"""The spreadsheet export: gains register, chantiers with yearly flows, gap analysis.

The sheets themselves are described once in :mod:`transfo.export.tables`, shared with the
ODS writer; this module writes that description with openpyxl.

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
from transfo.export.tables import Formule, feuilles
from transfo.model.audit import Audit

_DEBUTS_ACTIFS = ("=", "+", "-", "@", "\t", "\r", "\n")
"""First characters that make a spreadsheet (Excel, LibreOffice, or a CSV made from the
workbook) read a typed text as a formula: such a text also gets Excel's « ' » prefix."""


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
        """One cell. A text from the model is a text cell whatever it starts with (openpyxl
        would turn « =… » into a live formula); only a :class:`Formule` is a formula."""
        if isinstance(valeur, Formule):
            cellule = WriteOnlyCell(self.ws, value=valeur.texte)
        else:
            cellule = WriteOnlyCell(self.ws, value=valeur)
            if isinstance(valeur, str):
                cellule.data_type = "s"
                if valeur.startswith(_DEBUTS_ACTIFS):
                    cellule.quotePrefix = True
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
            self._cellule(v, formats.get(i))
            if i in formats or isinstance(v, str | Formule) else v
            for i, v in enumerate(valeurs, start=1)
        ])
        self.lignes += 1


def classeur(audit: Audit, analyse: Analyse, *, public: bool = False) -> Workbook:
    wb = Workbook(write_only=True)
    for description in feuilles(audit, analyse, public=public):
        feuille = _Feuille(wb, description.titre, description.colonnes)
        for valeurs, formats in description.lignes:
            feuille.ajouter(valeurs, formats)
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
