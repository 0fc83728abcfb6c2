"""No archive we publish under CC BY carries the publishers' texts (raw/texts/): not the
source archive git and GitHub make of the repository, not the sdist, not the wheel. The
repository keeps them, for the build to check every quote."""

import io
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import PurePosixPath

import pytest

from .conftest import ROOT, require


@pytest.fixture(scope="module")
def raw_texts(table_rows) -> set[str]:
    """The raw texts' paths, from the sources table; each is in the repository."""
    paths = {row["raw_path"] for row in table_rows["sources"]}
    assert paths and all((ROOT / path).is_file() and path.startswith("raw/texts/") for path in paths)
    return paths


def carries_texts(names: list[str], texts: set[str]) -> list[str]:
    """The names that are a raw text or lie under raw/texts (with any leading folder)."""
    stems = {PurePosixPath(path).name for path in texts}
    return [name for name in names if "raw/texts" in name or PurePosixPath(name).name in stems]


def test_git_archive_of_the_repository_leaves_the_texts_out(raw_texts):
    git = shutil.which("git")
    require(git and (ROOT / ".git").exists(), "not a git checkout (git archive needs one)")
    tracked = subprocess.run([git, "ls-files", "raw/texts"], cwd=ROOT, capture_output=True, text=True, check=True)
    assert set(tracked.stdout.split()) >= raw_texts  # kept in the repository
    archive = subprocess.run([git, "archive", "--format=tar", "HEAD"], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        names = tar.getnames()
    assert "raw/annotations/README.md" in names and "mechelen_data/data/events.csv" in names
    assert carries_texts(names, raw_texts) == []


def test_the_sdist_and_the_wheel_leave_the_texts_out(tmp_path, raw_texts, package_descriptor):
    built = subprocess.run([sys.executable, "-m", "hatchling", "build", "-d", str(tmp_path)], cwd=ROOT,
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    (sdist,), (wheel,) = tmp_path.glob("*.tar.gz"), tmp_path.glob("*.whl")
    with tarfile.open(sdist) as tar:
        in_sdist = tar.getnames()
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = archive.namelist()
    for names in (in_sdist, in_wheel):
        assert all(any(name.endswith("mechelen_data/" + r["path"]) for name in names)
                   for r in package_descriptor["resources"])  # the data is in it
        assert carries_texts(names, raw_texts) == [] and not any("/raw/" in f"/{name}" for name in names)
