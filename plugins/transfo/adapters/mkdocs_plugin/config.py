"""Options of the ``transfo`` mkdocs plugin (documented in the README)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class TransfoConfig(base.Config):
    modele = c.Type(str, default="processes")
    """Folder of the model's YAML files, relative to mkdocs.yml."""
    public = c.Type(bool, default=False)
    """Build the public site: leave out every ``visibilite: interne`` entity and text.
    The environment variable ``TRANSFO_PUBLIC=1`` (or ``0``) overrides it."""
    cache = c.Type(str, default=".cache/plugin/transfo")
    """Where rendered SVG diagrams and charts are kept, relative to mkdocs.yml."""
    document_complet = c.Type(bool, default=True)
    """Add the page « Document complet »: every page in one document, to print as PDF."""
    position_navigation = c.Type(int, default=1)
    """Where the generated sections go in ``nav``: after this many entries of mkdocs.yml."""
    ignorer = c.ListOfItems(c.Type(str), default=[])
    """Codes of the validation rules whose warnings are neither logged nor counted, as
    ``transfo validate --ignorer``; an unknown code, or an error's, stops the build."""
