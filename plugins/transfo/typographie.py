"""French typography, in one place: applied to every page's HTML and to every diagram label.

:func:`texte` corrects a plain text; :func:`html` corrects the text nodes of an HTML (or SVG)
fragment and leaves alone tags, attributes (URLs, ids), comments and the content of
``code``, ``pre``, ``kbd``, ``samp``, ``script``, ``style`` and ``textarea``. Both are
idempotent: a corrected text is left as it is.

The rules (those of the Imprimerie nationale's *Lexique des règles typographiques*):

- narrow no-break space (U+202F) before « ; », « ! », « ? » and inside « » ;
- no-break space (U+00A0) before « : » — where a space was typed, or between a word and
  a colon followed by a space, so that a time (``12:30``), a URL (``https://…``) or an
  id (``P-X:E3``) is never touched; the same for « ; ! ? » typed against a word;
- typographic apostrophe « ’ » between two letters (``l'usager`` → ``l’usager``);
- narrow no-break space between a figure and « % » or « € », and between the groups of
  thousands typed with ordinary spaces (``12 000`` → ``12 000``).

Numbers produced by the tool (decimal comma, thousands, units) are formatted by
:mod:`transfo.formats`, not guessed here.
"""

from __future__ import annotations

import re

FINE = "\u202f"
"""Narrow no-break space (espace fine insécable)."""
INSECABLE = "\u00a0"
"""No-break space (espace insécable)."""

_LETTRE = r"[^\W\d_]"
_APOSTROPHE = re.compile(rf"(?<={_LETTRE})'(?={_LETTRE})")
# « d'<strong>APA</strong> »: an elision before an element ends its text node.
_APOSTROPHE_FINALE = re.compile(rf"(?<={_LETTRE})'$")
_AVANT_PONCTUATION = re.compile(r"[ \u00a0\u202f]+([;!?])")
_AVANT_DEUX_POINTS = re.compile(r"[ \u202f]+:|\u00a0+:")
# « Note: voir » and « Pourquoi? » typed without a space: the space is added only between a
# letter and the sign when a space or the end follows, never in « 12:30 » or « a?b=1 ».
_DEUX_POINTS_COLLE = re.compile(rf"(?<={_LETTRE}):(?=\s|$)")
_PONCTUATION_COLLEE = re.compile(
    rf"(&#?[a-zA-Z0-9]+;)|(?<={_LETTRE})([;!?]+)(?=\s|$)"  # an entity (``&amp;``) is kept
)


def _ponctuation_collee(m: re.Match[str]) -> str:
    return m.group(1) or FINE + m.group(2)
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
        s = _PONCTUATION_COLLEE.sub(_ponctuation_collee, s)
    if ":" in s:
        s = _AVANT_DEUX_POINTS.sub(INSECABLE + ":", s)
        s = _DEUX_POINTS_COLLE.sub(INSECABLE + ":", s)
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
_DECOUPE = re.compile(f"({_JETON.pattern})", re.DOTALL)
_DEBUTS_EXCLUS = tuple(f"{barre}{nom}{fin}" for nom in sorted(EXCLUES) for barre in ("", "/")
                       for fin in (" ", ">", "\t", "\n", "/"))
"""How a tag that opens or closes an excluded element starts, after « < »."""
# Jinja2 escapes « ' » as ``&#39;``: the apostrophe is decoded so that the rule sees it.
# No other reference is decoded (« &#58; » written by a Markdown heading stays as typed).
_APOSTROPHES_CODEES = re.compile(r"&#0*39;|&#[xX]0*27;|&apos;")


def _noeud(chaine: str, avant_balise: bool) -> str:
    if "&#" in chaine or "&apos;" in chaine:
        chaine = _APOSTROPHES_CODEES.sub("'", chaine)
    if avant_balise and chaine.endswith("'"):
        chaine = _APOSTROPHE_FINALE.sub("’", chaine)
    return texte(chaine)


def html(fragment: str) -> str:
    """An HTML or SVG fragment with its text nodes in French typography."""
    # One split in C into text, tag, text, tag…, text: only the texts are visited, and a tag
    # is parsed only when it may open or close an excluded element.
    parties = _DECOUPE.split(fragment)
    exclues: list[str] = []
    dernier = len(parties) - 1
    for i in range(0, dernier + 1, 2):
        brut = parties[i]
        if brut and not exclues and not brut.isspace():
            parties[i] = _noeud(brut, avant_balise=i < dernier)
        if i == dernier:
            break
        jeton = parties[i + 1]
        if not exclues and not jeton[1:10].lower().startswith(_DEBUTS_EXCLUS):
            continue
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
    return "".join(parties)


def svg(contenu: bytes) -> bytes:
    """An SVG file (Graphviz's or matplotlib's output) with its texts corrected."""
    return html(contenu.decode("utf-8")).encode("utf-8")
