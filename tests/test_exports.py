"""The open-format exports: ODS workbook, BPMN 2.0 files, open data package; and how the
``transfo export`` command refuses a bad output path."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.conftest import RACINE, lancer, remplacer
from transfo.analyse.valeur import Analyse, analyser
from transfo.ecriture import ecrire_dossier_atomique
from transfo.export.bpmn_export import BPMN, BPMNDI, export_bpmn
from transfo.export.donnees_export import export_donnees
from transfo.export.ods_export import export_ods, formule_odf
from transfo.export.xlsx_export import export_xlsx
from transfo.model.audit import Audit
from transfo.validate.runner import valider_dossier

XSD = RACINE / "tests" / "donnees" / "bpmn-xsd"
ODF = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "config": "urn:oasis:names:tc:opendocument:xmlns:config:1.0",
}


def _q(prefixe: str, nom: str) -> str:
    return f"{{{ODF[prefixe]}}}{nom}"


def _modele(dossier: Path) -> tuple[Audit, Analyse]:
    resultat = valider_dossier(dossier)
    assert not resultat.erreurs
    return resultat.audit, analyser(resultat.audit)


@pytest.fixture(scope="module")
def echantillon() -> tuple[Audit, Analyse]:
    return _modele(RACINE / "processes")


# --- ODS -----------------------------------------------------------------------------------


def _lire_ods(donnees: bytes, tmp_path: Path) -> dict[str, list[list[Any]]]:
    """Each sheet's rows as read back from content.xml: a cell is its formula, else its typed
    value (float, ISO date string, or text)."""
    chemin = tmp_path / "lu.ods"
    chemin.write_bytes(donnees)
    with zipfile.ZipFile(chemin) as archive:
        racine = ET.fromstring(archive.read("content.xml"))
    feuilles: dict[str, list[list[Any]]] = {}
    for table in racine.iter(_q("table", "table")):
        lignes = []
        for rangee in table.iter(_q("table", "table-row")):
            cellules: list[Any] = []
            for cellule in rangee.findall(_q("table", "table-cell")):
                formule = cellule.get(_q("table", "formula"))
                genre = cellule.get(_q("office", "value-type"))
                if formule:
                    cellules.append(formule)
                elif genre in {"float", "percentage"}:
                    cellules.append(float(cellule.get(_q("office", "value"), "nan")))
                elif genre == "date":
                    cellules.append(cellule.get(_q("office", "date-value")))
                elif genre == "string":
                    cellules.append("\n".join(p.text or "" for p in cellule.iter(_q("text", "p"))))
                else:
                    cellules.append(None)
            while cellules and cellules[-1] is None:
                cellules.pop()
            lignes.append(cellules)
        feuilles[table.get(_q("table", "name")) or ""] = lignes
    return feuilles


def _attendu(valeur: Any) -> Any:
    """An xlsx cell as the ODS reader above gives it back."""
    if isinstance(valeur, str) and valeur.startswith("="):
        return formule_odf(valeur)
    if isinstance(valeur, bool) or valeur is None or isinstance(valeur, str):
        return valeur
    if isinstance(valeur, datetime):
        return valeur.date().isoformat()
    return float(valeur)


def test_ods_has_the_same_sheets_columns_and_cells_as_the_xlsx(
        echantillon: tuple[Audit, Analyse], tmp_path: Path) -> None:
    audit, analyse = echantillon
    xlsx = tmp_path / "audit.xlsx"
    export_xlsx(audit, analyse, xlsx)
    classeur = openpyxl.load_workbook(xlsx)
    ods = _lire_ods(export_ods(audit, analyse), tmp_path)
    assert list(ods) == classeur.sheetnames
    for nom in classeur.sheetnames:
        attendu = []
        for rangee in classeur[nom].iter_rows(values_only=True):
            cellules = [_attendu(v) for v in rangee]
            while cellules and cellules[-1] is None:
                cellules.pop()
            attendu.append(cellules)
        assert ods[nom] == attendu, nom


def test_ods_formulas_carry_their_value(echantillon: tuple[Audit, Analyse]) -> None:
    """A reader that does not recalculate on opening still shows each chantier's VAN."""
    audit, analyse = echantillon
    racine = ET.fromstring(zipfile.ZipFile(__import__("io").BytesIO(
        export_ods(audit, analyse))).read("content.xml"))
    chantiers = next(t for t in racine.iter(_q("table", "table"))
                     if t.get(_q("table", "name")) == "Chantiers")
    premiere = chantiers.findall(f".//{_q('table', 'table-row')}")[1]
    van = premiere.findall(_q("table", "table-cell"))[7]
    assert van.get(_q("table", "formula")) == (
        "of:=SUMIF([$'Flux'.$A$1:.$A$1048576];[.A2];[$'Flux'.$K$1:.$K$1048576])")
    cid = next(iter(audit.chantiers))
    assert float(van.get(_q("office", "value"), "nan")) == pytest.approx(
        analyse.chantiers[cid].van_financiere, abs=0.05)


