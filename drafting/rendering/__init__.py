"""Rendering off the request path: PDF and DOCX made in a supervised worker and cached.
The task that renders ahead when a wizard step is saved reads drafts, so it lives with them
(:mod:`drafting.drafts.tasks`); this package imports nothing above the renderers (no draft,
no model; ``tests/test_layers.py`` checks it).

- :mod:`~drafting.rendering.service`: ``document_file(document=, fmt=)`` and
  ``rendered_file(answers=, library=, pins=, fmt=)`` return a file's bytes: cache, else
  worker, then cache, with one render per file at a time across processes and servers (the
  others wait and read it from the cache). ``RenderFailed`` carries a message for the user.
- :mod:`~drafting.rendering.worker`: the warm child process, its limits and recycling (after
  ``RENDER_RECYCLE_AFTER`` renders, 100 by default); :mod:`~drafting.rendering.child` is the
  child's side of it.
- :mod:`~drafting.rendering.runner`: this process's worker (``get_worker``,
  ``start_worker``) and ``run_in_worker(job, ...)``, in this process when
  ``RENDER_IN_WORKER`` is off.
- :mod:`~drafting.rendering.keys`: the cache keys (``render_key``, ``document_key``,
  ``redline_key``...) naming everything a file depends on.
- :mod:`~drafting.rendering.cache`: the file store and the render lock beside each entry
  (``render_lock(key)``, filelock's SoftFileLock).

Settings (``drafting/settings.py``, block "Rendering"), each read from the environment
variable ``LICENSE_DRAFTER_<NAME>``: ``RENDER_IN_WORKER``, ``RENDER_TIMEOUT_SECONDS``,
``RENDER_MEMORY_LIMIT_BYTES``, ``RENDER_RECYCLE_AFTER``, ``RENDER_CACHE_DIR``,
``RENDER_CACHE_MAX_BYTES``, ``RENDER_QUEUE_ON_SAVE``.

Nothing here imports ``django.http``. Importing this package imports nothing heavy: WeasyPrint
and python-docx are loaded only in the render child (or by an in-process render).
"""
