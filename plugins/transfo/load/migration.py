"""Upgrades a model written in format 1 to the format this code reads, by editing its text
at the positions the loader gives: comments, key order and every line it does not change stay
byte for byte as they were typed.

The documented rules (also on the methodology page):

- the référentiel gets ``version_format``; its single value of a user's hour becomes the value
  of a ``particulier``, and ``professionnel`` and ``entreprise`` get the same value marked
  « À confirmer » (a decision for the consultant);
- each valued gain gets its nature from its unit: ETP → ``temps_agent``, user hours →
  ``temps_usager`` (of a ``particulier``), euros → ``budgetaire``; a quantitative gain moves
  to the axis of its nature (rentabilité, internalités, externalités);
- a qualitative gain on nécessité or maîtrise des risques, axes that rate the chantier and
  carry no gain, is left where it is with a « À DÉCIDER » comment: validation reports it
  until someone decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transfo.ecriture import ecrire_atomique
from transfo.load.discovery import discover
from transfo.load.yaml_loader import Chemin, Document, LoadError, load_file
from transfo.model.entities import VERSION_FORMAT

NATURE_PAR_TYPE = {"etp": "temps_agent", "heures_usager": "temps_usager", "euros": "budgetaire"}
AXE_DE_LA_NATURE = {
    "budgetaire": "rentabilite", "temps_agent": "internalites", "temps_usager": "externalites",
}
AXES_PROJET = {"necessite": "nécessité", "maitrise_risques": "maîtrise des risques"}
GENRES = {"professionnel": "d'un professionnel", "entreprise": "d'un salarié d'entreprise"}
MARQUE_DECISION = "À DÉCIDER (transfo migrate)"
SOURCE_A_CONFIRMER = (
    "À confirmer : valeur unique du format 1 reprise telle quelle ; l'heure {genre} "
    "vaut en général davantage que celle d'un particulier"
)
_JETON = re.compile(r"""("[^"]*"|'[^']*'|[^\s,}#]+)""")


@dataclass
class Compte:
    """What a migration did and what it leaves to a person, as ``fichier:ligne: texte``."""

    changements: list[str] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)
    fichiers: list[Path] = field(default_factory=list)
    erreurs: list[str] = field(default_factory=list)


@dataclass
class _Edition:
    """Edits of one file, applied bottom-up so that positions stay valid."""

    lignes: list[str]
    operations: list[tuple[int, int, int, int, str, int]] = field(default_factory=list)
    """(line, inline?, column, order, text, length to replace); line insertions have inline
    0, and several at one line keep the order in which they were asked."""

    def inserer_ligne(self, ligne: int, texte: str) -> None:
        self.operations.append((ligne, 0, 0, len(self.operations), texte + "\n", 0))

    def remplacer(self, ligne: int, colonne: int, longueur: int, texte: str) -> None:
        self.operations.append((ligne, 1, colonne, len(self.operations), texte, longueur))

    def apres(self, message: str) -> str:
        """``fichier:ligne: texte`` with the line number it has once the edits are made; a
        line inserted where a message points is the one it names (a nature, a marker)."""
        fichier, numero, reste = message.split(":", 2)
        ligne = int(numero) - 1
        inserees = sum(1 for op in self.operations if not op[1] and op[0] < ligne)
        return f"{fichier}:{ligne + inserees + 1}:{reste}"

    def texte(self) -> str:
        lignes = list(self.lignes)
        for ligne, en_ligne, colonne, _, texte, longueur in sorted(self.operations,
                                                                    reverse=True):
            if en_ligne:
                actuelle = lignes[ligne]
                lignes[ligne] = actuelle[:colonne] + texte + actuelle[colonne + longueur:]
            else:
                lignes.insert(ligne, texte)
        return "".join(lignes)


def _nombre(x: Any) -> str:
    return str(int(x)) if isinstance(x, float) and x.is_integer() else str(x)


