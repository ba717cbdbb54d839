"""The built site in headless Chromium (Debian's), as an agent of the Département opens it:
from the disk, offline, searchable, accessible, and with no script from YAML text."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.conftest import RACINE
from transfo.model.audit import Audit
from transfo.validate.runner import valider_dossier

if TYPE_CHECKING:  # Playwright is imported when a browser test runs, never at collection
    from playwright.sync_api import Browser, Page

    from tests.outils_navigateur import Visite

pytestmark = pytest.mark.browser
@pytest.fixture(scope="session")
def site(site_exemple: Path) -> Path:
    return site_exemple / "site"


@pytest.fixture(scope="session")
def audit() -> Audit:
    return valider_dossier(RACINE / "processes", base=RACINE).audit


@pytest.fixture
def visite(navigateur: Browser, site: Path) -> Iterator[Visite]:
    from tests.outils_navigateur import Visite

    v = Visite(navigateur, site)
    yield v
    v.fermer()


def pages_cles(audit: Audit) -> list[str]:
    processus = next(iter(audit.processus))
    chantier = next(iter(audit.chantiers))
    return ["index.html", "cartographie/index.html", f"processus/{processus}/index.html",
            f"chantiers/{chantier}/index.html", "feuille-de-route/index.html",
            "valeur/index.html"]


def test_the_wide_tables_of_the_registers_and_the_macroprocesses_fit_at_1280_px(
        visite: Visite, audit: Audit) -> None:
    """Their pages give the table of contents' column to the table: nothing to scroll."""
    for chemin in ["gains/index.html", "conduite-du-changement/index.html",
                   *(f"macroprocessus/{mp}/index.html" for mp in audit.macroprocessus)]:
        page = visite.ouvrir(chemin)
        debords = page.evaluate("""() => Array.from(
            document.querySelectorAll('.transfo-defilement'),
            d => d.scrollWidth - d.clientWidth).filter(x => x > 1)""")
        assert page.locator(".transfo-defilement").count() > 0, chemin
        assert debords == [], chemin


def test_key_pages_open_without_errors_or_outside_requests(visite: Visite, audit: Audit) -> None:
    for chemin in pages_cles(audit):
        visite.ouvrir(chemin)
        assert visite.page.locator("h1").count() == 1, chemin  # one title per page
    assert visite.erreurs == []
    assert visite.exterieures() == []


def test_every_diagram_and_chart_is_displayed_with_its_text_alternative(visite: Visite,
                                                                        audit: Audit) -> None:
    for chemin in pages_cles(audit)[2:]:
        page = visite.ouvrir(chemin)
        images = page.locator("figure.transfo-figure img")
        assert images.count() >= 1, chemin
        for i in range(images.count()):
            image = images.nth(i)
            _montrer(image)
            image.scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth > 0",
                                   arg=image.element_handle(), timeout=10_000)
            assert (image.get_attribute("alt") or "").strip(), chemin
            assert image.bounding_box()["width"] > 50  # type: ignore[index]
            suivant = image.evaluate(
                "img => { let e = (img.closest('.transfo-onglets') || img.closest('figure'))"
                ".nextElementSibling;"
                " while (e && !['TABLE','P','DIV'].includes(e.tagName)) e = e.nextElementSibling;"
                " return e ? e.tagName + ' ' + e.textContent.slice(0, 40) : '' }")
            assert suivant.startswith(("TABLE", "DIV", "P")), (chemin, suivant)


def test_navigation_from_the_map_to_a_process_and_its_chantier(visite: Visite,
                                                                audit: Audit) -> None:
    page = visite.ouvrir("cartographie/index.html")
    processus = next(p for p in audit.processus.values()
                     if audit.chantiers_du_processus().get(p.id))
    boite = (f"xpath=//*[local-name()='svg']//*[local-name()='a']"
             f"[contains(@*[local-name()='href'], '{processus.macroprocessus}/')]")
    page.locator(boite).first.click()
    page.wait_for_url(re.compile(f"macroprocessus/{processus.macroprocessus}/"))
    page.locator(f"article a[href*='processus/{processus.id}/']").first.click()
    page.wait_for_url(re.compile(f"processus/{processus.id}/"))
    chantier = audit.chantiers_du_processus()[processus.id][0]
    page.locator(f"article a[href*='chantiers/{chantier}/']").first.click()
    page.wait_for_url(re.compile(f"chantiers/{chantier}/"))
    titre = page.locator("h1").inner_text().strip().rstrip("¶").strip()
    assert titre == audit.chantiers[chantier].nom
    assert visite.exterieures() == []


