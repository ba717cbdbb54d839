"""The registry of entity kinds (``model/genres.py``) is the one list of kinds: every place
that needs the kinds reads it, so that a kind of the registry is discovered, validated,
indexed, filtered from the public version, linked and scaffolded, and a place that forgets
a kind fails here."""

from __future__ import annotations

import fnmatch
import shutil
from pathlib import Path

import pytest

from tests.conftest import RACINE
from transfo.adapters.cli.editeur import LIAISONS
from transfo.adapters.cli.main import _parser, main
from transfo.adapters.cli.nouveau import DOSSIERS_RESERVES
from transfo.analyse.valeur import analyser
from transfo.export import json_export
from transfo.export.rapport_diff import _lien
from transfo.load.discovery import discover, genre_de
from transfo.load.yaml_loader import load_file
from transfo.model.audit import Audit
from transfo.model.entities import CLASSES, KINDS, Entite
from transfo.model.genres import (
    FICHIERS,
    GENRES,
    PAR_CODE,
    PREFIXES,
    TABLES,
    Genre,
    id_pattern,
    par_regle,
)
from transfo.model.json_schema import schema_files
from transfo.model.visibilite import version_publique
from transfo.render.contexte import cible_entite
from transfo.render.urls import DOSSIERS_ENTITES, adresse_apercu, page_entite
from transfo.validate.references import FICHIER_DU_GENRE
from transfo.validate.runner import valider_dossier

EXEMPLE = RACINE / "processes"
"""The sample model: it has an entity of every kind the audit indexes."""


def _exemple_de_fichier(genre: Genre) -> str:
    """A path, relative to the model folder, where a file of ``genre`` stands."""
    regle = genre.fichier
    assert regle is not None
    if regle.racine:
        return f"{regle.nom}"
    if regle.dossier is not None:
        return f"{regle.dossier}/{genre.prefixe or 'X'}-EXEMPLE.yml"
    return f"un-macro/{regle.nom or f'{genre.prefixe}-EXEMPLE.yml'}"


@pytest.fixture(scope="module")
def audit() -> Audit:
    resultat = valider_dossier(EXEMPLE)
    assert resultat.erreurs == []
    return resultat.audit


def test_codes_are_unique_and_each_has_its_class_in_the_model() -> None:
    assert len(PAR_CODE) == len(GENRES)
    assert len(set(PREFIXES.values())) == len(PREFIXES)
    for genre in GENRES:
        assert CLASSES[genre.code].__name__ == genre.classe


@pytest.mark.parametrize("genre", [g for g in GENRES if g.prefixe], ids=lambda g: g.code)
def test_the_id_pattern_of_each_kind_is_the_one_its_class_validates(genre: Genre) -> None:
    champ = CLASSES[genre.code].model_fields["id"]
    motifs = [getattr(m, "pattern", None) for m in champ.metadata]
    assert id_pattern(genre.code) in motifs


@pytest.mark.parametrize("genre", FICHIERS, ids=lambda g: g.code)
def test_a_file_of_every_kind_is_discovered_as_that_kind(genre: Genre, tmp_path: Path) -> None:
    relatif = _exemple_de_fichier(genre)
    fichier = tmp_path / relatif
    fichier.parent.mkdir(parents=True, exist_ok=True)
    fichier.write_text("{}\n", encoding="utf-8")
    assert genre_de(fichier, tmp_path) == genre.code
    assert [f.kind for f in discover(tmp_path)] == [genre.code]
    # The editor binds the same file to the kind's schema.
    assert genre.fichier is not None
    motif = genre.fichier.motif(genre.prefixe)
    assert LIAISONS[f"./schemas/{genre.code}.schema.json"] == [f"processes/{motif}"]
    assert fnmatch.fnmatch(relatif, motif)


def test_one_kind_of_file_takes_what_no_other_rule_takes() -> None:
    defauts = [g.code for g in FICHIERS if g.fichier and g.fichier.rang == 3]
    assert defauts == ["processus"]
    assert par_regle()[-1].code == "processus"
    assert {"feuille-de-route", "scenarios", "suivi"} == DOSSIERS_RESERVES


