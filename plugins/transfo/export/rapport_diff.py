"""The comparison of two versions of the model, for a pull-request comment (French Markdown,
summary first, details folded) or for tools (JSON)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from transfo.analyse.comparaison import Comparaison, Ecart
from transfo.formats import annees, euros, nombre
from transfo.problems import Probleme

_EUROS = ("VAN financière", "VAN socio-économique", "Coûts sur l'horizon",
          "Gains budgétaires sur l'horizon", "Gains socio-économiques sur l'horizon")
_ENTIERS = ("Chantiers menés en même temps au plus fort", "Risques élevés")
NATURES = {"ajout": "ajouté", "suppression": "supprimé", "modification": "modifié"}


def _valeur(libelle: str, x: float | None) -> str:
    if x is None:
        return "—"
    if libelle.startswith("Délai de retour"):
        return annees(x)
    if libelle in _EUROS:
        return euros(x)
    return nombre(x, 0 if libelle in _ENTIERS else 2)


def _delta(e: Ecart) -> str:
    d = e.delta
    if d is None:
        return "—"
    signe = "+" if d > 0 else ""
    if e.libelle in _EUROS:
        return signe + euros(d)
    return signe + nombre(d, 0 if e.libelle in _ENTIERS else 2)


Apercu = Callable[[str, str | None], str | None]
"""An entity's address on the preview site, from its id and kind; None for a kind that has
no page. The site's addresses belong to render (:func:`transfo.render.urls.adresse_apercu`):
the adapter that asks for links hands this over."""


def _lien(ident: str, genre: str | None, apercu: Apercu | None) -> str:
    """The id, linked to where the preview site shows it: its page, or its anchor in its
    folder's page for a kind without pages of its own (a scenario, a direction…)."""
    adresse = apercu(ident, genre) if apercu is not None else None
    return f"`{ident}`" if adresse is None else f"[`{ident}`]({adresse})"