def _cite(texte: str) -> str:
    return '"' + texte.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fin_de_bloc(document: Document, lignes: list[str], ligne_cle: int, colonne: int) -> int:
    """The last line of the block that starts with the key at (ligne_cle, colonne): the line
    before the next key at the same indentation or less, blank and comment lines excluded."""
    suivantes = [ligne for ligne, col in document.positions_cles.values()
                 if ligne > ligne_cle and col <= colonne]
    fin = (min(suivantes) if suivantes else len(lignes)) - 1
    while fin > ligne_cle and (not lignes[fin].strip() or lignes[fin].lstrip().startswith("#")):
        fin -= 1
    return fin


def _referentiel(document: Document, edition: _Edition, compte: Compte) -> None:
    donnees = document.donnees
    if not isinstance(donnees, dict):
        return
    chemin = document.chemin
    if "version_format" not in donnees:
        premiere = min((pos for cle, pos in document.positions_cles.items() if len(cle) == 1),
                       default=(0, 0))
        edition.inserer_ligne(premiere[0], f"version_format: {VERSION_FORMAT}")
        compte.changements.append(f"{chemin}:{premiere[0] + 1}: version_format: "
                                  f"{VERSION_FORMAT} ajouté")
    parametres = donnees.get("parametres")
    if not isinstance(parametres, dict):
        return
    heure = parametres.get("valeur_heure_usager")
    cle: Chemin = ("parametres", "valeur_heure_usager")
    if isinstance(heure, dict) and "valeur" in heure and cle in document.positions_cles:
        ligne_cle, col = document.positions_cles[cle]
        valeur_ligne = document.positions[(*cle, "valeur")][0]
        retrait = " " * (col + 2)
        if valeur_ligne == ligne_cle:  # flow style, on the key's line: rewritten whole
            edition.remplacer(ligne_cle, 0, len(edition.lignes[ligne_cle].rstrip("\n")),
                              " " * col + "valeur_heure_usager:")
            edition.inserer_ligne(ligne_cle + 1, f"{retrait}particulier: "
                                  + edition.lignes[ligne_cle].split(":", 1)[1].strip())
            fin = ligne_cle
        else:
            fin = _fin_de_bloc(document, edition.lignes, ligne_cle, col)
            edition.inserer_ligne(ligne_cle + 1, f"{retrait}particulier:")
            for ligne in range(ligne_cle + 1, fin + 1):
                if edition.lignes[ligne].strip():
                    edition.remplacer(ligne, 0, 0, "  ")
        for genre in ("professionnel", "entreprise"):
            edition.inserer_ligne(fin + 1, f"{retrait}{genre}:")
            edition.inserer_ligne(fin + 1, f"{retrait}  valeur: {_nombre(heure['valeur'])}")
            edition.inserer_ligne(fin + 1, f"{retrait}  source: "
                                  + _cite(SOURCE_A_CONFIRMER.format(genre=GENRES[genre])))
        compte.changements.append(
            f"{chemin}:{ligne_cle + 1}: valeur_heure_usager devient la valeur d'une heure de "
            "particulier ; professionnel et entreprise reprennent la même valeur")
        compte.decisions.append(
            f"{chemin}:{ligne_cle + 1}: valeur d'une heure de professionnel et d'entreprise à "
            "sourcer (marquées « À confirmer »)")
    taux = parametres.get("taux_actualisation")
    if isinstance(taux, dict) and "valeur" in taux and "beta" not in taux:
        ligne = document.positions[("parametres", "taux_actualisation", "valeur")][0]
        compte.decisions.append(
            f"{chemin}:{ligne + 1}: taux d'actualisation saisi ({taux['valeur']}) : France "
            "Stratégie (2021) recommande 1,2 % + β × 2 % (3,2 % pour β = 1) ; retirez « valeur » "
            "et sa source pour l'appliquer")
    if "horizon_annees" in parametres:
        ligne = document.positions_cles[("parametres", "horizon_annees")][0]
        compte.decisions.append(
            f"{chemin}:{ligne + 1}: horizon_annees compte désormais les années d'exploitation "
            "après la mise en service de chaque chantier (5 par défaut) : vérifiez la valeur")


