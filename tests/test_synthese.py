"""The synthesis note: its model file, its checks, its figures, its page, its place first in
the navigation and in the printable document, and its length once printed on A4."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import RACINE, remplacer, valider_depuis_parent
from tests.outils_site import copier_projet
from transfo.analyse.synthese import budget_pluriannuel, principaux_risques
from transfo.analyse.valeur import analyser
from transfo.formats import euros
from transfo.model.audit import Audit
from transfo.model.entities import Chantier
from transfo.model.visibilite import version_publique
from transfo.render.site import Generateur, navigation_tete
from transfo.typographie import texte as typographie
from transfo.validate.runner import valider_dossier

if TYPE_CHECKING:  # Playwright is imported by the browser tests only
    from playwright.sync_api import Browser

    from tests.outils_navigateur import Visite

SYNTHESE = """\
messages_cles:
- texte: Le portail **rapporte** du temps aux agents.
  appuis: [C-PORTAIL, valeur, P-SOL-APA]
- texte: SENTINELLE message réservé à l'équipe
  visibilite: interne
priorites:
- titre: Ouvrir le portail
  chantiers: [C-PORTAIL]
decisions:
- objet: Voter les crédits du portail
  date: "2025-03-01"
  instance: assemblee_departementale
  chantiers: [C-PORTAIL]
- objet: Choisir l'éditeur
  date: "2025-02-01"
  instance: comite_pilotage
- objet: SENTINELLE décision interne
  date: "2025-04-01"
  instance: bureau
  visibilite: interne
