/*
 * License Drafter wizard: progressive enhancement only. Without this script every question
 * is shown, the server ignores answers to questions that do not apply, and nothing is lost.
 *
 * - Conditional questions: a wrapper with data-when='[{"key", "op", "value"}]' is shown only
 *   while every condition holds for the current answers on the page and the question each
 *   condition reads is itself shown (the rule of Questionnaire.is_active on the server).
 * - The error summary takes focus, and its links move focus to the field.
 * - The private link gets a "Copy link" button.
 * - Unsaved edits: leaving a step whose inputs changed since the page loaded (a link, Back,
 *   reload, closing the tab) asks first; what was typed is kept in sessionStorage (this tab
 *   only) and put back after a reload, with a notice, as long as the draft has not been saved
 *   since (same base revision). Pressing the save button clears it.
 * No inline script or style is used anywhere (the Content Security Policy forbids them).
 */
(function () {
  "use strict";

  function wrapperFor(form, key) {
    var wrappers = form.querySelectorAll("[data-key]");
    for (var i = 0; i < wrappers.length; i += 1) {
      if (wrappers[i].getAttribute("data-key") === key) {
        return wrappers[i];
      }
    }
    return null;
  }

  function currentValue(form, key) {
    var wrapper = wrapperFor(form, key);
    if (!wrapper) {
      return undefined;
    }
    var type = wrapper.getAttribute("data-type");
    var inputs = Array.prototype.filter.call(form.elements, function (element) {
      return element.name === key;
    });
    if (type === "multi") {
      return inputs.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
    }
    if (type === "bool") {
      return inputs.length ? inputs[0].checked : false;
    }
    var radios = inputs.filter(function (el) { return el.type === "radio"; });
    if (radios.length) {
      var checked = radios.filter(function (el) { return el.checked; });
      return checked.length ? checked[0].value : null;
    }
    return inputs.length ? inputs[0].value : undefined;
  }

  function holds(condition, actual) {
    var value = condition.value;
    switch (condition.op) {
      case "is":
        return actual === value;
      case "not":
        return actual !== value;
      case "has":
        return Array.isArray(actual) && actual.indexOf(value) !== -1;
      case "has_any":
        return Array.isArray(actual) && value.some(function (item) { return actual.indexOf(item) !== -1; });
      case "in":
        return value.indexOf(actual) !== -1;
      default:
        return true;
    }
  }

  function isShown(form, wrapper, seen) {
    var raw = wrapper.getAttribute("data-when");
    if (!raw) {
      return true;
    }
    var conditions = JSON.parse(raw);
    return conditions.every(function (condition) {
      var source = wrapperFor(form, condition.key);
      if (source && seen.indexOf(source) === -1) {
        if (!isShown(form, source, seen.concat([wrapper]))) {
          return false;
        }
      }
      return holds(condition, currentValue(form, condition.key));
    });
  }

  function refresh(form) {
    var wrappers = form.querySelectorAll("[data-when]");
    Array.prototype.forEach.call(wrappers, function (wrapper) {
      wrapper.hidden = !isShown(form, wrapper, []);
    });
  }

  function enhanceForm(form) {
    refresh(form);
    form.addEventListener("change", function () { refresh(form); });
    form.addEventListener("input", function () { refresh(form); });
  }

  function enhanceSummary(summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[data-focus-target]");
      if (!link) {
        return;
      }
      var field = document.getElementById(link.getAttribute("data-focus-target"));
      if (field) {
        event.preventDefault();
        var wrapper = field.closest(".question") || field;
        wrapper.scrollIntoView();
        field.focus();
      }
    });
  }

  function enhanceCopy(button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.querySelector('[data-copy-status="' + input.id + '"]');
    if (!input || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(function () {
        if (status) {
          status.textContent = "Link copied. Paste it somewhere safe.";
        }
      }, function () {
        input.select();
        if (status) {
          status.textContent = "Select the link and copy it.";
        }
      });
    });
  }

  var MSG_LEAVE = "You have changes in this step that are not saved. Leave without saving?";

  function formState(form) {
    var state = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || name === "csrfmiddlewaretoken" || element.type === "submit") {
        return;
      }
      if ((element.type === "checkbox" || element.type === "radio") && !element.checked) {
        state[name] = state[name] || [];
        return;
      }
      state[name] = (state[name] || []).concat([element.value]);
    });
    return state;
  }

  function sameState(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function applyState(form, state) {
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || !Object.prototype.hasOwnProperty.call(state, name)) {
        return;
      }
      if (name === "base_revision" || name === "csrfmiddlewaretoken" || name === "return_to") {
        return;
      }
      var values = state[name];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.indexOf(element.value) !== -1;
      } else {
        element.value = values.length ? values[0] : "";
      }
    });
  }

  function storage() {
    try {
      return window.sessionStorage;
    } catch (error) {
      return null;
    }
  }

  function guardUnsaved(form) {
    var store = storage();
    var key = "wizard-unsaved:" + window.location.pathname;
    var saved = formState(form);
    var revision = form.elements.base_revision ? form.elements.base_revision.value : "";
    // A page that came back with problems holds typing the server did not save.
    var dirty = document.querySelector("[data-error-summary]") !== null;
    var leaving = false;

    if (store && !dirty) {
      var kept = null;
      try {
        kept = JSON.parse(store.getItem(key) || "null");
      } catch (error) {
        kept = null;
      }
      if (kept && kept.revision === revision && !sameState(kept.state, saved)) {
        applyState(form, kept.state);
        refresh(form);
        dirty = true;
        var notice = document.querySelector("[data-restored-notice]");
        if (notice) {
          notice.hidden = false;
        }
      } else if (kept) {
        store.removeItem(key);
      }
    }

    function changed() {
      var now = formState(form);
      dirty = !sameState(now, saved);
      if (store) {
        if (dirty) {
          store.setItem(key, JSON.stringify({revision: revision, state: now}));
        } else {
          store.removeItem(key);
        }
      }
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", function () {
      leaving = true;
      if (store) {
        store.removeItem(key);
      }
    });
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!dirty || leaving || !link || event.defaultPrevented) {
        return;
      }
      var href = link.getAttribute("href");
      if (href.charAt(0) === "#" || link.target === "_blank" || link.hasAttribute("download")) {
        return;
      }
      if (window.confirm(MSG_LEAVE)) {
        leaving = true;  // asked already: no second question from beforeunload
      } else {
        event.preventDefault();
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !leaving) {
        event.preventDefault();
        event.returnValue = "";  // older browsers show their own wording for any value
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-wizard]"), enhanceForm);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-wizard]"), guardUnsaved);
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      enhanceSummary(summary);
    }
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy-target]"), enhanceCopy);
  });
})();
