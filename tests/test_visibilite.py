"""The public version: computed from the public model only, nothing internal reaches any
output (pages, SVG, search index, JSON, xlsx), its figures agree with its lists and say when
they leave something out; the internal version marks what the public one leaves out."""

from __future__ import annotations

import html
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import MINI, RACINE, lancer, valider_depuis_parent
from tests.outils_site import construire, copier_projet, liens_casses, texte_visible
from tests.outils_visibilite import IDS_INTERNES, SENTINELLES, modele_avec_interne
from transfo.analyse.valeur import analyser
from transfo.export.json_export import export_json_text
from transfo.model.audit import Audit
from transfo.model.visibilite import (
    NOTE_RETRAIT,
    PORTEFEUILLE,
    public_demande,
    version_publique,
    visibilite_de,
)

EMPREINTE_INTERNE = "0123456789abcdef"
"""The review fingerprint written in the model: a public output never shows one."""
MONTANTS_INTERNES = ("123457", "123 457", "123\u202f457", "77777", "77 777", "77\u202f777")
"""The internal gain's yearly amount and the internal chantier's cost, as written."""


def _audit(dossier: Path) -> Audit:
    resultat = valider_depuis_parent(dossier)
    assert resultat.erreurs == [], [p.format() for p in resultat.erreurs]
    return resultat.audit


def _fuites(texte: str) -> list[str]:
    """Every internal sentinel, id, fingerprint or amount found in ``texte``."""
    texte = texte + "\n" + html.unescape(texte)
    cherches = [*SENTINELLES.values(), *IDS_INTERNES, EMPREINTE_INTERNE, *MONTANTS_INTERNES]
    return [c for c in cherches if c in texte or json.dumps(c)[1:-1] in texte]


