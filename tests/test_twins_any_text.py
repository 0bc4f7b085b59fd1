"""Any text in any text answer gives twins that render and parse (Hypothesis): controls,
surrogates, markup and template syntax in a licensor's answers never break a twin."""

import io
import json
import zipfile

import yaml
from hypothesis import HealthCheck, given, settings
from icalendar import Calendar

from drafting.assembly.assemble import assemble
from drafting.library.loader import get_library
from drafting.renderers import TWIN_FORMATS, render
from tests.test_any_text_renders import forum_and_texts, parsed

JSON_FORMATS = {"odrl", "spdx", "croissant"}


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=forum_and_texts(max_pieces=12))
def test_every_twin_renders_and_parses_whatever_the_text_answers_hold(case):
    forum, texts = case
    document = assemble(parsed(forum, texts), get_library())
    for fmt in TWIN_FORMATS:
        data = render(document, fmt)
        if fmt in JSON_FORMATS:
            assert json.loads(data)
        elif fmt == "card":
            front = yaml.safe_load(data.decode("utf-8").split("---\n")[1])
            assert front["license"] == "other"
        elif fmt == "ics":
            assert Calendar.from_ical(data).walk("VEVENT") is not None
        else:
            assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
