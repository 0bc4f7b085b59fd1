"""Uploads count against the body limit: an oversized import is refused by its declared
length before it is read, and no file part larger than the limit reaches the import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import MemoryFileUploadHandler
from django.test import Client

from drafting.models import Draft
from drafting.uploads import BodyLimitUploadHandler

pytestmark = pytest.mark.django_db


class CountingHandler(MemoryFileUploadHandler):
    """Records how many bytes of file data reach the handlers after the limit."""

    seen = 0

    def receive_data_chunk(self, raw_data, start):
        CountingHandler.seen += len(raw_data)
        return super().receive_data_chunk(raw_data, start)


def post_import(client, size):
    upload = SimpleUploadedFile("answers.yaml", b"#" * size)
    return client.post("/drafts/import/", {"file": upload})


def test_an_import_over_the_body_limit_is_refused_before_it_is_read(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    settings.FILE_UPLOAD_HANDLERS = [
        "drafting.uploads.BodyLimitUploadHandler",
        "tests.test_upload_limits.CountingHandler",
    ]
    CountingHandler.seen = 0
    response = post_import(Client(), 400_000)
    assert response.status_code == 400
    assert "could not be accepted" in response.content.decode()
    assert CountingHandler.seen == 0
    assert not Draft.objects.exists()


def test_an_import_within_the_body_limit_but_over_the_file_limit_gets_a_field_message(client):
    response = post_import(client, 300 * 1024)  # under the 1 MiB body limit, over 256 KiB
    assert response.status_code == 200
    assert "is larger than 256 KiB" in response.content.decode()
    assert not Draft.objects.exists()


def test_a_file_part_longer_than_declared_is_cut_at_the_limit_plus_one_byte(settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    handler = BodyLimitUploadHandler()
    handler.new_file("file", "answers.yaml", "text/yaml", 5000)
    passed = [handler.receive_data_chunk(b"x" * 600, start) for start in (0, 600, 1200)]
    assert [len(chunk or b"") for chunk in passed] == [600, 401, 0]