def test_formulas_translate_to_openformula() -> None:
    assert formule_odf("=B5-Paramètres!$B$3") == "of:=[.B5]-[$'Paramètres'.$B$3]"
    assert formule_odf("=F5/(1+Paramètres!$B$2)^C5") == (
        "of:=[.F5]/(1+[$'Paramètres'.$B$2])^[.C5]")


def test_ods_is_a_valid_package_with_french_formats_and_frozen_headers(
        echantillon: tuple[Audit, Analyse]) -> None:
    audit, analyse = echantillon
    donnees = export_ods(audit, analyse)
    assert donnees == export_ods(audit, analyse), "deux exports du même modèle diffèrent"
    archive = zipfile.ZipFile(__import__("io").BytesIO(donnees))
    premier = archive.infolist()[0]
    assert premier.filename == "mimetype" and premier.compress_type == zipfile.ZIP_STORED
    assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
    contenu = ET.fromstring(archive.read("content.xml"))
    euros = next(s for s in contenu.iter(_q("number", "number-style"))
                 if s.get(_q("style", "name")) == "N-EUROS")
    assert euros.get(_q("number", "language")) == "fr"
    assert euros.get(_q("number", "country")) == "FR"
    chiffres, texte_euros = euros.find(_q("number", "number")), euros.find(_q("number", "text"))
    assert chiffres is not None and chiffres.get(_q("number", "grouping")) == "true"
    assert texte_euros is not None and texte_euros.text == " €"
    for table in contenu.iter(_q("table", "table")):
        entete = table.find(_q("table", "table-header-rows"))
        assert entete is not None and len(entete) == 1
    reglages = ET.fromstring(archive.read("settings.xml"))
    figees = {
        entree.get(_q("config", "name")): {
            item.get(_q("config", "name")): item.text
            for item in entree.findall(_q("config", "config-item"))}
        for carte in reglages.iter(_q("config", "config-item-map-named"))
        for entree in carte.findall(_q("config", "config-item-map-entry"))
    }
    assert set(figees) == {"Paramètres", "Gains", "Flux", "Chantiers", "Sensibilité", "Écarts"}
    for reglage in figees.values():
        assert reglage["VerticalSplitMode"] == "2" and reglage["VerticalSplitPosition"] == "1"


def test_libreoffice_reads_the_ods(echantillon: tuple[Audit, Analyse], tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) n'est pas installé : conversion headless non vérifiée")
    audit, analyse = echantillon
    ods = tmp_path / "audit.ods"
    export_ods(audit, analyse, ods)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profil",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path / "conv"), str(ods)],
                   check=True, capture_output=True, timeout=180)
    relu = openpyxl.load_workbook(tmp_path / "conv" / "audit.xlsx", data_only=True)
    assert relu.sheetnames == ["Paramètres", "Gains", "Flux", "Chantiers", "Sensibilité", "Écarts"]
    cid = next(iter(audit.chantiers))
    assert relu["Chantiers"]["A2"].value == cid
    van = analyse.chantiers[cid].van_financiere
    assert relu["Chantiers"]["H2"].value == pytest.approx(van, abs=0.05)


