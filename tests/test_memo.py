"""Generated pages taken back from the previous build (:mod:`transfo.render.memo`).

Each edit of the sample model is generated again with the memo in its checking mode: every
page taken back is rendered too and must be the same. The edits reach a process page
through every road it has to the rest of the model (its own file, an actor, an
application, a macroprocess, a chantier that names it, a parameter, its visibility).
"""

from __future__ import annotations

import re
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import RACINE
from tests.outils_site import CACHE
from transfo.empreinte import empreinte
from transfo.render.memo import MemoPages, MemoPerime
from transfo.render.pages import chantier, processus
from transfo.render.site import Generateur, SiteGenere
from transfo.validate.runner import valider_dossier


@dataclass
class Modele:
    """A copy of the sample model, generated again after each edit with the same memo."""

    dossier: Path
    cache: Path
    memo: MemoPages

    def generer(self) -> SiteGenere:
        resultat = valider_dossier(self.dossier, base=self.dossier.parent)
        assert resultat.erreurs == []
        site = Generateur(resultat.audit, self.cache, urls_repertoires=True, public=False,
                          revues=resultat.revues, memo=self.memo).generer()
        site.attendre()
        return site

    def editer(self, fichier: str, motif: str, nouveau: str) -> None:
        chemin = self.dossier / fichier
        texte, n = re.subn(motif, nouveau, chemin.read_text("utf-8"), count=1)
        assert n == 1, motif
        chemin.write_text(texte, "utf-8")


@pytest.fixture
def modele(tmp_path: Path, site_exemple: Path) -> Modele:
    shutil.copytree(RACINE / "processes", tmp_path / "processes")
    # The sample's diagrams and charts, already drawn: each file is named by its source.
    shutil.copytree(site_exemple / CACHE, tmp_path / "cache",
                    ignore=shutil.ignore_patterns("pages", "exports"))
    m = Modele(tmp_path / "processes", tmp_path / "cache", MemoPages(verifier=True))
    m.generer()
    return m


def _processus(site: SiteGenere) -> int:
    return sum(p.src_uri.startswith("processus/") for p in site.pages)


def _rendues(memo: MemoPages, dossier: str) -> int:
    return sum(uri.startswith(dossier) for uri in memo.rendues)


TOUTES = None
ACHAT = {"C-ACHAT-NUMERIQUE"}
EDITS = [
    # (file, pattern, replacement, process pages rendered again, chantier pages rendered
    # again; TOUTES: every one)
    ("solidarites-autonomie/P-SOL-APA.yml", r"duree_minutes: 90", "duree_minutes: 150", 1,
     {"C-DEMAT-AUTONOMIE"}),
    ("assemblees/P-ASS-ACTES.yml", r"volume_annuel: 6000", "volume_annuel: 6500", 1,
     {"C-ASSEMBLEES-NUMERIQUES"}),
    ("solidarites-autonomie/P-SOL-APA.yml", r"visibilite: interne", "visibilite: public",
     1, set()),
    ("referentiel.yml", r"nom: Instructeur ou instructrice APA", "nom: Instructeur APA",
     TOUTES, TOUTES),
    ("referentiel.yml", r"nom: Logiciel de gestion de l'action sociale",
     "nom: Logiciel social", TOUTES, TOUTES),
    ("referentiel.yml", r"valeur: 1607", "valeur: 1600", TOUTES, TOUTES),
    # The name of the collectivity is on no process page; the discount rate neither, but
    # the four whose gains were reviewed show that the review is now stale.
    ("referentiel.yml", r"collectivite: [^\n]*", "collectivite: Département renommé", 0,
     TOUTES),
    ("referentiel.yml", r"taux_actualisation:\n    beta: 1\n",
     "taux_actualisation:\n    beta: 1.5\n", 4, TOUTES),
    # The value of an hour of a user's time: the pages of the processes whose gains count
    # users' hours, and the four reviewed ones.
    ("referentiel.yml", r"particulier:\n      valeur: 15", "particulier:\n      valeur: 18",
     10, TOUTES),
    ("assemblees/macroprocessus.yml", r"\nnom: [^\n]*", "\nnom: Assemblées renommées",
     TOUTES, TOUTES),
    # A chantier shows on the pages of the processes it transforms or whose gains it delivers
    # (the two of commande publique), and its name on the chantier that depends on it.
    ("feuille-de-route/C-ACHAT-NUMERIQUE.yml", r"\nnom: [^\n]*", "\nnom: Achat renommé", 2,
     {"C-ACHAT-NUMERIQUE", "C-CHAINE-COMPTABLE"}),
    ("feuille-de-route/C-ACHAT-NUMERIQUE.yml", r"processus: \[P-CP-PASSATION, ",
     "processus: [", 1, ACHAT),
    ("feuille-de-route/C-ACHAT-NUMERIQUE.yml", r"investissement_externe: 80000",
     "investissement_externe: 95000", 0, ACHAT),
    # Other dates (the sample's gains say their first year): no figure of a process page.
    ("feuille-de-route/C-ACHAT-NUMERIQUE.yml", r'fin: "2027-06-30"', 'fin: "2028-01-31"', 0,
     ACHAT),
    # A gain it no longer delivers: the page of the process that carries the gain.
    ("feuille-de-route/C-ACHAT-NUMERIQUE.yml", r"gains: \[G-CP-PAS-1, ", "gains: [", 1, ACHAT),
    ("feuille-de-route/C-ACHAT-NUMERIQUE.yml", r"\npilote: DIR-CP", "\npilote: DIR-FIN", 0,
     ACHAT),
]


