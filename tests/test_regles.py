"""Validation rules are named: a catalogue of codes, one severity policy for the CLI and the
plugin (``--strict``, ``--ignorer``), and the list of codes on the page « Contribuer »."""

from __future__ import annotations

import ast
import json
import logging
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import RACINE, remplacer
from tests.outils_site import copier_projet
from transfo.adapters import macros
from transfo.adapters.cli import rapports
from transfo.adapters.cli.main import main
from transfo.problems import Gravite, Position, Probleme
from transfo.validate.politique import Politique, appliquer, codes_a_ignorer, echoue
from transfo.validate.regles import REGLES
from transfo.validate.runner import valider_dossier

PAQUET = RACINE / "plugins" / "transfo"
GRAVITE_ECRITE = {
    None: Gravite.ERREUR,
    "_AVERT": Gravite.AVERTISSEMENT,
    "Gravite.AVERTISSEMENT": Gravite.AVERTISSEMENT,
    "Gravite.ERREUR": Gravite.ERREUR,
}
"""How a severity is written where a problem is built (none: the default, an error)."""


def _codes_ecrits() -> list[tuple[str, str, Gravite | str]]:
    """Every ``code="…"`` written in the package (and every parameter ``code`` given a
    default): where, which code, with which severity."""
    trouves: list[tuple[str, str, Gravite | str]] = []
    for fichier in sorted(PAQUET.rglob("*.py")):
        for noeud in ast.walk(ast.parse(fichier.read_text(encoding="utf-8"))):
            ou = f"{fichier.relative_to(PAQUET)}:{getattr(noeud, 'lineno', 0)}"
            if isinstance(noeud, ast.Call):
                mots = {k.arg: k.value for k in noeud.keywords}
                code = mots.get("code")
                if isinstance(code, ast.Constant) and isinstance(code.value, str):
                    ecrite = mots.get("gravite")
                    texte = ast.unparse(ecrite) if ecrite is not None else None
                    trouves.append((ou, code.value, GRAVITE_ECRITE.get(texte, texte or "")))
                elif code is not None and ast.unparse(code) != "code":
                    # only a parameter named ``code`` is passed on (its default is checked)
                    trouves.append((ou, ast.unparse(code), "calculé"))
            elif isinstance(noeud, ast.FunctionDef):
                args = noeud.args.args[len(noeud.args.args) - len(noeud.args.defaults):]
                for arg, defaut in zip(args, noeud.args.defaults, strict=True):
                    if arg.arg == "code" and isinstance(defaut, ast.Constant):
                        trouves.append((ou, str(defaut.value), Gravite.ERREUR))
    return trouves


def test_every_rule_has_an_explanation_and_a_default_severity() -> None:
    assert len(REGLES) >= 60
    for code, regle in REGLES.items():
        assert regle.code == code
        assert code == code.lower() and " " not in code and "_" not in code
        assert isinstance(regle.gravite_par_defaut, Gravite)
        assert regle.gravite_par_defaut is not Gravite.INFORMATION, code
        phrase = regle.explication
        assert phrase[0].isupper() and phrase.endswith(".") and phrase.count(". ") == 0, code
    # An error is never ignorable; a warning is, except the count of unlisted problems.
    assert not any(r.peut_etre_ignoree for r in REGLES.values()
                   if r.gravite_par_defaut is Gravite.ERREUR)
    assert REGLES["gain-non-livre"].peut_etre_ignoree
    assert not REGLES["autres-problemes"].peut_etre_ignoree


def test_every_code_written_in_the_package_is_a_rule_of_the_catalogue() -> None:
    ecrits = _codes_ecrits()
    inconnus = [(ou, code) for ou, code, _g in ecrits if code not in REGLES]
    assert inconnus == []
    # Each problem is built with its rule's severity; only the count of unlisted problems
    # takes the severity of those it counts.
    ecarts = [(ou, code, g) for ou, code, g in ecrits
              if code != "autres-problemes" and g is not REGLES[code].gravite_par_defaut]
    assert ecarts == []
    # and no rule is left that nothing reports
    assert set(REGLES) - {code for _ou, code, _g in ecrits} == set()


