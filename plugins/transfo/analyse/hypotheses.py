"""What the client must check: every parameter and every gain whose source is missing, marked
illustrative or « à confirmer » (the tool's own defaults say « à confirmer »)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from transfo.analyse.valeur import Analyse
from transfo.constants import GENRES_PARTENAIRE
from transfo.formats import euros, montant, nombre, pourcent
from transfo.model.audit import Audit


@dataclass(frozen=True)
class HypotheseAConfirmer:
    genre: str
    """« paramètre », « gain » or « coût évité »."""
    ident: str
    """The entity it belongs to (``parametres`` for the référentiel)."""
    libelle: str
    valeur: str
    source: str
    raison: str
    montant: float = 0.0
    """Euros per year that rest on it (a gain at full charge, an avoided cost), for sorting
    and totals; 0 for a parameter or a qualitative gain."""


@dataclass(frozen=True)
class Enjeu:
    """How much of the yearly value rests on unconfirmed sources."""

    a_confirmer: float
    total: float

    @property
    def part(self) -> float:
        return min(1.0, self.a_confirmer / self.total) if self.total else 0.0


def enjeu(hypotheses: list[HypotheseAConfirmer], audit: Audit, analyse: Analyse) -> Enjeu:
    """Yearly euros of gains (full charge) and avoided costs that rest on an unconfirmed
    source, against all of them."""
    total = sum(g.annuel_plein for g in analyse.gains.values())
    total += sum(c.montant_annuel for ch in audit.chantiers.values()
                 for c in ch.couts_evites)
    return Enjeu(sum(h.montant for h in hypotheses if h.genre != "paramètre"), total)


def _sans_accent(texte: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", texte.lower())
                   if unicodedata.category(c) != "Mn")


def raison(source: str | None) -> str | None:
    """Why a source is not enough, or None when it is."""
    if source is None or not source.strip():
        return "source manquante"
    texte = _sans_accent(source)
    if "a confirmer" in texte:
        return "à confirmer"
    if "illustratif" in texte or "illustrative" in texte:
        return "illustratif"
    return None


def hypotheses_a_confirmer(audit: Audit, analyse: Analyse | None = None
                           ) -> list[HypotheseAConfirmer]:
    """Parameters in the référentiel's order; gains, then avoided costs, the largest yearly
    amount first (what rests most on an unconfirmed source comes first)."""
    sortie: list[HypotheseAConfirmer] = []
    if audit.referentiel is not None:
        p = audit.referentiel.parametres
        taux = p.taux_actualisation
        heure = p.valeur_heure_usager
        inc = p.incertitude
        parametres = [
            ("Année de référence t₀", str(p.annee_reference.valeur), p.annee_reference.source),
            ("Horizon d'exploitation (années)", str(p.horizon_annees.valeur),
             p.horizon_annees.source),
            ("Taux d'actualisation", pourcent(taux.taux, 2), taux.source),
            ("Heures par ETP", f"{nombre(p.heures_par_etp.valeur)} h", p.heures_par_etp.source),
            *[(f"Coût d'un ETP de catégorie {c}", euros(getattr(p.cout_etp, c).valeur),
               getattr(p.cout_etp, c).source) for c in "ABC"],
            *[(f"Valeur d'une heure ({g})", euros(getattr(heure, g).valeur),
               getattr(heure, g).source)
              for g in ("particulier", "professionnel", "entreprise")],
            *[(f"Valeur d'une heure de partenaire ({libelle})",
               montant(getattr(p.valeur_heure_partenaire, g).valeur),
               getattr(p.valeur_heure_partenaire, g).source)
              for g, libelle in GENRES_PARTENAIRE.items()],
            ("Dépassement des coûts (cas pessimiste : faible / moyenne / forte confiance)",
             " / ".join(pourcent(getattr(inc.depassement_couts, n).pessimiste, 0)
                        for n in ("faible", "moyenne", "forte")),
             inc.depassement_couts.source),
            ("Retard de mise en service (pessimiste / optimiste)",
             f"{inc.retard_mois.pessimiste} / {inc.retard_mois.optimiste} mois",
             inc.retard_mois.source),
            ("Grilles de notation MAREVA", "convention de l'outil", p.conventions.source),
        ]
        for libelle, valeur, source in parametres:
            motif = raison(source)
            if motif:
                sortie.append(HypotheseAConfirmer("paramètre", "parametres", libelle, valeur,
                                                  source, motif))
    gains: list[HypotheseAConfirmer] = []
    for gid, gain in audit.gains.items():
        motif = raison(gain.source)
        if motif:
            annuel = analyse.gains[gid].annuel_plein if analyse and gid in analyse.gains else 0.0
            valeur = f"{euros(annuel)} par an" if annuel else (
                "qualitatif" if gain.nature == "qualitatif" else "")
            gains.append(HypotheseAConfirmer("gain", gid, gain.libelle, valeur, gain.source,
                                             motif, annuel))
    couts: list[HypotheseAConfirmer] = []
    for cid, chantier in audit.chantiers.items():
        for cout in chantier.couts_evites:
            motif = raison(cout.source)
            if motif:
                couts.append(HypotheseAConfirmer(
                    "coût évité", cid, cout.libelle, f"{euros(cout.montant_annuel)} par an",
                    cout.source or "", motif, cout.montant_annuel))
    for liste in (gains, couts):
        sortie.extend(sorted(liste, key=lambda h: (-h.montant, h.ident)))
    return sortie
