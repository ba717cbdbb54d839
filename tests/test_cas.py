"""Cases as data: each file of ``tests/cas/<famille>/<nom>.yml`` is a small patch on the
small model (``tests/fixtures/mini``) and what a consultant should then see — the problems
of the validation, figures of the analysis, excerpts of generated pages. Everything runs in
this process: no command, no mkdocs build.

A case file::

    description: Ce que le cas vérifie, en une phrase.
    modele: ancien-format/processes     # optional: another model of tests/fixtures
    modifications:                      # applied in order, on a copy of the small model
      - fichier: processes/autonomie/P-SOL-APA.yml
        remplacer: {ancien: "acteur: ACT-ACCUEIL", nouveau: "acteur: ACT-ACUEIL"}
      - fichier: processes/feuille-de-route/C-SOCLE.yml
        contenu: |                      # the whole file (created or replaced)
          id: C-SOCLE
        encodage: latin-1               # optional, with contenu: how it is written
      - fichier: processes/referentiel.yml
        ajouter: "calendrier: {chevauchement_mois: 9, source: Comité}\\n"   # at the end
      - fichier: processes/autonomie/P-SOL-APA.yml
        supprimer: "    unite: litres\\n"   # an excerpt found exactly once
    attendu:
      problemes:                        # every problem, in the order they are reported
        - {fichier: processes/autonomie/P-SOL-APA.yml, ligne: 15, colonne: 13,
           gravite: erreur, message: acteur inconnu « ACT-ACUEIL »}
      chiffres:                         # dotted path in the analysis → value
        chantiers.C-PORTAIL.etp_liberes: 0.57
      pages:                            # generated page → excerpts of its Markdown
        feuille-de-route/index.md: {contient: [...], absent: [...]}
        scenarios/index.md: absente

``message`` is an excerpt of the problem's text (message and hint); a page excerpt is
found in the generated Markdown or in the text it shows, tags and entities aside. ``remplacer`` and
``supprimer`` need their excerpt exactly once in the file. ``TRANSFO_REGENERER=1`` rewrites
the problems and figures of every case from what the code now gives (excerpts that still
match are kept) and fails: read ``git diff tests/`` before committing (page excerpts are
written by hand)."""

from __future__ import annotations

import html
import re
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.attendus import REGENERER, regenerer
from tests.conftest import MINI, valider_depuis_parent
from transfo.problems import Probleme
from transfo.render.generation import Edition, editer
from transfo.render.site import Generateur

CAS = Path(__file__).resolve().parent / "cas"
FICHIERS = sorted(CAS.rglob("*.yml"))
CLES = {"description", "modele", "modifications", "attendu"}
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CLES_ATTENDU = {"problemes", "chiffres", "pages"}
OPERATIONS = {"remplacer", "ajouter", "supprimer", "contenu"}
CHAMPS_PROBLEME = ("fichier", "ligne", "colonne", "gravite", "message")


class CasMalEcrit(Exception):
    """A case file that does not follow the format above."""


@dataclass(frozen=True)
class Cas:
    fichier: Path
    donnees: dict[str, Any]

    @property
    def nom(self) -> str:
        relatif = (self.fichier.relative_to(CAS) if self.fichier.is_relative_to(CAS)
                   else Path(self.fichier.name))
        return relatif.with_suffix("").as_posix()

    @property
    def attendu(self) -> dict[str, Any]:
        attendu: dict[str, Any] = self.donnees["attendu"]
        return attendu


def lire_cas(fichier: Path) -> Cas:
    donnees = yaml.safe_load(fichier.read_text(encoding="utf-8"))
    if not isinstance(donnees, dict) or not set(donnees) <= CLES or "attendu" not in donnees:
        raise CasMalEcrit(f"clés attendues : {sorted(CLES)} (« attendu » obligatoire)")
    attendu = donnees["attendu"]
    if not isinstance(attendu, dict) or not attendu or not set(attendu) <= CLES_ATTENDU:
        raise CasMalEcrit(f"« attendu » prend une ou plusieurs de : {sorted(CLES_ATTENDU)}")
    for modification in donnees.get("modifications") or []:
        operations = set(modification) & OPERATIONS
        if "fichier" not in modification or len(operations) != 1 or (
                set(modification) - OPERATIONS - {"fichier", "encodage"}) or (
                "encodage" in modification and "contenu" not in modification):
            raise CasMalEcrit(f"modification mal écrite : {modification!r} — « fichier » et "
                              f"une seule opération parmi {sorted(OPERATIONS)} (et "
                              "« encodage » avec « contenu »)")
    for probleme in attendu.get("problemes") or []:
        if set(probleme) != set(CHAMPS_PROBLEME):
            raise CasMalEcrit(f"problème attendu mal écrit : {probleme!r} — champs "
                              f"{list(CHAMPS_PROBLEME)}")
    return Cas(fichier, donnees)


