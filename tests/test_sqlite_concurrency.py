"""The default SQLite set-up holds a few concurrent editors: WAL, immediate transactions and a
busy timeout, so a second writer waits for the first instead of failing "database is locked".

Each test runs in a fresh process on a SQLite file (the test database is in memory, where WAL
does not apply), whichever database the rest of the suite uses.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Two editors each read, then write, in one transaction, interleaved so that both have read
# before either writes: the pattern of a wizard save (read the draft, write the revision).
# Without immediate transactions the second writer fails at once; with them it waits.
INTERLEAVED = """
import json, threading, django
django.setup()
from django.db import connection, transaction

with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE saves (editor TEXT)")
    mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
    busy = cursor.execute("PRAGMA busy_timeout").fetchone()[0]
first_read, second_read = threading.Event(), threading.Event()
errors = []

def editor(name, before_read, after_read):
    try:
        before_read and before_read.wait(5)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM saves")
                after_read.set()
                (second_read if after_read is first_read else first_read).wait(0.5)
                cursor.execute("INSERT INTO saves VALUES (%s)", [name])
    except Exception as error:
        errors.append(str(error))
    finally:
        connection.close()

threads = [
    threading.Thread(target=editor, args=("a", None, first_read)),
    threading.Thread(target=editor, args=("b", first_read, second_read)),
]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with connection.cursor() as cursor:
    saved = cursor.execute("SELECT count(*) FROM saves").fetchone()[0]
print(json.dumps({"mode": mode, "busy_ms": busy, "errors": errors, "saved": saved}))
"""


def _run(tmp_path: Path) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-c", INTERLEAVED],
        cwd=ROOT,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "drafting.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'editors.sqlite3'}",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_two_editors_saving_at_once_both_succeed_on_sqlite(tmp_path):
    outcome = _run(tmp_path)
    assert outcome["errors"] == []  # today's code: ["database is locked"]
    assert outcome["saved"] == 2
    assert outcome["mode"] == "wal"
    assert outcome["busy_ms"] == 20_000  # LICENSE_DRAFTER_SQLITE_TIMEOUT_SECONDS' default
