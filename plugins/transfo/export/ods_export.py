"""The OpenDocument spreadsheet export: the xlsx workbook's sheets, written as ODF 1.2.

The RGI recommends ODF for office documents an administration revises. The file is written
with the standard library only: an ODS is a zip of a few XML parts, the workbook needs four
cell styles, and writing them by hand keeps the output byte-for-byte reproducible. Formulas
are translated from Excel's A1 syntax to OpenFormula and carry their value, so a reader that
does not recalculate on opening still shows every figure. Numbers use French styles
(« 1 234,56 € », « 4,5 % », « 31/12/2026 ») and each sheet's header row is frozen.
"""

from __future__ import annotations

import re
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from transfo.analyse.valeur import Analyse
from transfo.export.tables import DECIMAL, EUROS, POURCENT, Feuille, Formule, feuilles
from transfo.model.audit import Audit

_DATE_FIXE = (1980, 1, 1, 0, 0, 0)
MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"

_ESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" '
    'xmlns:config="urn:oasis:names:tc:opendocument:xmlns:config:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'office:version="1.2"'
)

_FR = 'number:language="fr" number:country="FR"'
_STYLES_NOMBRE = f"""<number:number-style style:name="N-EUROS" {_FR}>\
<number:number number:decimal-places="0" number:min-integer-digits="1" number:grouping="true"/>\
<number:text> €</number:text></number:number-style>\
<number:number-style style:name="N-DECIMAL" {_FR}>\
<number:number number:decimal-places="2" number:min-integer-digits="1" number:grouping="true"/>\
</number:number-style>\
<number:percentage-style style:name="N-POURCENT" {_FR}>\
<number:number number:decimal-places="1" number:min-integer-digits="1"/>\
<number:text> %</number:text></number:percentage-style>\
<number:date-style style:name="N-DATE" {_FR}>\
<number:day number:style="long"/><number:text>/</number:text>\
<number:month number:style="long"/><number:text>/</number:text>\
<number:year number:style="long"/></number:date-style>"""

_STYLE_CELLULE = {EUROS: "ce-euros", DECIMAL: "ce-decimal", POURCENT: "ce-pourcent"}
_STYLES_CELLULE = """<style:style style:name="ce-gras" style:family="table-cell">\
<style:text-properties fo:font-weight="bold"/></style:style>\
<style:style style:name="ce-euros" style:family="table-cell" style:data-style-name="N-EUROS"/>\
<style:style style:name="ce-decimal" style:family="table-cell" \
style:data-style-name="N-DECIMAL"/>\
<style:style style:name="ce-pourcent" style:family="table-cell" \
style:data-style-name="N-POURCENT"/>\
<style:style style:name="ce-date" style:family="table-cell" style:data-style-name="N-DATE"/>"""

_REFERENCE = re.compile(
    r"(?:(?P<feuille>[^\W\d][\w]*)!)?"
    r"(?P<c1>\$?[A-Z]{1,3})(?P<l1>\$?\d+)?(?::(?P<c2>\$?[A-Z]{1,3})(?P<l2>\$?\d+)?)?"
    r"(?![\w(])"
)


def _reference(m: re.Match[str]) -> str:
    feuille = m["feuille"]
    if m["l1"] is None and m["c2"] is None:  # a lone capital is no reference
        return m.group(0)
    prefixe = f"$'{feuille}'" if feuille else ""
    c1, l1, c2, l2 = m["c1"], m["l1"], m["c2"], m["l2"]
    if c2 is not None and l1 is None and l2 is None:  # whole columns: A:A
        l1, l2 = "$1", "$1048576"
    debut = f"{prefixe}.{c1}{l1 or ''}"
    if c2 is None:
        return f"[{debut}]"
    return f"[{debut}:.{c2}{l2 or ''}]"


def formule_odf(texte: str) -> str:
    """Excel A1 → OpenFormula: ``=SUMIF(Flux!$A:$A,A2,Flux!$G:$G)`` becomes
    ``of:=SUMIF([$'Flux'.$A$1:.$A$1048576];[.A2];[$'Flux'.$G$1:.$G$1048576])``.
    Covers what the workbook writes: cell and column references, sheet prefixes, functions,
    commas between arguments (the formulas hold no text literal)."""
    corps = _REFERENCE.sub(_reference, texte.removeprefix("="))
    return "of:=" + corps.replace(",", ";")


def _nombre(valeur: float) -> str:
    return repr(float(valeur)) if isinstance(valeur, float) else str(valeur)


def _cellule(valeur: Any, format_nombre: str | None) -> str:
    if valeur is None:
        return "<table:table-cell/>"
    style = _STYLE_CELLULE.get(format_nombre or "")
    attr_style = f' table:style-name="{style}"' if style else ""
    type_valeur = "percentage" if format_nombre == POURCENT else "float"
    if isinstance(valeur, Formule):
        formule = quoteattr(formule_odf(valeur.texte))
        return (f'<table:table-cell{attr_style} table:formula={formule}'
                f' office:value-type="{type_valeur}" office:value="{_nombre(valeur.valeur)}"/>')
    if isinstance(valeur, bool):
        return (f'<table:table-cell office:value-type="boolean" '
                f'office:boolean-value="{str(valeur).lower()}"/>')
    if isinstance(valeur, int | float):
        return (f'<table:table-cell{attr_style} office:value-type="{type_valeur}" '
                f'office:value="{_nombre(valeur)}"><text:p>{valeur}</text:p></table:table-cell>')
    if isinstance(valeur, date):
        return (f'<table:table-cell table:style-name="ce-date" office:value-type="date" '
                f'office:date-value="{valeur.isoformat()}">'
                f"<text:p>{valeur:%d/%m/%Y}</text:p></table:table-cell>")
    texte = str(valeur)
    paragraphes = "".join(f"<text:p>{escape(ligne)}</text:p>" for ligne in texte.split("\n"))
    return f'<table:table-cell office:value-type="string">{paragraphes}</table:table-cell>'