def _unique(texte: str, extrait: str, fichier: str) -> int:
    nombre = texte.count(extrait)
    if nombre != 1:
        raise CasMalEcrit(f"{fichier} : l'extrait {extrait!r} y figure {nombre} fois, pas une")
    return texte.index(extrait)


def appliquer(projet: Path, modifications: list[dict[str, Any]]) -> None:
    """Applies the case's modifications to the model copied under ``projet/processes``."""
    for modification in modifications:
        nom = modification["fichier"]
        fichier = projet / nom
        if not fichier.resolve().is_relative_to(projet / "processes"):
            raise CasMalEcrit(f"{nom} : un cas ne modifie que des fichiers sous processes/")
        if "contenu" in modification:
            fichier.parent.mkdir(parents=True, exist_ok=True)
            fichier.write_text(modification["contenu"],
                               encoding=modification.get("encodage", "utf-8"))
            continue
        if not fichier.exists():
            raise CasMalEcrit(f"{nom} : fichier absent du petit modèle (« contenu » le crée)")
        texte = fichier.read_text(encoding="utf-8")
        if "ajouter" in modification:
            texte += modification["ajouter"]
        elif "supprimer" in modification:
            debut = _unique(texte, modification["supprimer"], nom)
            texte = texte[:debut] + texte[debut + len(modification["supprimer"]):]
        else:
            remplacement = modification["remplacer"]
            if set(remplacement) != {"ancien", "nouveau"}:
                raise CasMalEcrit(f"{nom} : « remplacer » prend « ancien » et « nouveau »")
            debut = _unique(texte, remplacement["ancien"], nom)
            texte = (texte[:debut] + remplacement["nouveau"]
                     + texte[debut + len(remplacement["ancien"]):])
        fichier.write_text(texte, encoding="utf-8")


# --- problems -------------------------------------------------------------------------------


def _texte(probleme: Probleme) -> str:
    return probleme.message + (f" — {probleme.indice}" if probleme.indice else "")


def _decrire(probleme: Probleme) -> dict[str, Any]:
    p = probleme.position
    return {"fichier": p.chemin, "ligne": p.ligne, "colonne": p.colonne,
            "gravite": probleme.gravite.value, "message": _texte(probleme)}


def _correspond(attendu: Mapping[str, Any], probleme: Probleme) -> bool:
    reel = _decrire(probleme)
    return (all(attendu[c] == reel[c] for c in CHAMPS_PROBLEME[:4])
            and str(attendu["message"]) in reel["message"])


def apparier(attendus: list[dict[str, Any]], reels: list[Probleme]
             ) -> tuple[list[dict[str, Any] | None], list[dict[str, Any]]]:
    """For each real problem, the expected entry it matches (or None), and the expected
    entries no real problem matched."""
    restants = list(attendus)
    paires: list[dict[str, Any] | None] = []
    for probleme in reels:
        trouve = next((a for a in restants if _correspond(a, probleme)), None)
        if trouve is not None:
            restants.remove(trouve)
        paires.append(trouve)
    return paires, restants


def _ligne(entree: Mapping[str, Any]) -> str:
    return (f"{entree['fichier']}:{entree['ligne']}:{entree['colonne']}: {entree['gravite']} : "
            f"{entree['message']}")


# --- figures --------------------------------------------------------------------------------


def valeur_en(objet: Any, chemin: str) -> Any:
    """The value at a dotted path: attributes, mapping keys and tuple indexes."""
    for partie in chemin.split("."):
        if isinstance(objet, Mapping):
            if partie not in objet:
                raise CasMalEcrit(f"chiffre « {chemin} » : « {partie} » absent "
                                  f"(clés : {', '.join(map(str, objet))})")
            objet = objet[partie]
        elif isinstance(objet, tuple | list) and partie.isdigit():
            objet = objet[int(partie)]
        elif hasattr(objet, partie):
            objet = getattr(objet, partie)
        else:
            raise CasMalEcrit(f"chiffre « {chemin} » : « {partie} » n'est pas un champ de "
                              f"{type(objet).__name__}")
    return list(objet) if isinstance(objet, tuple) else objet


