"""L'audit de transformation en code : charger, valider, analyser et publier un modèle YAML."""

from __future__ import annotations

__version__ = "0.1.0"