# --- BPMN ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fichiers_bpmn(echantillon: tuple[Audit, Analyse],
                  tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    dossier = tmp_path_factory.mktemp("bpmn")
    return export_bpmn(echantillon[0], dossier)


def test_bpmn_files_are_valid_against_the_omg_schemas(
        echantillon: tuple[Audit, Analyse], fichiers_bpmn: list[Path]) -> None:
    import xmlschema

    schema = xmlschema.XMLSchema(str(XSD / "BPMN20.xsd"))
    assert len(fichiers_bpmn) == 2 * len(echantillon[0].processus)
    for fichier in fichiers_bpmn:
        schema.validate(str(fichier))


def test_bpmn_shapes_point_to_elements_and_tasks_sit_in_their_actors_lane(
        echantillon: tuple[Audit, Analyse], fichiers_bpmn: list[Path]) -> None:
    audit = echantillon[0]
    for fichier in fichiers_bpmn:
        racine = ET.parse(fichier).getroot()
        ids = {e.get("id") for e in racine.iter() if e.get("id")}
        formes = list(racine.iter(f"{{{BPMNDI}}}BPMNShape"))
        aretes = list(racine.iter(f"{{{BPMNDI}}}BPMNEdge"))
        references = [f.get("bpmnElement") for f in formes + aretes]
        assert all(r in ids for r in references), fichier.name
        noeuds = [e for e in racine.iter() if e.tag.endswith(("Task", "Event", "Gateway"))]
        flux = list(racine.iter(f"{{{BPMN}}}sequenceFlow"))
        assert set(references) >= {e.get("id") for e in noeuds + flux}, fichier.name
        assert all(len(a.findall("{http://www.omg.org/spec/DD/20100524/DI}waypoint")) >= 2
                   for a in aretes)
        pid, version = fichier.stem.rsplit("-", 1)
        etapes = {e.id: e for e in getattr(audit.processus[pid], version)}
        lane_de = {ref.text: lane.get("id") for lane in racine.iter(f"{{{BPMN}}}lane")
                   for ref in lane.findall(f"{{{BPMN}}}flowNodeRef")}
        taches = [e for e in noeuds if e.tag.endswith("Task")]
        assert len(taches) == len(etapes)
        for tache in taches:
            etape = etapes[tache.get("id", "").removeprefix("Tache_")]
            assert lane_de[tache.get("id")] == f"Lane_{etape.acteur}", (fichier.name, etape.id)
        assert set(lane_de) == {e.get("id") for e in noeuds}


def test_bpmn_branches_become_gateways_documented_with_their_shares(tmp_path: Path) -> None:
    audit, _ = _modele(RACINE / "tests" / "fixtures" / "mini")
    export_bpmn(audit, tmp_path)
    racine = ET.parse(tmp_path / "P-SOL-APA-existant.bpmn").getroot()
    passerelle = racine.find(f".//{{{BPMN}}}exclusiveGateway")
    assert passerelle is not None and passerelle.get("id") == "Choix_E2"
    doc = passerelle.findtext(f"{{{BPMN}}}documentation") or ""
    assert "Demande de pièces (E3) : 50 %" in doc and "Instruction (E4) : 100 %" in doc
    sortants = [f for f in racine.iter(f"{{{BPMN}}}sequenceFlow")
                if f.get("sourceRef") == "Choix_E2"]
    assert {(f.get("targetRef"), f.get("name")) for f in sortants} == {
        ("Tache_E3", "50 %"), ("Tache_E4", "100 %")}
    formes = {f.get("bpmnElement"): f.find("{http://www.omg.org/spec/DD/20100524/DC}Bounds")
              for f in racine.iter(f"{{{BPMNDI}}}BPMNShape")}
    x = {n: int(b.get("x", "0")) for n, b in formes.items() if b is not None}
    assert x["Tache_E1"] < x["Tache_E2"] < x["Choix_E2"] < x["Tache_E3"] < x["Tache_E4"]
    premier = (tmp_path / "P-SOL-APA-existant.bpmn").read_bytes()
    export_bpmn(audit, tmp_path)
    assert (tmp_path / "P-SOL-APA-existant.bpmn").read_bytes() == premier