_FINS_DE_LIGNE = re.compile("\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_BACKTICKS = re.compile("`+")


def _une_ligne(texte: str) -> str:
    """Every line break (Markdown's and Unicode's) shown as « ⏎ »: a text from the model can
    neither start a line of its own (heading, HTML block, closing fence) nor end a cell."""
    return _FINS_DE_LIGNE.sub("⏎", texte)


def _code(texte: str) -> str:
    """A text from the model as an inline code span, where Markdown interprets nothing (no
    HTML, link, image, emphasis): delimited by one more backtick than its longest run, so
    that no backtick inside can close it."""
    texte = _une_ligne(texte)
    if not texte:
        return "(vide)"
    longueur = max((len(m) for m in _BACKTICKS.findall(texte)), default=0)
    clotures = "`" * (longueur + 1)
    if texte.startswith(("`", " ")) or texte.endswith(("`", " ")):
        texte = f" {texte} "  # CommonMark strips one space on each side
    return f"{clotures}{texte}{clotures}"


def _court(valeur: Any) -> str:
    texte = json.dumps(valeur, ensure_ascii=False) if not isinstance(valeur, str) else valeur
    texte = _une_ligne(texte)
    return _code(texte if len(texte) <= 80 else texte[:77] + "…")


def markdown(c: Comparaison, *, apercu: Apercu | None = None, titre: str = "") -> str:
    lignes = [f"## {titre or 'Ce que change cette modification'}", ""]
    if c.vide:
        lignes.append("Aucun changement dans le modèle de l'audit.")
        return "\n".join(lignes) + "\n"
    compte = {n: sum(x.nature == n for x in c.changements) for n in NATURES}
    lignes += [
        f"**{len(c.changements)} entité(s)** : {compte['ajout']} ajoutée(s), "
        f"{compte['suppression']} supprimée(s), {compte['modification']} modifiée(s).", "",
        "| Portefeuille | avant | après | écart |", "| --- | --- | --- | --- |",
    ]
    lignes += [f"| {e.libelle} | {_valeur(e.libelle, e.avant)} | {_valeur(e.libelle, e.apres)} "
               f"| {_delta(e)} |" for e in c.portefeuille]
    for titre, colonne, genre, par_entite in (
            ("Chantiers", "Chantier", "chantier", c.chantiers),
            ("Scénarios", "Scénario", "scenario", c.scenarios)):
        if not par_entite:
            continue
        lignes += ["", f"### {titre} dont les chiffres changent", "",
                   f"| {colonne} | chiffre | avant | après | écart |",
                   "| --- | --- | --- | --- | --- |"]
        for ident, ecarts in par_entite.items():
            for e in ecarts:
                lignes.append(f"| {_lien(ident, genre, apercu)} | {e.libelle} | "
                              f"{_valeur(e.libelle, e.avant)} | {_valeur(e.libelle, e.apres)} | "
                              f"{_delta(e)} |")
    if c.glissements:
        lignes += ["", "### Dates des chantiers", ""]
        for g in c.glissements:
            sens = "glisse de" if g.jours > 0 else "avance de"
            lignes.append(f"- {_lien(g.chantier, 'chantier', apercu)} : {g.champ} "
                          f"{g.avant.isoformat()} → {g.apres.isoformat()} ({sens} "
                          f"{abs(g.jours)} jours)")
    if c.dependances:
        lignes += ["", "### Dépendances", ""]
        for cid, dep, ajout in c.dependances:
            texte = "dépend désormais de" if ajout else "ne dépend plus de"
            lignes.append(f"- {_lien(cid, 'chantier', apercu)} {texte} "
                          f"{_lien(dep, 'chantier', apercu)}")
    if c.processus or c.etapes:
        lignes += ["", "### Processus", ""]
        for pid in sorted(set(c.processus) | set(c.etapes)):
            details = [f"{e.libelle} {_valeur(e.libelle, e.avant)} → "
                       f"{_valeur(e.libelle, e.apres)}" for e in c.processus.get(pid, [])]
            ajoutees, retirees = c.etapes.get(pid, ([], []))
            if ajoutees:
                details.append("étapes cibles ajoutées : " + ", ".join(ajoutees))
            if retirees:
                details.append("étapes cibles retirées : " + ", ".join(retirees))
            lignes.append(f"- {_lien(pid, 'processus', apercu)} : " + " ; ".join(details))
    lignes += ["", "<details><summary>Détail des modifications, entité par entité</summary>",
               ""]
    for x in c.changements:
        lignes.append(f"- **{_lien(x.id, x.genre, apercu)}** ({x.genre}) {NATURES[x.nature]}"
                      + (f" — {_code(x.fichier)}" if x.fichier else ""))
        for champ, avant, apres in x.champs:
            lignes.append(f"  - {_code(champ)} : {_court(avant)} → {_court(apres)}")
    flux = {k: v for k, v in c.flux.items() if v}
    if flux:
        lignes += ["", "Flux financiers annuels (budget) qui changent :", ""]
        for cid, annees_flux in flux.items():
            cellules = " ; ".join(f"{a} : {euros(x)} → {euros(y)}" for a, x, y in annees_flux)
            lignes.append(f"- {cid} : {cellules}")
    lignes += ["", "</details>"]
    return "\n".join(lignes) + "\n"


def _ecart_json(e: Ecart) -> dict[str, Any]:
    return {"libelle": e.libelle, "avant": e.avant, "apres": e.apres, "ecart": e.delta}


def json_texte(c: Comparaison) -> str:
    return json.dumps({
        "changements": [
            {"genre": x.genre, "id": x.id, "nature": x.nature, "fichier": x.fichier,
             "champs": [{"champ": ch, "avant": a, "apres": b} for ch, a, b in x.champs]}
            for x in c.changements
        ],
        "portefeuille": [_ecart_json(e) for e in c.portefeuille],
        "chantiers": {k: [_ecart_json(e) for e in v] for k, v in c.chantiers.items()},
        "processus": {k: [_ecart_json(e) for e in v] for k, v in c.processus.items()},
        "scenarios": {k: [_ecart_json(e) for e in v] for k, v in c.scenarios.items()},
        "etapes_cibles": {k: {"ajoutees": a, "retirees": r} for k, (a, r) in c.etapes.items()},
        "glissements": [{"chantier": g.chantier, "champ": g.champ, "avant": g.avant.isoformat(),
                         "apres": g.apres.isoformat(), "jours": g.jours} for g in c.glissements],
        "dependances": [{"chantier": a, "dependance": b, "ajoutee": x}
                        for a, b, x in c.dependances],
        "flux": {k: [{"annee": a, "avant": x, "apres": y} for a, x, y in v]
                 for k, v in c.flux.items() if v},
    }, ensure_ascii=False, indent=2) + "\n"


def erreurs_markdown(cote: str, problemes: list[Probleme]) -> str:
    """The problems in a code block, one line each, fenced by more backticks than any
    message holds: a quoted value cannot close the block."""
    textes = [_une_ligne(p.format()) for p in problemes]
    longueur = max((len(m) for t in textes for m in _BACKTICKS.findall(t)), default=0)
    cloture = "`" * max(3, longueur + 1)
    return "\n".join([f"## Le modèle ne se valide pas ({cote})", "", cloture, *textes,
                      cloture, ""])
