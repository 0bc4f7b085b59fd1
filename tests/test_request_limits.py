"""Limits on input: oversized requests and answers are refused with a clear message."""

import pytest
from django.test import Client

from tests.wizard_support import form_data, new_draft, step_url

pytestmark = pytest.mark.django_db


def test_a_request_body_over_the_limit_is_refused_with_the_limits_named(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    draft, access = new_draft()
    data = form_data(draft, "parties", {"licensor.name": "x" * 20_000})
    response = Client().post(step_url(access, "parties"), data)
    assert response.status_code == 400
    assert "could not be accepted" in response.content.decode()
    assert "9.8\xa0KB" in response.content.decode()
    draft.refresh_from_db()
    assert draft.revision == 0


def test_too_many_fields_are_refused(settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    draft, access = new_draft()
    response = Client().post(step_url(access, "parties"), form_data(draft, "parties"))
    assert response.status_code == 400


def test_an_answer_over_its_length_cap_is_refused_at_the_field():
    draft, access = new_draft()
    data = form_data(draft, "parties", {"licensor.name": "N" * 301})
    response = Client().post(step_url(access, "parties"), data)
    assert response.status_code == 200
    assert "longer than 300 characters" in response.content.decode()
    draft.refresh_from_db()
    assert draft.revision == 0
