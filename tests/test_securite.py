"""Text typed in YAML is only ever text: no script, handler or javascript: URL runs."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml
from openpyxl import load_workbook

from tests.outils_site import construire, copier_projet
from tests.outils_visibilite import modele_avec_interne

if TYPE_CHECKING:  # Playwright is imported by the browser tests only
    from playwright.sync_api import Browser

CHARGES = [
    "<script>window.__xss = 'script'</script>",
    '<img src=x onerror="window.__xss = \'img\'">',
    "[cliquez](javascript:window.__xss='lien')",
    '"><svg onload="window.__xss=\'svg\'"><a href="javascript:alert(1)">x</a>',
    "<iframe src=\"javascript:window.top.__xss='iframe'\"></iframe>",
    "Titre {: onclick=\"window.__xss='attr'\" }",
    "\\N \\G \\L <b>gras</b> & \"guillemets\" 'apostrophes'",
    "=SOMME(1;2)+cmd|' /C calc'!A0",
]


def _piegeer(valeur: object, compteur: list[int]) -> object:
    """Every free text of a process gets one of the payloads (ids and codes stay valid)."""
    if isinstance(valeur, dict):
        sortie: dict[object, object] = {}
        for cle, v in valeur.items():
            if cle in ("nom", "description", "libelle", "commentaire", "hypothese", "source",
                       "indicateur", "unite_volume", "source_volume", "action", "mitigation",
                       "public") and isinstance(v, str):
                compteur[0] += 1
                sortie[cle] = CHARGES[compteur[0] % len(CHARGES)] + " " + v
            else:
                sortie[cle] = _piegeer(v, compteur)
        return sortie
    if isinstance(valeur, list):
        return [_piegeer(v, compteur) for v in valeur]
    return valeur


@pytest.fixture(scope="module", params=["interne", "public"])
def site_piege(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trapped model built once per kind of build (internal, then public): the public
    one goes through its own model and its own templates' branches."""
    racine = tmp_path_factory.mktemp(f"piege-{request.param}")
    # Internal content of every kind too: stand-ins, marks and notes get the payloads.
    projet = copier_projet(racine / "p", modele_avec_interne(racine / "modele"))
    compteur = [0]
    for fichier in (projet / "processes").rglob("*.yml"):
        donnees = yaml.safe_load(fichier.read_text(encoding="utf-8"))
        fichier.write_text(
            yaml.safe_dump(_piegeer(donnees, compteur), allow_unicode=True, sort_keys=False),
            encoding="utf-8")
    assert compteur[0] > 20
    r = construire(projet, public=request.param == "public")
    assert r.returncode == 0, r.stderr[-3000:]
    return projet / "site"


class _Balises(HTMLParser):
    """Every element and attribute of a page, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.fautes: list[str] = []
        self.dans_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "iframe":
            self.fautes.append("<iframe>")
        self.dans_script = tag == "script"
        for nom, valeur in attrs:
            valeur = (valeur or "").strip().lower()
            if nom.startswith("on"):
                self.fautes.append(f"<{tag} {nom}=…>")
            if nom in ("href", "src", "xlink:href", "action") and valeur.startswith(
                    ("javascript:", "data:text/html")):
                self.fautes.append(f"<{tag} {nom}={valeur[:40]}>")

    def handle_data(self, data: str) -> None:
        if self.dans_script and "__xss" in data:
            self.fautes.append("<script>…__xss")

    def handle_endtag(self, tag: str) -> None:
        self.dans_script = False


def test_no_payload_reaches_the_markup(site_piege: Path) -> None:
    for fichier in list(site_piege.rglob("*.html")) + list(site_piege.rglob("*.svg")):
        analyse = _Balises()
        analyse.feed(fichier.read_text(encoding="utf-8"))
        # Escaped text (&lt;script&gt;…, an alt="…" quoting a payload) is harmless; a real
        # element, handler or javascript: address is not.
        assert analyse.fautes == [], (fichier, analyse.fautes[:5])


def test_published_workbook_has_only_its_own_formulas(site_piege: Path) -> None:
    classeur = load_workbook(site_piege / "exports" / "audit.xlsx")
    formules = [(f.title, str(c.value)) for f in classeur.worksheets for ligne in f.iter_rows()
                for c in ligne if c.data_type == "f"]
    # The export's own formulas (flows, VAN) are there; none holds a text of the model.
    assert formules and {titre for titre, _ in formules} <= {"Flux", "Chantiers"}
    assert not [x for x in formules if "SOMME" in x[1] or "cmd" in x[1]], formules[:5]
    textes = [c for f in classeur.worksheets for ligne in f.iter_rows() for c in ligne
              if isinstance(c.value, str) and c.value.startswith("=SOMME(1;2)")]
    assert textes and all(c.data_type == "s" and c.quotePrefix for c in textes)


@pytest.mark.browser
def test_no_payload_runs_in_the_browser(navigateur: Browser, site_piege: Path) -> None:
    from tests.outils_navigateur import Visite

    visite = Visite(navigateur, site_piege)
    try:
        chemins = ["processus/P-SOL-APA/index.html", "chantiers/C-PORTAIL/index.html",
                   "macroprocessus/MP-SOL-AUTONOMIE/index.html", "cartographie/index.html",
                   "gains/index.html", "conduite-du-changement/index.html",
                   "index/directions/index.html", "feuille-de-route/index.html"]
        chemins += [str(p.relative_to(site_piege)) for p in site_piege.glob("diagrammes/*.svg")]
        for chemin in chemins:
            page = visite.ouvrir(chemin)
            for lien in page.locator("article a").all()[:40]:
                href = lien.get_attribute("href") or ""
                assert not href.strip().lower().startswith("javascript:"), (chemin, href)
            page.wait_for_timeout(50)
            assert page.evaluate("() => window.__xss || window.top.__xss || null") is None, chemin
        assert visite.dialogues == []
        texte = visite.ouvrir("processus/P-SOL-APA/index.html").locator("article").inner_text()
        assert "<script>window.__xss = 'script'</script>" in texte  # shown as typed
    finally:
        visite.fermer()
