"""``transfo migrate`` upgrades today's sample, kept as it was in tests/fixtures/ancien-format,
touching only the lines it must, and the result validates with --strict once the decisions it
lists are taken."""

from __future__ import annotations

import difflib
import re
import shutil
from pathlib import Path

from tests.conftest import RACINE, lancer

ANCIEN = RACINE / "tests" / "fixtures" / "ancien-format" / "processes"


def _migre(tmp_path: Path) -> tuple[Path, str]:
    dossier = tmp_path / "processes"
    shutil.copytree(ANCIEN, dossier)
    r = lancer("migrate", "processes", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    return dossier, r.stdout


def test_migrate_changes_only_what_it_must(tmp_path: Path) -> None:
    dossier, sortie = _migre(tmp_path)
    assert "Ce que la migration a changé" in sortie and "À décider par vous" in sortie
    assert ("processes/finances/P-FIN-MANDATEMENT.yml:166: G-FIN-MAN-2 : axe maitrise_risques "
            "→ rentabilite (l'axe suit la nature budgetaire)") in sortie
    # Each line printed is the one to read in the migrated file.
    for ligne in re.findall(r"^  (processes/[^:]+):(\d+): (G-[A-Z0-9-]+) : (nature|axe) (\w+)",
                            sortie, flags=re.MULTILINE):
        chemin, numero, _, champ, valeur = ligne
        texte = (tmp_path / chemin).read_text(encoding="utf-8").splitlines()[int(numero) - 1]
        attendu = f"{champ}: {valeur}" if champ == "nature" else "axe: "
        assert attendu in texte, (ligne, texte)
    for ligne in re.findall(r"^  (processes/[^:]+):(\d+): G-[A-Z0-9-]+ : gain qualitatif",
                            sortie, flags=re.MULTILINE):
        texte = (tmp_path / ligne[0]).read_text(encoding="utf-8").splitlines()[int(ligne[1]) - 1]
        assert "# À DÉCIDER (transfo migrate)" in texte
    for ancien in ANCIEN.rglob("*.yml"):
        avant = ancien.read_text(encoding="utf-8").splitlines()
        apres = (dossier / ancien.relative_to(ANCIEN)).read_text(encoding="utf-8").splitlines()
        for op, a1, a2, b1, b2 in difflib.SequenceMatcher(None, avant, apres,
                                                          autojunk=False).get_opcodes():
            # Lines are added, or re-indented, or an axis value is replaced; never removed.
            assert op in ("equal", "insert", "replace"), (ancien, op, avant[a1:a2])
            if op == "replace":
                # Each old line is still there, in order: as typed, re-indented by two
                # spaces, or with another axis.
                nouvelles = iter(apres[b1:b2])
                for x in avant[a1:a2]:
                    assert any(re.sub(r"axe: \w+", "", x) == re.sub(r"axe: \w+", "", y)
                               or y == "  " + x for y in nouvelles), (ancien, x)
        assert avant[0] == apres[0]  # the schema comment stays first
    decisions = sortie.split("À décider par vous", 1)[1]
    assert "G-SOL-APA-3 : gain qualitatif sur l'axe maîtrise des risques" in decisions
    encore = lancer("migrate", "processes", cwd=tmp_path)
    assert encore.stdout.startswith("Le modèle est déjà au format courant")


def test_the_migrated_sample_validates_strictly_after_the_decisions(tmp_path: Path) -> None:
    dossier, _ = _migre(tmp_path)
    # The documented decision for a qualitative gain on a project-level axis: the comment
    # « À DÉCIDER » goes, the gain goes to internalités (the service's benefit).
    for fichier in dossier.rglob("*.yml"):
        texte = fichier.read_text(encoding="utf-8")
        decide = re.sub(r" *# À DÉCIDER \(transfo migrate\) :[^\n]*\n( *)axe: \w+",
                        r"\1axe: internalites", texte)
        if decide != texte:
            fichier.write_text(decide, encoding="utf-8")
    # The calendar rules came after format 1: its chantiers start during the roll-out of the
    # ones they depend on, which the audit now declares as an allowed overlap.
    with (dossier / "referentiel.yml").open("a", encoding="utf-8") as referentiel:
        referentiel.write("calendrier:\n  chevauchement_mois: 16\n"
                          "  source: Feuille de route validée en comité de pilotage\n")
    r = lancer("validate", "processes", cwd=tmp_path)
    assert r.returncode == 0, r.stdout
    # What was reviewed before depends on changed figures: reread, then recorded as reviewed.
    a_revoir = sorted(set(re.findall(r"« ([GC]-[A-Z0-9-]+) » est à revoir", r.stdout)))
    assert a_revoir
    revue = lancer("review", *a_revoir, "--date", "2026-11-29", "--dossier", "processes",
                   cwd=tmp_path)
    assert revue.returncode == 0, revue.stderr
    strict = lancer("validate", "--strict", "processes", cwd=tmp_path)
    assert strict.returncode == 0, strict.stdout
