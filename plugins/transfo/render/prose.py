"""Consultants' prose fields: Markdown rendered per field, sanitized, then set in French
typography (:mod:`typographie`).

No raw HTML from YAML reaches a page: nh3 keeps a short list of harmless tags, drops every
attribute but ``href``/``title``, and every URL scheme but http, https and mailto.
"""

from __future__ import annotations

from functools import lru_cache

import markdown
import nh3
from markupsafe import Markup

from transfo.typographie import html as typographie_html

BALISES = {
    "p", "br", "ul", "ol", "li", "strong", "em", "code", "pre", "blockquote", "a", "table",
    "thead", "tbody", "tr", "th", "td", "h4", "h5", "h6", "hr", "abbr", "sup", "sub",
}
ATTRIBUTS = {"a": {"href", "title"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}


@lru_cache(maxsize=8192)
def _rendre(texte: str) -> str:
    html = markdown.markdown(texte, extensions=["tables", "sane_lists"], output_format="html")
    return typographie_html(nh3.clean(
        html,
        tags=BALISES,
        attributes=ATTRIBUTS,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ))


def prose_html(texte: str | None) -> Markup:
    """Safe HTML for a prose field; empty for an empty or missing text."""
    if not texte or not texte.strip():
        return Markup("")
    # Curly braces are shown as typed even if the page is ever read as a template.
    sur = _rendre(texte).replace("{", "&#123;").replace("}", "&#125;")
    return Markup(sur)
