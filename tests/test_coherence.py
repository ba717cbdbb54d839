"""Coherence warnings a reviewer would raise: each named (code), placed, with a hint."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from tests.conftest import lancer, remplacer
from transfo.validate.coherence import textes_modeles
from transfo.validate.runner import valider_dossier

Valider = Callable[[Path], list[str]]
APA = "autonomie/P-SOL-APA.yml"
CHANTIER = "feuille-de-route/C-PORTAIL.yml"
REF = "referentiel.yml"


def _codes(mini: Path) -> list[tuple[str, str]]:
    return [(p.code, str(p.position).removeprefix(str(mini.parent) + "/"))
            for p in valider_dossier(mini).problemes]


def _socle(mini: Path, fin: str) -> None:
    socle = (mini / CHANTIER).read_text(encoding="utf-8")
    socle = socle.replace("id: C-PORTAIL", "id: C-SOCLE").replace(
        "gains: [G-SOL-APA-1, G-SOL-APA-2, G-SOL-APA-3]", "gains: []").replace(
        "processus: [P-SOL-APA]", "processus: []").replace(
        'fin: "2025-12-31"', f'fin: "{fin}"').replace(
        "couts:", "couts_retires:").split("couts_retires:")[0] + (
        "mareva: {necessite: 1, maitrise_risques: 1, internalites: 1, externalites: 1}\n")
    (mini / "feuille-de-route" / "C-SOCLE.yml").write_text(socle, encoding="utf-8")


def test_a_chantier_starting_before_the_end_of_its_dependency(
    mini: Path, valider: Valider
) -> None:
    _socle(mini, "2025-08-31")
    remplacer(mini / CHANTIER, "pilote: DIR-DSN", "pilote: DIR-DSN\ndepend_de: [C-SOCLE]")
    assert valider(mini) == [
        "processes/feuille-de-route/C-PORTAIL.yml:8:13: avertissement : le chantier commence "
        "le 2025-01-01, avant la fin du chantier « C-SOCLE » dont il dépend (2025-08-31) — "
        "commencez-le après le 2025-08-31, ou retirez la dépendance si les deux peuvent avancer "
        "ensemble",
    ]
    with (mini / REF).open("a", encoding="utf-8") as f:
        f.write("calendrier: {chevauchement_mois: 9, source: Comité de pilotage}\n")
    assert valider(mini) == []  # 8 months of overlap are within the declared 9


def test_dates_that_disagree_with_the_horizon(mini: Path, valider: Valider) -> None:
    remplacer(mini / CHANTIER, 'fin: "2025-12-31"', 'fin: "2028-06-30"')
    remplacer(mini / CHANTIER, "  - annee: 2026\n", "  - annee: 2027\n")
    for _ in range(2):
        remplacer(mini / APA, "annee_debut: 2026", "annee_debut: 2029")
    assert valider(mini) == [
        "processes/feuille-de-route/C-PORTAIL.yml:4:10: avertissement : chantier à court terme "
        "qui finit le 2028-06-30, 42 mois après le début de l'année de référence : ses dates "
        "sont celles du long terme — écrivez horizon: long_terme ou corrigez les dates ; le "
        "court terme va jusqu'à 24 mois, le moyen terme jusqu'à 36 (calendrier du référentiel)",
    ]
    with (mini / REF).open("a", encoding="utf-8") as f:
        f.write("calendrier: {court_terme_mois: 48, moyen_terme_mois: 72, source: Mandat}\n")
    assert valider(mini) == []
    remplacer(mini / CHANTIER, "horizon: court_terme", "horizon: long_terme")
    assert _codes(mini) == [("horizon-dates", "processes/feuille-de-route/C-PORTAIL.yml:4:10")]


def test_placeholders_are_read_from_the_templates() -> None:
    modeles = textes_modeles()
    gabarits = Path(__file__).resolve().parent.parent / "plugins/transfo/adapters/cli/templates"
    for kind, valeurs in modeles.items():
        texte = (gabarits / f"{kind}.yml.j2").read_text(encoding="utf-8")
        for _chemin, valeur in valeurs:
            assert str(valeur).startswith("⟦") or str(valeur) in texte
    textes = {v for valeurs in modeles.values() for _c, v in valeurs}
    assert "Ce que recouvre le macroprocessus (Markdown)." in textes
    assert "Source du volume (rapport d'activité, requête dans l'application…)" in textes
    assert (("volume_annuel",), 0) in modeles["processus"]


def test_placeholders_left_by_transfo_new_fail_strict(mini: Path) -> None:
    cwd = mini.parent
    assert lancer("new", "processus", "P-SOL-PCH", "--macroprocessus", "MP-SOL-AUTONOMIE",
                  cwd=cwd).returncode == 0
    assert lancer("new", "macroprocessus", "MP-ROUTES", "--nom", "Routes", cwd=cwd).returncode == 0
    r = lancer("validate", "--strict", cwd=cwd)
    assert r.returncode == 1
    lignes = [re.sub(r":\d+:\d+:", ":", ligne) for ligne in r.stdout.splitlines()[:-1]]
    assert lignes == [
        "processes/autonomie/P-SOL-PCH.yml: avertissement : le nom est encore l'identifiant "
        "« P-SOL-PCH » écrit par « transfo new » — donnez-lui le nom que liront les agents",
        "processes/autonomie/P-SOL-PCH.yml: avertissement : texte d'exemple écrit par "
        "« transfo new » : « Objet du processus, périmètre, règles principales (Markdown). » — "
        "remplacez-le par le texte de l'audit",
        "processes/autonomie/P-SOL-PCH.yml: avertissement : valeur d'exemple écrite par "
        "« transfo new » : volume_annuel: 0 — saisissez la valeur de l'audit, avec sa source",
        "processes/autonomie/P-SOL-PCH.yml: avertissement : texte d'exemple écrit par "
        "« transfo new » : « Source du volume (rapport d'activité, requête dans "
        "l'application…) » — remplacez-le par le texte de l'audit",
        "processes/routes/macroprocessus.yml: avertissement : texte d'exemple écrit par "
        "« transfo new » : « Ce que recouvre le macroprocessus (Markdown). » — remplacez-le "
        "par le texte de l'audit",
        "processes/routes/macroprocessus.yml: avertissement : texte d'exemple écrit par "
        "« transfo new » : « Pourquoi ce potentiel de transformation numérique. » — "
        "remplacez-le par le texte de l'audit",
    ]
    pch = mini / "autonomie" / "P-SOL-PCH.yml"
    texte = pch.read_text(encoding="utf-8")
    texte = re.sub(r"^nom: .*$", "nom: Instruire une demande de PCH", texte, flags=re.M)
    texte = texte.replace("Objet du processus, périmètre, règles principales (Markdown).",
                          "Prestation de compensation du handicap.")
    texte = texte.replace("volume_annuel: 0", "volume_annuel: 420")
    texte = re.sub(r"^source_volume: .*$", "source_volume: Rapport d'activité 2024", texte,
                   flags=re.M)
    pch.write_text(texte, encoding="utf-8")
    routes = mini / "routes" / "macroprocessus.yml"
    texte = routes.read_text(encoding="utf-8").replace(
        "Ce que recouvre le macroprocessus (Markdown).", "Entretien du réseau routier.").replace(
        "Pourquoi ce potentiel de transformation numérique.", "Interventions suivies.")
    routes.write_text(texte, encoding="utf-8")
    r = lancer("validate", "--strict", cwd=cwd)
    assert r.returncode == 0, r.stdout
