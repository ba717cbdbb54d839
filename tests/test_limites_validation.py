"""Resource limits of validation: a file broken throughout gives a bounded report."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import lancer
from transfo.constants import LIMITE_TAILLE_OCTETS
from transfo.problems import (
    LIMITE_PAR_FICHIER,
    Gravite,
    Position,
    Probleme,
    limiter_par_fichier,
)
from transfo.validate import schema_errors
from transfo.validate.runner import valider_dossier

ENTETE = (
    "id: P-SOL-VRAC\nnom: Vrac\nmacroprocessus: MP-SOL-AUTONOMIE\ndirection: DIR-SOL\n"
    "description: x\nvolume_annuel: 1\ncible: []\nexistant:\n"
)
ELEMENT = "  - {id: e1, libelle: 2, acteur: y, canal: fax, duree_minutes: z, part: q}\n"


def _fichier_casse(dossier: Path, nom: str = "P-SOL-VRAC") -> int:
    """A process file of just under one mebibyte, every step wrong in six ways."""
    n = (LIMITE_TAILLE_OCTETS - len(ENTETE) - 100) // len(ELEMENT)
    texte = ENTETE.replace("P-SOL-VRAC", nom) + ELEMENT * n
    (dossier / "autonomie" / f"{nom}.yml").write_text(texte, encoding="utf-8")
    return n


def test_a_mebibyte_of_invalid_steps_gives_a_bounded_report(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    etapes = _fichier_casse(mini)
    traduites = 0
    traduire = schema_errors._traduire

    def compter(err: object, root: object) -> tuple[str, str | None]:
        nonlocal traduites
        traduites += 1
        return traduire(err, root)  # type: ignore[arg-type]

    monkeypatch.setattr(schema_errors, "_traduire", compter)
    resultat = valider_dossier(mini)
    assert traduites <= LIMITE_PAR_FICHIER  # the other errors are counted, never worded
    vrac = [p for p in resultat.problemes if p.position.chemin.endswith("P-SOL-VRAC.yml")]
    assert len(vrac) == LIMITE_PAR_FICHIER + 1
    dernier = vrac[-1]
    assert dernier.gravite is Gravite.ERREUR
    cache = int(dernier.message.split()[2])
    assert cache > 5 * etapes - LIMITE_PAR_FICHIER
    assert dernier.message == f"… et {cache} autres problèmes dans ce fichier"
    # a file that failed validation is not kept in memory once its problems are worded
    assert not any(s.fichier.endswith("P-SOL-VRAC.yml") for s in resultat.audit.sources.values())


def test_the_command_prints_a_bounded_number_of_lines(mini: Path) -> None:
    _fichier_casse(mini, "P-SOL-VRAC")
    _fichier_casse(mini, "P-SOL-VRAC-BIS")
    r = lancer("validate", cwd=mini.parent, timeout=300)
    assert r.returncode == 1
    lignes = r.stdout.splitlines()
    assert len(lignes) <= 2 * (LIMITE_PAR_FICHIER + 1) + 1, len(lignes)
    assert len(r.stdout.encode()) < 100_000
    assert sum("autres problèmes dans ce fichier" in ligne for ligne in lignes) == 2
    # The closing count adds the problems left unlisted to those shown.
    caches = sum(int(ligne.split("… et ")[1].split()[0]) for ligne in lignes
                 if "autres problèmes dans ce fichier" in ligne)
    montres = sum(": erreur : " in ligne and "autres problèmes" not in ligne for ligne in lignes)
    assert lignes[-1].startswith(f"{montres + caches} erreurs, ")


def _p(ligne: int, gravite: Gravite = Gravite.ERREUR, chemin: str = "a.yml") -> Probleme:
    return Probleme(Position(chemin, ligne), f"problème {ligne}", gravite=gravite,
                    code="schema")


def test_the_surplus_line_follows_the_last_listed_problem_of_its_file() -> None:
    problemes = [_p(1), _p(2), _p(1, chemin="b.yml"), _p(3), _p(4, Gravite.AVERTISSEMENT)]
    resultat = [p.format() for p in limiter_par_fichier(problemes, limite=2)]
    assert resultat == [
        "a.yml:1:1: erreur : problème 1",
        "a.yml:2:1: erreur : problème 2",
        "a.yml:1:1: erreur : … et 2 autres problèmes dans ce fichier — corrigez les premiers "
        "puis relancez la validation",
        "b.yml:1:1: erreur : problème 1",
    ]
    seul = limiter_par_fichier([_p(1), _p(2, Gravite.AVERTISSEMENT)], limite=1)
    assert seul[-1].format() == (
        "a.yml:1:1: avertissement : … et 1 autre problème dans ce fichier — corrigez les "
        "premiers puis relancez la validation")
    assert limiter_par_fichier([_p(1)], limite=1, deja_caches={"a.yml": 7})[-1].message == (
        "… et 7 autres problèmes dans ce fichier")


def test_unknown_references_index_the_names_once(
    mini: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """N steps naming N unknown actors, against N actors: one index of the actors, and a
    bounded number of comparisons per reference (not one per actor)."""
    n = 300
    referentiel = (mini / "referentiel.yml").read_text(encoding="utf-8")
    acteurs = "".join(f"  - {{id: ACT-AGENT-{i:04d}, nom: Agent {i}, categorie: B}}\n"
                      for i in range(n))
    referentiel = referentiel.replace("acteurs:\n", "acteurs:\n" + acteurs, 1)
    (mini / "referentiel.yml").write_text(referentiel, encoding="utf-8")
    etapes = "".join(
        f"  - {{id: E{i}, libelle: Étape {i}, acteur: ACT-AGNET-{i:04d}, canal: courrier, "
        f"duree_minutes: 1}}\n" for i in range(1, n + 1))
    (mini / "autonomie" / "P-SOL-LONG.yml").write_text(
        ENTETE.replace("P-SOL-VRAC", "P-SOL-LONG").replace("cible: []\n", "")
        + etapes + "cible:\n" + etapes, encoding="utf-8")
    construits: list[schema_errors.Suggesteur] = []
    init = schema_errors.Suggesteur.__init__

    def compter(self: schema_errors.Suggesteur, possibles: object) -> None:
        init(self, possibles)  # type: ignore[arg-type]
        construits.append(self)

    monkeypatch.setattr(schema_errors.Suggesteur, "__init__", compter)
    resultat = valider_dossier(mini)
    inconnus = [p for p in resultat.problemes if p.message.startswith("acteur inconnu")]
    assert len(inconnus) == LIMITE_PAR_FICHIER  # then « … et N autres »
    assert inconnus[0].indice == "vouliez-vous dire « ACT-AGENT-0001 » ?"
    index_acteurs = [s for s in construits if "ACT-AGENT-0000" in s.noms]
    assert len(index_acteurs) == 1
    assert index_acteurs[0].comparaisons <= 2 * n * schema_errors.Suggesteur.PLAFOND // 8