def test_the_former_value_code_is_split_into_one_code_per_rule() -> None:
    codes = [code for _ou, code, _g in _codes_ecrits()]
    assert "valeur" not in codes and "coherence" not in codes
    assert codes.count("gain-sans-mesure") == 1
    assert {"axe-projet", "nature-manquante", "nature-type", "genre-manquant",
            "genre-hors-nature", "etp-budgetaire", "axe-nature"} <= set(codes)


def test_a_problem_cannot_be_built_without_its_rule() -> None:
    with pytest.raises(TypeError):
        Probleme(Position("a.yml"), "sans code")  # type: ignore[call-arg]


def _avertissement(code: str) -> Probleme:
    return Probleme(Position("a.yml", 3), "message", gravite=Gravite.AVERTISSEMENT, code=code)


def test_the_policy_hides_ignored_warnings_never_errors() -> None:
    erreur = Probleme(Position("a.yml", 1), "lien cassé", code="reference")
    problemes = [erreur, _avertissement("gain-non-livre"), _avertissement("hors-fenetre")]
    montres = appliquer(problemes, Politique(ignorees=frozenset({"gain-non-livre",
                                                                 "reference"})))
    assert [p.code for p in montres] == ["reference", "hors-fenetre"]
    assert not echoue(montres[1:], Politique())
    assert echoue(montres[1:], Politique(strict=True))
    assert echoue(montres[:1], Politique())


def test_a_stale_review_is_only_an_information_while_the_site_is_built() -> None:
    revue = _avertissement("revue")
    assert appliquer([revue], Politique())[0].gravite is Gravite.AVERTISSEMENT
    au_site = appliquer([revue], Politique(site=True))
    assert au_site[0].gravite is Gravite.INFORMATION
    assert not echoue(au_site, Politique(strict=True))
    autre = appliquer([_avertissement("hors-fenetre")], Politique(site=True))
    assert autre[0].gravite is Gravite.AVERTISSEMENT


def test_unknown_or_error_codes_cannot_be_ignored() -> None:
    gardes, refus = codes_a_ignorer(["gain-non-livre", "gain-non-livres", "reference"])
    assert gardes == {"gain-non-livre"}
    assert refus[0].startswith("code de règle inconnu « gain-non-livres » — codes proches : "
                               "« gain-non-livre »")
    assert "« reference » est une règle de gravité « erreur », qui ne s'ignore pas" in refus[1]


def _sans_processus(mini: Path) -> None:
    """C-PORTAIL then delivers the gains of a process it no longer transforms: one
    ``gain-hors-processus`` warning per gain."""
    remplacer(mini / "feuille-de-route" / "C-PORTAIL.yml", "processus: [P-SOL-APA]",
              "processus: []")