@pytest.mark.parametrize("fichier,motif,nouveau,processus_rendus,chantiers_rendus", EDITS,
                         ids=[f"{e[0]}:{e[2]}" for e in EDITS])
def test_a_page_taken_back_is_the_one_its_template_would_give(
        modele: Modele, fichier: str, motif: str, nouveau: str, processus_rendus: int | None,
        chantiers_rendus: set[str] | None) -> None:
    modele.editer(fichier, motif, nouveau)
    site = modele.generer()  # raises MemoPerime on a page taken back that differs
    assert _rendues(modele.memo, "processus/") == (
        _processus(site) if processus_rendus is None else processus_rendus)
    chantiers = {u.split("/")[1] for u in modele.memo.rendues if u.startswith("chantiers/")}
    assert chantiers == (chantiers_rendus if chantiers_rendus is not None else
                         {p.src_uri.split("/")[1] for p in site.pages
                          if p.src_uri.startswith("chantiers/")})


def test_an_unchanged_model_renders_no_process_page_again(modele: Modele) -> None:
    site = modele.generer()
    assert modele.memo.rendues == []
    assert modele.memo.reprises == len([p for p in site.pages
                                        if p.src_uri.split("/")[0] in ("processus", "chantiers")])


def test_a_key_that_misses_what_a_page_shows_fails_the_check(
        modele: Modele, monkeypatch: pytest.MonkeyPatch) -> None:
    # A key that forgets the process itself: its page would stay as it was.
    monkeypatch.setattr(processus, "cle", lambda g, commun, proc, chantiers: commun)
    modele.generer()
    modele.editer("solidarites-autonomie/P-SOL-APA.yml", r"duree_minutes: 90",
                  "duree_minutes: 150")
    with pytest.raises(MemoPerime, match="processus/P-SOL-APA"):
        modele.generer()


def test_a_chantier_key_of_its_own_file_only_fails_the_check(
        modele: Modele, monkeypatch: pytest.MonkeyPatch) -> None:
    # A key of the chantier's own file only: its page would keep the old figures.
    monkeypatch.setattr(chantier, "cle", lambda g, commun, c, variables: empreinte(commun, c))
    modele.generer()
    modele.editer("solidarites-autonomie/P-SOL-APA.yml", r"duree_minutes: 90",
                  "duree_minutes: 150")
    with pytest.raises(MemoPerime, match="chantiers/C-DEMAT-AUTONOMIE"):
        modele.generer()


def test_a_removed_diagram_file_is_drawn_again(modele: Modele) -> None:
    page = modele.memo.pages["processus/P-SOL-APA/index.md"]
    svg = next(iter(page.fichiers.values()))
    svg.unlink()
    modele.memo.verifier = False
    modele.generer()
    assert svg.is_file() and modele.memo.rendues == ["processus/P-SOL-APA/index.md"]


