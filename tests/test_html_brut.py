"""The HTML blocks of generated pages, set aside before Python-Markdown parses them, give the
same HTML as Python-Markdown's own handling of raw HTML."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from tests.conftest import RACINE
from tests.outils_site import CACHE
from transfo.adapters.mkdocs_plugin.html_brut import HtmlBrut


def convertir(texte: str, *, actif: bool) -> tuple[str, int]:
    """The page converted with the site's Markdown extensions, and how many blocks the
    extension set aside."""
    config = load_config(str(RACINE / "mkdocs.yml"))
    extension = HtmlBrut()
    extension.actif = actif
    md = markdown.Markdown(extensions=[*config.markdown_extensions, extension],
                           extension_configs=config.mdx_configs)
    return md.convert(texte), extension.mis_de_cote


def test_every_generated_page_of_the_sample_converts_to_the_same_html(
        site_exemple: Path) -> None:
    pages = sorted((site_exemple / CACHE / "pages" / "interne").rglob("*.md"))
    assert len(pages) > 40
    mis_de_cote = 0
    for page in pages:
        texte = page.read_text(encoding="utf-8").split("---\n", 2)[2]
        attendu, _ = convertir(texte, actif=False)
        obtenu, nombre = convertir(texte, actif=True)
        assert obtenu == attendu, page
        mis_de_cote += nombre
    gains, nombre = convertir((site_exemple / CACHE / "pages" / "interne" / "gains" /
                               "index.md").read_text(encoding="utf-8"), actif=True)
    assert nombre >= gains.count('<table class="transfo-table')
    assert mis_de_cote > len(pages)


BLOC = '<div class="x"><table>\n<tr><td>**a**</td></tr>\n</table></div>'


@pytest.mark.parametrize(("texte", "mis_de_cote"), [
    (f"Avant.\n\n{BLOC}\n\nAprès.\n", 1),
    # Not set aside, left to Python-Markdown: the same HTML either way.
    (f"```html\n\n{BLOC}\n\n```\n\nFin.\n", 0),  # in a fenced code block
    (f"Avant.\n{BLOC}\n\nAprès.\n", 0),  # no blank line before it
    (f"{BLOC}\nAprès.\n\nFin.\n", 0),  # no blank line after it
    (f"Avant.\n\n{BLOC}", 1),  # at the very end (Python-Markdown adds blank lines)
    ('Avant.\n\n<div markdown="1">\n*a*\n</div>\n\nAprès.\n', 0),  # Markdown inside
    ("Avant.\n\n<div>a</div>\n<div>b</div>\n\nAprès.\n", 0),  # two blocks, no blank line
    ("Avant.\n\n<div>a</div> b\n\nAprès.\n", 0),  # text after its closing tag
    ("Avant.\n\n<div><!-- note --></div>\n\nAprès.\n", 0),  # a comment
    ("Avant.\n\n<span>a</span>\n\nAprès.\n", 0),  # an inline tag: a paragraph
    ("Avant.\n\n<div><div>a</div><div>b</div></div>\n\nAprès.\n", 1),  # nested
])
def test_a_block_is_set_aside_only_when_its_end_is_certain(texte: str,
                                                            mis_de_cote: int) -> None:
    attendu, _ = convertir(texte, actif=False)
    obtenu, nombre = convertir(texte, actif=True)
    assert (obtenu, nombre) == (attendu, mis_de_cote)


def test_a_hand_written_page_is_left_to_python_markdown() -> None:
    assert convertir(f"Avant.\n\n{BLOC}\n\nAprès.\n", actif=False)[1] == 0
