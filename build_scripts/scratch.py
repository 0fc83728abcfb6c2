"""A scratch copy of what the build reads and writes, so that tests and benchmarks can
run the build without touching the working tree."""

import shutil
from pathlib import Path

from .annotations import ROOT

# Everything `python -m build_scripts` reads or writes, relative to the repository root.
BUILD_FILES = [
    "build_scripts", "mechelen_data", "raw", "docs", "tests/releases",
    "datapackage.json", "CITATION.cff", "CHANGELOG.md", "pyproject.toml", "README.md", ".zenodo.json",
]


def copy_repository(target: Path) -> Path:
    """Copy the build's inputs and outputs into `target` (an empty folder) and return it."""
    for name in BUILD_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy(source, target / name)
    return target
