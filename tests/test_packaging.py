"""The distribution installs under its own name, with its licence and citation in step with the code."""

from __future__ import annotations

import tomllib
from pathlib import Path

import parley

ROOT = Path(__file__).resolve().parents[1]


def test_packaging_distribution_name_is_not_the_unrelated_pypi_parley():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["name"] == "parley-events"
    assert project["scripts"]["parley"] == "parley.cli:main"


def test_packaging_citation_and_licence_match_the_code():
    citation = (ROOT / "CITATION.cff").read_text("utf-8")
    assert f'version: "{parley.__version__}"' in citation
    assert "license: MIT" in citation
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License")


def test_packaging_readme_install_lines_name_the_distribution():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "python -m pip install ." in readme and "parley-events" in readme
    assert "pip install 'parley[" not in readme  # the old name would fetch the unrelated package
