/*
 * License Drafter comments: progressive enhancement of the comment form. Without this script
 * the clause picker (a <select>) works alone. With it, each clause of the rendered draft can
 * be chosen by clicking it or pressing Enter on it: the picker takes its id and the comment
 * box takes focus. No inline script or style is used (the Content Security Policy forbids them).
 */
(function () {
  "use strict";

  function choose(select, clause) {
    select.value = clause.getAttribute("data-clause-id");
    if (select.value !== clause.getAttribute("data-clause-id")) {
      return;
    }
    var body = document.getElementById("id_body");
    if (body) {
      body.focus();
    }
  }

  function enhance(preview) {
    var select = document.getElementById(preview.getAttribute("data-comment-target"));
    if (!select) {
      return;
    }
    var hint = document.querySelector("[data-pick-hint]");
    if (hint) {
      hint.hidden = false;
    }
    Array.prototype.forEach.call(preview.querySelectorAll("[data-clause-id]"), function (clause) {
      clause.classList.add("is-pickable-clause");
      clause.setAttribute("tabindex", "0");
      clause.setAttribute("title", "Choose this clause to comment on");
      clause.addEventListener("click", function () { choose(select, clause); });
      clause.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          choose(select, clause);
        }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var preview = document.querySelector(".is-pickable[data-comment-target]");
    if (preview) {
      enhance(preview);
    }
  });
})();
