"""Environment-variable helpers for settings: each one fails loudly on a bad value.

Every helper raises ``ImproperlyConfigured`` naming the variable and the value it could not
read, so a typo in a deployment's environment stops the process at start-up instead of
running with a silently different configuration.
"""

import os
import secrets
import tempfile
from contextlib import suppress
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str | None = None) -> str:
    """Return the variable ``name`` as a string.

    Raises ``ImproperlyConfigured`` when it is unset and ``default`` is None.
    """
    value = os.environ.get(name)
    if value is None:
        if default is None:
            raise ImproperlyConfigured(f"Set the environment variable {name}.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    """Return the variable ``name`` read as a boolean (1/0, true/false, yes/no, on/off).

    Raises ``ImproperlyConfigured`` for any other spelling.
    """
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false).")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """Return the variable ``name`` as an integer of at least ``minimum``.

    Raises ``ImproperlyConfigured`` when it is not a whole number or is below ``minimum``.
    """
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    """Return the variable ``name`` split on commas, blanks dropped."""
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def local_secret_key(path: Path) -> str:
    """Return the secret key kept in the file ``path``, made on first use (local development).

    A new key is 50 random URL-safe bytes, written to a temporary file of mode 0600 beside
    ``path`` and linked into place, so that two processes starting at once (the development
    server and its reloader) both end up with the key that won. Raises ``ImproperlyConfigured``
    when the folder cannot be written or the file holds no key.
    """
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")  # mode 0600
        try:
            with os.fdopen(handle, "w", encoding="ascii") as file:
                file.write(secrets.token_urlsafe(50) + "\n")
            with suppress(FileExistsError):  # another process made it first: use theirs
                os.link(temporary, path)
        finally:
            os.unlink(temporary)
        return _read_key(path)
    except OSError as error:
        raise ImproperlyConfigured(
            f"Cannot keep a secret key in {path} ({error.strerror}); "
            "set DJANGO_SECRET_KEY or LICENSE_DRAFTER_DATA_DIR."
        ) from error


def _read_key(path: Path) -> str:
    key = path.read_text(encoding="ascii").strip()
    if not key:
        raise ImproperlyConfigured(f"{path} is empty: delete it to have a new key made.")
    return key


def env_rates(name: str, default: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Return ``default`` (``{limit name: (count, seconds)}``) with the limits the variable
    ``name`` sets, written ``limit=count/seconds`` and separated by commas
    (``draft-new=100/3600,sign-in=10/600``).

    Raises ``ImproperlyConfigured`` for a limit name not in ``default``, a malformed entry or
    a count or window below 1.
    """
    limits = dict(default)
    for entry in env_list(name, []):
        limit, _, rate = entry.partition("=")
        count, _, seconds = rate.partition("/")
        limit = limit.strip()
        if limit not in default:
            known = ", ".join(sorted(default))
            raise ImproperlyConfigured(f"{name}: no limit called {limit!r} (known: {known}).")
        try:
            pair = (int(count), int(seconds))
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {entry!r} is not limit=count/seconds.") from None
        if min(pair) < 1:
            raise ImproperlyConfigured(f"{name}: {entry!r} needs a count and seconds of 1 or more.")
        limits[limit] = pair
    return limits
