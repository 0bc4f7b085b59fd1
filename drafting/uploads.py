"""An upload handler that holds uploads to the request body limit.

Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` does not count the files of a multipart request, so
without this handler a 400 MiB "answers file" is read in full before the import sees its
size. :class:`BodyLimitUploadHandler` runs first in ``FILE_UPLOAD_HANDLERS``:

- a request whose ``Content-Length`` is over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (bytes) is refused
  before any of it is read (``RequestDataTooBig``: the 400 page that names the limits);
- of each file, at most the limit plus one byte is passed on to the handlers after it, so a
  request that understates its length still cannot make a file larger than that; the
  import then reports the file as too large at its field.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler


class BodyLimitUploadHandler(FileUploadHandler):
    """Refuse an oversized multipart request by its ``Content-Length`` and pass on at most
    ``DATA_UPLOAD_MAX_MEMORY_SIZE + 1`` bytes of each file (the rest is read and dropped)."""

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        """Raise ``RequestDataTooBig`` when the declared body is over the limit."""
        if self.limit is not None and content_length > self.limit:
            raise RequestDataTooBig(
                f"The request body ({content_length:,} bytes) is over the limit of "
                f"{self.limit:,} bytes."
            )

    def new_file(self, *args, **kwargs):
        """Start counting a new file's bytes."""
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        """Pass on the part of ``raw_data`` within the limit plus one byte; drop the rest."""
        if self.limit is None:
            return raw_data
        room = self.limit + 1 - self.received
        self.received += len(raw_data)
        if room <= 0:
            return None
        return raw_data[:room]

    def file_complete(self, file_size: int):
        """Leave the file to the handlers after this one."""
        return None