# --- Open data -----------------------------------------------------------------------------


def test_open_data_package_is_valid_for_frictionless(tmp_path: Path) -> None:
    from frictionless import Package, system

    export_donnees(_modele(RACINE / "processes")[0], tmp_path)
    with system.use_context(trusted=True):
        rapport = Package(str(tmp_path / "datapackage.json")).validate()
    assert rapport.valid, rapport.flatten(["resourcePath", "rowNumber", "fieldName", "message"])
    assert len(rapport.tasks) == 9
    entetes = (tmp_path / "chantiers.csv").read_text("utf-8").splitlines()[0]
    assert entetes.startswith("id,nom,horizon,debut,fin,")
    ligne = (tmp_path / "chantiers.csv").read_text("utf-8").splitlines()[1].split(",")
    assert datetime.strptime(ligne[3], "%Y-%m-%d")


def test_open_data_never_holds_internal_content(mini: Path, tmp_path: Path) -> None:
    remplacer(mini / "referentiel.yml", "  - id: APP-GED\n",
              "  - id: APP-GED\n    visibilite: interne\n")
    remplacer(mini / "autonomie" / "P-SOL-APA.yml", "  - id: G-SOL-APA-1\n",
              "  - id: G-SOL-APA-1\n    visibilite: interne\n")
    remplacer(mini / "autonomie" / "P-SOL-APA.yml",
              "description: Instruction des demandes d'allocation personnalisée d'autonomie.",
              "description: {texte: Note confidentielle sur l'équipe, visibilite: interne}")
    sortie = tmp_path / "donnees"
    sortie.mkdir()
    export_donnees(_modele(mini)[0], sortie)
    tout = "".join(f.read_text("utf-8") for f in sorted(sortie.iterdir()))
    assert "G-SOL-APA-2" in tout and "P-SOL-APA" in tout
    for interne in ("APP-GED", "Gestion électronique", "G-SOL-APA-1", "Temps d'agent libéré",
                    "confidentielle"):
        assert interne not in tout, interne


# --- The command and bad input -------------------------------------------------------------


def test_export_commands_write_each_format(mini: Path) -> None:
    racine = mini.parent
    for fmt, sortie in (("ods", "audit.ods"), ("bpmn", "bpmn"), ("donnees", "donnees")):
        r = lancer("export", fmt, "-o", sortie, cwd=racine)
        assert r.returncode == 0, r.stderr
    assert zipfile.is_zipfile(racine / "audit.ods")
    assert sorted(p.name for p in (racine / "bpmn").iterdir()) == [
        "P-SOL-APA-cible.bpmn", "P-SOL-APA-existant.bpmn"]
    assert (racine / "donnees" / "datapackage.json").is_file()
    assert not [p for p in racine.iterdir() if p.name.startswith(".")]


def test_export_refuses_a_path_inside_the_model(mini: Path) -> None:
    for fmt, sortie in (("ods", "processes/audit.ods"), ("bpmn", "processes/bpmn"),
                        ("donnees", "processes")):
        r = lancer("export", fmt, "-o", sortie, cwd=mini.parent)
        assert r.returncode == 2
        assert "dans le dossier du modèle" in r.stderr and "Traceback" not in r.stderr
    assert not (mini / "audit.ods").exists() and not (mini / "bpmn").exists()


