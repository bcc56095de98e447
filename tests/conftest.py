"""Shared fixtures. Tests run the real pipeline (the spaCy model installed by `make setup`)
on sentences written for these tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from eventwire.config import load_config
from eventwire.core import Extractor, get_extractor
from eventwire.schema import ArticleRecord

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CONTRACT_CHECKER = SHARED / "tools" / "check_contract.py"


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return get_extractor(load_config())


@pytest.fixture(scope="session")
def run_extract(extractor: Extractor):
    from eventwire.core import extract

    def _run(text: str, published: str | None = "2024-03-15") -> ArticleRecord:
        return extract(text, published=published)

    return _run


@pytest.fixture()
def cli_env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    return env


def eventwire_cmd() -> list[str]:
    return [sys.executable, "-m", "eventwire.cli"]
