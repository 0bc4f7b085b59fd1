"""Shared test world: the real clause library, the example answers, and answers builders."""

from pathlib import Path

import pytest
import yaml

from drafting.library.loader import get_library
from drafting.questionnaire.answers import parse_answers

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"

MINIMAL_ANSWERS = {
    "licensor": {"name": "Aberystwyth Speech Archive", "jurisdiction": "GB"},
    "licensee": {"name": "Example Models Ltd", "jurisdiction": "IE"},
    "dataset": {"name": "Welsh Voices", "version": "2.0"},
    "value": {"models": ["flat_fee"], "flat_fee": {"amount": "25000.00", "currency": "GBP"}},
}


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Run the browser tests last.

    Playwright's sync API keeps an event loop in the main thread for the rest of the
    session, after which Django refuses the database teardown of transactional tests.
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(autouse=True)
def render_cache_in_a_temporary_folder(settings, tmp_path_factory):
    """Keep rendered files of every test out of the project's own cache folder."""
    settings.RENDER_CACHE_DIR = tmp_path_factory.mktemp("rendered")


@pytest.fixture
def library():
    """The project's real clause library."""
    return get_library()


@pytest.fixture
def minimal_data():
    """A fresh copy of the smallest complete answers document (everything else defaulted)."""
    return yaml.safe_load(yaml.safe_dump(MINIMAL_ANSWERS))


@pytest.fixture
def minimal_answers(minimal_data):
    """The smallest complete answers, parsed."""
    return parse_answers(minimal_data)


def example_paths() -> list[Path]:
    """Every answers file in docs/examples/."""
    return sorted(p for p in EXAMPLES.glob("*.y*ml")) + sorted(EXAMPLES.glob("*.json"))
