"""Every output written for a tool (spreadsheet, review comment, CI annotations) keeps the
consultant's text as text: no formula, no markup, no workflow command."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from openpyxl import load_workbook

from tests.conftest import remplacer
from transfo.adapters.cli import rapports
from transfo.analyse.valeur import analyser
from transfo.export.xlsx_export import export_xlsx
from transfo.problems import Position, Probleme
from transfo.validate.runner import valider_dossier

FORMULES = {
    "nom": "+cmd|' /C notepad'!A0",
    "hypothese": "@SOMME(A1:A9)",
    "libelle_gain": "-1+2",
}


def test_xlsx_text_cells_stay_text_and_numbers_stay_numbers(mini: Path) -> None:
    apa = mini / "autonomie" / "P-SOL-APA.yml"
    remplacer(apa, "nom: Instruire une demande d'APA", f"nom: \"{FORMULES['nom']}\"")
    remplacer(apa, "hypothese: La saisie disparaît.", f"hypothese: \"{FORMULES['hypothese']}\"")
    remplacer(apa, "libelle: Temps d'agent libéré", f"libelle: \"{FORMULES['libelle_gain']}\"")
    remplacer(mini / "feuille-de-route" / "C-PORTAIL.yml", "nom: Portail de démarches en ligne",
              "nom: \"=1+1\"")
    resultat = valider_dossier(mini)
    assert not resultat.erreurs, resultat.erreurs
    classeur = load_workbook(BytesIO(export_xlsx(resultat.audit, analyser(resultat.audit))))
    textes = {}
    for feuille in classeur.worksheets:
        for ligne in feuille.iter_rows():
            for cellule in ligne:
                if isinstance(cellule.value, str):
                    textes.setdefault(cellule.value, []).append(cellule)
    for valeur in (FORMULES["nom"], FORMULES["hypothese"], FORMULES["libelle_gain"], "=1+1"):
        assert valeur in textes, valeur
        for cellule in textes[valeur]:
            assert cellule.data_type == "s", (valeur, cellule.coordinate)
            assert cellule.quotePrefix, (valeur, cellule.coordinate)
    # The export's own formulas are still formulas, its numbers still numbers.
    flux = classeur["Flux"]
    assert flux["F2"].data_type == "f" and flux["F2"].value.startswith("=E2-D2")
    assert classeur["Chantiers"]["H2"].value.startswith("=SUMIF(")
    assert isinstance(flux["B2"].value, int) and isinstance(flux["D2"].value, (int, float))
    assert classeur["Gains"]["A2"].quotePrefix is False


PIEGE_CI = "dossier\r\n::add-mask::secret,title=faux:1%0A/fichier.yml"


def _probleme_piege() -> Probleme:
    return Probleme(Position(PIEGE_CI, 3, 7), "texte « a »\n::warning::injecté 100%",
                    "indice\r\n::endgroup::", code="syntaxe")


def test_github_annotations_escape_properties_and_message() -> None:
    sortie = rapports.github([_probleme_piege()], 1)
    lignes = sortie.split("\n")
    assert len(lignes) == 2 and "\r" not in sortie, lignes
    niveau, _, props = lignes[0].removeprefix("::").partition(" ")
    props, _, message = props.partition("::")
    assert niveau == "error"
    champs = dict(champ.split("=", 1) for champ in props.split(","))
    assert set(champs) == {"file", "line", "col", "title"}
    assert champs["file"] == ("dossier%0D%0A%3A%3Aadd-mask%3A%3Asecret%2Ctitle=faux%3A1%250A"
                              "/fichier.yml")
    assert (champs["line"], champs["col"], champs["title"]) == ("3", "7", "transfo")
    assert message == ("texte « a »%0A::warning::injecté 100%25 — indice%0D%0A::endgroup::")


def test_gitlab_report_keeps_the_hostile_path_as_data() -> None:
    rapport = json.loads(rapports.gitlab([_probleme_piege()], 1))
    assert rapport[0]["location"]["path"] == PIEGE_CI
    assert rapport[0]["description"].startswith("texte « a »\n::warning::")