def test_export_keeps_an_existing_output_unless_forced(mini: Path) -> None:
    racine = mini.parent
    (racine / "audit.ods").write_text("ancien")
    (racine / "donnees").mkdir()
    (racine / "donnees" / "ancien.csv").write_text("ancien")
    for fmt, sortie in (("ods", "audit.ods"), ("donnees", "donnees")):
        r = lancer("export", fmt, "-o", sortie, cwd=racine)
        assert r.returncode == 2 and "existe déjà" in r.stderr and "--force" in r.stderr
    assert (racine / "audit.ods").read_text() == "ancien"
    assert (racine / "donnees" / "ancien.csv").exists()
    for fmt, sortie in (("ods", "audit.ods"), ("donnees", "donnees")):
        assert lancer("export", fmt, "-o", sortie, "--force", cwd=racine).returncode == 0
    assert zipfile.is_zipfile(racine / "audit.ods")
    assert not (racine / "donnees" / "ancien.csv").exists()
    assert (racine / "donnees" / "datapackage.json").exists()
    r = lancer("export", "bpmn", "-o", "audit.ods", "--force", cwd=racine)
    assert r.returncode == 2 and "n'est pas un dossier" in r.stderr
    r = lancer("export", "bpmn", cwd=racine)
    assert r.returncode == 2 and "-o" in r.stderr


def test_a_failed_folder_export_leaves_nothing_half_written(tmp_path: Path) -> None:
    cible = tmp_path / "donnees"
    cible.mkdir()
    (cible / "ancien.csv").write_text("ancien")

    def remplir(dossier: Path) -> None:
        (dossier / "moitie.csv").write_text("a,b\n")
        raise OSError("disque plein")

    with pytest.raises(OSError, match="disque plein"):
        ecrire_dossier_atomique(cible, remplir)
    assert [p.name for p in tmp_path.iterdir()] == ["donnees"]
    assert [p.name for p in cible.iterdir()] == ["ancien.csv"]


def test_the_site_publishes_the_ods_beside_the_xlsx(
        echantillon: tuple[Audit, Analyse], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    from transfo import publication

    monkeypatch.setattr(publication, "_MODELE", echantillon)
    publication.ecrire_exports(str(tmp_path))
    assert (tmp_path / "audit.ods").read_bytes() == export_ods(*echantillon)
    gabarit = (RACINE / "plugins" / "transfo" / "render" / "templates" / "valeur.md.j2")
    assert 'url_export("audit.ods")' in gabarit.read_text("utf-8")


def test_the_workbook_names_processes_and_chantiers_beside_their_ids(
        echantillon: tuple[Audit, Analyse]) -> None:
    """A reader of the workbook sees names, the ids kept beside them for filtering."""
    audit, analyse = echantillon
    classeur = openpyxl.load_workbook(__import__("io").BytesIO(export_xlsx(audit, analyse)))
    gains = list(classeur["Gains"].iter_rows(values_only=True))
    entete = list(gains[0])
    processus, nom_processus = entete.index("Processus"), entete.index("Nom du processus")
    chantiers, noms_chantiers = entete.index("Chantiers"), entete.index("Noms des chantiers")
    for ligne in gains[1:]:
        if ligne[0] in audit.chantier_du_gain:  # a chantier's own gain has no process
            assert (ligne[processus], ligne[nom_processus]) == (None, None)
            continue
        assert ligne[nom_processus] == audit.processus[str(ligne[processus])].nom
        if ligne[chantiers]:
            assert ligne[noms_chantiers] == " ; ".join(
                audit.chantiers[c].nom for c in str(ligne[chantiers]).split(", "))
    flux = list(classeur["Flux"].iter_rows(values_only=True))
    colonne = list(flux[0]).index("Nom du chantier")
    assert {ligne[colonne] for ligne in flux[1:] if ligne[0] == "C-SOCLE-PORTAIL"} == {
        audit.chantiers["C-SOCLE-PORTAIL"].nom}