def _tout_le_site(site: Path) -> str:
    sorties = []
    for fichier in site.rglob("*"):
        if fichier.suffix in (".html", ".svg", ".json", ".js", ".xml", ".txt", ".css"):
            sorties.append(fichier.read_text(encoding="utf-8", errors="replace"))
        elif fichier.suffix == ".xlsx":
            with zipfile.ZipFile(fichier) as z:
                sorties.extend(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return "\n".join(sorties)


@pytest.fixture(scope="module")
def modele(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return modele_avec_interne(tmp_path_factory.mktemp("modele") / "processes")


# --- the public model ----------------------------------------------------------------------


def test_public_model_names_no_internal_entity_and_keeps_its_steps_counted(
        modele: Path) -> None:
    audit = _audit(modele)
    publique = version_publique(audit)
    texte = export_json_text(publique, analyser(publique))
    assert _fuites(texte) == []
    # The step of the internal actor stays, done by a neutral stand-in of the same kind…
    e5 = next(e for e in publique.processus["P-SOL-APA"].existant if e.id == "E5")
    assert (e5.acteur, e5.application) == ("ACT-INTERNE", "APP-INTERNE")
    remplacant = publique.acteurs["ACT-INTERNE"]
    assert (remplacant.nom, remplacant.type, remplacant.categorie) == (
        "Acteur interne", "agent", "A")
    assert publique.applications["APP-INTERNE"].nom == "Application interne"
    assert publique.chantiers["C-PORTAIL"].pilote == "DIR-INTERNE"
    assert publique.directions["DIR-INTERNE"].nom == "Direction interne"
    # … so that its time is counted in the public figures as it is listed.
    interne, public = analyser(audit).ecarts["P-SOL-APA"], analyser(publique).ecarts["P-SOL-APA"]
    assert public.avant.minutes_agent == interne.avant.minutes_agent
    assert public.etp_par_categorie == interne.etp_par_categorie
    assert public.etp_par_categorie["A"] > 0
    # Internal gain and chantier are gone from the lists and from the figures.
    assert "G-SOL-APA-4" not in publique.gains and "C-INTERNE" not in publique.chantiers
    assert publique.chantiers["C-PORTAIL"].depend_de == []
    valeur_interne = analyser(audit).chantiers["C-PORTAIL"].total_gains_socio_economiques
    assert analyser(publique).chantiers["C-PORTAIL"].total_gains_socio_economiques < valeur_interne
    # Reviews (dates and fingerprints of the internal model) are dropped.
    assert all(g.revue is None for g in publique.gains.values())
    # The public scenario loses the internal chantier it holds: its figures say so.
    assert publique.retraits == {"P-SOL-APA", "C-PORTAIL", "S-PORTAIL", PORTEFEUILLE}
    assert list(publique.scenarios) == ["S-PORTAIL"]
    assert publique.scenarios["S-PORTAIL"].chantiers == ["C-PORTAIL"]


def test_several_internal_actors_get_distinct_stand_ins(modele: Path, tmp_path: Path) -> None:
    copie = tmp_path / "processes"
    shutil.copytree(modele, copie)
    fichier = copie / "autonomie" / "P-SOL-APA.yml"
    texte = fichier.read_text(encoding="utf-8")
    fichier.write_text(texte.replace("acteur: ACT-INSTRUCTEUR", "acteur: ACT-CONTROLEUR", 1),
                       "utf-8")
    ref = copie / "referentiel.yml"
    ref.write_text(ref.read_text(encoding="utf-8").replace(
        "  categorie: B\n", "  categorie: B\n  visibilite: interne\n", 1), "utf-8")
    publique = version_publique(_audit(copie))
    proc = publique.processus["P-SOL-APA"]
    acteurs = {e.acteur for e in [*proc.existant, *proc.cible]}
    assert {"ACT-INTERNE-1", "ACT-INTERNE-2"} <= acteurs
    assert {publique.acteurs[a].nom for a in ("ACT-INTERNE-1", "ACT-INTERNE-2")} == {
        "Acteur interne 1", "Acteur interne 2"}


def test_a_gain_no_longer_shared_with_an_internal_chantier_is_said(tmp_path: Path) -> None:
    copie = tmp_path / "processes"
    shutil.copytree(MINI, copie)
    texte = (copie / "feuille-de-route" / "C-PORTAIL.yml").read_text(encoding="utf-8")
    (copie / "feuille-de-route" / "C-AUTRE.yml").write_text(
        texte.replace("id: C-PORTAIL", "id: C-AUTRE\nvisibilite: interne")
        .replace("gains: [G-SOL-APA-1, G-SOL-APA-2, G-SOL-APA-3]", "gains: [G-SOL-APA-1]"),
        encoding="utf-8")
    audit = _audit(copie)
    publique = version_publique(audit)
    assert publique.retraits == {"C-PORTAIL", PORTEFEUILLE}
    assert (analyser(publique).chantiers["C-PORTAIL"].total_gains_socio_economiques
            > analyser(audit).chantiers["C-PORTAIL"].total_gains_socio_economiques)


def test_an_internal_process_takes_its_gains_out_of_the_public_figures(
        tmp_path: Path) -> None:
    copie = tmp_path / "processes"
    shutil.copytree(MINI, copie)
    fichier = copie / "autonomie" / "P-SOL-APA.yml"
    fichier.write_text("visibilite: interne\n" + fichier.read_text(encoding="utf-8"), "utf-8")
    publique = version_publique(_audit(copie))
    assert publique.processus == {} and publique.gains == {}
    assert publique.chantiers["C-PORTAIL"].processus == []
    assert publique.retraits == {"MP-SOL-AUTONOMIE", "C-PORTAIL", PORTEFEUILLE}
    assert analyser(publique).chantiers["C-PORTAIL"].total_gains_socio_economiques == 0


def test_a_model_without_internal_content_is_left_as_it_is() -> None:
    audit = _audit(MINI)
    publique = version_publique(audit)
    assert publique.retraits == set()
    assert list(publique.acteurs) == list(audit.acteurs)
    assert publique.processus["P-SOL-APA"] == audit.processus["P-SOL-APA"]


def test_transfo_public_variable_is_read_as_a_consultant_writes_it() -> None:
    assert public_demande(False, {"TRANSFO_PUBLIC": "1"}) is True
    assert public_demande(False, {"TRANSFO_PUBLIC": "oui"}) is True
    assert public_demande(True, {"TRANSFO_PUBLIC": "non"}) is False
    assert public_demande(True, {"TRANSFO_PUBLIC": " "}) is True
    assert public_demande(False, {}) is False


# --- exports -------------------------------------------------------------------------------


def test_export_public_leaves_out_internal_content(modele: Path, tmp_path: Path) -> None:
    r = lancer("export", "json", str(modele), "--public")
    assert r.returncode == 0, r.stderr
    assert _fuites(r.stdout) == []
    assert json.loads(r.stdout)["chantiers"][0]["id"] == "C-PORTAIL"
    # TRANSFO_PUBLIC=1 does the same; --interne overrides it.
    r = lancer("export", "json", str(modele), env={"TRANSFO_PUBLIC": "1"})
    assert _fuites(r.stdout) == []
    r = lancer("export", "json", str(modele), "--interne", env={"TRANSFO_PUBLIC": "1"})
    assert SENTINELLES["chantier"] in r.stdout
    sortie = tmp_path / "public.xlsx"
    r = lancer("export", "xlsx", str(modele), "--public", "-o", str(sortie))
    assert r.returncode == 0 and "version publique" in r.stderr
    with zipfile.ZipFile(sortie) as z:
        contenu = "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    assert _fuites(contenu) == []
    assert "Visibilité" not in contenu


def test_internal_workbook_marks_internal_rows_on_every_sheet_of_entities(
        modele: Path, tmp_path: Path) -> None:
    sortie = tmp_path / "interne.xlsx"
    r = lancer("export", "xlsx", str(modele), "-o", str(sortie), env={"TRANSFO_PUBLIC": "0"})
    assert r.returncode == 0, r.stderr
    classeur = load_workbook(sortie)
    # The portfolio's rows add up internal chantiers too: they are marked internal as well.
    attendus = {"Gains": ["G-SOL-APA-4", "G-PORTAIL-INTERNE"],
                "Flux": ["C-INTERNE", "PORTEFEUILLE"], "Chantiers": ["C-INTERNE", "PORTEFEUILLE"],
                "Écarts": []}
    for feuille, internes in attendus.items():
        lignes = list(classeur[feuille].iter_rows(values_only=True))
        assert lignes[0][-1] == "Visibilité", feuille
        marques = {ligne[0]: ligne[-1] for ligne in lignes[1:]}
        assert set(marques.values()) <= {"public", "interne"}, feuille
        assert [k for k, v in marques.items() if v == "interne"] == internes, feuille
    assert visibilite_de(_audit(modele), "P-SOL-APA") == "public"


# --- built sites ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory, modele: Path) -> dict[str, Path]:
    """One project built internal first, then public (the cache is shared by both)."""
    projet = copier_projet(tmp_path_factory.mktemp("sites") / "p", modele)
    r = construire(projet, public=False)
    assert r.returncode == 0, r.stderr[-3000:]
    shutil.copytree(projet / "site", projet / "site-interne")
    r = construire(projet, public=True)
    assert r.returncode == 0, r.stderr[-3000:]
    return {"interne": projet / "site-interne", "public": projet / "site", "projet": projet}


def test_public_site_shows_nothing_internal(sites: dict[str, Path]) -> None:
    site = sites["public"]
    assert _fuites(_tout_le_site(site)) == []
    assert liens_casses(site) == []
    page = texte_visible(site / "processus" / "P-SOL-APA" / "index.html")
    assert "Acteur interne" in page and "Application interne" in page
    assert "Direction interne" in texte_visible(site / "chantiers" / "C-PORTAIL" / "index.html")


def test_public_site_figures_agree_with_its_step_lists(sites: dict[str, Path]) -> None:
    def etp(site: Path) -> str:
        page = texte_visible(site / "processus" / "P-SOL-APA" / "index.html")
        return page.split("ETP libérés", 1)[1].split("Heures d", 1)[0]

    # The internal actor's step is listed in both and counted in both.
    assert etp(sites["public"]) == etp(sites["interne"])
    assert "catégorie A" in etp(sites["public"])


def test_public_pages_say_when_their_figures_leave_internal_content_out(
        sites: dict[str, Path]) -> None:
    site = sites["public"]
    for chemin in ("processus/P-SOL-APA/index.html", "chantiers/C-PORTAIL/index.html",
                   "valeur/index.html", "gains/index.html", "feuille-de-route/index.html"):
        assert NOTE_RETRAIT in texte_visible(site / chemin), chemin
    assert NOTE_RETRAIT in texte_visible(site / "index.html")  # the key figures
    assert NOTE_RETRAIT not in texte_visible(site / "cartographie" / "index.html")
    interne = sites["interne"]
    assert not [p for p in interne.rglob("*.html") if NOTE_RETRAIT in p.read_text("utf-8")]


def test_review_and_contributing_pages_are_for_the_audit_team_only(
        sites: dict[str, Path]) -> None:
    public, interne = sites["public"], sites["interne"]
    assert not (public / "revue").exists() and not (public / "contribuer.html").exists()
    accueil = (public / "index.html").read_text(encoding="utf-8")
    assert "Contribuer" not in accueil and "Revue des gains" not in accueil
    assert "Revue" not in texte_visible(public / "processus" / "P-SOL-APA" / "index.html")
    assert (interne / "revue" / "index.html").exists() and (interne / "contribuer.html").exists()
    accueil = texte_visible(interne / "index.html")
    assert "Contribuer" in accueil and "Revue" in accueil
    assert "Revue" in texte_visible(interne / "processus" / "P-SOL-APA" / "index.html")


def test_internal_site_marks_internal_content(sites: dict[str, Path]) -> None:
    site = sites["interne"]
    mention = "Interne — absent de la version publique"
    chantier = (site / "chantiers" / "C-INTERNE" / "index.html").read_text(encoding="utf-8")
    assert mention in chantier.split("</h1>", 1)[1][:300]  # right under the title
    processus = texte_visible(site / "processus" / "P-SOL-APA" / "index.html")
    for sentinelle in (SENTINELLES["irritant"], SENTINELLES["gain"]):
        assert sentinelle in processus
    avant_irritant = processus.split(SENTINELLES["irritant"], 1)[0]
    assert avant_irritant.rstrip().endswith(mention)
    assert processus.count(mention) == 2  # the internal irritant and the internal gain
    # A public entity is not marked.
    assert mention not in texte_visible(site / "chantiers" / "C-PORTAIL" / "index.html").split(
        "Dépend de", 1)[0]


def test_public_and_internal_builds_keep_their_pages_and_exports_apart(
        sites: dict[str, Path]) -> None:
    cache = sites["projet"] / ".cache" / "plugin" / "transfo"
    for genre in ("public", "interne"):
        assert (cache / "pages" / genre).is_dir() and (cache / "exports" / genre).is_dir()
    assert _fuites(_tout_le_site(cache / "pages" / "public")) == []
    assert _fuites(_tout_le_site(cache / "exports" / "public")) == []
    assert SENTINELLES["gain"] in _tout_le_site(cache / "exports" / "interne")


def test_internal_text_alone_removes_no_entity_from_the_sample() -> None:
    """The sample has internal text only: its public model keeps every entity."""
    audit = _audit(RACINE / "processes")
    publique = version_publique(audit)
    assert [len(t) for _g, t in publique.tables()] == [len(t) for _g, t in audit.tables()]
