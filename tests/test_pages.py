"""The declarative site: each page family declares its sections once (path, title,
template, edit link), and addresses, navigation and templates are derived from that."""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import RACINE, valider_depuis_parent
from transfo.model.audit import Audit
from transfo.model.entities import SECTIONS_APPUI
from transfo.render import pages
from transfo.render.pages import Section, navigation, navigation_tete, section, sections
from transfo.render.site import Generateur
from transfo.render.urls import page_section

PAQUET = RACINE / "plugins" / "transfo"
_CHEMIN_LITTERAL = re.compile(r"""["'][\w\-/]*index\.md["']|\burl\(["']""")


@pytest.fixture(scope="module")
def audit() -> Audit:
    resultat = valider_depuis_parent(RACINE / "processes")
    assert resultat.erreurs == []
    return resultat.audit


def _adresses(nav: object) -> list[str]:
    """Every page address of a navigation, in order."""
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [a for v in nav.values() for a in _adresses(v)]
    if isinstance(nav, list):
        return [a for x in nav for a in _adresses(x)]
    return []


def test_templates_and_macros_never_write_a_page_path() -> None:
    fichiers = [*sorted((PAQUET / "render" / "templates").glob("*.j2")),
                PAQUET / "adapters" / "macros.py"]
    litteraux = [f"{f.name}: {m.group()}" for f in fichiers
                 for m in _CHEMIN_LITTERAL.finditer(f.read_text(encoding="utf-8"))]
    assert litteraux == []


def test_a_section_address_is_the_folder_its_family_declares() -> None:
    assert page_section("hypotheses_valeur") == "valeur/hypotheses/index.md"
    assert page_section("conduite") == section("conduite").src_uri
    assert {s.cle for s in sections().values()} == set(sections())


def test_every_section_with_a_template_is_in_the_navigation_once(audit: Audit) -> None:
    adresses = _adresses([*navigation_tete(audit), *navigation(audit)])
    ecrites = [s.src_uri for s in sections().values() if s.gabarit and s.dans(audit)]
    assert sorted(a for a in adresses if a in ecrites) == sorted(ecrites)
    assert len(set(adresses)) == len(adresses)


def test_a_section_absent_from_the_model_is_not_in_the_navigation(audit: Audit) -> None:
    sans_scenarios = dataclasses.replace(audit, scenarios={})
    assert section("scenarios").src_uri in _adresses(navigation(audit))
    assert section("scenarios").src_uri not in _adresses(navigation(sans_scenarios))


def test_each_generated_section_page_has_its_declared_title_and_edit_link(
        audit: Audit, tmp_path: Path) -> None:
    generateur = Generateur(audit, tmp_path / "cache", urls_repertoires=True, public=False)
    try:
        site = generateur.generer()
    finally:
        generateur.site.attendre()
    par_adresse = {p.src_uri: p for p in site.pages}
    for s in sections().values():
        if not s.gabarit or not s.dans(audit):
            continue
        page = par_adresse[s.src_uri]
        assert page.titre == s.titre
        assert yaml.safe_load(page.contenu.split("---\n")[1])["title"] == s.titre
        assert f"\n# {s.titre}\n" in page.contenu  # its heading
        assert page.source == (s.source(audit) if s.source else None)
    assert par_adresse[section("capacite").src_uri].source == "processes/referentiel.yml"


def test_the_synthesis_names_each_section_it_may_rest_on_by_its_title() -> None:
    assert {k: section(k).titre for k in SECTIONS_APPUI} == SECTIONS_APPUI


def test_a_section_declared_twice_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    class Double:
        SECTIONS = (Section("valeur", "ailleurs", "Ailleurs", "valeur.md.j2"),)

    monkeypatch.setattr(pages, "_SECTIONS", {})
    monkeypatch.setattr(pages, "familles", lambda: (pages.valeur, Double))
    with pytest.raises(ValueError, match="section déclarée deux fois : valeur"):
        sections()


def test_a_section_has_one_title_in_the_navigation_and_on_its_page(audit: Audit) -> None:
    titres = {s.src_uri: s.titre for s in sections().values()}
    vus: dict[str, str] = {}

    def parcourir(nav: object) -> None:
        if isinstance(nav, list):
            for x in nav:
                parcourir(x)
        elif isinstance(nav, dict):
            for titre, valeur in nav.items():
                if isinstance(valeur, str) and valeur in titres:
                    vus[valeur] = titre
                elif isinstance(valeur, list):
                    if valeur and isinstance(valeur[0], str) and valeur[0] in titres:
                        vus[valeur[0]] = titre  # the section's index page
                    parcourir(valeur)

    parcourir([*navigation_tete(audit), *navigation(audit)])
    assert vus == {uri: titres[uri] for uri in vus}
    assert vus[section("valeur").src_uri] == "Valeur du portefeuille"
    assert vus[section("gouvernance").src_uri] == "Gouvernance du plan"
    assert vus[section("revue").src_uri] == "Revue des gains et des chantiers"


_BLOC_HTML = re.compile(r"<(div|p|section|figure|figcaption|nav|ol|ul|li|table|tr|td|th|h[1-6])"
                        r"[\s>]")


def test_render_writes_html_blocks_only_in_templates() -> None:
    """Markup that structures a page lives in ``render/templates``; the Python of render and
    of the macros only builds inline links and badges (thousands per page, built once
    each)."""
    blocs = []
    for f in [*sorted((PAQUET / "render").rglob("*.py")), PAQUET / "adapters" / "macros.py"]:
        arbre = ast.parse(f.read_text(encoding="utf-8"))
        docstrings = {id(n.value) for n in ast.walk(arbre) if isinstance(n, ast.Expr)}
        for noeud in ast.walk(arbre):
            if isinstance(noeud, ast.Constant) and isinstance(noeud.value, str) and (
                    id(noeud) not in docstrings) and (m := _BLOC_HTML.search(noeud.value)):
                blocs.append(f"{f.relative_to(PAQUET)}:{noeud.lineno}: {m.group()}")
    assert blocs == []


def test_each_group_of_the_navigation_opens_a_page_of_its_own_and_lists_every_member(
        audit: Audit, tmp_path: Path) -> None:
    """With the theme's navigation.indexes, a group whose first entry were one of its
    members would open that member and no longer list it (« Index » opened « Index par
    direction », missing from the list under it)."""
    for entree in navigation(audit):
        (titre, valeur), = entree.items()
        if not isinstance(valeur, list) or titre not in ("Index", "Valeur du portefeuille"):
            continue
        tete, *membres = valeur
        assert isinstance(tete, str) and tete not in _adresses(membres), titre
    index = next(e["Index"] for e in navigation(audit) if "Index" in e)
    quatre = [section(c).src_uri for c in ("index_directions", "index_applications",
                                           "index_leviers", "index_enjeux")]
    assert index[0] == section("index").src_uri and _adresses(index[1:]) == quatre
    generateur = Generateur(audit, tmp_path / "cache", urls_repertoires=True, public=False)
    try:
        site = generateur.generer()
    finally:
        generateur.site.attendre()
    page = next(p.contenu for p in site.pages if p.src_uri == section("index").src_uri)
    for chemin in ("directions", "applications", "leviers", "enjeux"):
        assert f'<a href="{chemin}/">' in page, chemin
    assert f"Pour chacune des {len(audit.directions)} directions" in page
