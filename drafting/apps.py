"""The Django app: registers the clause-library system check."""

from django.apps import AppConfig


class DraftingConfig(AppConfig):
    """License Drafter's one Django app."""

    name = "drafting"
    verbose_name = "License Drafter"

    def ready(self) -> None:
        from drafting.library import checks  # noqa: F401  (registers the system check)
