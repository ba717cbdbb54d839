"""French wording for argparse's own messages (usage, help, errors), read by consultants."""

from __future__ import annotations

import argparse
from typing import Any

_TRADUCTIONS = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et quitte",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "choix invalide : %(value)r (possibles : %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "expected one argument": "une valeur attendue",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "ambiguous option: %(option)s could match %(matches)s":
        "option ambiguë : %(option)s peut désigner %(matches)s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
}


def _traduire(message: str) -> str:
    return _TRADUCTIONS.get(message, message)


def _ntraduire(singulier: str, pluriel: str, n: int) -> str:
    return _traduire(singulier if n == 1 else pluriel)


def installer() -> None:
    """argparse looks its messages up through module-level ``_`` and ``ngettext``."""
    module: Any = argparse
    module._ = _traduire
    module.ngettext = _ntraduire


class Formateur(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions and examples written in the help texts."""


class Analyseur(argparse.ArgumentParser):
    """The command's parser; its sub-commands, built from the same class, share the
    formatter without each declaring it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", Formateur)
        super().__init__(*args, **kwargs)