"""


@pytest.fixture
def modele(mini: Path) -> Path:
    """The small model with a synthesis note and the date of the situation."""
    remplacer(mini / "referentiel.yml", "collectivite: Département d'exemple\n",
              "collectivite: Département d'exemple\ndate_situation: \"2025-01-06\"\n")
    (mini / "synthese.yml").write_text(SYNTHESE, encoding="utf-8")
    return mini


def _audit(dossier: Path) -> Audit:
    resultat = valider_depuis_parent(dossier)
    assert resultat.erreurs == [], [p.format() for p in resultat.erreurs]
    return resultat.audit


def _pages(audit: Audit, cache: Path, *, public: bool = False) -> dict[str, str]:
    site = Generateur(audit, cache, urls_repertoires=True, public=public).generer()
    site.attendre()
    return {p.src_uri: p.contenu for p in site.pages}


# --- the figures ---------------------------------------------------------------------------


def _chantier(ident: str, couts: list[dict[str, Any]], **autres: Any) -> Chantier:
    return Chantier.model_validate({
        "id": ident, "nom": ident, "description": "d", "horizon": "court_terme",
        "debut": "2025-01-01", "fin": "2025-12-31", "pilote": "DIR-X", "couts": couts,
        "mareva": {"internalites": 1, "externalites": 1}, **autres})


def test_budget_adds_the_chantiers_costs_per_year_and_per_column() -> None:
    a = _chantier("C-A", [
        {"annee": 2025, "investissement_interne": 10, "investissement_externe": 100},
        {"annee": 2026, "investissement_externe": 50, "fonctionnement_externe": 20},
    ])
    b = _chantier("C-B", [
        {"annee": 2026, "investissement_interne": 5, "fonctionnement_interne": 1},
        {"annee": 2028, "fonctionnement_interne": 3, "fonctionnement_externe": 7},
    ])
    budget = budget_pluriannuel([a, b])
    lignes = [(x.annee, x.investissement_interne, x.investissement_externe,
               x.fonctionnement_interne, x.fonctionnement_externe) for x in budget.lignes]
    # 2027 has no cost and is listed all the same: a PPI shows every year of the plan
    assert lignes == [(2025, 10, 100, 0, 0), (2026, 5, 50, 1, 20), (2027, 0, 0, 0, 0),
                      (2028, 0, 0, 3, 7)]
    assert [x.total for x in budget.lignes] == [110, 76, 0, 10]
    assert [x.investissement for x in budget.lignes] == [110, 55, 0, 0]
    assert [x.externe for x in budget.lignes] == [100, 70, 0, 7]
    t = budget.total
    assert (t.investissement_interne, t.investissement_externe, t.fonctionnement_interne,
            t.fonctionnement_externe, t.total) == (15, 150, 4, 27, 196)
    assert budget.pic is not None and budget.pic.annee == 2025
    # running costs of each chantier's last typed year: 20 (C-A, 2026) + 10 (C-B, 2028)
    assert budget.fonctionnement_recurrent == 30
    assert budget_pluriannuel([]).lignes == ()


def test_main_risks_are_ranked_by_probability_times_impact_then_impact() -> None:
    risques = [
        {"libelle": "moyen-moyen", "probabilite": "moyen", "impact": "moyen"},
        {"libelle": "fort-faible", "probabilite": "fort", "impact": "faible"},
        {"libelle": "faible-fort", "probabilite": "faible", "impact": "fort"},
        {"libelle": "fort-fort", "probabilite": "fort", "impact": "fort"},
    ]
    audit = Audit(racine=Path("."))
    audit.chantiers = {"C-A": _chantier("C-A", [], risques=risques)}
    classes = principaux_risques(audit, nombre=3)
    assert [(r.risque.libelle.texte, r.criticite) for r in classes] == [
        ("fort-fort", 9), ("moyen-moyen", 4), ("faible-fort", 3)]


# --- validation ----------------------------------------------------------------------------


def test_the_sample_note_is_strictly_valid() -> None:
    resultat = valider_depuis_parent(RACINE / "processes")
    assert resultat.problemes == []
    assert resultat.audit.synthese is not None
    synthese = resultat.audit.synthese
    assert 4 <= len(synthese.messages_cles) <= 6
    assert 3 <= len(synthese.priorites) <= 5
    assert 4 <= len(synthese.decisions) <= 6


@pytest.mark.parametrize(
    ("avant", "apres", "attendu"),
    [
        ("appuis: [C-PORTAIL, valeur, P-SOL-APA]", "appuis: [C-PORTAIL, valuer, P-SOL-APA]",
         "processes/synthese.yml:3:23: erreur : appui inconnu « valuer » — vouliez-vous "
         "dire « valeur » ?"),
        ("appuis: [C-PORTAIL, valeur, P-SOL-APA]", "appuis: [C-PORTIAL]",
         "processes/synthese.yml:3:12: erreur : appui inconnu « C-PORTIAL » — vouliez-vous "
         "dire « C-PORTAIL » ?"),
        ("appuis: [C-PORTAIL, valeur, P-SOL-APA]", "appuis: [DIR-SOL]",
         "processes/synthese.yml:3:12: erreur : « DIR-SOL » (direction) ne peut pas étayer "
         "un message clé — un appui est l'identifiant d'un chantier, d'un processus, d'un "
         "gain ou d'un macroprocessus, ou une section du site : cartographie, "
         "feuille_de_route, gains, valeur, methode_valeur, hypotheses_valeur, conduite"),
        ("  chantiers: [C-PORTAIL]\ndecisions", "  chantiers: [C-PORTAL]\ndecisions",
         "processes/synthese.yml:8:15: erreur : chantier inconnu « C-PORTAL » — "
         "vouliez-vous dire « C-PORTAIL » ?"),
        ("  instance: assemblee_departementale\n  chantiers: [C-PORTAIL]",
         "  instance: assemblee_departementale\n  chantiers: [C-INCONNU]",
         "processes/synthese.yml:13:15: erreur : chantier inconnu « C-INCONNU » — aucun "
         "chantier ne porte cet identifiant"),
        ('  date: "2025-02-01"\n', "",
         "processes/synthese.yml:14:3: erreur : champ obligatoire « date » manquant"),
        ("instance: comite_pilotage", "instance: comite_pilotge",
         "processes/synthese.yml:16:13: erreur : valeur « comite_pilotge » non reconnue — "
         "vouliez-vous dire « comite_pilotage » ? (valeurs possibles : bureau, "
         "assemblee_departementale, commission_permanente, comite_direction, "
         "comite_pilotage)"),
        ("instance: comite_pilotage", "instance: conseil_municipal",
         "processes/synthese.yml:16:13: erreur : valeur « conseil_municipal » non reconnue "
         "— valeurs possibles : bureau, assemblee_departementale, commission_permanente, "
         "comite_direction, comite_pilotage"),
        ('date: "2025-03-01"', 'date: "2024-12-31"',
         "processes/synthese.yml:11:9: avertissement : décision attendue le 31/12/2024, "
         "avant la date de l'état des lieux (06/01/2025) — une décision attendue est à "
         "venir : corrigez sa date, ou retirez-la de la note si elle est déjà prise"),
    ],
    ids=["section-mal-ecrite", "chantier-mal-ecrit", "direction", "priorite",
         "decision-chantier", "decision-sans-date", "instance-mal-ecrite",
         "instance-inconnue", "decision-passee"],
)
def test_each_mistake_of_the_note_is_placed_and_explained(
        modele: Path, valider: Callable[[Path], list[str]], avant: str, apres: str,
        attendu: str) -> None:
    remplacer(modele / "synthese.yml", avant, apres)
    assert valider(modele) == [attendu]


def test_without_a_note_there_is_no_page_and_nothing_breaks(mini: Path,
                                                             tmp_path: Path) -> None:
    audit = _audit(mini)
    assert audit.synthese is None
    assert navigation_tete(audit) == []
    pages = _pages(audit, tmp_path / "cache")
    assert "synthese/index.md" not in pages
    assert "valeur/index.md" in pages


# --- the page ------------------------------------------------------------------------------


def test_the_page_shows_the_note_and_the_portfolio_s_own_value_figures(
        modele: Path, tmp_path: Path) -> None:
    audit = _audit(modele)
    pages = _pages(audit, tmp_path / "cache")
    page, valeur = pages["synthese/index.md"], pages["valeur/index.md"]
    # each key message links to what supports it: an entity page and a site section
    assert '<a href="../chantiers/C-PORTAIL/">' in page
    assert '<a href="../valeur/">Valeur du portefeuille</a>' in page
    # decisions by date, whatever their order in the file
    assert page.index("Choisir l&#39;éditeur") < page.index("Voter les crédits du portail")
    assert "<td>01/02/2025</td><td>Comité de pilotage</td>" in page
    # the value figures are those of the portfolio page, not computed again
    v = analyser(audit).portefeuille
    for figure in (v.van_financiere, v.van_socio_economique,
                   v.van_financiere_scenario("pessimiste"),
                   v.van_socio_economique_scenario("optimiste"), v.total_gains_budgetaires):
        assert euros(figure) in page and euros(figure) in valeur, euros(figure)
    # the budget table: the mini chantier's typed costs (k€), total line included
    assert re.search(r'<tr class="transfo-total"><th scope="row">Total</th><td>10</td>'
                     r"<td>40</td><td>50</td><td>0</td><td>5</td><td>5</td><td>55</td></tr>",
                     page)
    assert "alternative textuelle du graphique" in page and "graphiques/" in page


def test_an_internal_message_never_reaches_the_public_page(modele: Path,
                                                           tmp_path: Path) -> None:
    audit = _audit(modele)
    interne = _pages(audit, tmp_path / "interne")["synthese/index.md"]
    assert interne.count("SENTINELLE") == 2
    assert "Interne — absent de la version publique" in interne
    publique = _pages(version_publique(audit), tmp_path / "public",
                      public=True)["synthese/index.md"]
    assert "SENTINELLE" not in publique
    assert "Le portail <strong>rapporte</strong>" in publique


def test_the_note_comes_first_in_the_navigation(modele: Path, tmp_path: Path) -> None:
    from mkdocs.config import load_config

    projet = copier_projet(tmp_path / "p", modele)
    config = load_config(str(projet / "mkdocs.yml"))
    config.plugins["transfo"].on_config(config)
    nav = config.nav
    assert nav is not None
    assert nav[0] == {"Note de synthèse": "synthese/index.md"}
    assert nav[1] == {"Accueil": "index.md"}
    assert nav[-1] == {"Document complet": "document-complet/index.md"}


# --- the built sample: document and print --------------------------------------------------


@pytest.fixture(scope="module")
def site(site_exemple: Path) -> Path:
    """The sample built once for the session (tests/conftest.py)."""
    return site_exemple / "site"


def test_the_complete_document_opens_with_the_note(site: Path) -> None:
    document = (site / "document-complet" / "index.html").read_text(encoding="utf-8")
    assert typographie("Document complet : toutes les pages du site") in document
    assert "Document de synthèse" not in document
    premiere = re.search(r'id="page-1-titre">1\. ([^<]*)</p>', document)
    assert premiere is not None and premiere.group(1) == "Note de synthèse"
    sommaire = re.search(r'<li><a href="#page-1">([^<]*)</a>', document)
    assert sommaire is not None and sommaire.group(1) == "Note de synthèse"


_PAGES_PDF = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


@pytest.fixture
def visite(navigateur: Browser, site: Path) -> Iterator[Visite]:
    from tests.outils_navigateur import Visite

    v = Visite(navigateur, site)
    yield v
    v.fermer()


def _pages_imprimees(visite: Visite) -> int:
    page = visite.page
    page.evaluate("() => Promise.all([...document.images].map(i => {"
                  " i.loading = 'eager'; return i.decode().catch(() => null); }))")
    return len(_PAGES_PDF.findall(page.pdf(format="A4")))


@pytest.mark.browser
def test_the_note_prints_on_five_to_ten_a4_pages(visite: Visite) -> None:
    page = visite.ouvrir("synthese/index.html")
    assert page.locator("h1").inner_text().startswith("Note de synthèse")
    pages = _pages_imprimees(visite)
    assert 5 <= pages <= 10, pages
    assert visite.erreurs == [] and visite.exterieures() == []
    # The count measures the page: the same note with its messages written ten times
    # over no longer fits in ten pages.
    page.evaluate("() => { const l = document.querySelector('.transfo-messages');"
                  " l.innerHTML = l.innerHTML.repeat(10); }")
    assert _pages_imprimees(visite) > 10


def test_the_sample_site_has_the_page_first_in_its_sidebar(site: Path) -> None:
    accueil = (site / "index.html").read_text(encoding="utf-8")
    liens = re.findall(r'<a href="([^"]+)" class="md-nav__link', accueil)
    assert liens and liens[0].startswith("synthese/"), liens[:3]


def test_the_note_presents_the_recommended_scenario_against_the_full_plan(site: Path) -> None:
    from tests.outils_site import texte_visible
    from transfo.analyse import scenarios
    from transfo.formats import euros_arrondis
    from transfo.validate.runner import valider_dossier

    audit = valider_dossier(RACINE / "processes").audit
    retenu = scenarios.recommande(audit)
    assert retenu is not None
    chiffres = scenarios.analyser_scenario(audit, retenu)
    plan = scenarios.chiffres(audit, analyser(audit))
    page = texte_visible(site / "synthese" / "index.html")
    # From the section's first sentence to the next heading (the tables of contents first
    # name both headings).
    avant = page.rsplit("Principaux risques", 1)[0]
    section = avant[avant.rindex(typographie(retenu.nom)):]
    assert typographie(retenu.nom) in section
    for valeur in (chiffres.valeur.van_socio_economique, plan.valeur.van_socio_economique,
                   chiffres.valeur.total_couts, plan.valeur.total_couts):
        assert euros_arrondis(valeur) in section, euros_arrondis(valeur)
    assert f"{len(retenu.chantiers)}" in section and f"{len(audit.chantiers)}" in section


def test_an_unreadable_file_is_the_one_error_not_the_notes_references_to_it(
        tmp_path: Path) -> None:
    """A YAML syntax error in a process file: the synthesis note names that process (as an
    « appui ») but is not wrong for it; only the unreadable file is reported."""
    modele = tmp_path / "processes"
    shutil.copytree(RACINE / "processes", modele)
    apa = modele / "solidarites-autonomie" / "P-SOL-APA.yml"
    apa.write_text(apa.read_text("utf-8").replace("duree_minutes: 90", "duree_minutes: [90", 1),
                   "utf-8")
    assert "P-SOL-APA" in (modele / "synthese.yml").read_text("utf-8")
    erreurs = [p.format() for p in valider_dossier(modele, base=tmp_path).erreurs]
    assert len(erreurs) == 1, erreurs
    assert erreurs[0].startswith("processes/solidarites-autonomie/P-SOL-APA.yml:")
    assert "syntaxe YAML invalide" in erreurs[0]