def _processus(document: Document, edition: _Edition, compte: Compte) -> None:
    donnees = document.donnees
    gains = donnees.get("gains") if isinstance(donnees, dict) else None
    if not isinstance(gains, list):
        return
    chemin = document.chemin
    for i, gain in enumerate(gains):
        if not isinstance(gain, dict):
            continue
        gid = gain.get("id", f"gain {i + 1}")
        val = gain.get("valorisation")
        axe = gain.get("axe")
        nature = None
        if isinstance(val, dict) and val.get("type") in NATURE_PAR_TYPE:
            nature = val.get("nature") or NATURE_PAR_TYPE[val["type"]]
            if "nature" not in val:
                ligne, col = document.positions_cles[("gains", i, "valorisation", "type")]
                ajout = [f"nature: {nature}"]
                if nature == "temps_usager" and "usager" not in val:
                    ajout.append("usager: particulier")
                    compte.decisions.append(
                        f"{chemin}:{ligne + 1}: {gid} : temps d'usager compté comme celui d'un "
                        "particulier ; corrigez usager s'il s'agit de professionnels ou "
                        "d'entreprises")
                if edition.lignes[ligne][:col].strip():  # flow style: inserted inline
                    edition.remplacer(ligne, col, 0, "".join(f"{a}, " for a in ajout))
                else:
                    for texte in ajout:
                        edition.inserer_ligne(ligne, " " * col + texte)
                compte.changements.append(
                    f"{chemin}:{ligne + 1}: {gid} : nature {nature} (unité {val['type']})")
        position_axe = document.positions.get(("gains", i, "axe"))
        if position_axe is None or not isinstance(axe, str):
            continue
        ligne, col = position_axe
        if nature is not None and gain.get("nature") == "quantitatif" \
                and axe != AXE_DE_LA_NATURE[nature]:
            jeton = _JETON.match(edition.lignes[ligne], col)
            longueur = len(jeton.group(0)) if jeton else len(axe)
            edition.remplacer(ligne, col, longueur, AXE_DE_LA_NATURE[nature])
            compte.changements.append(
                f"{chemin}:{ligne + 1}: {gid} : axe {axe} → {AXE_DE_LA_NATURE[nature]} "
                f"(l'axe suit la nature {nature})")
        elif axe in AXES_PROJET:
            ligne_cle, col_cle = document.positions_cles[("gains", i, "axe")]
            message = (f"gain qualitatif sur l'axe {AXES_PROJET[axe]}, qui note le chantier : "
                       "rangez-le sur internalites ou externalites, ou faites-en un motif du "
                       "chantier (motifs_necessite, criteres_maitrise) et retirez-le")
            if ligne_cle == 0 or MARQUE_DECISION not in edition.lignes[ligne_cle - 1]:
                edition.inserer_ligne(ligne_cle,
                                      " " * col_cle + f"# {MARQUE_DECISION} : {message}")
            compte.decisions.append(f"{chemin}:{ligne_cle + 1}: {gid} : {message}")


def migrer(racine: Path, *, ecrire: bool = True) -> Compte:
    """Upgrades every file of the model under ``racine``; files already in the current
    format are left untouched."""
    compte = Compte()
    for fichier in discover(racine):
        if fichier.kind not in ("referentiel", "processus"):
            continue
        try:
            document = load_file(fichier.path, fichier.chemin)
        except LoadError as exc:
            compte.erreurs.append(exc.probleme.format())
            continue
        brut = fichier.path.read_bytes().decode("utf-8")
        edition = _Edition(brut.splitlines(keepends=True))
        deja = len(compte.changements), len(compte.decisions)
        if fichier.kind == "referentiel":
            _referentiel(document, edition, compte)
        else:
            _processus(document, edition, compte)
        compte.changements[deja[0]:] = [edition.apres(x) for x in compte.changements[deja[0]:]]
        compte.decisions[deja[1]:] = [edition.apres(x) for x in compte.decisions[deja[1]:]]
        if edition.operations:
            compte.fichiers.append(fichier.path)
            if ecrire:
                ecrire_atomique(fichier.path, edition.texte().encode("utf-8"))

    def ordre(ligne: str) -> tuple[str, int]:
        fichier, numero, _ = ligne.split(":", 2)
        return fichier, int(numero)

    compte.changements.sort(key=ordre)
    compte.decisions.sort(key=ordre)
    return compte
