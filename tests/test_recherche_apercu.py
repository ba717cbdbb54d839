"""In the live preview, a rebuilt page is indexed section by section: the sections equal
those of material's own parser, and only the stretches whose HTML changed are parsed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from material.plugins.search.plugin import Parser

from transfo.adapters.mkdocs_plugin.recherche import (
    SectionsConnues,
    sans_tables_exclues,
    troncons,
)


def lues(sections: list[Any]) -> list[tuple[Any, ...]]:
    return [(s.el.tag, s.el.attrs, s.depth, s.id, s.title, s.text) for s in sections]


def contenu(page: Path) -> str:
    """The page's content as mkdocs hands it to the search plugin: its article."""
    texte = page.read_text(encoding="utf-8")
    return texte.split('<article class="md-content__inner md-typeset">', 1)[1] \
        .rsplit("</article>", 1)[0]


def par_material(contenu: str) -> list[tuple[Any, ...]]:
    parser = Parser()
    parser.feed(contenu)
    parser.close()
    return lues(parser.data)


def test_the_sections_of_every_page_of_the_sample_are_materials(site_exemple: Path) -> None:
    # The printable document is left out of search (its front matter says so).
    pages = {str(p.relative_to(site_exemple / "site")): contenu(p)
             for p in sorted((site_exemple / "site").rglob("*.html"))
             if "<article" in p.read_text(encoding="utf-8") and "document-complet" not in str(p)}
    assert len(pages) > 40
    connues = SectionsConnues()
    for page, texte in pages.items():
        assert lues(connues.sections(page, texte, Parser())) == par_material(texte)
    # Read again unchanged: the same sections, most of them taken from the first reading;
    # a stretch read inside an open element (a heading in a <section>) is parsed again.
    relus = {}
    for page, texte in pages.items():
        connues.relus = 0
        assert lues(connues.sections(page, texte, Parser())) == par_material(texte)
        relus[page] = connues.relus
    assert relus["gains/index.html"] == relus["index/enjeux/index.html"] == 0
    assert sum(relus.values()) < sum(len(troncons(t)) for t in pages.values()) / 3


def test_only_the_stretch_that_changed_is_parsed_again(site_exemple: Path) -> None:
    texte = contenu(site_exemple / "site" / "gains" / "index.html")
    morceaux = troncons(texte)
    assert len(morceaux) > 4 and "".join(morceaux) == texte
    connues = SectionsConnues()
    connues.sections("gains", texte, Parser())
    milieu = len(morceaux) // 2
    assert "<td>" in morceaux[milieu]
    morceaux[milieu] = morceaux[milieu].replace("<td>", "<td>Modifié ", 1)
    modifie = "".join(morceaux)
    connues.relus = 0
    assert lues(connues.sections("gains", modifie, Parser())) == par_material(modifie)
    assert connues.relus == 1


def test_a_stretch_read_from_an_open_element_is_parsed() -> None:
    """A heading inside an element: the stretch after it starts with something open, so
    it is parsed again even when it did not change."""
    texte = ('<h1 id="a">A</h1><p>x</p>\n<div><h2 id="b">B</h2>\n'
             '<h3 id="c">C</h3><p>y</p></div>\n<h2 id="d">D</h2><p>z</p>\n')
    connues = SectionsConnues()
    assert lues(connues.sections("p", texte, Parser())) == par_material(texte)
    connues.relus = 0
    assert lues(connues.sections("p", texte, Parser())) == par_material(texte)
    assert connues.relus == 2  # the first (it leaves the div open) and the one of C


def test_a_table_left_out_of_search_is_not_read_and_the_sections_are_materials(
        site_exemple: Path) -> None:
    videes = {}
    for page in sorted((site_exemple / "site").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if "<article" not in html or "document-complet" in str(page):  # not searched
            continue
        texte = contenu(page)
        allege = sans_tables_exclues(texte)
        assert par_material(allege) == par_material(texte), page
        if len(allege) < len(texte):
            videes[str(page.relative_to(site_exemple / "site"))] = len(allege) / len(texte)
    # The register of gains and the indexes by stake and by lever: their rows are indexed on
    # the pages of their processes and gains.
    assert set(videes) == {"gains/index.html", "index/enjeux/index.html",
                           "index/leviers/index.html"}
    assert max(videes.values()) < 0.5, videes


TABLE = '<table class="t" data-search-exclude>'


@pytest.mark.parametrize("dedans", [
    "<tr><td>1</td></tr>",                         # emptied
    "<tr><td>1<br>2<br/>3</td></tr>",              # emptied: void and self-closing tags
    "<tr><td><p>ouvert</td></tr>",                 # a <p> left open
    '<tr><td><h2 id="x">titre</h2></td></tr>',      # a heading starts a section
    "<tr><td><!-- commentaire --></td></tr>",
    "<tr><td><table><tr><td>2</td></tr></table></td></tr>",
    "<tr><td tabindex=0>1</td></tr>",              # an attribute the check does not read
    "<tr><td><script>var a = '</td>';</script></td></tr>",
    "<tr><td>1 < 2</td></tr>",
    "<tr><td></p></td></tr>",                      # a closing tag with nothing open
])
@pytest.mark.parametrize("autour", [
    ('<h1 id="t">T</h1><p>avant</p>', "<p>après</p>"),
    ("", "<p>après</p>"),                          # the table opens the page
    ('<h1 id="t">T</h1><div data-search-exclude><div>', "</div></div><p>après</p>"),
    ('<h1 id="t">T</h1><div class="linenodiv"><div>', "</div></div><p>après</p>"),
])
def test_emptying_a_left_out_table_never_changes_the_sections(
        dedans: str, autour: tuple[str, str]) -> None:
    texte = f"{autour[0]}{TABLE}{dedans}</table>{autour[1]}"
    assert par_material(sans_tables_exclues(texte)) == par_material(texte)


def test_a_plain_left_out_table_is_emptied() -> None:
    texte = f'<h1 id="t">T</h1>{TABLE}<tr><td class="a">1<br></td></tr></table><p>x</p>'
    assert sans_tables_exclues(texte) == f'<h1 id="t">T</h1>{TABLE}</table><p>x</p>'
