"""The sample deliverable built with mkdocs: pages, links, edit links, failures, leaks."""

from __future__ import annotations

import json
import os
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

from pydantic import BaseModel

from tests.conftest import INDICATEUR_INTERNE, IRRITANT_INTERNE, RACINE, remplacer
from tests.outils_site import construire, copier_projet, liens_casses, texte_visible
from transfo.model.audit import Audit
from transfo.model.entities import TexteMarque
from transfo.typographie import texte
from transfo.typographie import texte as typographie
from transfo.validate.runner import valider_dossier


def audit_exemple() -> Audit:
    resultat = valider_dossier(RACINE / "processes", base=RACINE)
    assert resultat.erreurs == []
    return resultat.audit


def _diagrammes(page: Path) -> set[str]:
    """The diagram files a built page shows (file names in ``diagrammes/``)."""
    return set(re.findall(r'diagrammes/([^"#?/]+\.svg)', page.read_text(encoding="utf-8")))


def test_every_entity_has_its_page_and_every_diagram_renders(site_exemple: Path) -> None:
    site = site_exemple / "site"
    audit = audit_exemple()
    for genre, dossier in (("macroprocessus", "macroprocessus"), ("processus", "processus"),
                           ("chantiers", "chantiers")):
        for ident in getattr(audit, genre):
            assert (site / dossier / ident / "index.html").exists(), ident
    for page in ("cartographie", "feuille-de-route", "gains", "valeur", "valeur/methode",
                 "conduite-du-changement", "index/directions", "index/applications",
                 "index/leviers", "index/enjeux"):
        assert (site / page / "index.html").exists(), page
    svgs = list((site / "diagrammes").glob("*.svg"))
    # Each process page shows its two swimlanes (existant, cible), and the folder holds
    # exactly the diagrams the pages show: none missing, none left over.
    for ident in audit.processus:
        assert len(_diagrammes(site / "processus" / ident / "index.html")) == 2, ident
    assert {s.name for s in svgs} == {nom for page in site.rglob("*.html")
                                      for nom in _diagrammes(page)}
    for svg in svgs + list((site / "graphiques").glob("*.svg")):
        texte = svg.read_text(encoding="utf-8")
        assert "<svg" in texte and "<script" not in texte, svg


def test_every_internal_link_resolves(site_exemple: Path) -> None:
    assert liens_casses(site_exemple / "site") == []


def test_every_id_in_a_page_is_a_link(site_exemple: Path) -> None:
    page = (site_exemple / "site" / "chantiers").glob("*/index.html")
    for fichier in page:
        contenu = fichier.read_text(encoding="utf-8")
        for code in re.findall(r'<code class="transfo-id">([^<]+)</code>', contenu):
            assert f'<code class="transfo-id">{code}</code></a>' in contenu, (fichier, code)


def test_edit_links_open_the_yaml_file(site_exemple: Path) -> None:
    audit = audit_exemple()
    ident = next(iter(audit.processus))
    contenu = (site_exemple / "site" / "processus" / ident / "index.html").read_text("utf-8")
    fichier = audit.sources[ident].fichier
    assert f"/content/../{fichier}" in contenu
    assert (RACINE / fichier).exists()


def test_site_makes_no_reference_to_an_outside_host(site_exemple: Path) -> None:
    for fichier in (site_exemple / "site").rglob("*.html"):
        contenu = fichier.read_text(encoding="utf-8")
        for motif in ('src="http', "fonts.googleapis", "unpkg.com", "cdn.jsdelivr"):
            assert motif not in contenu, (fichier, motif)


