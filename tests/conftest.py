"""Fixtures shared by several test modules."""
from pathlib import Path

import pytest

import kg

FIRST_ARTICLE = Path(__file__).resolve().parents[1] / "data" / "articles" / "jiaozuo-daily-2017-01-12-p03.txt"


@pytest.fixture(scope="session")
def first_built(tmp_path_factory):
    """The first article built once for the session (no HTML page)."""
    out = tmp_path_factory.mktemp("first-article") / "out"
    kg.build([FIRST_ARTICLE], out, html=False)
    return out


@pytest.fixture(scope="session")
def first_graph(first_built):
    """The first article's graph, loaded once for the session."""
    return kg.load(first_built)
