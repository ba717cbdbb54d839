"""Model files are regular files with plain names, read where they stand: no link followed,
no special file opened, no name that could carry markup into a page or a CI annotation."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import MINI, lancer, valider_depuis_parent
from tests.outils_lecture import fichiers_ouverts
from tests.outils_site import construire, copier_projet
from transfo.load.yaml_loader import LoadError, load_file
from transfo.render.urls import chemin_edition

SECRET = "JETON_API=s3cr3t-ne-pas-afficher\n"


def _secret(tmp_path: Path) -> Path:
    dehors = tmp_path / "dehors"
    dehors.mkdir()
    (dehors / "secret.txt").write_text(SECRET, encoding="utf-8")
    return dehors / "secret.txt"


def test_link_to_a_file_outside_is_refused_unread(mini: Path, tmp_path: Path) -> None:
    secret = _secret(tmp_path)
    lien = mini / "autonomie" / "P-SOL-LIEN.yml"
    os.symlink(secret, lien)
    with fichiers_ouverts() as ouverts:
        problemes = valider_depuis_parent(mini).problemes
    assert [p.format() for p in problemes] == [
        "processes/autonomie/P-SOL-LIEN.yml:1:1: erreur : lien symbolique refusé dans le "
        "dossier du modèle : il n'est pas lu — remplacez-le par un vrai fichier YAML (ou un "
        "vrai dossier) : un fichier du modèle est toujours un fichier ordinaire sous "
        "processes/"]
    # The spy sees the model's files being read, and neither the link nor what it points to.
    assert str(mini / "autonomie" / "P-SOL-APA.yml") in ouverts
    assert str(lien) not in ouverts and str(secret) not in ouverts, ouverts


def test_link_to_a_folder_is_refused_and_its_files_not_read(
        mini: Path, tmp_path: Path, valider: Callable[[Path], list[str]]) -> None:
    ailleurs = tmp_path / "ailleurs"
    shutil.copytree(mini / "autonomie", ailleurs)
    (ailleurs / "P-SOL-APA.yml").write_text("id: [cassé", encoding="utf-8")
    os.symlink(ailleurs, mini / "partage", target_is_directory=True)
    with fichiers_ouverts() as ouverts:
        messages = valider(mini)
    assert not [o for o in ouverts if o.startswith((str(ailleurs), str(mini / "partage")))]
    assert [m for m in messages if "partage" in m] == [
        "processes/partage:1:1: erreur : lien symbolique refusé dans le dossier du modèle : il "
        "n'est pas lu — remplacez-le par un vrai fichier YAML (ou un vrai dossier) : un fichier "
        "du modèle est toujours un fichier ordinaire sous processes/"]
    assert not any("cassé" in m or "id-double" in m for m in messages)


def test_special_file_is_refused_without_blocking(mini: Path) -> None:
    os.mkfifo(mini / "autonomie" / "P-SOL-TUBE.yml")
    r = lancer("validate", cwd=mini.parent, timeout=30)
    assert r.returncode == 1
    assert ("processes/autonomie/P-SOL-TUBE.yml:1:1: erreur : fichier spécial (ni fichier "
            "ordinaire ni dossier) refusé") in r.stdout, r.stdout


def test_loader_itself_never_follows_a_link(tmp_path: Path) -> None:
    lien = tmp_path / "modele.yml"
    os.symlink(_secret(tmp_path), lien)
    with pytest.raises(LoadError) as exc:
        load_file(lien, "modele.yml")
    assert exc.value.probleme.format().startswith("modele.yml:1:1: erreur : lien symbolique")
    assert "s3cr3t" not in exc.value.probleme.format()


@pytest.mark.parametrize("nom", [
    'famille"><svg onload=alert(document.domain)>',
    "retour\nà la ligne",
    "avec espace",
    "pour%cent",
    "-tiret-devant",
])
def test_unsafe_folder_name_is_refused_once_with_a_hint(
        mini: Path, nom: str, valider: Callable[[Path], list[str]]) -> None:
    (mini / "autonomie").rename(mini / nom)
    messages = valider(mini)
    refus = [m for m in messages if "nom de dossier refusé" in m]
    assert len(refus) == 1, messages
    assert "\n" not in refus[0] and "renommez-le avec des lettres" in refus[0]
    assert refus[0].startswith("processes/")


def test_unsafe_file_name_is_refused(mini: Path, valider: Callable[[Path], list[str]]) -> None:
    (mini / "autonomie" / "P-SOL-APA.yml").rename(mini / "autonomie" / "P-SOL-APA'.yml")
    assert any("nom de fichier refusé : « P-SOL-APA'.yml »" in m for m in valider(mini))


def test_accented_names_stay_accepted(mini: Path, valider: Callable[[Path], list[str]]) -> None:
    (mini / "autonomie").rename(mini / "solidarités_2.0")
    assert valider(mini) == []


def test_edit_path_is_percent_encoded_where_it_is_built(tmp_path: Path) -> None:
    docs = tmp_path / "content"
    chemin = chemin_edition(tmp_path / "processes" / 'x"><img src=y onerror=z>' / "P A.yml", docs)
    assert chemin == "../processes/x%22%3E%3Cimg%20src%3Dy%20onerror%3Dz%3E/P%20A.yml"


class _Attributs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.balises: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.balises.append((tag, dict(attrs)))


def test_built_edit_link_is_one_encoded_attribute(tmp_path: Path) -> None:
    projet = copier_projet(tmp_path / "projet", MINI)
    (projet / "processes" / "autonomie").rename(projet / "processes" / "solidarités_2.0")
    r = construire(projet)
    assert r.returncode == 0, r.stderr[-2000:]
    analyse = _Attributs()
    analyse.feed((projet / "site" / "processus" / "P-SOL-APA" / "index.html").read_text("utf-8"))
    edition = [a for t, a in analyse.balises if t == "a" and a.get("rel") == "edit"]
    assert len(edition) == 1
    assert str(edition[0]["href"]).endswith("/content/../processes/solidarit%C3%A9s_2.0/"
                                            "P-SOL-APA.yml")
    assert set(edition[0]) == {"href", "title", "class", "rel"}


def test_build_with_a_hostile_folder_name_stops_in_french(tmp_path: Path) -> None:
    projet = copier_projet(tmp_path / "projet", MINI)
    (projet / "processes" / "autonomie").rename(
        projet / "processes" / 'auto"><img src=x onerror=alert(7)>')
    r = construire(projet)
    assert r.returncode != 0 and "Traceback" not in r.stderr
    assert "nom de dossier refusé : « auto\"><img src=x onerror=alert(7)> »" in r.stderr
    assert not (projet / "site" / "processus" / "P-SOL-APA").exists()