def test_a_fingerprint_tells_apart_what_a_page_could_show_differently() -> None:
    assert empreinte(1) != empreinte(1.0) != empreinte("1")
    assert empreinte([1, 2]) != empreinte([2, 1]) != empreinte((1, 2))
    assert empreinte({"a": 1}) != empreinte({"a": 2}) != empreinte({"b": 1})
    assert empreinte({1, 2}) == empreinte({2, 1})
    assert empreinte(["a", "b"]) != empreinte(["ab"])
    # What pickle cannot write is read item by item.
    verrou = threading.Lock()
    assert empreinte([1, verrou]) == empreinte([1, verrou]) != empreinte([2, verrou])


def test_a_gap_analysis_is_given_again_only_for_the_very_same_objects() -> None:
    from tests.test_site import audit_exemple
    from transfo.analyse.ecarts import _analyser_processus, analyser_processus

    audit = audit_exemple()
    parametres = audit.referentiel.parametres  # type: ignore[union-attr]
    proc = audit.processus["P-SOL-APA"]
    premiere = analyser_processus(proc, audit.acteurs, parametres)
    assert analyser_processus(proc, audit.acteurs, parametres) is premiere
    # The agents of its steps typed again in another category: analysed again.
    agents = {e.acteur for e in proc.existant if audit.acteurs[e.acteur].type == "agent"}
    acteurs = {**audit.acteurs, **{a: audit.acteurs[a].model_copy(update={"categorie": "A"})
                                   for a in agents}}
    assert any(audit.acteurs[a].categorie != "A" for a in agents)
    autre = analyser_processus(proc, acteurs, parametres)
    assert autre is not premiere and autre == _analyser_processus(proc, acteurs, parametres)
    assert autre.euros_agents != premiere.euros_agents
    # The process itself typed again, equal: analysed again, to the same figures.
    copie = proc.model_copy()
    assert analyser_processus(copie, audit.acteurs, parametres) is not premiere
    assert analyser_processus(copie, audit.acteurs, parametres) == premiere


def test_a_chantier_value_is_computed_once_per_distinct_inputs() -> None:
    from dataclasses import replace

    from tests.test_site import audit_exemple
    from transfo.analyse.valeur import (
        SCENARIOS,
        Hypotheses,
        _calculer_chantier,
        _valeur_chantier,
        analyser,
    )

    audit = audit_exemple()
    analyse = analyser(audit)
    parametres = analyse.parametres
    c = audit.chantiers["C-DEMAT-AUTONOMIE"]
    premiere = _valeur_chantier(c, analyse.gains, parametres)
    assert _valeur_chantier(c, analyse.gains, parametres) is premiere
    assert premiere == _calculer_chantier(c, analyse.gains, parametres, None,
                                          SCENARIOS)
    # One gain it delivers worth less: computed again, as a fresh computation gives it.
    gid = c.ids_gains[0]
    moindre = {**analyse.gains, gid: replace(analyse.gains[gid],
                                             annuel_plein=analyse.gains[gid].annuel_plein / 2)}
    autre = _valeur_chantier(c, moindre, parametres)
    assert autre is not premiere
    assert autre == _calculer_chantier(c, moindre, parametres, None, SCENARIOS)
    # A gain it does not deliver changes nothing; other hypotheses are another value.
    ailleurs = next(g for g in analyse.gains if g not in c.ids_gains)
    assert _valeur_chantier(c, {**analyse.gains, ailleurs: analyse.gains[gid]},
                            parametres) is premiere
    h = Hypotheses(facteur_cout_etp=1.2)
    assert _valeur_chantier(c, analyse.gains, parametres, h, ("central",)) == \
        _calculer_chantier(c, analyse.gains, parametres, h, ("central",))


def test_a_memory_keeps_its_last_used_results_within_its_bound() -> None:
    from transfo.empreinte import Memoire

    memoire: Memoire[str, int] = Memoire(limite=2)
    memoire.garder("a", 1)
    memoire.garder("b", 2)
    assert memoire.get("a") == 1  # used again: b is now the oldest
    memoire.garder("c", 3)
    assert (memoire.get("a"), memoire.get("b"), memoire.get("c"), len(memoire)) == \
        (1, None, 3, 2)
