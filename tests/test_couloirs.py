"""Swimlanes that are lanes, DOT that no text can break, charts that tell the truth.

Diagrams are rendered with the system's ``dot`` and read back as XML: each step must sit in
its actor's lane, lanes must form one band in the same order for the existant and the cible,
and hostile names (HTML-like labels, ``javascript:`` links, NUL, 20,000 characters) must
give a well-formed SVG that holds them as text only.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import valider_depuis_parent
from transfo.analyse.valeur import analyser
from transfo.model.audit import Audit
from transfo.render import diagrammes, graphiques
from transfo.render.svg_cache import RenduSvg

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def charger(dossier: Path) -> Audit:
    resultat = valider_depuis_parent(dossier)
    assert resultat.erreurs == []
    return resultat.audit


def rendre(source: str, dossier: Path) -> ET.Element:
    return ET.fromstring(RenduSvg(dossier).rendre_maintenant(source))


def _boites(racine: ET.Element, classe: str) -> dict[str, tuple[float, float, float, float]]:
    """Each node or cluster by its title: (x min, x max, y min, y max) of its outline."""
    boites = {}
    for g in racine.iter(f"{SVG}g"):
        if g.get("class") != classe:
            continue
        titre = g.find(f"{SVG}title")
        forme = g.find(f"{SVG}polygon")
        if forme is None:
            forme = g.find(f"{SVG}path")
        if titre is None or forme is None:
            continue
        nombres = [float(x) for x in re.findall(r"-?\d+(?:\.\d+)?",
                                                  forme.get("points") or forme.get("d") or "")]
        xs, ys = nombres[0::2], nombres[1::2]
        boites[titre.text or ""] = (min(xs), max(xs), min(ys), max(ys))
    return boites


def _couloirs_de(mini: Path, tmp_path: Path, version: str) -> tuple[
        Audit, list[str], dict[str, tuple[float, float, float, float]],
        dict[str, tuple[float, float, float, float]]]:
    audit = charger(mini)
    proc = audit.processus["P-SOL-APA"]
    avant, apres = diagrammes.statuts_etapes(analyser(audit).ecarts[proc.id])
    ordre = diagrammes.ordre_des_couloirs(proc.existant, proc.cible)
    etapes = proc.existant if version == "existant" else proc.cible
    source = diagrammes.couloirs("Titre", etapes, audit,
                                 avant if version == "existant" else apres,
                                 ordre_acteurs=ordre)
    racine = rendre(source, tmp_path / "cache")
    return audit, ordre, _boites(racine, "cluster"), _boites(racine, "node")


@pytest.mark.parametrize("version", ["existant", "cible"])
def test_each_step_lies_in_its_actors_lane(mini: Path, tmp_path: Path, version: str) -> None:
    audit, ordre, couloirs, noeuds = _couloirs_de(mini, tmp_path, version)
    proc = audit.processus["P-SOL-APA"]
    for etape in proc.existant if version == "existant" else proc.cible:
        x0, x1, y0, y1 = couloirs[f"cluster_{ordre.index(etape.acteur)}"]
        n = noeuds[etape.id]
        assert x0 <= n[0] and n[1] <= x1 and y0 <= n[2] and n[3] <= y1, etape.id
        for autre, boite in couloirs.items():  # and in no other lane
            if autre != f"cluster_{ordre.index(etape.acteur)}":
                assert n[1] <= boite[0] or n[0] >= boite[1], (etape.id, autre)


@pytest.mark.parametrize("version", ["existant", "cible"])
def test_lanes_form_one_band_in_the_same_order(mini: Path, tmp_path: Path,
                                               version: str) -> None:
    _audit, ordre, couloirs, _noeuds = _couloirs_de(mini, tmp_path, version)
    # Every actor of either version has a lane, in both diagrams, left to right in order.
    assert sorted(couloirs) == sorted(f"cluster_{i}" for i in range(len(ordre)))
    gauches = [couloirs[f"cluster_{i}"][0] for i in range(len(ordre))]
    assert gauches == sorted(gauches)
    hauts = {round(b[2]) for b in couloirs.values()}
    bas = {round(b[3]) for b in couloirs.values()}
    assert len(hauts) == 1 and len(bas) == 1  # one band: every lane as tall as the others


def test_steps_go_down_in_flow_order(mini: Path, tmp_path: Path) -> None:
    audit, _ordre, _couloirs, noeuds = _couloirs_de(mini, tmp_path, "existant")
    from transfo.model.flux import successeurs

    for source, suivantes in successeurs(audit.processus["P-SOL-APA"].existant).items():
        for suivante in suivantes:
            assert noeuds[suivante][2] > noeuds[source][3], (source, suivante)


def test_rows_share_parallel_branches() -> None:
    from transfo.model.entities import Etape

    def e(ident: str, **autres: object) -> Etape:
        return Etape.model_validate({"id": ident, "libelle": ident, "acteur": "ACT-A",
                                     "canal": "courrier", "duree_minutes": 1, **autres})

    etapes = [e("E1", suivantes=["E2", "E3"]), e("E2", suivantes=["E4"]), e("E3"), e("E4")]
    assert diagrammes.rangs(etapes) == {"E1": 0, "E2": 1, "E3": 1, "E4": 2}


def test_a_changed_step_says_what_changed_in_plain_french(mini: Path) -> None:
    audit = charger(mini)
    ecarts = {x.id: x for x in analyser(audit).ecarts["P-SOL-APA"].etapes}
    e1 = diagrammes.decrire_changements(ecarts["E1"], audit)
    assert "courrier → portail en ligne" in e1
    assert "durée 1\u00a0h → 30\u00a0min" in e1
    assert any(x.startswith("sans application → ") for x in e1)
    assert diagrammes.decrire_changement("duree_minutes", 90.0, 40.0, str) == (
        "durée 1\u00a0h\u00a030 → 40\u00a0min")
    assert diagrammes.decrire_changement("delai_jours", 10.0, 2.5, str) == (
        "attente 10\u00a0j → 2,5\u00a0j")


def test_the_cible_diagram_writes_the_changes_in_the_changed_steps(mini: Path) -> None:
    audit = charger(mini)
    proc = audit.processus["P-SOL-APA"]
    ecarts = analyser(audit).ecarts[proc.id]
    _, apres = diagrammes.statuts_etapes(ecarts)
    decrits = {x.id: diagrammes.decrire_changements(x, audit) for x in ecarts.etapes}
    source = diagrammes.couloirs("T", proc.cible, audit, apres, changements=decrits)
    ligne_e4 = next(x for x in source.splitlines() if x.startswith('"E4" [label='))
    assert "durée 1\u00a0h → 45\u00a0min" in ligne_e4 and "MODIFIÉE" in ligne_e4


# --- hostile texts -------------------------------------------------------------------------------

HOSTILES = [
    '<<TABLE><TR><TD HREF="javascript:alert(1)">clic</TD></TR></TABLE>>',
    '<IMG SRC="/etc/passwd"/>',
    '<?xml-stylesheet href="https://exemple.invalid/x.css"?>',
    "nul\x00au\x01milieu\x0c",
    'guillemet " et barre \\ et \\N et ]]> et &amp;',
    "$^$ \u202e retourné",
    "x" * 20_000,
]


def _audit_hostile(mini: Path, nom: str) -> Audit:
    audit = charger(mini)
    tables: tuple[dict[str, Any], ...] = (audit.acteurs, audit.applications,
                                          audit.macroprocessus, audit.chantiers)
    for table in tables:
        for ident, entite in list(table.items()):
            table[ident] = entite.model_copy(update={"nom": nom})
    for ident, proc in list(audit.processus.items()):
        etapes = [e.model_copy(update={"libelle": nom}) for e in proc.existant]
        audit.processus[ident] = proc.model_copy(update={"existant": etapes, "nom": nom})
    return audit


def _liens(racine: ET.Element) -> list[str]:
    return [v for el in racine.iter() for k, v in el.attrib.items()
            if k in ("href", f"{XLINK}href")]


@pytest.mark.parametrize("nom", HOSTILES, ids=range(len(HOSTILES)))
def test_no_text_can_inject_into_a_diagram(mini: Path, tmp_path: Path, nom: str) -> None:
    audit = _audit_hostile(mini, nom)
    proc = audit.processus["P-SOL-APA"]
    avant, _ = diagrammes.statuts_etapes(analyser(audit).ecarts[proc.id])
    sources = [
        diagrammes.couloirs(nom, proc.existant, audit, avant),
        diagrammes.carte_macroprocessus(audit, lambda i: f"../macroprocessus/{i}/"),
        diagrammes.graphe_feuille_de_route(audit, lambda i: "javascript:alert(1)"),
    ]
    for source in sources:
        assert "\x00" not in source
        assert max(len(x) for x in re.findall(r'"(?:[^"\\]|\\.)*"', source)) < 1000
        svg = RenduSvg(tmp_path / "cache").rendre_maintenant(source)
        assert "<?xml-stylesheet" not in svg and "<!ENTITY" not in svg
        racine = ET.fromstring(svg)  # well-formed XML, or this raises
        assert racine.find(f".//{SVG}image") is None
        assert all(not re.match(r"^[a-z][a-z0-9+.-]*:", lien, re.I) for lien in _liens(racine))
        textes = " ".join(t.text or "" for t in racine.iter(f"{SVG}text"))
        assert "javascript" not in " ".join(_liens(racine))
        if nom.startswith("<"):
            assert nom[:8] in textes  # shown as the text it is


def test_long_names_are_cut_with_an_ellipsis() -> None:
    assert diagrammes.nettoyer("a" * 500, 120) == "a" * 119 + "…"
    assert diagrammes.chaine('<b>"x"</b>\\N') == '"<b>\\"x\\"</b>\\\\N"'


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:x", "https://ailleurs.fr/",
                                 "//ailleurs.fr/x", "/etc/passwd", "data:text/html,x",
                                 "../a\nb/", 'a"onmouseover="x'])
def test_only_relative_site_links_are_kept(url: str) -> None:
    assert diagrammes.lien_relatif(url) is None


def test_a_relative_link_is_kept() -> None:
    assert diagrammes.lien_relatif("../processus/P-SOL-APA/") == "../processus/P-SOL-APA/"


# --- charts ---------------------------------------------------------------------------------------

CHANTIERS = [
    {"id": "C-A", "nom": "Socle du portail", "debut": "2025-02-01", "fin": "2026-06-30",
     "horizon": "court_terme", "jalons": ["2025-06-15", "2026-01-10"]},
    {"id": "C-B", "nom": "Relation usager", "debut": "2026-11-02", "fin": "2029-06-29",
     "horizon": "long_terme", "jalons": []},
]


def test_gantt_years_are_on_the_first_of_january_each_once() -> None:
    from matplotlib.dates import num2date

    fig = graphiques.figure_gantt(CHANTIERS, "Calendrier", "2025-01-06")
    ax = fig.axes[0]
    ticks = [num2date(t).date() for t in ax.get_xticks()]
    assert all((d.month, d.day) == (1, 1) for d in ticks)
    for rangee in ("label1", "label2"):  # below and above the bars
        etiquettes = [getattr(t, rangee).get_text() for t in ax.xaxis.get_major_ticks()]
        assert etiquettes == [str(a) for a in range(2025, 2031)]  # in order, each year once
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Socle du portail",
                                                            "Relation usager"]


def test_gantt_draws_milestones_and_the_situation_date() -> None:
    from matplotlib.dates import num2date

    ax = graphiques.figure_gantt(CHANTIERS, "Calendrier", "2025-01-06").axes[0]
    losanges = [ligne for ligne in ax.get_lines() if ligne.get_marker() == "D"]
    assert sorted(num2date(x.get_xdata()[0]).date() for x in losanges) == [
        date(2025, 6, 15), date(2026, 1, 10)]
    verticales = [ligne for ligne in ax.get_lines() if ligne.get_linestyle() == "--"]
    assert [num2date(v.get_xdata()[0]).date() for v in verticales] == [date(2025, 1, 6)]
    sans = graphiques.figure_gantt(CHANTIERS, "Calendrier", None).axes[0]
    assert not [x for x in sans.get_lines() if x.get_linestyle() == "--"]


def test_gantt_legend_is_off_the_bars() -> None:
    fig = graphiques.figure_gantt(CHANTIERS, "Calendrier", "2025-01-06")
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    legende = fig.legends[0].get_window_extent()
    assert legende.y0 >= fig.axes[0].get_window_extent().y1


@pytest.mark.parametrize("genre,donnees", [
    ("flux", {"annees": [2025, 2026], "cumuls": {s: [-1.0, 2.0] for s in
                                                  ("central", "pessimiste", "optimiste")},
              "titre": "$^$ flux"}),
    ("radar", {"scores": {"necessite": 2}, "titre": "$\\frac{$"}),
    ("gantt", {"chantiers": [{**CHANTIERS[0], "nom": "$^$"}], "titre": "$x^$"}),
    ("barres", {"libelles": ["$^$", "a\x00b"], "valeurs": [1.0, 2.0], "titre": "$_$"}),
])
def test_dollar_signs_are_text_not_mathtext(genre: str, donnees: dict[str, object]) -> None:
    svg = graphiques._FABRIQUES[genre](**donnees)
    racine = ET.fromstring(svg)
    assert "$^$" in svg.decode() or "$_$" in svg.decode() or "$x^$" in svg.decode() or (
        "$\\frac{$" in svg.decode())
    assert racine.tag == f"{SVG}svg"


def test_the_alternative_text_states_the_payback_years() -> None:
    annees = [2025, 2026, 2027, 2028, 2029]
    cumuls = {"central": [0.0, -10.0, -2.0, 5.0, 9.0],
              "pessimiste": [0.0, -10.0, -8.0, -4.0, 1.0],
              "optimiste": [0.0, -10.0, 1.0, 8.0, 15.0]}
    assert graphiques.message_flux(annees, cumuls) == (
        "Retour en 2028 dans le cas central, retour en 2029 dans le cas pessimiste, "
        "retour en 2027 dans le cas optimiste")
    cumuls["pessimiste"] = [0.0, -10.0, -8.0, -6.0, -4.0]
    assert "pas de retour d’ici 2029 dans le cas pessimiste" in graphiques.message_flux(
        annees, cumuls)


def test_the_alternative_text_of_bars_names_the_largest() -> None:
    assert graphiques.message_barres(["Internalités", "Externalités", "Rentabilité"],
                                     [300.0, 600.0, 100.0]) == (
        "Externalités en tête avec 60\u202f% des gains annuels, puis Internalités (30\u202f%)")


DONNEES_GRAPHIQUES: dict[str, dict[str, Any]] = {
    "flux": {"annees": list(range(2025, 2031)),
             "cumuls": {s: [0.0, -1.2e6, -3e6, 4e5, 2e6, 8.1e6]
                        for s in ("central", "pessimiste", "optimiste")},
             "titre": "Portail de services numériques pour les agents : flux net cumulé"},
    "radar": {"scores": {"necessite": 4, "maitrise_risques": 3, "internalites": 2,
                         "externalites": 3, "rentabilite": 1},
              "titre": "Portail de services numériques pour les agents et les managers du "
                       "Département : notes MAREVA"},
    "gantt": {"chantiers": CHANTIERS, "titre": "Calendrier des chantiers",
              "date_situation": "2025-01-06"},
    "barres": {"libelles": ["Direction de la solidarité et de l'autonomie", "Routes"],
               "valeurs": [1.2e6, 3e5], "titre": "Gains annuels par direction"},
}


@pytest.mark.parametrize("genre", sorted(DONNEES_GRAPHIQUES))
def test_no_chart_text_is_clipped_or_below_the_minimum(
        genre: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every text inside the figure (axis titles, radar labels, legend) and at least
    9.5 points; the figure no wider than the ~680 px column, or the page's full width."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.text import Text

    monkeypatch.setattr(graphiques, "_svg", lambda fig: fig)
    donnees = DONNEES_GRAPHIQUES[genre]
    fig: Any = graphiques._FABRIQUES[genre](**donnees)  # the figure, as _svg returns it
    FigureCanvasAgg(fig).draw()
    rendu = fig.canvas.get_renderer()
    cadre = fig.bbox
    hors_vue = set()  # tick labels that matplotlib does not draw
    for ax in fig.axes:
        for axe in (ax.xaxis, ax.yaxis):
            bas, haut = sorted(axe.get_view_interval())
            for tick in axe.get_major_ticks():
                if not bas - 1e-9 <= tick.get_loc() <= haut + 1e-9:
                    hors_vue.update({id(tick.label1), id(tick.label2)})
    textes = [t for t in fig.findobj(Text)
              if t.get_visible() and t.get_text().strip() and id(t) not in hors_vue]
    assert textes
    for t in textes:
        boite = t.get_window_extent(rendu)
        assert boite.x0 >= cadre.x0 - 1 and boite.x1 <= cadre.x1 + 1, (genre, t.get_text())
        assert boite.y0 >= cadre.y0 - 1 and boite.y1 <= cadre.y1 + 1, (genre, t.get_text())
        assert t.get_fontsize() >= graphiques.TAILLE_MIN, (genre, t.get_text())
    limite = graphiques.LARGEUR_GANTT if genre == "gantt" else graphiques.LARGEUR
    assert fig.get_figwidth() <= limite


def test_the_process_page_compares_in_tabs_and_says_what_changed(mini: Path,
                                                                 tmp_path: Path) -> None:
    from transfo.render.site import Generateur

    generateur = Generateur(charger(mini), tmp_path / "cache", urls_repertoires=True,
                            public=False)
    try:
        site = generateur.generer()
    finally:
        generateur.site.attendre()
    page = next(p.contenu for p in site.pages
                if "P-SOL-APA" in p.src_uri and p.src_uri.startswith("processus"))
    # Both diagrams in one tab set, at their natural size, existant first.
    onglets = page[page.index('<div class="transfo-onglets">'):]
    assert onglets.index("transfo-onglet-existant") < onglets.index("transfo-onglet-cible")
    assert onglets.count('class="transfo-figure transfo-naturelle"') == 2
    assert "hide:\n  - toc" in page  # the diagrams get the whole width
    # The step-by-step table says what changed, in words.
    ecarts = page[page.index("Écarts étape par étape"):]
    ligne_e4 = next(x for x in ecarts.splitlines()
                    if x.startswith('<tr><th scope="row"><code>E4'))
    assert "Durée : 1\u00a0h → 45\u00a0min" in ligne_e4
    assert "Délai : 15\u00a0j → 5\u00a0j" in ligne_e4
    # The expected delay, then the longest path, labelled as such.
    assert "Délai de bout en bout attendu" in page and "Chemin le plus long" in page
