"""Every output written for a tool (spreadsheet, review comment, CI annotations) keeps the
consultant's text as text: no formula, no markup, no workflow command."""

from __future__ import annotations

import json
import re
import shutil
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.conftest import lancer, remplacer
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
    textes: dict[str, list[Any]] = {}
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
    assert flux["I2"].data_type == "f" and flux["I2"].value.startswith("=E2-D2")
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


HOSTILES = {
    "description": "![p](https://c.invalid/p.png) <img src=x> __validé__\n</details>\n"
                   "## Avis favorable de la paierie",
    "hypothese": "``` fermée ` puis *emphase* | cellule <b>gras</b> &amp; www.piege.invalid",
    "nom": "  # [titre](https://l.invalid)  ",
}
_BALISES_ATTENDUES = {"ul", "li", "code", "strong", "p", "details", "summary", "table",
                      "thead", "tbody", "tr", "th", "td", "h2", "h3"}


def test_diff_markdown_keeps_hostile_values_as_text(mini: Path, tmp_path: Path) -> None:
    import markdown as python_markdown  # the renderer mkdocs uses; GFM's rules agree here

    avant = tmp_path / "avant"
    shutil.copytree(mini, avant)
    apa = mini / "autonomie" / "P-SOL-APA.yml"
    remplacer(apa, "description: Instruction des demandes d'allocation personnalisée "
              "d'autonomie.", f"description: {json.dumps(HOSTILES['description'])}")
    remplacer(apa, "hypothese: La saisie disparaît.",
              f"hypothese: {json.dumps(HOSTILES['hypothese'])}")
    remplacer(mini / "feuille-de-route" / "C-PORTAIL.yml", "nom: Portail de démarches en ligne",
              f"nom: {json.dumps(HOSTILES['nom'])}")
    r = lancer("diff", str(avant), str(mini), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    lignes = r.stdout.splitlines()
    # The fold opens and closes once, on lines of its own; no value starts a line.
    assert [x for x in lignes if "details>" in x and x.startswith("<")] == [
        "<details><summary>Détail des modifications, entité par entité</summary>",
        "</details>"]
    assert not [x for x in lignes if x.startswith(("#", "<img", "__", "!["))
                and not x.startswith(("## Ce que change", "### "))]
    # Each changed field's line, rendered alone, is a list item of code spans and nothing else.
    champs = [x for x in lignes if x.startswith("  - ")]
    assert len(champs) == 3, champs
    for ligne in champs:
        html = python_markdown.markdown(ligne.strip())
        assert set(re.findall(r"</?([a-z0-9]+)", html)) <= _BALISES_ATTENDUES, html
        assert not re.search(r"<(img|a|b|em|strong|h\d)\b", html), html
    rendu = python_markdown.markdown("\n".join(champs))
    for texte in ("![p](https://c.invalid/p.png) &lt;img src=x&gt; __validé__⏎&lt;/details&gt;⏎",
                  "*emphase* | cellule &lt;b&gt;gras&lt;/b&gt; &amp;amp;",
                  "# [titre](https://l.invalid)"):
        assert texte in rendu, texte


def test_diff_error_report_fence_cannot_be_closed_by_a_value(mini: Path, tmp_path: Path) -> None:
    avant = tmp_path / "avant"
    shutil.copytree(mini, avant)
    remplacer(mini / "feuille-de-route" / "C-PORTAIL.yml", "pilote: DIR-DSN",
              "pilote: \"DIR-X ````\\n</details>\\n## Accepté\"")
    r = lancer("diff", str(avant), str(mini), cwd=tmp_path)
    assert r.returncode == 1, r.stderr
    lignes = r.stdout.splitlines()
    debut = lignes.index("## Le modèle ne se valide pas (après)")
    cloture = lignes[debut + 2]
    assert set(cloture) == {"`"} and len(cloture) >= 5
    fin = lignes.index(cloture, debut + 3)
    assert fin == len(lignes) - 1 and all("`" * len(cloture) not in x
                                          for x in lignes[debut + 3:fin])
    assert not any(x.startswith(("</details>", "## Accepté")) for x in lignes)


def test_github_format_of_a_folder_name_with_a_line_break(mini: Path) -> None:
    (mini / "autonomie").rename(mini / "auto\n::stop-commands::jeton")
    r = lancer("validate", "--format", "github", cwd=mini.parent)
    assert r.returncode == 1
    *annotations, resume = r.stdout.rstrip("\n").split("\n")
    assert annotations and all(x.startswith(("::error file=", "::warning file="))
                               for x in annotations), annotations
    assert "::error file=processes/auto\\n%3A%3Astop-commands%3A%3Ajeton,line=1,col=1," \
           "title=transfo::nom de dossier refusé" in r.stdout
    assert resume.endswith("lus)")