def test_every_file_of_the_sample_is_read_as_the_kind_its_folder_says() -> None:
    genres = {f.path.relative_to(EXEMPLE).parts[0]: f.kind for f in discover(EXEMPLE)
              if f.kind in ("chantier", "scenario", "suivi")}
    assert genres == {"feuille-de-route": "chantier", "scenarios": "scenario",
                      "suivi": "suivi"}


@pytest.mark.parametrize("genre", FICHIERS, ids=lambda g: g.code)
def test_every_kind_of_file_has_its_schema_with_its_title(genre: Genre) -> None:
    nom = f"{genre.code}.schema.json"
    assert genre.code in KINDS
    assert genre.titre_schema
    assert f'"title": "{genre.titre_schema}"' in schema_files()[nom]
    assert (RACINE / "schemas" / nom).read_text(encoding="utf-8") == schema_files()[nom]


def test_every_entity_with_an_id_is_in_a_table_of_the_registry(audit: Audit) -> None:
    dans_les_tables = {ident for _genre, table in audit.tables() for ident in table}
    assert set(audit.sources) == dans_les_tables
    assert [genre for genre, _table in audit.tables()] == [g.code for g in TABLES]


@pytest.mark.parametrize("genre", TABLES, ids=lambda g: g.code)
def test_every_indexed_kind_is_in_the_sample_with_its_prefix(audit: Audit, genre: Genre) -> None:
    table = dict(audit.tables())[genre.code]
    assert table, f"l'exemple n'a aucun {genre.code}"
    assert all(ident.startswith(f"{genre.prefixe}-") for ident in table)
    assert all(isinstance(e, CLASSES[genre.code]) for e in table.values())


@pytest.mark.parametrize("genre", TABLES, ids=lambda g: g.code)
def test_every_indexed_kind_is_defined_in_a_kind_of_file(genre: Genre) -> None:
    assert FICHIER_DU_GENRE[genre.code] in KINDS
    assert issubclass(CLASSES[genre.code], Entite), "sans « visibilite », pas de filtre public"


@pytest.mark.parametrize("genre", TABLES, ids=lambda g: g.code)
def test_an_internal_entity_of_every_kind_is_left_out_of_the_public_version(
        genre: Genre, audit: Audit, tmp_path: Path) -> None:
    ident = next(iter(dict(audit.tables())[genre.code]))
    source = audit.sources[ident]
    # Validation lets the positions go once its checks are done: read the file again.
    document = load_file(Path(source.fichier), source.fichier)
    position = document.position((*source.chemin, "id"), cle=True)
    modele = tmp_path / "processes"
    shutil.copytree(EXEMPLE, modele)
    fichier = modele / Path(source.fichier).resolve().relative_to(EXEMPLE.resolve())
    lignes = fichier.read_text(encoding="utf-8").splitlines(keepends=True)
    marge = " " * (position.colonne - 1)
    lignes.insert(position.ligne, f"{marge}visibilite: interne\n")
    fichier.write_text("".join(lignes), encoding="utf-8")
    resultat = valider_dossier(modele)
    assert resultat.erreurs == []
    interne = resultat.audit
    assert ident in dict(interne.tables())[genre.code]
    publique = version_publique(interne)
    assert all(ident not in table for _genre, table in publique.tables())
    assert ident not in publique.sources


@pytest.mark.parametrize("genre", TABLES, ids=lambda g: g.code)
def test_every_indexed_kind_has_a_place_on_the_site(genre: Genre, audit: Audit) -> None:
    for ident in dict(audit.tables())[genre.code]:
        cible = cible_entite(audit, ident)
        assert cible is not None
        page, ancre = cible
        assert page.endswith("index.md")
        assert ancre == (None if genre.page_propre else ident)
        if genre.pages is not None:
            assert page == page_entite(genre.code, ident)
            assert page.startswith(f"{DOSSIERS_ENTITES[genre.code]}/")


@pytest.mark.parametrize("genre", [g for g in GENRES if g.pages], ids=lambda g: g.code)
def test_the_diff_report_links_every_kind_shown_on_the_site(genre: Genre) -> None:
    lien = _lien("X-1", genre.code, adresse_apercu("https://apercu.example/"))
    page = page_entite(genre.code, "X-1").removesuffix("index.md")
    ancre = "" if genre.page_propre else "#X-1"
    assert lien == f"[`X-1`](https://apercu.example/{page}{ancre})"


