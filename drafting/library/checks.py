"""Django system check: the clause library must be valid before the app serves a draft."""

from django.core import checks

from drafting.library.validation import validate_library


@checks.register("drafting")
def check_clause_library(app_configs: object = None, **kwargs: object) -> list[checks.CheckMessage]:
    """Report clause-library problems as ``drafting.E001``... errors and ``drafting.W001``."""
    messages: list[checks.CheckMessage] = []
    for problem in validate_library():
        kind = checks.Error if problem.is_error else checks.Warning
        messages.append(kind(f"{problem.where}: {problem.message}", id=f"drafting.{problem.code}"))
    return messages
