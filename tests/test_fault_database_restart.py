"""Faults: PostgreSQL restarting between two wizard steps loses no submitted answer.

Runs in CI's PostgreSQL pass (``.ci/run`` runs the suite again with ``DATABASE_URL`` set);
on SQLite there is no server to restart, so it is skipped with that reason.
"""

import shutil
import subprocess
import time

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from drafting.drafts.steps import stored_values
from tests.wizard_support import SCENARIO, new_draft, submit

pytestmark = pytest.mark.django_db(transaction=True)


def _restart_postgresql() -> None:
    version = connection.cursor().connection.info.server_version // 10000
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", str(version), "main", "restart"],
        check=True,
        timeout=120,
    )
    for _ in range(60):
        if subprocess.run(["pg_isready", "-q"], check=False).returncode == 0:
            return
        time.sleep(0.5)
    raise AssertionError("PostgreSQL did not come back within 30 s")


@pytest.fixture(params=[0, 600], ids=["new connection per request", "persistent connection"])
def conn_max_age(request):
    """Run with Django's per-request connections and with production's persistent ones
    (``DJANGO_CONN_MAX_AGE``, health-checked before each request reuses them)."""
    saved = dict(connection.settings_dict)
    connection.settings_dict["CONN_MAX_AGE"] = request.param
    connection.settings_dict["CONN_HEALTH_CHECKS"] = True
    connection.close()  # the next connection opens with these settings
    yield request.param
    connection.settings_dict.update(saved)
    connection.close()


def test_a_database_restart_between_two_steps_loses_no_submitted_answer(conn_max_age):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (runs in CI's PostgreSQL pass)")
    if shutil.which("pg_ctlcluster") is None:
        pytest.fail("pg_ctlcluster is missing: cannot restart the database server")
    draft, access = new_draft()
    client = Client()
    assert submit(client, access, "parties", SCENARIO["parties"]).status_code == 302

    _restart_postgresql()
    # What Django's request handler does at the start of every request, which the test
    # client leaves out: drop a connection past its CONN_MAX_AGE, and mark a persistent one
    # for a health check before its first query (it fails it, and Django reconnects).
    close_old_connections()
    assert submit(client, access, "rights", SCENARIO["rights"]).status_code == 302
    draft.refresh_from_db()
    stored = stored_values(draft.answers)
    for key, value in {**SCENARIO["parties"], **SCENARIO["rights"]}.items():
        if isinstance(value, list):  # choices are stored in the questionnaire's order
            assert sorted(stored[key]) == sorted(value), key
        else:
            assert stored[key] == value, key
    assert draft.revisions.count() == 3  # created, parties, rights
