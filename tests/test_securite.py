"""Text typed in YAML is only ever text: no script, handler or javascript: URL runs."""

from __future__ import annotations

import re
import zipfile
from collections import Counter
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


TEXTES = {
    "nom", "description", "libelle", "commentaire", "hypothese", "source", "indicateur",
    "unite_volume", "source_volume", "action", "mitigation", "public", "collectivite",
    # note de synthèse, scénarios, cadrage, gouvernance, rentabilité, suivi
    "texte", "titre", "objet", "justification", "motif", "activite", "role", "jalon",
    "reference",
}
"""Keys whose text is free wherever they are."""
LISTES_DE_TEXTES = {"objectifs", "inclus", "exclus", "donnees", "systemes"}
"""Keys holding a list of free texts (scoping note)."""
TEXTES_SOUS = {("instances", "frequence")}
"""(enclosing list, key): free text there only (an indicator's ``frequence`` is a choice)."""

PIEGES_ATTENDUS = [
    "autonomie/P-SOL-APA.yml:existant.libelle", "autonomie/P-SOL-APA.yml:gains.hypothese",
    "autonomie/P-SOL-APA.yml:irritants.libelle.texte", "autonomie/macroprocessus.yml:nom",
    "feuille-de-route/C-PORTAIL.yml:description",
    "feuille-de-route/C-PORTAIL.yml:conduite_du_changement.formation.action",
    "feuille-de-route/C-PORTAIL.yml:jalons.libelle",
    *(f"feuille-de-route/C-PORTAIL.yml:cadrage.{cle}" for cle in (
        "objectifs", "perimetre.inclus", "perimetre.exclus", "options.libelle",
        "options.motif", "options.motif.texte", "achat.objet", "prerequis.donnees",
        "prerequis.systemes", "aipd.motif", "raci.activite", "decisions.objet")),
    *(f"feuille-de-route/C-PORTAIL.yml:gains_propres.{cle}" for cle in (
        "libelle", "indicateur", "hypothese", "source")),
    "feuille-de-route/C-PORTAIL.yml:rentabilite_financiere.motif",
    *(f"feuille-de-route/C-PORTAIL.yml:{cle}" for cle in (
        "couts_evites.libelle", "couts_evites.source", "motifs_necessite.libelle",
        "motifs_necessite.reference", "risques.libelle", "risques.mitigation",
        "conduite_du_changement.communication.public")),
    *(f"referentiel.yml:{cle}" for cle in (
        "collectivite", "directions.nom", "acteurs.nom", "applications.nom", "roles.nom",
        "instances.nom", "instances.frequence", "instances.role", "equipes.nom",
        "equipes.source", "delais_achat.mapa.source", "calendrier.source")),
    "scenarios/S-PORTAIL.yml:nom", "scenarios/S-PORTAIL.yml:description",
    "scenarios/S-PORTAIL.yml:justification", "scenarios/S-INTERNE.yml:nom",
    *(f"suivi/C-PORTAIL.yml:{cle}" for cle in (
        "commentaire", "indicateurs.libelle", "indicateurs.source",
        "indicateurs.mesures.commentaire", "indicateurs.mesures.commentaire.texte",
        "realise.jalons.jalon", "realise.gains.source")),
    *(f"synthese.yml:{cle}" for cle in (
        "messages_cles.texte", "priorites.titre", "priorites.description", "decisions.objet")),
]
"""Where the trap must put payloads (``fichier:cle.cle``): at least one free text of every
kind of the model, internal texts included."""


class Piege:
    """Gives each free text of the model one of the payloads, and counts the texts it traps
    by place (``fichier:cle.cle``, list indices left out). The same text gets the same
    payload everywhere, so that a realised milestone still names its chantier's milestone."""

    def __init__(self) -> None:
        self.pieges: dict[str, str] = {}
        self.comptes: Counter[str] = Counter()

    def _charge(self, texte: str, ou: str) -> str:
        self.comptes[ou] += 1
        if texte not in self.pieges:
            # One payload before the text and another after it: some only work at the start
            # of a line, others (an attribute list) at the end of a paragraph or title.
            n = len(self.pieges)
            self.pieges[texte] = (f"{CHARGES[n % len(CHARGES)]} {texte} "
                                  f"{CHARGES[(n + 3) % len(CHARGES)]}")
        return self.pieges[texte]

    def __call__(self, valeur: object, ou: str, liste: str = "") -> object:
        if isinstance(valeur, dict):
            sortie: dict[object, object] = {}
            for cle, v in valeur.items():
                ici = f"{ou}{'' if ou.endswith(':') else '.'}{cle}"
                if isinstance(v, str) and (cle in TEXTES or (liste, cle) in TEXTES_SOUS):
                    sortie[cle] = self._charge(v, ici)
                elif cle in LISTES_DE_TEXTES and isinstance(v, list):
                    sortie[cle] = [self._charge(t, ici) for t in v]
                else:
                    sortie[cle] = self(v, ici, str(cle) if isinstance(v, list) else liste)
            return sortie
        if isinstance(valeur, list):
            return [self(v, ou, liste) for v in valeur]
        return valeur


@pytest.fixture(scope="module", params=["interne", "public"])
def site_piege(request: pytest.FixtureRequest,
               tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The trapped model built once per kind of build (internal, then public): the public
    one goes through its own model and its own templates' branches."""
    racine = tmp_path_factory.mktemp(f"piege-{request.param}")
    # Internal content of every kind too: stand-ins, marks and notes get the payloads.
    projet = copier_projet(racine / "p", modele_avec_interne(racine / "modele"))
    piege = Piege()
    for fichier in sorted((projet / "processes").rglob("*.yml")):
        donnees = yaml.safe_load(fichier.read_text(encoding="utf-8"))
        ou = f"{fichier.relative_to(projet / 'processes').as_posix()}:"
        fichier.write_text(yaml.safe_dump(piege(donnees, ou),
                                          allow_unicode=True, sort_keys=False), "utf-8")
    # Every kind of the model got its payloads: a kind left out of the trap fails here.
    manquants = [ou for ou in PIEGES_ATTENDUS if piege.comptes[ou] == 0]
    assert manquants == [], (manquants, piege.comptes)
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


def test_published_spreadsheet_has_only_its_own_formulas(site_piege: Path) -> None:
    with zipfile.ZipFile(site_piege / "exports" / "audit.ods") as ods:
        contenu = ods.read("content.xml").decode("utf-8")
    formules = re.findall(r'table:formula="([^"]*)"', contenu)
    assert formules and not [f for f in formules if "SOMME" in f or "cmd" in f], formules[:5]
    # A typed text that looks like a formula stays a text cell.
    cellules = re.findall(r'<table:table-cell([^>]*)><text:p>=SOMME\(1;2\)', contenu)
    assert cellules and all('office:value-type="string"' in c for c in cellules), cellules[:3]


@pytest.mark.browser
def test_no_payload_runs_in_the_browser(navigateur: Browser, site_piege: Path) -> None:
    from tests.outils_navigateur import Visite

    visite = Visite(navigateur, site_piege)
    try:
        chemins = ["processus/P-SOL-APA/index.html", "chantiers/C-PORTAIL/index.html",
                   "macroprocessus/MP-SOL-AUTONOMIE/index.html", "cartographie/index.html",
                   "gains/index.html", "conduite-du-changement/index.html",
                   "index/directions/index.html", "feuille-de-route/index.html",
                   "synthese/index.html", "scenarios/index.html", "suivi/index.html",
                   "gouvernance/index.html"]
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
