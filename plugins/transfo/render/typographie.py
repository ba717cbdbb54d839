"""French typography, in one place: applied to every page's HTML and to every diagram label.

:func:`texte` corrects a plain text; :func:`html` corrects the text nodes of an HTML (or SVG)
fragment and leaves alone tags, attributes (URLs, ids), comments and the content of
``code``, ``pre``, ``kbd``, ``samp``, ``script``, ``style`` and ``textarea``. Both are
idempotent: a corrected text is left as it is.

The rules (those of the Imprimerie nationale's *Lexique des règles typographiques*):

- narrow no-break space (U+202F) before « ; », « ! », « ? » and inside « » ;
- no-break space (U+00A0) before « : » — only where a space was typed, so that a time
  (``12:30``), a URL (``https://…``) or an id is never touched;
- typographic apostrophe « ’ » between two letters (``l'usager`` → ``l’usager``);
- narrow no-break space between a figure and « % » or « € », and between the groups of
  thousands typed with ordinary spaces (``12 000`` → ``12 000``).

Numbers produced by the tool (decimal comma, thousands, units) are formatted by
:mod:`transfo.render.formats`, not guessed here.
"""

from __future__ import annotations

import re

FINE = "\u202f"
"""Narrow no-break space (espace fine insécable)."""
INSECABLE = "\u00a0"
"""No-break space (espace insécable)."""

_LETTRE = r"[^\W\d_]"
_APOSTROPHE = re.compile(rf"(?<={_LETTRE})'(?={_LETTRE})")
_AVANT_PONCTUATION = re.compile(r"[ \u00a0\u202f]+([;!?])")
_AVANT_DEUX_POINTS = re.compile(r"[ \u202f]+:|\u00a0+:")
_OUVRANT = re.compile(r"«[ \n\u00a0\u202f]*")
_FERMANT = re.compile(r"[ \n\u00a0\u202f]*»")
_UNITE = re.compile(r"(\d)[ \u00a0]?([%€])")
_MILLIERS = re.compile(r"(?<![\d,.\u202f])\d{1,3}(?: \d{3})+(?![\d,.])")


def texte(chaine: str) -> str:
    """A plain text (a label, a title, a text node already decoded) in French typography."""
    if not chaine:
        return chaine
    s = chaine
    if "'" in s:
        s = _APOSTROPHE.sub("’", s)
    if ";" in s or "!" in s or "?" in s:
        s = _AVANT_PONCTUATION.sub(FINE + r"\1", s)
    if ":" in s:
        s = _AVANT_DEUX_POINTS.sub(INSECABLE + ":", s)
    if "«" in s:
        s = _OUVRANT.sub("«" + FINE, s)
    if "»" in s:
        s = _FERMANT.sub(FINE + "»", s)
    if "%" in s or "€" in s:
        s = _UNITE.sub(r"\1" + FINE + r"\2", s)
    if " " in s:
        s = _MILLIERS.sub(lambda m: m.group().replace(" ", FINE), s)
    return s


_JETON = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<[^>]*>", re.DOTALL)
_BALISE = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9:-]*)[^>]*?(/?)\s*>$", re.DOTALL)
EXCLUES = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})
"""Elements whose text is code or data: never corrected."""
# Character references a Markdown or template escaping may have written for punctuation;
# decoded so that the rules see the characters (« &#58; », « &#39; »). The markup
# characters ``<``, ``>`` and ``&`` are kept as references.
_REFERENCE = re.compile(r"&#(?:(\d{1,7})|[xX]([0-9a-fA-F]{1,6}));")
_GARDEES = frozenset({"<", ">", "&", '"'})


def _decoder(m: re.Match[str]) -> str:
    code = int(m.group(1)) if m.group(1) else int(m.group(2), 16)
    try:
        caractere = chr(code)
    except (ValueError, OverflowError):
        return m.group()
    if caractere in _GARDEES or not caractere.isprintable():
        return m.group()
    return caractere


def _noeud(chaine: str) -> str:
    if "&#" in chaine:
        chaine = _REFERENCE.sub(_decoder, chaine)
    if "&apos;" in chaine:
        chaine = chaine.replace("&apos;", "'")
    return texte(chaine)


def html(fragment: str) -> str:
    """An HTML or SVG fragment with its text nodes in French typography."""
    morceaux: list[str] = []
    exclues: list[str] = []
    debut = 0
    for m in _JETON.finditer(fragment):
        if m.start() > debut:
            brut = fragment[debut:m.start()]
            morceaux.append(brut if exclues else _noeud(brut))
        jeton = m.group()
        morceaux.append(jeton)
        debut = m.end()
        balise = _BALISE.match(jeton)
        if balise is None:
            continue
        fermante, nom, auto = balise.group(1), balise.group(2).lower(), balise.group(3)
        if nom not in EXCLUES or auto:
            continue
        if fermante:
            if nom in exclues:
                while exclues and exclues.pop() != nom:
                    continue
        else:
            exclues.append(nom)
    if debut < len(fragment):
        reste = fragment[debut:]
        morceaux.append(reste if exclues else _noeud(reste))
    return "".join(morceaux)


def svg(contenu: bytes) -> bytes:
    """An SVG file (Graphviz's or matplotlib's output) with its texts corrected."""
    return html(contenu.decode("utf-8")).encode("utf-8")
