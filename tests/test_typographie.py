"""French typography and number formats, checked against hand-written expectations."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import remplacer, valider_depuis_parent
from transfo import formats
from transfo.analyse.valeur import analyser
from transfo.render.contexte import Contexte, Page, creer_environnement
from transfo.typographie import html, svg, texte

F = "\u202f"  # espace fine insécable
N = "\u00a0"  # espace insécable


@pytest.mark.parametrize(("brut", "attendu"), [
    ("Pilote : la direction", f"Pilote{N}: la direction"),
    ("Pourquoi ? Parce que ; voilà !", f"Pourquoi{F}? Parce que{F}; voilà{F}!"),
    ("le « guichet unique »", f"le «{F}guichet unique{F}»"),
    ("le «guichet»", f"le «{F}guichet{F}»"),
    ("l'usager d'aujourd'hui", "l’usager d’aujourd’hui"),
    ("45 % des dossiers, 45% des autres", f"45{F}% des dossiers, 45{F}% des autres"),
    ("un coût de 12 000 €", f"un coût de 12{F}000{F}€"),
    ("1 250 000 heures", f"1{F}250{F}000 heures"),
    ("Note: voir plus bas", f"Note{N}: voir plus bas"),
    ("Pourquoi? Voilà!", f"Pourquoi{F}? Voilà{F}!"),
])
def test_text_gets_french_spaces_and_apostrophes(brut: str, attendu: str) -> None:
    assert texte(brut) == attendu


@pytest.mark.parametrize("intact", [
    "rendez-vous à 12:30",
    "https://www.legifrance.gouv.fr/loda?id=12",
    "P-SOL-APA:E3",
    "de 2024 2025 à 2030",
    "mailto:contact@exemple.fr",
    "a?b=1;c",
    "le 'code' entre deux espaces",
    "",
])
def test_times_urls_ids_and_years_are_left_alone(intact: str) -> None:
    assert texte(intact) == intact


def test_correcting_twice_changes_nothing() -> None:
    une_fois = texte("« Qui ? » : l'agent, 45 % et 12 000 € ; fin !")
    assert texte(une_fois) == une_fois
    fragment = "<p>Note : l'usager <code>a : b</code> ?</p>"
    assert html(html(fragment)) == html(fragment)


def test_html_corrects_text_nodes_only() -> None:
    fragment = (
        '<p title="Titre : sans espace fine" id="x:y">Note : voir '
        '<a href="https://exemple.fr/a?b=1&amp;c=2">l\'annexe</a> ?</p>'
    )
    assert html(fragment) == (
        f'<p title="Titre : sans espace fine" id="x:y">Note{N}: voir '
        f'<a href="https://exemple.fr/a?b=1&amp;c=2">l’annexe</a>{F}?</p>'
    )


def test_code_pre_script_and_style_are_left_alone() -> None:
    fragment = (
        "<pre><code>duree_minutes : 90\nnom: 'l'APA' ?\n</code></pre>"
        "<p>Champ <code>a : b</code> et <kbd>Ctrl ; C</kbd> : fin</p>"
        "<script>var a = 'l'x' ; b ? c : d;</script><style>a:hover { x : y; }</style>"
    )
    assert html(fragment) == (
        "<pre><code>duree_minutes : 90\nnom: 'l'APA' ?\n</code></pre>"
        f"<p>Champ <code>a : b</code> et <kbd>Ctrl ; C</kbd>{N}: fin</p>"
        "<script>var a = 'l'x' ; b ? c : d;</script><style>a:hover { x : y; }</style>"
    )


def test_escaped_apostrophes_are_seen_and_markup_stays_escaped() -> None:
    # Jinja2 escapes « ' » as &#39;; other references are left as they were written.
    assert html("<h1>Délai : l&#39;APA &lt;b&gt; &amp; &#58; fin</h1>") == (
        f"<h1>Délai{N}: l’APA &lt;b&gt; &amp; &#58; fin</h1>"
    )


def test_a_generated_heading_is_set_before_its_markdown_escaping() -> None:
    from transfo.render.contexte import md

    assert md("Délai : l'APA") == f"Délai{N}&#58; l’APA"


def test_svg_labels_are_corrected_but_not_their_styles() -> None:
    contenu = (
        '<svg><style>text { font : 9px; }</style><text x="1">Instruire l\'APA : 3 j</text>'
        "<title>Étape ?</title></svg>"
    ).encode()
    assert svg(contenu).decode() == (
        '<svg><style>text { font : 9px; }</style>'
        f'<text x="1">Instruire l’APA{N}: 3 j</text><title>Étape{F}?</title></svg>'
    )


@pytest.mark.parametrize(("valeur", "attendu"), [
    (1, f"1{N}an"),
    (1.5, f"1,5{N}an"),
    (1.975, f"2{N}ans"),  # rounded to a tenth: 2,0 → « 2 ans », never « 2,0 an »
    (2.54, f"2,5{N}ans"),
    (0.2, f"0,2{N}an"),
    (None, "jamais sur l’horizon"),
])
def test_years_agree_with_the_figure_shown(valeur: float | None, attendu: str) -> None:
    assert formats.annees(valeur) == attendu


@pytest.mark.parametrize(("valeur", "attendu"), [
    (14.5, f"14,50{F}€"),
    (14, f"14{F}€"),
    (14.0, f"14{F}€"),
    (52000, f"52{F}000{F}€"),
    (1234.05, f"1{F}234,05{F}€"),
])
def test_amounts_keep_the_cents_they_were_entered_with(valeur: float, attendu: str) -> None:
    assert formats.montant(valeur) == attendu


@pytest.mark.parametrize(("fonction", "valeur", "attendu"), [
    (formats.duree_minutes, 90, f"1{N}h{N}30"),
    (formats.duree_minutes, 60, f"1{N}h"),
    (formats.duree_minutes, 40, f"40{N}min"),
    (formats.duree_minutes, 7.5, f"7,5{N}min"),
    (formats.duree_minutes, 40.0, f"40{N}min"),
    (formats.jours, 3.0, f"3{N}j"),
    (formats.jours, 2.5, f"2,5{N}j"),
    (formats.entier, 420.0, "420"),
    (formats.entier, 12000.4, f"12{F}000"),
    (formats.decimal, 2.0, "2"),
    (formats.decimal, -0.04, "0"),
    (formats.pourcent, 0.45, f"45,0{F}%"),
    (formats.euros, -155632.4, f"−155{F}632{F}€"),
    (formats.heures, 1607.0, f"1{F}607{N}h"),
])
def test_durations_counts_and_amounts(fonction, valeur, attendu) -> None:  # type: ignore[no-untyped-def]
    assert fonction(valeur) == attendu


def test_indicator_values_are_shown_with_their_precision_and_unit() -> None:
    assert formats.evolution(420.0, 500.0, "dossiers") == f"420 → 500{N}dossiers"
    assert formats.evolution(3.1, 4.0, None) == "3,1 → 4"
    assert formats.evolution(10, 4, "%") == f"10{F}% → 4{F}%"
    assert formats.evolution(24000, 12000, "€") == f"24{F}000{F}€ → 12{F}000{F}€"
    assert formats.evolution(90, 40, "minutes") == f"1{N}h{N}30 → 40{N}min"
    assert formats.evolution(45.0, 1.0, "jours") == f"45{N}j → 1{N}j"
    assert formats.evolution(6, 1, "dossiers") == f"6 → 1{N}dossier"
    assert formats.evolution(4, 7, "note sur 10") == f"4 → 7{N}sur 10"


def test_plural_from_two_on() -> None:
    assert formats.quantite(1, "dossier") == f"1{N}dossier"
    assert formats.quantite(1.9, "jour") == f"1,9{N}jour"
    assert formats.quantite(2, "jour") == f"2{N}jours"
    assert formats.pluriel(3, "travail", "travaux") == "travaux"


def test_levels_agree_with_their_noun() -> None:
    assert formats.niveau("fort", feminin=True) == "forte"
    assert formats.niveau("moyen", feminin=True) == "moyenne"
    assert formats.niveau("moyen") == "moyen"
    assert formats.niveau("faible", feminin=True) == "faible"


def test_an_elision_before_an_element_gets_its_apostrophe() -> None:
    assert html("<p>la demande d'<strong>APA</strong></p>") == (
        "<p>la demande d’<strong>APA</strong></p>"
    )
    assert html("<p>le 'code' <em>x</em></p>") == "<p>le 'code' <em>x</em></p>"


def _page_rendue(dossier: Path, gabarit: str, **variables: object) -> str:
    resultat = valider_depuis_parent(dossier)
    assert resultat.erreurs == []
    analyse = analyser(resultat.audit)
    ctx = Contexte(resultat.audit, analyse, urls_repertoires=True, public=False)
    page = Page(ctx, "valeur/methode/index.md")
    return creer_environnement().get_template(gabarit).render(
        **page.variables(), titre_meta="x", titre_page="x", p=analyse.parametres, **variables)


def test_method_page_shows_a_parameter_with_the_cents_it_was_entered_with(mini: Path) -> None:
    remplacer(mini / "referentiel.yml", "particulier: {valeur: 15,",
              "particulier: {valeur: 14.50,")
    page = _page_rendue(mini, "methode.md.j2")
    assert f"<td>14,50{F}€</td>" in page
    assert f"<td>14{F}€</td>" not in page


def test_a_step_change_is_told_in_words_and_french_formats(mini: Path) -> None:
    audit = valider_depuis_parent(mini).audit
    page = Page(Contexte(audit, analyser(audit), urls_repertoires=True, public=False),
                "processus/P-SOL-APA/index.md")
    assert page.changement("duree_minutes", 90.0, 40.0) == f"Durée : 1{N}h{N}30 → 40{N}min"
    assert page.changement("delai_jours", 45.0, 1.0) == f"Délai : 45{N}j → 1{N}j"
    assert page.changement("part", 0.45, 0.2) == f"Part des dossiers : 45{F}% → 20{F}%"
    assert page.changement("canal", "courrier", "portail") == "Canal : courrier → portail en ligne"
    application = str(page.changement("application", None, "APP-GED"))
    assert application.startswith("Application : — → <a href=")
    assert '<span title="APP-GED">' in application
    assert audit.nom("APP-GED") in application


def test_the_sample_writes_inclusively_without_median_dots() -> None:
    # The convention of the page « Contribuer »: épicène terms or both forms spelled out.
    from tests.conftest import RACINE

    point_median = re.compile(r"[^\W\d_]·[^\W\d_]")
    code = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)
    fautes = [
        f"{f.relative_to(RACINE)} : {m.group()}"
        for f in [*(RACINE / "processes").rglob("*.yml"), *(RACINE / "content").glob("*.md")]
        for m in point_median.finditer(code.sub("", f.read_text(encoding="utf-8")))
    ]
    assert fautes == []
