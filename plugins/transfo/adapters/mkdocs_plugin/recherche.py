"""In the live preview, a rebuilt page is indexed for search section by section.

Material's search plugin cuts each page into sections at its headings by feeding the whole
page through its :mod:`html.parser` parser. A save changes a few figures of the large
generated pages (the register of gains, the indexes by stake and by lever) but most of
their sections stay the same, so the preview keeps the sections the parser gave for each
stretch of page, from one heading to the next, and parses again only the stretches whose
HTML changed.

A stretch is taken from the previous build only when the parser would read it from the
same state: nothing left open before it (no element, no skipped script), and it left
nothing open either. Its sections are then exactly the ones the parser would give; any
other stretch is parsed, so the entries equal material's own (``tests/test_apercu.py``
compares the search index of the preview with a clean build's).

The long tables of the aggregate pages (the register of gains, the indexes by stake and by
lever) carry ``data-search-exclude``: each row's entity is indexed on its own page. The
parser reads such a table only to skip it; the preview gives it an empty one instead, when
the parser provably ends the table where it began (:func:`sans_tables_exclues`).
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

_TITRE = re.compile(r"^<h[1-6][^>]*\sid=", re.MULTILINE)
_IGNORES = {"object", "script", "style"}
"""What material's parser skips from the start."""
_TABLE_EXCLUE = re.compile(r"<table\b[^<>]*\sdata-search-exclude\b[^<>]*>")
_FIN_TABLE = "</table>"
_BALISE = re.compile(
    r"""<(/?)([a-z][a-z0-9]*)(?:\s+[^<>"'=\s/]+(?:="[^"<>]*"|='[^'<>]*')?)*\s*(/?)>""")
_VIDES = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
          "param", "source", "track", "wbr"}
"""The tags material's parser does not keep open (its ``void``)."""
_A_LIRE = {"script", "style", "object", "table", "h1", "h2", "h3", "h4", "h5", "h6"}
"""Tags inside a skipped table after which the parser's state could differ."""


def _neutre(bloc: str) -> bool:
    """True when material's parser, reading ``bloc`` inside a skipped table, ends with the
    same state it began with: every ``<`` opens a plain tag, none that would start a section,
    raw text or a nested table, and every element it keeps open is closed in order."""
    balises = _BALISE.findall(bloc)
    if len(balises) != bloc.count("<"):
        return False  # a « < » that is not a plain tag (a comment, an unquoted attribute…)
    ouvertes: list[str] = []
    for fermante, nom, auto in balises:
        if nom in _A_LIRE:
            return False
        if fermante:
            if ouvertes and ouvertes[-1] == nom:
                ouvertes.pop()
        elif not auto and nom not in _VIDES:
            ouvertes.append(nom)
    return not ouvertes


def sans_tables_exclues(contenu: str) -> str:
    """``contenu`` where each table marked ``data-search-exclude`` whose content leaves the
    parser as it found it (:func:`_neutre`) is emptied: the parser gives the same sections
    without reading its rows."""
    tables = list(_TABLE_EXCLUE.finditer(contenu))
    if not tables or len(tables) != contenu.count("data-search-exclude") \
            or "linenodiv" in contenu:
        # The parser skips other elements too: a tag inside a table could end their skip.
        return contenu
    morceaux: list[str] = []
    position = 0
    for table in tables:
        if table.start() < position:
            continue
        fin = contenu.find(_FIN_TABLE, table.end())
        if fin < 0:
            break
        if _neutre(contenu[table.end():fin]):
            morceaux += [contenu[position:table.end()], _FIN_TABLE]
            position = fin + len(_FIN_TABLE)
    morceaux.append(contenu[position:])
    return "".join(morceaux)

Troncon = tuple[list[Any], int]
"""The sections a stretch gave, and which of them was the parser's current one after it."""


def troncons(contenu: str) -> list[str]:
    """The page cut before each heading that starts a line: the stretches that join up to
    the page."""
    coupures = [0, *(m.start() for m in _TITRE.finditer(contenu) if m.start()), len(contenu)]
    return [contenu[a:b] for a, b in pairwise(coupures)]


def _libre(parser: Any) -> bool:
    """True when the parser holds nothing open: a stretch starting here reads the same as
    in a parser of its own."""
    return (not parser.context and parser.skip == _IGNORES and not parser.rawdata
            and parser.cdata_elem is None)


@dataclass
class SectionsConnues:
    """The sections of each page's stretches at its last indexing, by page."""

    par_page: dict[str, dict[tuple[str, bool], Troncon]] = field(default_factory=dict)
    lus: int = 0
    """Stretches of the pages indexed in this build."""
    relus: int = 0
    """Those of them that were parsed (the others were taken from the previous build)."""

    def nouvelle_construction(self) -> None:
        self.lus = self.relus = 0

    def sections(self, page: str, contenu: str, parser: Any) -> list[Any]:
        """What ``parser`` (a new material parser) gives for ``contenu``."""
        anciens = self.par_page.get(page, {})
        nouveaux: dict[tuple[str, bool], Troncon] = {}
        for troncon in troncons(contenu):
            self.lus += 1
            cle = (troncon, bool(parser.data))
            libre = _libre(parser)
            if libre and cle in anciens:
                sections, actuelle = copy.deepcopy(anciens[cle])
                parser.data.extend(sections)
                parser.section = sections[actuelle]
                nouveaux[cle] = anciens[cle]
                continue
            debut = len(parser.data)
            parser.feed(troncon)
            self.relus += 1
            lues = parser.data[debut:]
            courante = next((i for i, s in enumerate(lues) if s is parser.section), None)
            if libre and _libre(parser) and courante is not None:
                nouveaux[cle] = (copy.deepcopy(lues), courante)
        parser.close()
        self.par_page[page] = nouveaux
        return list(parser.data)


def indexer_par_section(index: Any, connues: SectionsConnues, parser: type) -> None:
    """Makes ``index`` (material's search index of this build) index pages through
    ``connues``, as its own ``add_entry_from_context`` does."""

    def ajouter(page: Any) -> None:
        if (page.meta.get("search") or {}).get("exclude"):
            return
        contenu = sans_tables_exclues(page.content)
        for section in connues.sections(page.file.src_uri, contenu, parser()):
            if not section.is_excluded():
                index.create_entry_for_section(section, page.toc, page.url, page)

    index.add_entry_from_context = ajouter
