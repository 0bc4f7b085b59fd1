"""``migrate`` on a fresh database makes the shared cache's table, so the README's start
command works without ``createcachetable``, and migrating back removes it."""

import importlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _before_cache_table() -> str:
    """The name of the migration the cache table's migration follows."""
    (path,) = (ROOT / "drafting" / "migrations").glob("*_cache_table.py")
    module = importlib.import_module(f"drafting.migrations.{path.stem}")
    ((_app, name),) = module.Migration.dependencies
    return name


def _manage(tmp_path: Path, *args: str) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE"))}
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**environment, "LICENSE_DRAFTER_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _tables(path: Path) -> set[str]:
    with sqlite3.connect(path) as database:
        rows = database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        return {name for (name,) in rows}


def test_migrate_makes_the_cache_table_and_migrating_back_drops_it(tmp_path):
    _manage(tmp_path, "migrate", "--noinput")
    assert "license_drafter_cache" in _tables(tmp_path / "db.sqlite3")
    _manage(tmp_path, "migrate", "drafting", _before_cache_table(), "--noinput")
    assert "license_drafter_cache" not in _tables(tmp_path / "db.sqlite3")