def test_the_diff_report_names_without_a_link_what_has_no_page_of_its_kind() -> None:
    assert _lien("G-1", "gain", adresse_apercu("https://apercu.example/")) == "`G-1`"
    assert _lien("P-1", "processus", None) == "`P-1`"


@pytest.mark.parametrize("genre", TABLES, ids=lambda g: g.code)
def test_the_json_export_lists_every_indexed_kind(genre: Genre, audit: Audit) -> None:
    export = json_export.export_json(audit, analyser(audit))
    ids = set(dict(audit.tables())[genre.code])
    if genre.table in export:
        assert {x["id"] for x in export[genre.table]} == ids
    else:  # written in another file's lists, exported with that file
        fichier, champ = genre.emplacements[0]
        assert ids <= {x["id"] for x in export[fichier][champ]}


def test_the_json_export_lists_as_written_a_kind_it_does_not_know(
        audit: Audit, monkeypatch: pytest.MonkeyPatch) -> None:
    """A kind added to the registry (here a copy of the scenarios under another table) is
    exported with its file, before the export learns its figures."""
    essai = Genre("essai", "Scenario", prefixe="S", table="essais",
                  fichier=PAR_CODE["scenario"].fichier)
    monkeypatch.setattr(json_export, "TABLES", (*TABLES, essai))
    monkeypatch.setattr(audit, "essais", dict(audit.scenarios), raising=False)
    export = json_export.export_json(audit, analyser(audit))
    assert [x["id"] for x in export["essais"]] == list(audit.scenarios)
    assert all(x["fichier"].endswith(f"{x['id']}.yml") for x in export["essais"])


def test_new_offers_every_kind_that_has_a_template() -> None:
    avec_gabarit = [g for g in GENRES if g.gabarit]
    nouveau = _parser().parse_args(["new", avec_gabarit[0].code, "X"])
    assert nouveau.genre == avec_gabarit[0].code
    gabarits = RACINE / "plugins" / "transfo" / "adapters" / "cli" / "templates"
    for genre in avec_gabarit:
        assert genre.fichier is not None, "transfo new écrit un fichier"
        assert (gabarits / f"{genre.gabarit}.yml.j2").is_file()
    with pytest.raises(SystemExit):
        _parser().parse_args(["new", "suivi", "X"])


@pytest.mark.parametrize("dossier", sorted(DOSSIERS_RESERVES))
def test_new_keeps_a_macroprocess_out_of_every_folder_of_another_kind(
        dossier: str, mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A macroprocess folder named like the folder of chantiers, scenarios or follow-up
    files would have its files read as those: ``transfo new`` refuses it."""
    avant = sorted(mini.rglob("*"))
    code = main(["new", "macroprocessus", f"MP-{dossier.upper()}", "--dossier", str(mini)])
    assert code == 2
    assert f"le dossier « {dossier}/ » est réservé" in capsys.readouterr().err
    assert sorted(mini.rglob("*")) == avant


def test_messages_agree_in_gender_with_the_kind(tmp_path: Path) -> None:
    """« direction inconnue », « macroprocessus inconnu »: the registry's gender."""
    modele = tmp_path / "processes"
    shutil.copytree(RACINE / "tests" / "fixtures" / "mini", modele)
    processus = modele / "autonomie" / "P-SOL-APA.yml"
    texte = processus.read_text(encoding="utf-8")
    texte = texte.replace("macroprocessus: MP-", "macroprocessus: MP-INCONNU-", 1)
    texte = texte.replace("direction: DIR-", "direction: DIR-INCONNUE-", 1)
    processus.write_text(texte, encoding="utf-8")
    messages = [p.message for p in valider_dossier(modele).erreurs]
    assert any(m.startswith("macroprocessus inconnu « MP-INCONNU-") for m in messages)
    assert any(m.startswith("direction inconnue « DIR-INCONNUE-") for m in messages)
    assert PAR_CODE["direction"].feminin and not PAR_CODE["macroprocessus"].feminin
