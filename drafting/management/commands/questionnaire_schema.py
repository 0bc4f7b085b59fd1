"""``python manage.py questionnaire_schema``: print the answers document's JSON Schema."""

import json

from django.core.management.base import BaseCommand

from drafting.questionnaire.schema import answers_schema


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Print the JSON Schema of the answers document (the format render_draft reads)."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(answers_schema(), indent=2, ensure_ascii=False))
