"""The deliverable as one document: cover, table of contents and every page in order, with
their diagrams and charts, for the formal handover (a browser prints it to a clean PDF).

Pages are given already converted to HTML; their relative links and images are rewritten
for the document's own address, and their anchors prefixed so that they stay unique.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from transfo.render.site import environnement

_ATTRIBUT = re.compile(r'\b(href|src)="([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')


@dataclass(frozen=True)
class PageRendue:
    titre: str
    url: str
    """The page's address relative to the site's root (``processus/P-X/index.html``)."""
    html: str


def _reecrire(page: PageRendue, numero: int, dossier_document: str) -> str:
    dossier_page = posixpath.dirname(page.url)
    prefixe = f"p{numero}-"

    def lien(m: re.Match[str]) -> str:
        attribut, valeur = m.group(1), m.group(2)
        if not valeur or re.match(r"^[a-z][a-z0-9+.-]*:", valeur) or valeur.startswith("/"):
            return m.group(0)
        if valeur.startswith("#"):
            return f'{attribut}="#{prefixe}{valeur[1:]}"'
        chemin, _, ancre = valeur.partition("#")
        cible = posixpath.normpath(posixpath.join(dossier_page, chemin))
        relatif = posixpath.relpath(cible, dossier_document or ".")
        return f'{attribut}="{relatif}{"#" + ancre if ancre else ""}"'

    html = _ATTRIBUT.sub(lien, page.html)
    html = _ID.sub(lambda m: f'id="{prefixe}{m.group(1)}"', html)
    return html.replace(' loading="lazy"', "")  # every image must be there when printing


def assembler(pages: list[PageRendue], url_document: str, titre: str, sous_titre: str,
              le: date) -> str:
    dossier = posixpath.dirname(url_document)
    return environnement().get_template("document.html.j2").render(
        pages=pages, titre=titre, sous_titre=sous_titre, le=le.strftime("%d/%m/%Y"),
        corps=[Markup(_reecrire(page, n, dossier)) for n, page in enumerate(pages, start=1)])
