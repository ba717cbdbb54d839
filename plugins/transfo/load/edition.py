"""Writes a ``revue`` line into a model file, leaving every other line as it was typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from transfo.load.yaml_loader import Chemin, load_file


def ligne_revue(le: date, empreintes: dict[str, str]) -> str:
    # Quoted: a hexadecimal fingerprint such as 1234e5678 would otherwise read as a number.
    valeurs = ", ".join(f'{k}: "{v}"' for k, v in sorted(empreintes.items()))
    return f'revue: {{date: "{le.isoformat()}", empreintes: {{{valeurs}}}}}'


def ecrire_revue(fichier: Path, chemin_entite: Chemin, le: date,
                 empreintes: dict[str, str]) -> None:
    """Replaces the entity's ``revue`` line, or adds one after its ``id`` line."""
    document = load_file(fichier)
    lignes = fichier.read_text(encoding="utf-8").splitlines(keepends=True)
    existante = document.positions_cles.get((*chemin_entite, "revue"))
    if existante is not None:
        ligne, colonne = existante
        valeur = document.positions.get((*chemin_entite, "revue"))
        fin = document.positions.get((*chemin_entite, "revue", "empreintes"))
        if valeur is None or valeur[0] != ligne or (fin is not None and fin[0] != ligne):
            raise ValueError(f"{fichier}:{ligne + 1}: la revue doit tenir sur une ligne pour "
                             "être mise à jour ; supprimez-la puis relancez")
        lignes[ligne] = " " * colonne + ligne_revue(le, empreintes) + "\n"
    else:
        ligne, colonne = document.positions_cles[(*chemin_entite, "id")]
        lignes.insert(ligne + 1, " " * colonne + ligne_revue(le, empreintes) + "\n")
    fichier.write_text("".join(lignes), encoding="utf-8")