def test_exports_are_published_and_agree_with_the_pages(site_exemple: Path) -> None:
    site = site_exemple / "site"
    donnees = json.loads((site / "exports" / "audit.json").read_text("utf-8"))
    assert zipfile.is_zipfile(site / "exports" / "audit.xlsx")
    from transfo.formats import euros

    valeur = texte_visible(site / "valeur" / "index.html")
    portefeuille = donnees["portefeuille"]
    for cle in ("van_financiere", "van_socio_economique"):
        assert euros(portefeuille[cle]) in valeur
        for scenario in ("pessimiste", "optimiste"):
            assert euros(portefeuille["scenarios"][scenario][cle]) in valeur
    for chantier in donnees["chantiers"]:
        page = texte_visible(site / "chantiers" / chantier["id"] / "index.html")
        assert euros(chantier["van_financiere"]) in page, chantier["id"]
        assert euros(chantier["van_socio_economique"]) in page, chantier["id"]
        assert typographie("Vue financière : le budget du Département") in page
        assert typographie("Vue socio-économique : la valeur pour la collectivité") in page
    # The spreadsheet carries the same values (VANs there are formulas over these flows).
    import openpyxl

    classeur = openpyxl.load_workbook(site / "exports" / "audit.xlsx")
    lignes = {ligne[0]: ligne for ligne in classeur["Chantiers"].iter_rows(values_only=True)}
    for chantier in donnees["chantiers"]:
        ligne = lignes[chantier["id"]]
        # « sans objet » in the workbook where the JSON has no financial range.
        assert ligne[12] == (chantier["scenarios"]["pessimiste"]["van_financiere"]
                             if chantier["rentabilite_sans_objet"] is None else "sans objet")
        assert ligne[15] == chantier["scenarios"]["optimiste"]["van_socio_economique"]
    flux = {(r[0], r[1]): r for r in classeur["Flux"].iter_rows(min_row=2, values_only=True)}
    for chantier in donnees["chantiers"]:
        for f in chantier["flux"]:
            r = flux[(chantier["id"], f["annee"])]
            assert (r[3], r[4], r[5], r[6], r[7]) == (
                f["couts"], f["gains_budgetaires"], f["gains_temps_agents"],
                f["gains_temps_usagers"], f["gains_temps_partenaires"])


def test_value_pages_show_both_views_sensitivity_and_what_to_confirm(
        site_exemple: Path) -> None:
    site = site_exemple / "site"
    valeur = texte_visible(site / "valeur" / "index.html")
    assert typographie("Vue financière : le budget du Département") in valeur
    assert typographie("Vue socio-économique : la valeur pour la collectivité") in valeur
    assert typographie("Sensibilité des VAN du portefeuille (alternative textuelle du "
                       "diagramme)") in valeur
    for hypothese in ("Taux d'actualisation", "Coût d'un ETP", "Montée en charge",
                      "Dépassement des coûts", "Retard de mise en service"):
        assert typographie(hypothese) in valeur
    hypotheses = texte_visible(site / "valeur" / "hypotheses" / "index.html")
    assert typographie("Valeur d'une heure (entreprise)") in hypotheses
    assert "à confirmer" in hypotheses
    methode = texte_visible(site / "valeur" / "methode" / "index.html")
    assert "(1 + r)^(t − t₀)" in methode and "conventions de cet outil" in methode
    assert typographie("1,2 % + β × 2 %") in methode


def test_a_broken_model_fails_the_build_and_keeps_the_old_site(tmp_path: Path) -> None:
    projet = copier_projet(tmp_path / "p", RACINE / "tests" / "fixtures" / "mini")
    assert construire(projet).returncode == 0
    accueil = projet / "site" / "index.html"
    avant = accueil.stat().st_mtime_ns
    remplacer(projet / "processes" / "autonomie" / "P-SOL-APA.yml", "acteur: ACT-ACCUEIL",
              "acteur: ACT-ACUEIL")
    r = construire(projet)
    assert r.returncode != 0
    assert "Traceback" not in r.stderr
    assert ("processes/autonomie/P-SOL-APA.yml:15:13: erreur : acteur inconnu « ACT-ACUEIL »"
            in r.stderr)
    assert accueil.stat().st_mtime_ns == avant


