"""Checks of the synthesis note (``synthese.yml``): what each key message rests on, the
chantiers of the priorities and decisions, and the dates of the decisions.

The shape of the file (a decision without date, an unknown body) is checked by the schema;
this module checks what needs the rest of the audit."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from transfo.model.audit import Audit
from transfo.model.entities import SECTIONS_APPUI
from transfo.problems import Gravite, Probleme
from transfo.validate.references import Lacunes
from transfo.validate.schema_errors import Suggesteur

GENRES_APPUI = ("chantier", "processus", "gain", "macroprocessus")
"""The kinds of entity a key message may rest on, besides the site's sections."""


def _date_fr(jour: object) -> str:
    return jour.strftime("%d/%m/%Y") if hasattr(jour, "strftime") else str(jour)


def check(audit: Audit, lacunes: Lacunes | None = None) -> Iterator[Probleme]:
    """The synthesis note's references and dates. An id that a file which could not be read
    may define is not reported: that file's own error is the cause (``lacunes``)."""
    synthese, source = audit.synthese, audit.source_synthese
    lacunes = lacunes or Lacunes()

    def illisible(ident: str, genres: Iterable[str]) -> bool:
        return any(lacunes.illisible_pour(ident, g) is not None for g in genres)

    if synthese is None or source is None:
        return
    tables = dict(audit.tables())
    appuis_possibles = {i for g in GENRES_APPUI for i in tables[g]} | set(SECTIONS_APPUI)
    appuis = Suggesteur(appuis_possibles | {i for i in audit.ids_invalides})
    chantiers = Suggesteur(set(audit.chantiers) | {
        i for i in audit.ids_invalides if i.startswith("C-")})
    for i, message in enumerate(synthese.messages_cles):
        for j, appui in enumerate(message.appuis):
            if appui in appuis_possibles or appui in audit.ids_invalides \
                    or illisible(appui, GENRES_APPUI):
                continue
            genre = audit.genre(appui)
            if genre is not None:
                texte = f"« {appui} » ({genre}) ne peut pas étayer un message clé"
            else:
                texte = f"appui inconnu « {appui} »"
            yield Probleme(
                source.position("messages_cles", i, "appuis", j), texte,
                appuis.suggestion(appui) or "un appui est l'identifiant d'un chantier, d'un "
                "processus, d'un gain ou d'un macroprocessus, ou une section du site : "
                + ", ".join(SECTIONS_APPUI),
                code="reference",
            )
    listes: tuple[tuple[str, list[list[str]]], ...] = (
        ("priorites", [p.chantiers for p in synthese.priorites]),
        ("decisions", [d.chantiers for d in synthese.decisions]),
    )
    for liste, elements in listes:
        for i, idents in enumerate(elements):
            for j, ident in enumerate(idents):
                if ident in audit.chantiers or ident in audit.ids_invalides \
                        or illisible(ident, ("chantier",)):
                    continue
                yield Probleme(
                    source.position(liste, i, "chantiers", j), f"chantier inconnu « {ident} »",
                    chantiers.suggestion(ident) or "aucun chantier ne porte cet identifiant",
                    code="reference",
                )
    situation = audit.referentiel.date_situation if audit.referentiel else None
    if situation is None:
        return
    for i, decision in enumerate(synthese.decisions):
        if decision.date < situation:
            yield Probleme(
                source.position("decisions", i, "date"),
                f"décision attendue le {_date_fr(decision.date)}, avant la date de l'état des "
                f"lieux ({_date_fr(situation)})",
                "une décision attendue est à venir : corrigez sa date, ou retirez-la de la "
                "note si elle est déjà prise",
                gravite=Gravite.AVERTISSEMENT,
                code="synthese",
            )