def _egal(attendu: Any, reel: Any) -> bool:
    if isinstance(reel, float | int) and not isinstance(reel, bool):
        return isinstance(attendu, float | int) and reel == pytest.approx(attendu, rel=1e-9,
                                                                          abs=1e-9)
    if isinstance(reel, list) and isinstance(attendu, list) and len(reel) == len(attendu):
        return all(_egal(a, r) for a, r in zip(attendu, reel, strict=True))
    return bool(attendu == reel)


# --- pages ----------------------------------------------------------------------------------


def texte_lu(markdown: str) -> str:
    """What a reader reads of a generated page: tags dropped, entities decoded, each run of
    spaces one space."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markdown)).split())


def dans_la_page(extrait: str, markdown: str) -> bool:
    """An excerpt is found in the page's Markdown as generated (HTML included) or in the
    text it shows (see :func:`texte_lu`)."""
    return extrait in markdown or " ".join(extrait.split()) in texte_lu(markdown)


def pages_generees(edition: Edition, cache: Path) -> dict[str, str]:
    generateur = Generateur(edition.audit, cache, urls_repertoires=True,
                            public=edition.public, analyse=edition.analyse)
    try:
        site = generateur.generer()
    finally:
        generateur.site.attendre()
    return {p.src_uri: p.contenu for p in site.pages}


# --- the runner -----------------------------------------------------------------------------


class _Dumper(yaml.SafeDumper):
    """Block style, multi-line texts as literal blocks: a case reads as it was written."""


def _texte_yaml(dumper: yaml.SafeDumper, texte: str) -> yaml.Node:
    style = "|" if "\n" in texte else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", texte, style=style)


_Dumper.add_representer(str, _texte_yaml)


def ecrire_cas(donnees: dict[str, Any]) -> str:
    return yaml.dump(donnees, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


@pytest.fixture(scope="module")
def cache_svg(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SVG cache for every page case: diagrams and charts are named by a hash of their
    whole source, so the cases that share the small model's swimlanes render them once."""
    return tmp_path_factory.mktemp("cache")


@pytest.mark.parametrize("fichier", [
    pytest.param(f, id=f.relative_to(CAS).with_suffix("").as_posix()) for f in FICHIERS])