def test_ignorer_hides_a_warning_and_its_count(mini: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _sans_processus(mini)
    monkeypatch.chdir(mini.parent)
    assert main(["validate", "--strict"]) == 1
    avant = capsys.readouterr().out
    assert "gain-hors-processus" not in avant  # the code is in JSON and CI reports only
    n = avant.count("qui ne transforme pas son processus")
    assert n == 3 and "aucun chantier ne le transforme" in avant  # processus-sans-chantier
    assert avant.strip().endswith("0 erreur, 4 avertissements (4 fichiers lus)")
    assert main(["validate", "--strict", "--ignorer", "gain-hors-processus"]) == 1
    apres = capsys.readouterr().out
    assert "qui ne transforme pas son processus" not in apres
    assert apres.strip().endswith("0 erreur, 1 avertissement (4 fichiers lus)")
    assert main(["validate", "--strict", "--ignorer", "gain-hors-processus",
                 "--ignorer", "processus-sans-chantier"]) == 0
    assert capsys.readouterr().out == "0 erreur, 0 avertissement (4 fichiers lus)\n"
    assert main(["validate", "--format", "json", "--ignorer", "gain-hors-processus"]) == 0
    assert json.loads(capsys.readouterr().out)["avertissements"] == 1


def test_ignorer_an_unknown_code_is_a_usage_error(mini: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(mini.parent)
    assert main(["validate", "--ignorer", "gain-hors-procesus"]) == 2
    sortie = capsys.readouterr()
    assert sortie.out == ""
    assert sortie.err.startswith("transfo validate : code de règle inconnu "
                                 "« gain-hors-procesus » — codes proches : "
                                 "« gain-hors-processus »")
    assert main(["validate", "--ignorer", "reference"]) == 2
    assert "qui ne s'ignore pas" in capsys.readouterr().err


def test_the_gitlab_report_names_the_rules_of_the_catalogue(mini: Path) -> None:
    _sans_processus(mini)
    remplacer(mini / "feuille-de-route" / "C-PORTAIL.yml", "pilote: DIR-DSN", "pilote: DIR-DNS")
    resultat = valider_dossier(mini)
    rapport = json.loads(rapports.gitlab(resultat.problemes, resultat.fichiers))
    noms = {r["check_name"] for r in rapport}
    assert {"transfo/reference", "transfo/gain-hors-processus"} <= noms
    assert all(n.removeprefix("transfo/") in REGLES for n in noms)


def _projet(tmp_path: Path, mini: Path, ignorer: str) -> Any:
    from mkdocs.config import load_config

    projet = copier_projet(tmp_path / "p", mini)
    remplacer(projet / "mkdocs.yml", "      modele: processes\n",
              f"      modele: processes\n      ignorer: {ignorer}\n")
    return load_config(str(projet / "mkdocs.yml"))


def test_the_plugin_option_ignorer_hides_warnings(mini: Path, tmp_path: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    _sans_processus(mini)
    config = _projet(tmp_path, mini, "[gain-hors-processus]")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.transfo"):
        config.plugins["transfo"].on_config(config)
    assert "qui ne transforme pas son processus" not in caplog.text
    caplog.clear()
    config = _projet(tmp_path / "sans", mini, "[]")
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.transfo"):
        config.plugins["transfo"].on_config(config)
    assert [r.levelname for r in caplog.records
            if "qui ne transforme pas son processus" in r.getMessage()][:1] == ["WARNING"]


def test_the_plugin_logs_a_stale_review_as_an_information(
        mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    config = _projet(tmp_path, mini, "[]")
    projet = Path(config.config_file_path).parent
    monkeypatch.chdir(projet)
    assert main(["review", "C-PORTAIL", "--date", "2026-01-01"]) == 0
    remplacer(projet / "processes" / "feuille-de-route" / "C-PORTAIL.yml",
              'fin: "2025-12-31"', 'fin: "2026-03-31"')
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.transfo"):
        config.plugins["transfo"].on_config(config)
    niveaux = [r.levelname for r in caplog.records if "est à revoir" in r.getMessage()]
    assert niveaux == ["INFO"]  # so that mkdocs build --strict does not fail on it


def test_the_plugin_refuses_an_unknown_code(mini: Path, tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    config = _projet(tmp_path, mini, "[revu]")
    with pytest.raises(PluginError, match="code de règle inconnu « revu » — codes proches : "
                       "« revue »"):
        config.plugins["transfo"].on_config(config)


class _Env:
    """What mkdocs-macros hands to ``define_env``: enough to register and call a macro."""

    def __init__(self) -> None:
        self.macros: dict[str, Any] = {}
        self.conf: dict[str, Any] = {"plugins": {}}

    def macro(self, f: Any) -> Any:
        self.macros[f.__name__] = f
        return f


def test_the_contribuer_page_lists_every_rule() -> None:
    env = _Env()
    macros.define_env(env)
    tableau = str(env.macros["regles_de_validation"]())
    for code, regle in REGLES.items():
        ligne = tableau.split(f"<code>{code}</code>", 1)[1].split("</tr>", 1)[0]
        assert f'<span class="transfo-gravite">{regle.gravite_par_defaut}' in ligne, code
        assert ("peut être ignorée" in ligne) is regle.peut_etre_ignoree, code
        assert f"<td>{regle.explication}</td>" in ligne.replace("&#39;", "'"), code
    assert "(« information » pendant la construction du site)" in tableau
    assert f"<caption>{len(REGLES)} règles" in tableau
    page = (RACINE / "content" / "contribuer.md").read_text(encoding="utf-8")
    assert "{{ regles_de_validation() }}" in page
