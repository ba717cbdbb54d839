"""Cycle detection reports the cycle's path and reads each edge once."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path

from tests.conftest import remplacer
from transfo.model.flux import trouver_cycle


class _Comptee(Sequence[str]):
    """A list of successors that counts how many of its items are read."""

    def __init__(self, items: list[str], lus: list[int]) -> None:
        self.items = items
        self.lus = lus

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        self.lus[0] += 1
        return self.items[i]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[str]:
        for item in self.items:
            self.lus[0] += 1
            yield item


def _graphe(aretes: Mapping[str, list[str]], lus: list[int]) -> dict[str, Sequence[str]]:
    return {n: _Comptee(v, lus) for n, v in aretes.items()}


def test_repeated_successors_are_read_once() -> None:
    repetitions = 3000
    lus = [0]
    aretes = {"A": ["B"] * repetitions + ["C"], "B": ["C"] * 50, "C": ["D"], "D": []}
    assert trouver_cycle(_graphe(aretes, lus)) is None
    assert lus[0] == sum(len(v) for v in aretes.values())  # each edge once, not once per visit


def test_cycle_path_behind_repeated_successors() -> None:
    lus = [0]
    aretes = {"E1": ["E2"], "E2": ["E3"] * 2000 + ["E4"], "E3": ["E1", "E4"], "E4": []}
    assert trouver_cycle(_graphe(aretes, lus)) == ["E1", "E2", "E3", "E1"]
    assert lus[0] <= sum(len(v) for v in aretes.values())


def test_long_chain_does_not_use_the_call_stack() -> None:
    n = 20_000
    aretes = {f"N{i}": [f"N{i + 1}"] for i in range(n)} | {f"N{n}": ["N5"]}
    cycle = trouver_cycle(aretes)
    assert cycle is not None and cycle[0] == "N5" and cycle[-1] == "N5"
    assert len(cycle) == n - 5 + 2


def test_validation_names_the_loop_on_the_step_that_closes_it(
        mini: Path, valider: Callable[[Path], list[str]]) -> None:
    suivantes = ", ".join(["E2"] * 400)
    remplacer(mini / "autonomie" / "P-SOL-APA.yml", "    part: 0.5\n",
              f"    part: 0.5\n    suivantes: [{suivantes}]\n")
    messages = valider(mini)
    assert [m for m in messages if "boucle" in m] == [
        "processes/autonomie/P-SOL-APA.yml:27:16: erreur : boucle dans les étapes de "
        "« existant » : E2 → E3 → E2 — une reprise se modélise par une étape suivie par une "
        "part des dossiers (champ « part »), pas par un retour en arrière"]
