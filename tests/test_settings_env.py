"""Settings come from the environment, fail loudly on bad values, and pass check --deploy."""

import json
import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from drafting.env import env_bool, env_int, env_list, env_rates, env_str

ROOT = Path(__file__).resolve().parent.parent


def test_a_misspelt_boolean_stops_start_up(monkeypatch):
    monkeypatch.setenv("DJANGO_DEBUG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DJANGO_DEBUG='ture' is not a boolean"):
        env_bool("DJANGO_DEBUG", True)


def test_a_number_below_its_minimum_stops_start_up(monkeypatch):
    monkeypatch.setenv("DJANGO_MAX_BODY_BYTES", "12")
    with pytest.raises(ImproperlyConfigured, match="below the minimum"):
        env_int("DJANGO_MAX_BODY_BYTES", 1, minimum=1024)
    monkeypatch.setenv("DJANGO_MAX_BODY_BYTES", "lots")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("DJANGO_MAX_BODY_BYTES", 1)


def test_a_missing_required_variable_is_named(monkeypatch):
    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_SECRET_KEY"):
        env_str("DJANGO_SECRET_KEY")


def test_rate_limits_can_be_changed_and_a_typo_stops_start_up(monkeypatch):
    defaults = {"sign-in": (20, 600), "draft-new": (60, 3600)}
    monkeypatch.setenv("LICENSE_DRAFTER_RATE_LIMITS", "draft-new=200/3600")
    assert env_rates("LICENSE_DRAFTER_RATE_LIMITS", defaults) == {
        "sign-in": (20, 600),
        "draft-new": (200, 3600),
    }
    for wrong, message in (
        ("draft-news=1/60", "no limit called 'draft-news'"),
        ("draft-new=lots", "not limit=count/seconds"),
        ("draft-new=0/60", "1 or more"),
    ):
        monkeypatch.setenv("LICENSE_DRAFTER_RATE_LIMITS", wrong)
        with pytest.raises(ImproperlyConfigured, match=message):
            env_rates("LICENSE_DRAFTER_RATE_LIMITS", defaults)


def test_the_shared_cache_is_the_database_unless_redis_is_named(tmp_path):
    default = json.loads(_settings_in(tmp_path)["out"])
    assert default["cache"] == "django.core.cache.backends.db.DatabaseCache"
    redis = _settings_in(tmp_path, LICENSE_DRAFTER_REDIS_URL="redis://127.0.0.1:6379/0")
    assert json.loads(redis["out"])["cache"] == "django.core.cache.backends.redis.RedisCache"


def test_lists_split_on_commas(monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOWED_HOSTS", "a.example, b.example,,")
    assert env_list("DJANGO_ALLOWED_HOSTS", []) == ["a.example", "b.example"]


def _manage(*args, **env):
    environment = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_check():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="drafter.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**environment, "DJANGO_DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def _settings_in(data_dir: Path, **env) -> dict:
    """DEBUG, SECRET_KEY and the cache of a fresh process with only ``env`` set."""
    environment = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "LICENSE_DRAFTER_"))
    }
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "print(json.dumps({'debug': settings.DEBUG, 'key': settings.SECRET_KEY, "
        "'cache': settings.CACHES['default']['BACKEND']}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **environment,
            "DJANGO_SETTINGS_MODULE": "drafting.settings",
            "LICENSE_DRAFTER_DATA_DIR": str(data_dir),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    return {"returncode": result.returncode, "stderr": result.stderr, "out": result.stdout}


def test_a_fresh_checkout_runs_without_debug_and_keeps_its_own_secret_key(tmp_path):
    first = _settings_in(tmp_path)
    assert first["returncode"] == 0, first["stderr"]
    settings = json.loads(first["out"])
    assert settings["debug"] is False
    key_file = tmp_path / "secret_key"
    assert key_file.read_text(encoding="ascii").strip() == settings["key"]
    assert len(settings["key"]) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    again = json.loads(_settings_in(tmp_path)["out"])
    assert again["key"] == settings["key"]  # sessions survive a restart
    elsewhere = json.loads(_settings_in(tmp_path / "other")["out"])
    assert elsewhere["key"] != settings["key"]  # no key shared between installations


def test_debug_is_on_only_when_asked_for(tmp_path):
    result = _settings_in(tmp_path, DJANGO_DEBUG="1")
    assert json.loads(result["out"])["debug"] is True


def test_a_server_with_host_names_refuses_to_start_without_a_secret_key(tmp_path):
    result = _settings_in(tmp_path, DJANGO_ALLOWED_HOSTS="drafter.example.org")
    assert result["returncode"] != 0
    assert "DJANGO_SECRET_KEY" in result["stderr"]
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.django_db
def test_local_development_serves_static_files_without_debug(client, settings):
    assert settings.DEBUG is False
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