def test_output_is_deterministic(tmp_path: Path) -> None:
    sites = []
    for n in (1, 2):
        projet = copier_projet(tmp_path / f"p{n}", RACINE / "tests" / "fixtures" / "mini")
        assert construire(projet).returncode == 0
        sites.append(projet / "site")
    fichiers = sorted(p.relative_to(sites[0]) for p in sites[0].rglob("*") if p.is_file())
    assert fichiers == sorted(p.relative_to(sites[1]) for p in sites[1].rglob("*") if p.is_file())
    for f in fichiers:
        if f.name.startswith("sitemap.xml"):  # dated by mkdocs unless SOURCE_DATE_EPOCH is set
            continue
        assert (sites[0] / f).read_bytes() == (sites[1] / f).read_bytes(), f


def test_braces_typed_in_yaml_are_shown_as_typed(tmp_path: Path) -> None:
    projet = copier_projet(tmp_path / "p", RACINE / "tests" / "fixtures" / "mini")
    remplacer(projet / "processes" / "autonomie" / "P-SOL-APA.yml",
              "description: Instruction des demandes",
              "description: Modèle {{ 7*7 }} et {% if x %}Instruction des demandes")
    remplacer(projet / "processes" / "autonomie" / "P-SOL-APA.yml",
              "nom: Instruire une demande d'APA", "nom: Instruire {{ 6*7 }}")
    assert construire(projet).returncode == 0
    texte = texte_visible(projet / "site" / "processus" / "P-SOL-APA" / "index.html")
    assert "Modèle {{ 7*7 }} et {% if x %}Instruction" in texte
    assert "Instruire {{ 6*7 }}" in texte and "42" not in texte.split("Instruire")[1][:20]


def _textes_internes(audit) -> list[str]:  # type: ignore[no-untyped-def]
    """Every text marked internal, or belonging to an internal entity."""
    trouves: list[str] = []

    def parcourir(valeur: object, interne: bool) -> None:
        if isinstance(valeur, TexteMarque):
            if interne or valeur.visibilite == "interne":
                trouves.append(valeur.texte)
        elif isinstance(valeur, BaseModel | list):
            if getattr(valeur, "visibilite", None) == "interne":  # an entity, a message…
                interne = True
            enfants = valeur if isinstance(valeur, list) else [
                getattr(valeur, n) for n in type(valeur).model_fields]
            for enfant in enfants:
                if interne and isinstance(enfant, str) and " " in enfant.strip():
                    trouves.append(enfant)  # a text, not an id or a code it refers to
                parcourir(enfant, interne)

    for table in (audit.processus, audit.chantiers, audit.macroprocessus, audit.suivis,
                  audit.scenarios):
        for entite in table.values():
            parcourir(entite, False)
    for partie in (audit.referentiel, audit.synthese):
        if partie is not None:
            parcourir(partie, False)
    return [t.strip() for t in trouves if len(t.strip()) >= 12]