def _chercher(page: Page, terme: str) -> list[str]:
    """Types the query key by key, as a reader does (the theme listens to the keyboard), and
    types it again if it went in while the search index was still loading."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.locator("label.md-search__icon, .md-search__input").first.click()
    champ = page.locator("input.md-search__input")
    for _ in range(20):
        champ.fill("")
        champ.press_sequentially(terme, delay=20)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=1_000)
            break
        except PlaywrightTimeout:
            continue
    return [a.get_attribute("href") or "" for a in
            page.locator(".md-search-result__item a").all()]


def test_search_finds_a_process_by_accented_and_apostrophe_words(visite: Visite,
                                                                 audit: Audit) -> None:
    accent = apostrophe = None
    for p in audit.processus.values():
        mots = re.findall(r"[\w’']+", p.nom)
        if accent is None:
            accent = next(((p.id, m) for m in mots if re.search(r"[éèêàçôîû]", m) and len(m) > 5),
                          None)
        if apostrophe is None:
            apostrophe = next(((p.id, m) for m in mots if re.match(r"^[dl][’']\w{4,}", m)), None)
    assert accent and apostrophe, "l'exemple doit avoir des noms accentués et avec apostrophe"
    for ident, mot in (accent, apostrophe):
        page = visite.ouvrir("index.html")
        resultats = _chercher(page, mot)
        assert any(f"processus/{ident}/" in r for r in resultats), (mot, resultats[:5])
    assert visite.erreurs == []


def test_no_automated_accessibility_violation(visite: Visite, audit: Audit) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    regles = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    violations = {}
    for chemin in [*pages_cles(audit)[:5], "capacite/index.html"]:
        page = visite.ouvrir(chemin)
        resultat = axe.run(page, options=regles)
        if resultat.violations_count:
            violations[chemin] = resultat.generate_report()
    assert violations == {}


# Hyphenation at a French syllable (« Départe-ment ») is allowed; any other break inside a
# word is not. With hyphenation switched off, a word can only span two lines by being cut.
_MOTS_COUPES = """() => {
  const style = document.createElement('style');
  style.textContent = '.transfo-table th, .transfo-table td { hyphens: manual !important; }';
  document.head.appendChild(style);
  const coupes = [];
  for (const cellule of document.querySelectorAll('.transfo-table th, .transfo-table td')) {
    const marcheur = document.createTreeWalker(cellule, NodeFilter.SHOW_TEXT);
    for (let noeud = marcheur.nextNode(); noeud; noeud = marcheur.nextNode()) {
      const re = /[^\\s\\u00a0\\u202f—→,;:-]+/g;  // a break after « - » is allowed
      let m;
      while ((m = re.exec(noeud.data)) !== null) {
        const r = document.createRange();
        r.setStart(noeud, m.index);
        r.setEnd(noeud, m.index + m[0].length);
        const lignes = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0)
                                 .map(x => Math.round(x.top)));
        if (lignes.size > 1) coupes.push(m[0]);
      }
    }
  }
  style.remove();
  return coupes;
}"""

_TABLEAUX_QUI_DEBORDENT = """() => {
  const colonne = document.querySelector('.md-content__inner').getBoundingClientRect();
  return Array.from(document.querySelectorAll('.transfo-table')).filter(t => {
    const cadre = (t.closest('.transfo-defilement') || t).getBoundingClientRect();
    return cadre.right > colonne.right + 1 || cadre.left < colonne.left - 1;
  }).map(t => (t.caption ? t.caption.textContent : t.rows[0].textContent).slice(0, 60));
}"""


def test_tables_break_no_word_and_scroll_inside_their_column(visite: Visite, audit: Audit) -> None:
    chemins = [*pages_cles(audit), "processus/P-SOL-APA/index.html",
               "chantiers/C-SOCLE-PORTAIL/index.html", "conduite-du-changement/index.html",
               "gains/index.html", "capacite/index.html"]
    for chemin in chemins:
        page = visite.ouvrir(chemin)
        assert page.evaluate("document.documentElement.lang") == "fr"
        assert page.evaluate(_MOTS_COUPES) == [], chemin
        assert page.evaluate(_TABLEAUX_QUI_DEBORDENT) == [], chemin
def _montrer(image) -> None:  # type: ignore[no-untyped-def]
    """Opens the tab that holds a diagram, as a reader clicks « Cible »."""
    image.evaluate(
        "img => { const o = img.closest('.transfo-onglet');"
        " if (o && getComputedStyle(o).display === 'none') {"
        " const id = [...o.classList].find(c => c.startsWith('transfo-onglet-'));"
        " document.querySelector(`label[for='${id}']`).click(); } }")


MESURER_LES_DIAGRAMMES = """async () => {
  const mesures = [];
  for (const img of document.querySelectorAll("figure.transfo-figure img[src$='.svg']")) {
    img.loading = 'eager';
    // Opens the tab that holds a diagram, as a reader clicks « Cible ».
    const onglet = img.closest('.transfo-onglet');
    if (onglet && getComputedStyle(onglet).display === 'none') {
      const id = [...onglet.classList].find(c => c.startsWith('transfo-onglet-'));
      document.querySelector(`label[for='${id}']`).click();
    }
    await img.decode();
    if (!img.complete || img.naturalWidth === 0) throw new Error(`${img.src} non chargée`);
    mesures.push([img.getAttribute('src'), img.getBoundingClientRect().width]);
  }
  return mesures;
}"""
"""Every diagram and chart of a page, its tab opened: its address and rendered width, in
one call to the browser."""


_TAILLE = re.compile(r"font-size:\s*([\d.]+)px")


def plus_petite_police(svg: Path) -> tuple[float, float]:
    """The smallest font size of an SVG's texts, in its own units, and its viewBox width."""
    import xml.etree.ElementTree as ET

    racine = ET.parse(svg).getroot()
    largeur = float((racine.get("viewBox") or "").split()[2])
    tailles = []
    for texte in racine.iter("{http://www.w3.org/2000/svg}text"):
        if not "".join(texte.itertext()).strip():
            continue
        taille = texte.get("font-size")
        if taille is None:
            trouve = _TAILLE.search(texte.get("style") or "")
            assert trouve, f"{svg.name} : un texte sans taille de police"
            taille = trouve.group(1)
        tailles.append(float(taille))
    assert tailles, svg.name
    return min(tailles), largeur


def test_no_text_of_a_diagram_or_chart_renders_below_12_px(visite: Visite, site: Path,
                                                           audit: Audit) -> None:
    """At a 1280 px window, every process diagram (existant and cible), the dependency graph
    and every chart: smallest font size × rendered width ÷ natural width ≥ 12 CSS px."""
    pages = ([f"processus/{p}/index.html" for p in audit.processus]
             + [f"chantiers/{c}/index.html" for c in audit.chantiers]
             + ["feuille-de-route/index.html", "valeur/index.html", "capacite/index.html"])
    trop_petits = []
    mesures = 0
    for chemin in pages:
        page = visite.ouvrir(chemin)
        for src, largeur_rendue in page.evaluate(MESURER_LES_DIAGRAMMES):
            fichier = (site / chemin).parent / src
            taille, largeur_naturelle = plus_petite_police(fichier.resolve())
            rendue = taille * largeur_rendue / largeur_naturelle
            mesures += 1
            if rendue < 12:
                trop_petits.append(f"{chemin} {src} : {rendue:.1f} px")
    assert mesures >= 2 * len(audit.processus) + 2 * len(audit.chantiers) + 4
    assert trop_petits == []
