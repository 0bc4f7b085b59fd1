"""Rendering off the request path: PDF and DOCX made in a supervised worker, cached, and
rendered ahead when a wizard step is saved.

- :mod:`~drafting.rendering.service`: ``document_file(document=, fmt=)`` and
  ``rendered_file(answers=, library=, pins=, fmt=)`` return a file's bytes: cache, else
  worker, then cache. ``RenderFailed`` carries a message for the user.
- :mod:`~drafting.rendering.tasks`: ``queue_render(answers_data=, pins=)`` queues
  ``render_revision_task`` per format (django.tasks) to fill the cache ahead of a download.
- :mod:`~drafting.rendering.worker`: the warm child process, its limits and recycling;
  ``render_in_worker(document, fmt)``.
- :mod:`~drafting.rendering.cache`: keys (``render_key``, ``document_key``) and the file store.

Settings (``drafting/settings.py``, block "Rendering"), each read from the environment
variable ``LICENSE_DRAFTER_<NAME>``: ``RENDER_IN_WORKER``, ``RENDER_TIMEOUT_SECONDS``,
``RENDER_MEMORY_LIMIT_BYTES``, ``RENDER_RECYCLE_AFTER``, ``RENDER_CACHE_DIR``,
``RENDER_CACHE_MAX_BYTES``, ``RENDER_QUEUE_ON_SAVE``.

Nothing here imports ``django.http``. Importing this package imports nothing heavy: WeasyPrint
and python-docx are loaded only in the render child (or by an in-process render).
"""
