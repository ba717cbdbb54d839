"""What several ``transfo`` commands share: reading a date given on the command line,
loading a model that must be free of errors before the command can work on it, and the
progress lines of the long ones."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from transfo.load.discovery import FichierModele, lire
from transfo.load.yaml_loader import Document
from transfo.model.audit import Audit
from transfo.validate.runner import Resultat, valider_dossier


def date_iso(texte: str) -> date | None:
    """``AAAA-MM-JJ`` as a date; None for anything else."""
    try:
        return date.fromisoformat(texte) if len(texte) == 10 else None
    except ValueError:
        return None


def date_invalide(commande: str, texte: str, exemple: str) -> int:
    print(f"transfo {commande} : date invalide « {texte} » — écrivez-la AAAA-MM-JJ, "
          f"par exemple {exemple}", file=sys.stderr)
    return 2


def dire_les_erreurs(resultat: Resultat, conclusion: str) -> bool:
    """Prints the model's errors then ``conclusion``, and says whether there were any: a
    command that works on the model stops there."""
    if not resultat.erreurs:
        return False
    for p in resultat.erreurs:
        print(p.format(), file=sys.stderr)
    print(conclusion, file=sys.stderr)
    return True


def modele_sans_erreur(dire: Callable[[str], None], dossier: Path,
                       conclusion: str) -> Resultat | None:
    """For a command that writes from the model (``transfo generer``, ``transfo pdf``): says
    that it validates, then the validation, or None once the errors and ``conclusion``
    (``{n}``: how many) are printed."""
    dire("validation du modèle…")
    resultat = valider_dossier(dossier)
    if dire_les_erreurs(resultat, conclusion.format(n=len(resultat.erreurs))):
        return None
    return resultat


def audit_sans_erreur(commande: str, dossier: Path, comment: str,
                      charger: Callable[[FichierModele], Document] = lire) -> Audit | int:
    """The model of ``dossier``, or the exit code once the reason is printed: 2 when the
    folder does not exist (``comment`` says how to name it), 1 when the model has errors.
    ``charger`` reads each file (see :func:`~transfo.validate.runner.valider_dossier`)."""
    if not dossier.is_dir():
        print(f"transfo {commande} : dossier introuvable « {dossier} » — indiquez le dossier "
              f"du modèle {comment} (par défaut processes/)", file=sys.stderr)
        return 2
    resultat = valider_dossier(dossier, charger)
    if dire_les_erreurs(resultat, f"transfo {commande} : corrigez d'abord les erreurs du "
                        "modèle"):
        return 1
    return resultat.audit


def progression(commande: str) -> Callable[[str], None]:
    """Prints each step of a long command on stderr, with the seconds since it started:
    ``transfo pdf [ 12.3 s] mise en page (Chromium)…``."""
    debut = time.monotonic()

    def dire(message: str) -> None:
        print(f"transfo {commande} [{time.monotonic() - debut:5.1f} s] {message}",
              file=sys.stderr, flush=True)

    return dire

