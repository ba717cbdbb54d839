"""Generated pages hand their HTML blocks to Python-Markdown already set aside.

A generated page is mostly HTML: tables of gains, of processes, of chantiers, figures.
Python-Markdown copies such a block to the page unchanged, but finds where it ends by
feeding the whole page through :mod:`html.parser`, tag by tag: for the register of gains,
most of the time of a rebuild. The core writes its blocks in a shape whose end is known
without parsing (a block-level tag at the start of a line after a blank line, its closing
tag at the end of the last line before a blank line, no ``markdown`` attribute), so this
preprocessor stores them in Python-Markdown's stash as its own HTML preprocessor would, and
the page converts to the same HTML. A block of any other shape, or anything in a fenced
code block, is left to Python-Markdown.

Only the pages the plugin marks as generated are treated (:attr:`HtmlBrut.actif`): a
hand-written page is converted exactly as mkdocs converts it.
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

_OUVERTURE = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>]")
_DOUTEUX = ("markdown", "<!--", "<?", "<![", "\x02", "\x03")
"""What Python-Markdown reads inside a block (``markdown`` attributes, comments, processing
instructions, CDATA, placeholders of other preprocessors): such a block is left to it."""
_BARRIERE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


class _Blocs(Preprocessor):  # type: ignore[misc]  # Python-Markdown has no types
    def __init__(self, md: Markdown, extension: HtmlBrut) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        if not self.extension.actif:
            return lines
        sortie: list[str] = []
        barriere: str | None = None
        i = 0
        while i < len(lines):
            ligne = lines[i]
            if (ouverte := _BARRIERE.match(ligne)) is not None:
                marque = ouverte.group(1)
                if barriere is None:
                    barriere = marque
                elif marque[0] == barriere[0] and len(marque) >= len(barriere):
                    barriere = None
            elif barriere is None and (not sortie or not sortie[-1].strip()):
                fin = self._fin_du_bloc(lines, i)
                if fin is not None:
                    # Stored as Python-Markdown stores a block followed by a blank line.
                    bloc = "\n".join(lines[i:fin + 1]) + "\n"
                    sortie.append(self.md.htmlStash.store(bloc))
                    self.extension.mis_de_cote += 1
                    i = fin + 1
                    continue
            sortie.append(ligne)
            i += 1
        return sortie

    def _fin_du_bloc(self, lignes: list[str], debut: int) -> int | None:
        """The last line of the HTML block opening at ``debut``, when its end is certain:
        the closing tag that ends its last line is the one of its first tag."""
        ouverture = _OUVERTURE.match(lignes[debut])
        if ouverture is None or not self.md.is_block_level(ouverture.group(1)):
            return None
        balise = ouverture.group(1)
        fin = debut
        while fin + 1 < len(lignes) and lignes[fin + 1].strip():
            fin += 1
        if not lignes[fin].endswith(f"</{balise}>") or fin + 2 >= len(lignes) \
                or lignes[fin + 1].strip(" "):
            return None
        bloc = "\n".join(lignes[debut:fin + 1])
        if any(signe in bloc for signe in _DOUTEUX):
            return None
        profondeur = 0
        for balise_trouvee in re.finditer(rf"<(/?){balise}[\s>]", bloc):
            profondeur += -1 if balise_trouvee.group(1) else 1
            if profondeur == 0 and balise_trouvee.end() != len(bloc):
                return None
        return fin if profondeur == 0 else None


class HtmlBrut(Extension):  # type: ignore[misc]  # Python-Markdown has no types
    """The extension the plugin adds to mkdocs' Markdown."""

    def __init__(self) -> None:
        super().__init__()
        self.actif = False
        self.mis_de_cote = 0
        """How many blocks it set aside since it was made."""

    def extendMarkdown(self, md: Markdown) -> None:
        # After the whitespace is normalised, before Python-Markdown's own HTML preprocessor.
        md.preprocessors.register(_Blocs(md, self), "transfo_html_brut", 25)
