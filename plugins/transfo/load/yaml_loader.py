"""The one YAML loader: plain data with the position of every value, and nothing implicit.

Built on PyYAML's event stream (libyaml when available) rather than its constructors, so that:
no value changes type behind the consultant's back (``NO``, ``oui``, ``0777``, ``12:30`` and
dates stay strings; only ``true``/``false``, decimal numbers and ``null`` are typed), duplicate
keys, anchors, aliases, explicit tags and several documents are refused, and no input can end
in anything but a :class:`~transfo.problems.Probleme`.
"""

from __future__ import annotations

import dataclasses
import errno
import math
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from transfo.constants import LIMITE_PROFONDEUR, LIMITE_TAILLE_OCTETS
from transfo.model.provenance import Chemin as Chemin  # a path in a document, for its readers
from transfo.model.provenance import Provenance
from transfo.problems import Position, Probleme

try:  # libyaml's parser is ten times faster; the pure-Python one gives the same events.
    from yaml import CSafeLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _EventLoader  # type: ignore[assignment]

_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?|[-+]?[0-9]+[eE][-+]?[0-9]+")
_SPECIAL_FLOATS = {
    ".nan": math.nan, ".NaN": math.nan, ".NAN": math.nan,
    ".inf": math.inf, ".Inf": math.inf, ".INF": math.inf,
    "+.inf": math.inf, "+.Inf": math.inf, "+.INF": math.inf,
    "-.inf": -math.inf, "-.Inf": -math.inf, "-.INF": -math.inf,
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_INTERDITS = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
"""Characters no text of the model may hold, typed or written as a YAML escape: C0 controls
but tab, line feed and carriage return; DEL; C1 controls (NEL included); the Unicode line and
paragraph separators; lone surrogates; the non-characters U+FFFE and U+FFFF. Invisible in an
editor, they break the spreadsheet export (XML), the SVG diagrams and ``dot``."""
_ECHAPPEMENT = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_ECHAPPEMENTS_SIMPLES = {"0": "\x00", "a": "\x07", "b": "\x08", "t": "\t", "\t": "\t",
                         "n": "\n", "v": "\x0b", "f": "\x0c", "r": "\r", "e": "\x1b",
                         "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}
_BOOLS = {"true": True, "false": False}


@dataclass
class Document:
    """A loaded YAML file: its data, and its :class:`~transfo.model.provenance.Provenance`
    (its shown path, where each value and each key stands). Validation reads the data and
    keeps only the provenance for the audit."""

    donnees: Any
    provenance: Provenance

    @property
    def chemin(self) -> str:
        return self.provenance.fichier

    @property
    def positions(self) -> dict[Chemin, tuple[int, int]]:
        return self.provenance.positions

    @property
    def positions_cles(self) -> dict[Chemin, tuple[int, int]]:
        return self.provenance.positions_cles

    def position(self, chemin: Chemin, *, cle: bool = False) -> Position:
        """The position of the value at ``chemin``, or of its nearest known ancestor."""
        return self.provenance.position(chemin, cle=cle)

    def copie(self) -> Document:
        """A copy with its own provenance: validation may let the copy's positions go."""
        return Document(self.donnees, dataclasses.replace(self.provenance))


class LoadError(Exception):
    def __init__(self, probleme: Probleme) -> None:
        super().__init__(probleme.format())
        self.probleme = probleme


_DEBUT_NOMBRE = frozenset("0123456789+-.")
_DEBUT_MOT_CLE = frozenset("~nNtf")


def scalar_value(text: str, plain: bool) -> Any:
    """The value of a scalar: only unambiguous plain scalars are typed."""
    if not plain:
        return text
    if not text:
        return None
    premier = text[0]
    if premier in _DEBUT_NOMBRE:  # most scalars are words: skip the patterns for them
        if _INT.fullmatch(text):
            return int(text)
        if text in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[text]
        if _FLOAT.fullmatch(text):
            return float(text)
    elif premier in _DEBUT_MOT_CLE:
        if text in _NULLS:
            return None
        if text in _BOOLS:
            return _BOOLS[text]
    return text


def _position(chemin: str, mark: Any) -> Position:
    return Position(chemin, mark.line + 1, mark.column + 1)


def _decode(chemin: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        byte = raw[exc.start]
        raise LoadError(
            Probleme(
                Position(chemin, line, col),
                f"le fichier n'est pas en UTF-8 (octet 0x{byte:02X} invalide)",
                "enregistrez le fichier en UTF-8 (dans VS Code : « Enregistrer avec "
                "l'encodage » → UTF-8) ; un octet comme celui-ci vient souvent de Latin-1 "
                "ou de Windows-1252",
                code="encodage",
            )
        ) from None


def _translate_yaml_error(chemin: str, exc: yaml.MarkedYAMLError, texte: str) -> Probleme:
    mark = exc.problem_mark or exc.context_mark
    position = _position(chemin, mark) if mark is not None else Position(chemin)
    problem = (exc.problem or exc.context or "syntaxe YAML invalide").strip()
    lignes = texte.splitlines()
    line_text = lignes[position.ligne - 1] if 0 < position.ligne <= len(lignes) else ""
    if "\t" in line_text[: max(position.colonne, 1)] or "'\\t'" in problem or "tab" in problem:
        return Probleme(
            position,
            "tabulation dans l'indentation",
            "YAML n'accepte que des espaces pour indenter : remplacez les tabulations "
            "par des espaces (2 par niveau)",
            code="syntaxe",
        )
    hint = "vérifiez l'indentation et les deux-points de cette ligne et de la précédente"
    if "mapping values are not allowed" in problem:
        hint = (
            "un texte contenant « : » doit être entre guillemets, par exemple "
            "libelle: \"Réception : guichet\""
        )
    elif "found unexpected end of stream" in problem or "found unexpected" in problem:
        hint = "un guillemet ou un crochet n'est sans doute pas fermé"
    return Probleme(position, f"syntaxe YAML invalide ({problem})", hint, code="syntaxe")


class _Builder:
    """Turns the event stream of one document into plain data, noting every position.

    Hot path: a model of 1,000 processes is about 350,000 events, so positions are kept as
    raw ``(line, column)`` pairs and turned into :class:`Position` only when reported."""

    def __init__(self, chemin: str, suivant: Callable[[], Any], texte: str = "") -> None:
        self.chemin = chemin
        self.suivant = suivant
        self.texte = texte
        self.positions: dict[Chemin, tuple[int, int]] = {}
        self.positions_cles: dict[Chemin, tuple[int, int]] = {}

    def fail(self, mark: Any, message: str, indice: str, code: str = "syntaxe") -> LoadError:
        return LoadError(Probleme(_position(self.chemin, mark), message, indice, code=code))

    def _check_event(self, event: Any) -> None:
        if isinstance(event, yaml.AliasEvent):
            raise self.fail(
                event.start_mark,
                f"alias YAML « *{event.anchor} » refusé",
                "recopiez la valeur au lieu d'utiliser une ancre (&) et un alias (*)",
            )
        if event.anchor is not None:
            raise self.fail(
                event.start_mark,
                f"ancre YAML « &{event.anchor} » refusée",
                "les ancres et alias ne sont pas acceptés : recopiez la valeur",
            )
        tag = event.tag
        explicit = tag is not None and tag != "!"
        if isinstance(event, yaml.ScalarEvent):
            explicit = explicit and not event.implicit[0] and not event.implicit[1]
        if explicit:
            raise self.fail(
                event.start_mark,
                f"étiquette YAML explicite « {tag} » refusée",
                "retirez l'étiquette (par exemple « !!python/… » ou « !!str ») ; "
                "le schéma décide du type de chaque valeur",
            )

    def build(self, first: Any) -> Any:
        """Iterative, so that nesting depth is bounded by a check and not by the stack."""
        positions = self.positions
        positions_cles = self.positions_cles
        suivant = self.suivant
        scalar, mapping_start = yaml.ScalarEvent, yaml.MappingStartEvent
        sequence_start = yaml.SequenceStartEvent
        # Frame: [container, path, pending key, pending key's position]
        pile: list[list[Any]] = []
        racine: Any = None
        event = first
        while True:
            kind = event.__class__
            if kind is scalar:
                if event.anchor is not None or (
                    event.tag is not None and not (event.implicit[0] or event.implicit[1])
                ):
                    self._check_event(event)
                if event.style == '"' and _INTERDITS.search(event.value):
                    raise self._echappement_interdit(event)
                valeur: Any = scalar_value(event.value, plain=not event.style and event.implicit[0])
                ouvre = False
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or event.tag is not None:
                    self._check_event(event)
                if len(pile) >= LIMITE_PROFONDEUR:
                    raise self.fail(
                        event.start_mark,
                        f"imbrication trop profonde (plus de {LIMITE_PROFONDEUR} niveaux)",
                        "un fichier du modèle n'a pas besoin d'autant de niveaux : "
                        "vérifiez l'indentation",
                        code="limite",
                    )
                valeur = {} if kind is mapping_start else []
                ouvre = True
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                pile.pop()
                if not pile:
                    return racine
                event = suivant()
                continue
            else:
                self._check_event(event)  # an alias: refused with its position
                raise self.fail(event.start_mark, "structure YAML inattendue", "")
            mark = event.start_mark
            position = (mark.line, mark.column)
            if not pile:
                racine = valeur
                chemin: Chemin = ()
                positions[()] = position
            else:
                cadre = pile[-1]
                conteneur = cadre[0]
                if conteneur.__class__ is dict:
                    if cadre[2] is None:  # this node is a key
                        self._cle(cadre, valeur, position, event)
                        event = suivant()
                        continue
                    chemin = (*cadre[1], cadre[2])
                    conteneur[cadre[2]] = valeur
                    positions_cles[chemin] = cadre[3]
                    cadre[2] = None
                else:
                    chemin = (*cadre[1], len(conteneur))
                    conteneur.append(valeur)
                positions[chemin] = position
            if ouvre:
                pile.append([valeur, chemin, None, None])
            elif not pile:
                return racine
            event = suivant()

    def _echappement_interdit(self, event: Any) -> LoadError:
        """The escape of a double-quoted scalar that gives a forbidden character, at its own
        line and column (libyaml counts columns in characters, as this text does)."""
        debut, fin = event.start_mark, event.end_mark
        lignes = self.texte.split("\n")
        decalage = sum(len(x) + 1 for x in lignes[: debut.line]) + debut.column
        source = self.texte[decalage: decalage + sum(len(x) + 1 for x in
                                                     lignes[debut.line: fin.line + 1])]
        for m in _ECHAPPEMENT.finditer(source):
            code = m.group(1)
            caractere = (chr(int(code[1:], 16)) if len(code) > 1
                         else _ECHAPPEMENTS_SIMPLES.get(code, code))
            if _INTERDITS.match(caractere):
                ligne, colonne = _ligne_colonne(self.texte, decalage + m.start())
                return LoadError(_probleme_caractere(
                    Position(self.chemin, ligne, colonne), caractere, m.group(0)))
        trouve = _INTERDITS.search(event.value)
        assert trouve is not None
        return LoadError(_probleme_caractere(_position(self.chemin, debut), trouve.group(0)))

    def _cle(self, cadre: list[Any], valeur: Any, position: tuple[int, int], event: Any) -> None:
        if not isinstance(valeur, str):
            raise self.fail(
                event.start_mark,
                "une clé doit être un texte simple",
                "écrivez le nom du champ suivi de « : » (par exemple « nom: ... »)",
            )
        if valeur in cadre[0]:
            ligne, colonne = self.positions_cles[(*cadre[1], valeur)]
            premiere = Position(self.chemin, ligne + 1, colonne + 1)
            raise LoadError(
                Probleme(
                    Position(self.chemin, position[0] + 1, position[1] + 1),
                    f"clé « {valeur} » en double (déjà définie ligne {premiere.ligne})",
                    "supprimez ou renommez l'une des deux : YAML ne garderait "
                    "que la dernière sans rien dire",
                    code="cle-double",
                    voir_aussi=(premiere,),
                )
            )
        cadre[2] = valeur
        cadre[3] = position


def _ligne_colonne(texte: str, index: int) -> tuple[int, int]:
    """1-based line and column of a character of ``texte``."""
    return texte.count("\n", 0, index) + 1, index - texte.rfind("\n", 0, index)


def _probleme_caractere(position: Position, caractere: str, ecrit: str | None = None) -> Probleme:
    point = ord(caractere)
    nom = f"U+{point:04X}"
    if point == 0:
        message = f"caractère nul {nom}"
    elif point < 0x20 or 0x7F <= point <= 0x9F:
        message = f"caractère de contrôle invisible {nom}"
    elif caractere in "\u2028\u2029":
        message = f"séparateur Unicode invisible {nom}"
    else:
        message = f"caractère Unicode non valide {nom}"
    if ecrit is not None:
        message += f" (écrit « {ecrit} »)"
    return Probleme(
        position,
        f"{message} refusé dans un fichier du modèle",
        "retirez-le (il casse l'export tableur et les diagrammes) ; pour aller à la ligne "
        "dans un texte, écrivez-le en bloc « | » sur plusieurs lignes",
        code="encodage",
    )


def load_text(chemin: str, texte: str) -> Document:
    """Loads one YAML document from text; raises :class:`LoadError` and nothing else."""
    try:
        return _load(chemin, texte)
    except LoadError:
        raise
    except yaml.MarkedYAMLError as exc:
        raise LoadError(_translate_yaml_error(chemin, exc, texte)) from None
    except Exception as exc:
        raise LoadError(
            Probleme(
                Position(chemin),
                f"fichier YAML illisible ({type(exc).__name__})",
                "vérifiez la syntaxe du fichier",
                code="syntaxe",
            )
        ) from None


def _load(chemin: str, texte: str) -> Document:
    interdit = _INTERDITS.search(texte)
    if interdit is not None:
        ligne, colonne = _ligne_colonne(texte, interdit.start())
        raise LoadError(
            _probleme_caractere(Position(chemin, ligne, colonne), interdit.group(0)))
    parser = _EventLoader(texte)
    try:
        builder = _Builder(chemin, parser.get_event, texte)
        data: Any = None
        seen_content = False
        documents = 0
        while True:
            event = parser.get_event()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                break
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise LoadError(
                        Probleme(
                            _position(chemin, event.start_mark),
                            "plusieurs documents YAML dans un seul fichier",
                            "un fichier décrit une seule entité : retirez le séparateur « --- » "
                            "et créez un fichier par document",
                            code="syntaxe",
                        )
                    )
            elif isinstance(event, yaml.NodeEvent):
                seen_content = True
                data = builder.build(event)
    finally:
        parser.dispose()
    if not seen_content or data is None:
        raise LoadError(
            Probleme(
                Position(chemin),
                "fichier vide (ou seulement des commentaires)",
                "remplissez-le, ou supprimez-le ; « transfo new » crée un fichier prêt à "
                "compléter",
                code="vide",
            )
        )
    return Document(data, Provenance(chemin, builder.positions, builder.positions_cles))


def _trop_gros(chemin: str, taille: int) -> LoadError:
    return LoadError(
        Probleme(
            Position(chemin),
            f"fichier trop volumineux ({taille} octets, limite {LIMITE_TAILLE_OCTETS} octets)",
            "découpez-le : un fichier par entité",
            code="limite",
        )
    )


def load_bytes(chemin: str, raw: bytes) -> Document:
    """Loads one YAML file's bytes (from disk or from git), with the same limits."""
    if len(raw) > LIMITE_TAILLE_OCTETS:
        raise _trop_gros(chemin, len(raw))
    return load_text(chemin, _decode(chemin, raw))


def load_file(path: Path, chemin: str | None = None) -> Document:
    """Loads one YAML file, refusing files that are too large (before reading them), and
    never following a symbolic link nor reading anything but a regular file."""
    shown = chemin or str(path)
    drapeaux = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descripteur = os.open(path, drapeaux)
    except OSError as exc:
        if exc.errno == errno.ELOOP or path.is_symlink():
            raise LoadError(
                Probleme(Position(shown), "lien symbolique refusé : il n'est pas lu",
                         "remplacez-le par un vrai fichier YAML sous processes/",
                         code="fichier")
            ) from None
        raise LoadError(
            Probleme(Position(shown), f"fichier illisible ({exc.strerror})", code="fichier")
        ) from None
    with os.fdopen(descripteur, "rb") as flux:
        etat = os.fstat(flux.fileno())
        if not stat.S_ISREG(etat.st_mode):
            raise LoadError(
                Probleme(Position(shown), "ce n'est pas un fichier ordinaire : il n'est pas lu",
                         "un fichier du modèle est un fichier YAML ordinaire sous processes/",
                         code="fichier")
            )
        if etat.st_size > LIMITE_TAILLE_OCTETS:
            raise _trop_gros(shown, etat.st_size)
        try:
            raw = flux.read(LIMITE_TAILLE_OCTETS + 1)
        except OSError as exc:
            raise LoadError(
                Probleme(Position(shown), f"fichier illisible ({exc.strerror})", code="fichier")
            ) from None
    if len(raw) > LIMITE_TAILLE_OCTETS:
        raise _trop_gros(shown, len(raw))
    return load_bytes(shown, raw)