def test_cas(fichier: Path, tmp_path: Path, cache_svg: Path) -> None:
    nom = (fichier.relative_to(CAS) if fichier.is_relative_to(CAS) else Path(fichier.name)
           ).with_suffix("").as_posix()
    try:
        cas = lire_cas(fichier)
        modele = FIXTURES / cas.donnees["modele"] if "modele" in cas.donnees else MINI
        shutil.copytree(modele, tmp_path / "processes")
        appliquer(tmp_path, cas.donnees.get("modifications") or [])
        mal_ecrit = None
    except CasMalEcrit as exc:
        mal_ecrit = str(exc)
    if mal_ecrit is not None:
        pytest.fail(f"cas {nom} mal écrit : {mal_ecrit}", pytrace=False)
    resultat = valider_depuis_parent(tmp_path / "processes")
    attendu = cas.attendu
    ecarts: list[str] = []
    nouveau = dict(attendu)

    if "problemes" in attendu:
        attendus = attendu["problemes"] or []
        paires, manquants = apparier(attendus, resultat.problemes)
        nouveau["problemes"] = [a if a is not None else _decrire(p)
                                for a, p in zip(paires, resultat.problemes, strict=True)]
        en_trop = [_decrire(p) for a, p in zip(paires, resultat.problemes, strict=True)
                   if a is None]
        ordre = [a for a in paires if a is not None]
        if manquants or en_trop:
            ecarts += [f"problème attendu absent : {_ligne(a)}" for a in manquants]
            ecarts += [f"problème en trop : {_ligne(a)}" for a in en_trop]
        elif ordre != attendus:
            ecarts.append("les problèmes ne viennent pas dans l'ordre attendu")
        if ecarts:
            ecarts.append("problèmes signalés :\n" + "\n".join(
                f"  {p.format()}" for p in resultat.problemes))

    if "chiffres" in attendu or "pages" in attendu:
        if resultat.erreurs:
            pytest.fail(f"cas {cas.nom} : le modèle modifié a des erreurs, rien à analyser :\n"
                        + "\n".join(p.format() for p in resultat.erreurs), pytrace=False)
        edition = editer(resultat.audit, public=False, revues=resultat.revues)
        if "chiffres" in attendu:
            nouveau["chiffres"] = {}
            for chemin, valeur in attendu["chiffres"].items():
                try:
                    reel = valeur_en(edition.analyse, chemin)
                except CasMalEcrit as exc:
                    ecarts.append(f"cas mal écrit : {exc}")
                    continue
                nouveau["chiffres"][chemin] = reel
                if not _egal(valeur, reel):
                    ecarts.append(f"chiffre {chemin} : attendu {valeur!r}, obtenu {reel!r}")
        if "pages" in attendu:
            pages = pages_generees(edition, cache_svg)
            for page, extraits in attendu["pages"].items():
                if extraits == "absente":
                    if page in pages:
                        ecarts.append(f"page {page} générée, alors qu'elle devrait être absente")
                    continue
                if page not in pages:
                    ecarts.append(f"page {page} absente (pages : {', '.join(sorted(pages))})")
                    continue
                ecarts += [f"page {page} : extrait absent : {e!r}"
                           for e in extraits.get("contient", [])
                           if not dans_la_page(e, pages[page])]
                ecarts += [f"page {page} : extrait qui ne devrait pas y être : {e!r}"
                           for e in extraits.get("absent", []) if dans_la_page(e, pages[page])]

    if REGENERER:
        regenerer(fichier, ecrire_cas({**cas.donnees, "attendu": nouveau}))
    if ecarts:
        pytest.fail(f"cas {cas.nom} ({cas.donnees.get('description', 'sans description')}) :\n"
                    + "\n".join(ecarts), pytrace=False)


def test_every_case_file_is_run_and_well_formed() -> None:
    """A case file outside ``tests/cas/<famille>/`` or not in the format would be silently
    skipped or fail obscurely: each is one level deep and reads as a case."""
    assert FICHIERS, "aucun cas dans tests/cas"
    for fichier in FICHIERS:
        assert len(fichier.relative_to(CAS).parts) == 2, fichier
        lire_cas(fichier)


def test_a_regeneration_rewrites_the_case_and_never_passes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With TRANSFO_REGENERER=1 a case whose expectation is out of date is rewritten from
    what the code gives (the excerpts that still match kept) and its test fails; the
    rewritten case then passes."""
    module = sys.modules[__name__]
    source = lire_cas(CAS / "validation" / "gain-inconnu.yml")
    attendu = source.attendu["problemes"]
    perime = {**source.donnees, "attendu": {"problemes": [
        {**attendu[1], "message": "gain inconnu"},  # an excerpt that still matches
        {**attendu[0], "ligne": 99}]}}  # a line that moved
    fichier = tmp_path / "gain-inconnu.yml"
    fichier.write_text(ecrire_cas(perime), encoding="utf-8")
    with pytest.raises(pytest.fail.Exception, match="problème attendu absent"):
        test_cas(fichier, tmp_path / "avant", tmp_path / "cache")
    monkeypatch.setattr(module, "REGENERER", True)
    with pytest.raises(pytest.fail.Exception,
                       match=r"attendu régénéré : relisez le diff \(git diff tests/\)"):
        test_cas(fichier, tmp_path / "regeneration", tmp_path / "cache")
    monkeypatch.setattr(module, "REGENERER", False)
    reecrit = lire_cas(fichier).attendu["problemes"]
    assert reecrit == [attendu[0], {**attendu[1], "message": "gain inconnu"}]
    test_cas(fichier, tmp_path / "apres", tmp_path / "cache")


def test_the_golden_file_switch_writes_then_fails(tmp_path: Path) -> None:
    fichier = tmp_path / "attendu.md"
    with pytest.raises(pytest.fail.Exception, match="attendu régénéré"):
        regenerer(fichier, "nouveau texte\n")
    assert fichier.read_text(encoding="utf-8") == "nouveau texte\n"