def test_public_build_leaks_no_internal_text(exemple_avec_interne: dict[str, Path]) -> None:
    projet = exemple_avec_interne["projet"]
    audit = valider_dossier(projet / "processes", base=projet).audit
    internes = _textes_internes(audit)
    assert IRRITANT_INTERNE in internes and INDICATEUR_INTERNE in internes
    sorties = []
    for fichier in exemple_avec_interne["public"].rglob("*"):
        if fichier.suffix in (".html", ".svg", ".json", ".js", ".xml"):
            sorties.append(fichier.read_text(encoding="utf-8", errors="replace"))
        elif fichier.suffix == ".xlsx":
            with zipfile.ZipFile(fichier) as z:
                sorties.extend(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    tout = "\n".join(sorties)
    import html as _html

    tout = tout + "\n" + _html.unescape(tout)
    fuites = [t for t in internes if t in tout or json.dumps(t)[1:-1] in tout]
    assert fuites == []
    prive = (exemple_avec_interne["interne"] / "processus").rglob("index.html")
    assert any(IRRITANT_INTERNE in p.read_text("utf-8") for p in prive)


def test_the_whole_deliverable_is_one_printable_document(site_exemple: Path) -> None:
    site = site_exemple / "site"
    document = site / "document-complet" / "index.html"
    contenu = document.read_text(encoding="utf-8")
    assert 'class="transfo-couverture"' in contenu and 'aria-label="Sommaire"' in contenu
    audit = audit_exemple()
    for ident in list(audit.processus)[:5] + list(audit.chantiers)[:5]:
        assert texte(audit.nom(ident)) in contenu  # names in French typography
    assert 'loading="lazy"' not in contenu.split('<article', 1)[1]
    for ident in audit.processus:  # both swimlanes of every process, as on its page
        assert _diagrammes(site / "processus" / ident / "index.html") <= _diagrammes(document)
    assert [c for c in liens_casses(site) if c.startswith("document-complet")] == []


def test_mkdocs_serve_watches_the_model_folder(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    from transfo.adapters.mkdocs_plugin.plugin import TransfoPlugin

    projet = copier_projet(tmp_path / "p", RACINE / "tests" / "fixtures" / "mini")
    config = load_config(str(projet / "mkdocs.yml"))
    plugin = config.plugins["transfo"]
    assert isinstance(plugin, TransfoPlugin)
    plugin.on_config(config)

    class Serveur:
        def __init__(self) -> None:
            self.surveilles: list[str] = []

        def watch(self, chemin: str) -> None:
            self.surveilles.append(chemin)

    serveur = Serveur()
    plugin.on_serve(serveur, config=config, builder=None)
    assert serveur.surveilles == [str((projet / "processes").resolve())]


def test_a_missing_graphviz_is_said_plainly(tmp_path: Path) -> None:
    import subprocess
    import sys

    projet = copier_projet(tmp_path / "p", RACINE / "tests" / "fixtures" / "mini")
    sans_dot = tmp_path / "bin"
    sans_dot.mkdir()
    r = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=projet, capture_output=True,
        text=True, env={**os.environ, "PATH": str(sans_dot), "NO_MKDOCS_2_WARNING": "1"},
    )
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "la commande « dot » de Graphviz est introuvable" in r.stderr
    assert "apt-get install graphviz" in r.stderr


# --- French typography of the built sample -------------------------------------------------

_REGLES_TYPOGRAPHIQUES = [
    ("espace ordinaire avant « : »", re.compile(r"\S +:")),
    ("espace ordinaire avant « ; », « ! » ou « ? »", re.compile(r"\S +[;!?]")),
    ("espace ordinaire avant « » »", re.compile(r" +»")),
    ("espace ordinaire après « « »", re.compile(r"« +")),
    ("apostrophe droite entre deux lettres", re.compile(r"[^\W\d_]'[^\W\d_]")),
    ("décimale « ,0 » sur un nombre entier", re.compile(r"\d,0(?![\d])")),
    ("espace ordinaire entre un nombre et « % » ou « € »", re.compile(r"\d +[%€]")),
    ("deux-points collé au mot précédent", re.compile(r"[^\W\d_]:[ \u00a0]")),
]
_SANS_TYPOGRAPHIE = {"code", "pre", "script", "style", "kbd", "samp", "textarea"}


class _TextesLus(HTMLParser):
    """The text a reader sees: every text node outside code, scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pile: list[str] = []
        self.textes: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SANS_TYPOGRAPHIE:
            self.pile.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        return None

    def handle_endtag(self, tag: str) -> None:
        if tag in self.pile:
            while self.pile and self.pile.pop() != tag:
                continue

    def handle_data(self, data: str) -> None:
        if not self.pile:
            self.textes.append(data)


def fautes_typographiques(contenu: str) -> list[str]:
    lecteur = _TextesLus()
    lecteur.feed(contenu)
    texte = "".join(lecteur.textes)
    return [
        f"{nom} : …{texte[max(0, m.start() - 40):m.end() + 20]}…".replace("\n", " ")
        for nom, regle in _REGLES_TYPOGRAPHIQUES for m in regle.finditer(texte)
    ]


def test_typography_checker_finds_each_fault() -> None:
    assert fautes_typographiques("<p>Note : l'usager ; 45 % « x » 420,0 dossiers</p>") != []
    for faute in ("Note : x", "Quoi ?", "« x", "x »", "l'usager", "420,0 dossiers",
                  "45 %", "12 €", "Note: x"):
        assert len(fautes_typographiques(f"<p>{faute}</p>")) == 1, faute
    propre = "<p>Note\u00a0: l’usager\u202f; 45\u202f% «\u202fx\u202f» 2,5 ans https://a.fr</p>"
    assert fautes_typographiques(propre) == []
    assert fautes_typographiques("<pre><code>cle : 'l'x' ; 2,0</code></pre>") == []


def test_every_page_and_svg_of_the_sample_is_in_french_typography(site_exemple: Path) -> None:
    site = site_exemple / "site"
    fichiers = sorted([*site.rglob("*.html"), *site.rglob("*.svg")])
    lus = {f.relative_to(site).as_posix() for f in fichiers}
    audit = audit_exemple()
    assert {f"processus/{p}/index.html" for p in audit.processus} <= lus
    assert {f"chantiers/{c}/index.html" for c in audit.chantiers} <= lus
    assert {f"diagrammes/{f.name}" for f in (site / "diagrammes").glob("*.svg")} <= lus
    fautes = [
        f"{f.relative_to(site)} : {faute}"
        for f in fichiers if "assets" not in f.relative_to(site).parts
        for faute in fautes_typographiques(f.read_text(encoding="utf-8"))
    ]
    assert fautes == [], f"{len(fautes)} faute(s) :\n" + "\n".join(fautes[:40])


def test_pages_speak_in_names_and_french_formats_not_in_codes(site_exemple: Path) -> None:
    site = site_exemple / "site"
    apa = texte_visible(site / "processus" / "P-SOL-APA" / "index.html")
    assert re.search(r"Application\u00a0: — → \s*Portail usagers", apa)
    assert "Durée\u00a0: 1\u00a0h\u00a030 → 40\u00a0min" in apa
    feuille = texte_visible(site / "feuille-de-route" / "index.html")
    assert "Direction des systèmes numériques" in feuille
    generees = [p for d in ("processus", "chantiers", "macroprocessus", "feuille-de-route",
                            "valeur", "gains", "index") for p in (site / d).rglob("*.html")]
    for page in generees:
        lu = texte_visible(page)
        for code in ("duree minutes", "delai jours", "duree_minutes", "part\u00a0: 0."):
            assert code not in lu, (page.relative_to(site), code)


def test_a_chantier_page_names_its_necessity_reasons_and_risk_control_criteria(
        site_exemple: Path) -> None:
    page = texte_visible(site_exemple / "site" / "chantiers" / "C-DEMAT-AUTONOMIE" / "index.html")
    assert typographie("Engagement politique : Démarches en ligne pour les personnes âgées") in page
    assert "Critères de maîtrise des risques réunis" in page
    assert "Un pilote est désigné" in page and "Le déploiement est progressif" in page
    assert "Une équipe est dédiée" not in page


def test_the_review_page_counts_what_was_never_reviewed_by_kind(site_exemple: Path) -> None:
    page = texte_visible(site_exemple / "site" / "revue" / "index.html")
    audit = audit_exemple()
    # The last occurrences: the table of contents names the sections first.
    jamais = page.rsplit("Jamais revus", 1)[1].rsplit("Revus et à jour", 1)[0]
    revus = {c.id for c in audit.chantiers.values() if c.revue} | {
        g.id for g in audit.gains.values() if g.revue}
    gains = sum(1 for g in audit.gains if g not in revus)
    chantiers = sum(1 for c in audit.chantiers if c not in revus)
    assert f"{gains}\xa0gains et {chantiers}\xa0chantiers." in jamais
    assert "jamais revu" not in jamais  # the heading says it; the table says the kind