def _largeur(nom: str) -> float:
    """The xlsx column width (characters, 12 to 45), in centimetres."""
    return round(max(12, min(45, len(nom) + 4)) * 0.2, 2)


def _feuille(feuille: Feuille, parties: list[str], largeurs: dict[float, str]) -> None:
    parties.append(f"<table:table table:name={quoteattr(feuille.titre)}>")
    for nom in feuille.colonnes:
        largeur = _largeur(nom)
        style = largeurs.setdefault(largeur, f"co{len(largeurs) + 1}")
        parties.append(f'<table:table-column table:style-name="{style}"/>')
    parties.append("<table:table-header-rows><table:table-row>")
    parties.extend(f'<table:table-cell table:style-name="ce-gras" office:value-type="string">'
                   f"<text:p>{escape(nom)}</text:p></table:table-cell>"
                   for nom in feuille.colonnes)
    parties.append("</table:table-row></table:table-header-rows>")
    for valeurs, formats in feuille.lignes:
        parties.append("<table:table-row>")
        if not valeurs:
            parties.append("<table:table-cell/>")
        parties.extend(_cellule(v, formats.get(i)) for i, v in enumerate(valeurs, start=1))
        parties.append("</table:table-row>")
    parties.append("</table:table>")


def _contenu(classeur: list[Feuille]) -> str:
    tables: list[str] = []
    largeurs: dict[float, str] = {}
    for feuille in classeur:
        _feuille(feuille, tables, largeurs)
    colonnes = "".join(
        f'<style:style style:name="{nom}" style:family="table-column">'
        f'<style:table-column-properties style:column-width="{largeur}cm"/></style:style>'
        for largeur, nom in largeurs.items())
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ESPACES}>'
            f"<office:automatic-styles>{_STYLES_NOMBRE}{colonnes}{_STYLES_CELLULE}"
            f"</office:automatic-styles><office:body><office:spreadsheet>{''.join(tables)}"
            "</office:spreadsheet></office:body></office:document-content>")


def _reglages(classeur: list[Feuille]) -> str:
    """settings.xml: the header row of each sheet is frozen (split at row 1)."""
    def item(nom: str, type_: str, valeur: object) -> str:
        return f'<config:config-item config:name="{nom}" config:type="{type_}">{valeur}' \
               "</config:config-item>"

    tables = "".join(
        f"<config:config-item-map-entry config:name={quoteattr(f.titre)}>"
        + item("HorizontalSplitMode", "short", 0) + item("VerticalSplitMode", "short", 2)
        + item("HorizontalSplitPosition", "int", 0) + item("VerticalSplitPosition", "int", 1)
        + item("ActiveSplitRange", "short", 2) + item("PositionLeft", "int", 0)
        + item("PositionRight", "int", 0) + item("PositionTop", "int", 0)
        + item("PositionBottom", "int", 1)
        + "</config:config-item-map-entry>"
        for f in classeur)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-settings {_ESPACES}>'
            '<office:settings><config:config-item-set config:name="ooo:view-settings">'
            '<config:config-item-map-indexed config:name="Views"><config:config-item-map-entry>'
            + item("ViewId", "string", "view1")
            + f'<config:config-item-map-named config:name="Tables">{tables}'
            "</config:config-item-map-named>"
            + item("ActiveTable", "string", escape(classeur[0].titre))
            + "</config:config-item-map-entry></config:config-item-map-indexed>"
            "</config:config-item-set></office:settings></office:document-settings>")


def _meta(creation: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {_ESPACES}>'
            "<office:meta><meta:generator>transfo</meta:generator>"
            f"<meta:creation-date>{creation}</meta:creation-date>"
            f"<dc:date>{creation}</dc:date><dc:language>fr-FR</dc:language>"
            "</office:meta></office:document-meta>")


_MANIFESTE = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
manifest:version="1.2">\
<manifest:file-entry manifest:full-path="/" manifest:version="1.2" \
manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>\
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>\
<manifest:file-entry manifest:full-path="settings.xml" manifest:media-type="text/xml"/>\
<manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>\
</manifest:manifest>"""


def export_ods(audit: Audit, analyse: Analyse, sortie: Path | None = None, *,
               public: bool = False) -> bytes:
    """The workbook as ODS bytes (also written to ``sortie`` when given). The same model gives
    the same bytes: fixed dates in the archive, creation date = the reference year."""
    classeur = feuilles(audit, analyse, public=public)
    creation = f"{analyse.annees[0]}-01-01T00:00:00"
    tampon = BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        # The mimetype comes first and uncompressed, so that tools can sniff the type.
        archive.writestr(zipfile.ZipInfo("mimetype", date_time=_DATE_FIXE), MIMETYPE,
                         compress_type=zipfile.ZIP_STORED)
        for nom, texte in (("META-INF/manifest.xml", _MANIFESTE),
                           ("content.xml", _contenu(classeur)),
                           ("settings.xml", _reglages(classeur)),
                           ("meta.xml", _meta(creation))):
            archive.writestr(zipfile.ZipInfo(nom, date_time=_DATE_FIXE), texte.encode(),
                             compress_type=zipfile.ZIP_DEFLATED)
    donnees = tampon.getvalue()
    if sortie is not None:
        sortie.write_bytes(donnees)
    return donnees
