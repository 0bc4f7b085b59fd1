"""The step page's markup (drafting/drafts/layout.py, templates/wizard/_questions.html): every
input labelled and described, typed answers escaped, errors tied to their inputs, and the
same inputs Django's form machinery reads back."""

from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string

from drafting.drafts.forms import StepForm
from drafting.drafts.layout import question_views
from drafting.drafts.steps import default_values
from drafting.questionnaire.definition import get_questionnaire
from tests.wizard_support import SCENARIO, form_data, new_draft, step_url, submit

pytestmark = pytest.mark.django_db

STEPS = get_questionnaire().step_keys
HOSTILE = "\"><script>alert(1)</script>'&amp; {{ x }} {% y %}"


def render_questions(form: StepForm) -> str:
    """The questions of ``form`` as the step page writes them."""
    return render_to_string("wizard/_questions.html", {"questions": question_views(form)})


class Page(HTMLParser):
    """Collects inputs (with their attributes), label targets, element ids and text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.inputs: list[dict[str, str | None]] = []
        self.labels: set[str] = set()
        self.ids: set[str] = set()
        self.scripts = 0
        self.textareas: dict[str, str] = {}
        self.selected: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        named = attributes.get("name") and attributes.get("type") != "hidden"
        if tag in {"input", "select", "textarea"} and named:
            self.inputs.append({"tag": tag, **attributes})
        if tag == "select":
            self._select = attributes["name"]
        # A browser sends the selected option, or the first when none is.
        first = self._select not in self.selected
        if tag == "option" and self._select and ("selected" in attributes or first):
            self.selected[self._select] = attributes["value"]
        if tag == "label" and attributes.get("for"):
            self.labels.add(attributes["for"])
        if tag == "script":
            self.scripts += 1
        if tag == "textarea":
            self._textarea = attributes["name"]
            self.textareas[self._textarea] = ""

    def handle_data(self, data):
        if self._textarea:
            self.textareas[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            # A browser drops one newline right after <textarea> (HTML's parsing rules).
            text = self.textareas[self._textarea]
            self.textareas[self._textarea] = text[1:] if text.startswith("\n") else text
            self._textarea = None
        if tag == "select":
            self._select = None


def _form(step_key: str, data=None) -> StepForm:
    step = get_questionnaire().step(step_key)
    return StepForm(data, step=step, stored=default_values(), revision=0)


@pytest.mark.parametrize("step_key", STEPS)
def test_every_input_has_a_label_and_every_reference_points_at_an_element(step_key):
    form = _form(step_key, {"base_revision": "0"})
    assert form.is_valid()
    for name in list(form.fields)[1:]:  # a problem on every input, after base_revision
        form.add_error(name, "Something is wrong.")
    page = Page(render_questions(form))
    assert page.inputs
    for element in page.inputs:
        assert element["id"] in page.labels, element
        assert element.get("aria-invalid") == "true", element
        for target in (element.get("aria-describedby") or "").split():
            assert target in page.ids, (element["id"], target)
    names = {element["name"] for element in page.inputs}
    assert names == set(list(form.fields)[1:])


@pytest.mark.parametrize("step_key", STEPS)
def test_the_page_posts_back_the_values_it_shows(client, step_key):
    """Reading the page as a browser does gives the draft's values: nothing changes when
    the author saves a step untouched."""
    draft, access = new_draft()
    assert submit(client, access, step_key, SCENARIO[step_key]).status_code == 302
    page = Page(client.get(step_url(access, step_key)).content.decode())
    posted: dict[str, object] = {}
    for element in page.inputs:
        name = element["name"]
        if element.get("type") in {"radio", "checkbox"} and "checked" not in element:
            continue
        if element.get("type") == "checkbox" and element.get("value") not in {None, "on"}:
            posted.setdefault(name, []).append(element["value"])
        elif element["tag"] == "textarea":
            posted[name] = page.textareas[name]
        elif element["tag"] == "select":
            posted[name] = page.selected[name]
        else:
            posted[name] = element.get("value", "on" if element.get("type") == "checkbox" else "")
    response = client.post(step_url(access, step_key), {**posted, "base_revision": "1"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.revision == 1  # the page gave back exactly what was stored: no new revision
    expected = form_data(draft, step_key)
    for name in set(expected) - {"base_revision"}:
        assert (posted.get(name) or None) == (expected.get(name) or None), name


def test_typed_answers_are_escaped_in_inputs_and_text_areas(client):
    _draft, access = new_draft()
    changes = {**SCENARIO["parties"], "licensor.name": HOSTILE, "dataset.description": HOSTILE}
    assert submit(client, access, "parties", changes).status_code == 302
    html = client.get(step_url(access, "parties")).content.decode()
    page = Page(html)
    values = {element["name"]: element.get("value") for element in page.inputs}
    assert values["licensor.name"] == HOSTILE
    assert page.textareas["dataset.description"] == HOSTILE
    assert "<script>alert(1)" not in html
    assert page.scripts == 2  # the page's own, bootstrap and wizard.js, and no other
