"""The « Document complet » page made into a paginated document: a standalone HTML file with
its own print stylesheet (CSS Paged Media), which :mod:`transfo.export.pdf_export` lays out
into a PDF.

It starts from the page as the site built it (every page of the site already converted and
in French typography, links and images rewritten for the page's folder), keeps its sections
and replaces its cover and table of contents: the cover names the collectivité and the date
of the état des lieux (``date_situation``), never the day of the build; the table of
contents gets the page numbers it is given (:func:`transfo.export.pdf_export.imprimer` reads
them from a first layout); every page carries a running header with the collectivité and
that date, and « page X / Y » at its foot (``@page`` margin boxes).
"""

from __future__ import annotations

import re
from datetime import date
from importlib.resources import files

from markupsafe import Markup, escape

from transfo.render.typographie import texte as typographie

MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
        "septembre", "octobre", "novembre", "décembre")

_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.DOTALL)
_COUVERTURE = re.compile(r'<section class="transfo-couverture">.*?</nav>', re.DOTALL)
_TITRE_DOCUMENT = re.compile(r'<section class="transfo-couverture">.*?<h1>(.*?)</h1>', re.DOTALL)
_TITRE_PAGE = re.compile(
    r'<p class="transfo-document-titre" id="page-(\d+)-titre">\d+\.\s*(.*?)</p>', re.DOTALL)
_BALISE = re.compile(r"<[^>]+>")
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


def document_imprimable(page_html: str, *, collectivite: str, situation: date | None,
                        numeros: dict[int, int] | None = None) -> str:
    """The standalone HTML of the printable document, from the built « Document complet »
    page; ``numeros`` gives the sheet on which each page of the site starts (blank in the
    table of contents without it). Raises :class:`DocumentIntrouvable` if the page has no
    such document."""
    article = _ARTICLE.search(page_html)
    corps = article.group(1) if article else ""
    titres = titres_des_pages(corps)
    couverture = _COUVERTURE.search(corps)
    titre_document = _TITRE_DOCUMENT.search(corps)
    if couverture is None or titre_document is None or not titres:
        raise DocumentIntrouvable("la page « Document complet » est introuvable ou vide")
    titre = Markup(_BALISE.sub("", titre_document.group(1)).strip())
    numeros = numeros or {}
    sections = _PERMALIEN.sub("", corps[couverture.end():])
    situation_texte = (f"Situation au {date_longue(situation)}" if situation
                       else "Situation non datée (date_situation absente du référentiel)")
    entete_droite = typographie(f"Situation au {situation.strftime('%d/%m/%Y')}"
                                if situation else "")
    sommaire = Markup("").join(
        Markup('<li><a href="#page-{n}"><span class="transfo-pdf-entree">{n}. {t}</span>'
               '<span class="transfo-pdf-numero">{p}</span></a></li>').format(
                   n=n, t=Markup(t), p=numeros.get(n, ""))
        for n, t in titres)
    couverture_html = Markup(
        '<section class="transfo-pdf-couverture">'
        '<p class="transfo-pdf-collectivite">{collectivite}</p>'
        '<h1 class="transfo-pdf-titre">{titre}</h1>'
        '<p class="transfo-pdf-situation">{situation}</p>'
        '<p class="transfo-pdf-objet">Document de synthèse : toutes les pages du site, dans '
        "l’ordre de la navigation.</p></section>"
        '<nav class="transfo-pdf-sommaire" aria-label="Sommaire"><h2>Sommaire</h2>'
        "<ol>{sommaire}</ol></nav>"
    ).format(collectivite=typographie(collectivite), titre=titre,
             situation=typographie(situation_texte), sommaire=sommaire)
    entete = (f"@page {{ @top-left {{ content: {_chaine_css(typographie(collectivite))}; }}"
              f" @top-right {{ content: {_chaine_css(entete_droite)}; }} }}")
    return (
        '<!DOCTYPE html>\n<html lang="fr"><head><meta charset="utf-8">'
        f"<title>{titre} — {escape(typographie(collectivite))}</title>"
        f'<meta name="description" content="{escape(situation_texte)}">'
        f"<style>{feuille_de_style()}\n{entete}</style></head>\n<body>"
        f"{couverture_html}\n{sections}\n</body></html>\n"
    )
