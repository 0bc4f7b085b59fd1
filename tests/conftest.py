"""Shared test world: the real clause library, the example answers, and answers builders."""

from pathlib import Path

import pytest
import yaml

from drafting.library.loader import get_library
from drafting.questionnaire.answers import parse_answers

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"

# The rights check has no pre-selected answers (a wrong guess would expose the licensor), so
# every complete answers set states them; these are the answers the questions once defaulted to.
RIGHTS_ANSWERS = {"origin": "created_by_licensor", "personal_data": "none", "contributors": "none"}
# The same answers as flat ``{key: value}`` entries, as the wizard and nest() take them.
RIGHTS_FLAT = {f"rights.{name}": value for name, value in RIGHTS_ANSWERS.items()}

MINIMAL_ANSWERS = {
    "licensor": {"name": "Aberystwyth Speech Archive", "jurisdiction": "GB"},
    "licensee": {"name": "Example Models Ltd", "jurisdiction": "IE"},
    "dataset": {"name": "Welsh Voices", "version": "2.0"},
    "rights": dict(RIGHTS_ANSWERS),
    "value": {"models": ["flat_fee"], "flat_fee": {"amount": "25000.00", "currency": "GBP"}},
}


# Fixtures that give a test the database: such a test is marked ``database``.
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback"}
)


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    """Mark the tests that use the database ``database`` and keep the browser tests in one
    pytest-xdist group (one worker, one browser, with ``--dist loadgroup``), before ``-m``
    selects; after the other plugins, run the browser tests last.

    Playwright's sync API keeps an event loop in the main thread for the rest of the
    session, after which Django refuses the database teardown of transactional tests.
    """
    for item in items:
        uses_db = DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") or uses_db:
            item.add_marker(pytest.mark.database)
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.xdist_group("browser"))
    result = yield
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
    return result


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
