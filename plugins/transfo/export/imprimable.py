"""The « Document complet » page made into a paginated document: a standalone HTML file with
its own print stylesheet (CSS Paged Media), which :mod:`transfo.export.pdf_export` lays out
into a PDF.

It starts from the page as the site built it (every page of the site already converted and
in French typography, links and images rewritten for the page's folder), keeps its sections
and replaces its cover and table of contents: the cover names the collectivité and the date
of the état des lieux (``date_situation``), never the day of the build; the table of
contents gets the page numbers it is given (:func:`transfo.export.pdf_export.imprimer_pdf`
reads them from a first layout); every page carries a running header with the collectivité
and that date, and « page X / Y » at its foot (``@page`` margin boxes). A long document is
laid out in lots (:func:`lots`), each numbered from the sheet where it starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from importlib.resources import files

from markupsafe import Markup, escape

from transfo.typographie import texte as typographie

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre")

PAGES_PAR_LOT = 150
"""Pages of the site laid out by one Chromium: memory grows with the document (about 1 GB
for 100 pages of the synthetic model), so a longer document is laid out in lots, two at a
time, and merged. A document of one lot (the sample's 80 pages) keeps Chromium's tagged
structure and its links; the merge keeps the outline, the links of the table of contents
and the language, not the tags."""
_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.DOTALL)
_COUVERTURE = re.compile(r'<section class="transfo-couverture">.*?</nav>', re.DOTALL)
_TITRE_DOCUMENT = re.compile(r'<section class="transfo-couverture">.*?<h1>(.*?)</h1>', re.DOTALL)
_TITRE_PAGE = re.compile(
    r'<p class="transfo-document-titre" id="page-(\d+)-titre">\d+\.\s*(.*?)</p>', re.DOTALL)
_BALISE = re.compile(r"<[^>]+>")
_TITRE_PAGE_ENTIER = re.compile(
    r'(<p class="transfo-document-titre" id="page-(\d+)-titre">)(.*?)</p>', re.DOTALL)
_DEBUT_PAGE = re.compile(r'<section class="transfo-document-page" id="page-\d+"')
# A permalink « ¶ » beside each heading is a site's affordance, noise on paper.
_PERMALIEN = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)


class DocumentIntrouvable(ValueError):
    """The built page is not the « Document complet » page this module knows."""


def date_longue(jour: date) -> str:
    """« 1er mars 2026 », « 15 juin 2026 »."""
    quantieme = "1er" if jour.day == 1 else str(jour.day)
    return f"{quantieme} {MOIS[jour.month - 1]} {jour.year}"


def feuille_de_style() -> str:
    return (files("transfo.render") / "templates" / "document_pdf.css").read_text("utf-8")


def _chaine_css(texte: str) -> str:
    """A CSS string literal (for ``content:``)."""
    return '"' + texte.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def titres_des_pages(page_html: str) -> list[tuple[int, str]]:
    """The number and title (HTML) of every page in the built « Document complet » page."""
    return [(int(n), _BALISE.sub("", t).strip()) for n, t in _TITRE_PAGE.findall(page_html)]


@dataclass(frozen=True)
class Document:
    """The built « Document complet » page, read: its title, the number and title of each
    page of the site, and each page's HTML (``sections[0]`` is page 1)."""

    titre: Markup
    titres: list[tuple[int, str]]
    sections: list[str]


def lire_document(page_html: str) -> Document:
    """Raises :class:`DocumentIntrouvable` if the page has no such document."""
    article = _ARTICLE.search(page_html)
    corps = article.group(1) if article else ""
    titres = titres_des_pages(corps)
    couverture = _COUVERTURE.search(corps)
    titre_document = _TITRE_DOCUMENT.search(corps)
    if couverture is None or titre_document is None or not titres:
        raise DocumentIntrouvable("la page « Document complet » est introuvable ou vide")
    suite = _PERMALIEN.sub("", corps[couverture.end():])
    # Each page's title line links to its page: Chromium then names the page's start
    # (``page-N``) in a lot that has no table of contents to link to it.
    suite = _TITRE_PAGE_ENTIER.sub(
        lambda m: f'{m.group(1)}<a href="#page-{m.group(2)}">{m.group(3)}</a></p>', suite)
    debuts = [m.start() for m in _DEBUT_PAGE.finditer(suite)]
    if len(debuts) != len(titres):
        raise DocumentIntrouvable("les pages du « Document complet » ne se laissent pas séparer")
    sections = [suite[a:b].strip() for a, b in zip(debuts, [*debuts[1:], len(suite)],
                                                   strict=True)]
    return Document(Markup(_BALISE.sub("", titre_document.group(1)).strip()), titres,
                    sections)


@dataclass(frozen=True)
class Lot:
    """A part of the document laid out on its own: pages ``debut`` to ``fin`` of the site
    (from 1, ``fin`` included), the first one with the cover and the table of contents."""

    debut: int
    fin: int

    @property
    def premier(self) -> bool:
        return self.debut == 1


def lots(nombre: int, pages_par_lot: int) -> list[Lot]:
    """``nombre`` pages of the site in lots of at most ``pages_par_lot``, of even sizes."""
    compte = max(1, -(-nombre // max(1, pages_par_lot)))
    taille = -(-nombre // compte)
    return [Lot(d, min(d + taille - 1, nombre)) for d in range(1, nombre + 1, taille)]


def lot_imprimable(document: Document, lot: Lot, *, collectivite: str, situation: date | None,
                   numeros: dict[int, int] | None = None, premier_folio: int = 1,
                   total: int | None = None, renvoi: str = "#page-") -> str:
    """The standalone HTML of one lot of the printable document.

    ``numeros`` gives the sheet on which each page of the site starts (blank in the table of
    contents without it); the lot's sheets are numbered from ``premier_folio`` out of
    ``total`` (the lot's own count without it). The table of contents links each entry to
    ``renvoi`` followed by the page's number: a link to a page in another lot cannot be
    laid out by Chromium, so the merged PDF rewrites such links
    (:mod:`transfo.export.pdf_export`)."""
    numeros = numeros or {}
    situation_texte = (f"Situation au {date_longue(situation)}" if situation
                       else "Situation non datée (date_situation absente du référentiel)")
    entete_droite = typographie(f"Situation au {situation.strftime('%d/%m/%Y')}"
                                if situation else "")
    debut = ""
    if lot.premier:
        sommaire = Markup("").join(
            Markup('<li><a href="{r}{n}"><span class="transfo-pdf-entree">{n}. {t}</span>'
                   '<span class="transfo-pdf-numero">{p}</span></a></li>').format(
                       r=renvoi, n=n, t=Markup(t), p=numeros.get(n, ""))
            for n, t in document.titres)
        debut = Markup(
            '<section class="transfo-pdf-couverture">'
            '<p class="transfo-pdf-collectivite">{collectivite}</p>'
            '<h1 class="transfo-pdf-titre">{titre}</h1>'
            '<p class="transfo-pdf-situation">{situation}</p>'
            '<p class="transfo-pdf-objet">Document de synthèse : toutes les pages du site, '
            "dans l’ordre de la navigation.</p></section>"
            '<nav class="transfo-pdf-sommaire" aria-label="Sommaire"><h2>Sommaire</h2>'
            "<ol>{sommaire}</ol></nav>"
        ).format(collectivite=typographie(collectivite), titre=document.titre,
                 situation=typographie(situation_texte), sommaire=sommaire)
    sections = "\n".join(document.sections[lot.debut - 1:lot.fin])
    sur = "counter(pages)" if total is None else _chaine_css(str(total))
    marges = (f"@page {{ counter-increment: folio; "
              f"@top-left {{ content: {_chaine_css(typographie(collectivite))}; }}"
              f" @top-right {{ content: {_chaine_css(entete_droite)}; }}"
              f' @bottom-right {{ content: "page " counter(folio) " / " {sur}; }} }}'
              f"\nhtml {{ counter-reset: folio {premier_folio - 1}; }}")
    if lot.premier:  # no running header on the cover
        marges += ("\n@page :first { @top-left { content: none; } @top-right { content: none; }"
                   " @bottom-right { content: none; } }")
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{document.titre} — {escape(typographie(collectivite))}</title>"
        f'<meta name="description" content="{escape(situation_texte)}">'
        f"<style>{feuille_de_style()}\n{marges}</style></head>\n<body>"
        f"{debut}\n{sections}\n</body></html>\n"
    )
